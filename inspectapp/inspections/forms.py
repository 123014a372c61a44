"""Forms: planning, the phone checklist (server-rendered and the JSON sync), review, templates."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from flask_wtf.file import FileRequired
from wtforms import BooleanField
from wtforms import DateField
from wtforms import DecimalField
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import RadioField
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import Regexp

from inspectapp.common.args import MAX_ID
from inspectapp.common.forms import BaseForm
from inspectapp.inspections.models import DropKind
from inspectapp.inspections.models import Mode
from inspectapp.inspections.models import Severity

#: Client-generated ids (UUIDs from the phone, uuid4 hex from server-rendered forms).
CLIENT_ID = Regexp(r"^[A-Za-z0-9_-]{8,64}\Z", message=_l("记录编号格式不正确"))
#: A phone clock in milliseconds since 1970, between 2000 and 2100.
CLIENT_TIME = NumberRange(min=946_684_800_000, max=4_102_444_800_000, message=_l("时间不正确"))


def severity_choices():
    return [SelectChoice(s, _l(Severity.LABELS[s])) for s in Severity.ALL]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class PlanForm(BaseForm):
    hall = SelectField(_l("大厅"), coerce=int, validators=[DataRequired(_l("请选择大厅"))])
    date = DateField(_l("检查日期"), validators=[DataRequired(_l("请选择日期"))])
    mode = RadioField(_l("检查方式"), choices=[SelectChoice(m, _l(Mode.LABELS[m])) for m in Mode.ALL],
                      default=Mode.COVERT,
                      validators=[DataRequired(_l("请选择检查方式"))])
    template = SelectField(_l("检查表"), coerce=int, validators=[DataRequired(_l("请选择检查表"))])
    team_no = IntegerField(_l("检查组编号"), description=_l("单位只看到“第N检查组”，看不到暗访人员姓名"),
                           validators=[InputRequired(_l("请输入检查组编号")), NumberRange(min=1, max=999)])
    members = MultiCheckboxField(_l("暗访人员"), coerce=int, validators=[DataRequired(_l("请至少选择一名暗访人员"))])
    note = StringField(_l("内部备注"), description=_l("检查范围等，仅督查人员可见"),
                       validators=[Optional(), Length(max=200)])


class RecordForm(BaseForm):
    """One tap on a checklist item (server-rendered checklist, no JavaScript)."""

    client_id = HiddenField(validators=[DataRequired(), CLIENT_ID])
    item = HiddenField(validators=[DataRequired(), Regexp(r"^\d+$")])
    window = HiddenField(validators=[Optional(), Regexp(r"^\d*$")])


class VisitForm(BaseForm):
    window = HiddenField(validators=[DataRequired(), Regexp(r"^\d+$")])


class FindingForm(BaseForm):
    """Details of one finding and an optional photo or audio note (server-rendered)."""

    sentence = TextAreaField(_l("问题描述"), validators=[Optional(), Length(max=500)],
                             description=_l("清空后按检查项自动生成"))
    staff_no = StringField(_l("工号"), description=_l("工牌或桌牌上的工号，可不填"),
                           validators=[Optional(), Length(max=32)])
    severity = RadioField(_l("严重程度"), choices=severity_choices, validators=[DataRequired()])
    note = TextAreaField(_l("备注"), validators=[Optional(), Length(max=1000)])
    photo = FileField(_l("拍照"), render_kw={"accept": "image/*", "capture": "environment"})
    audio = FileField(_l("录音"), render_kw={"accept": "audio/*", "capture": ""})
    photo_client_id = HiddenField(validators=[DataRequired(), CLIENT_ID])
    audio_client_id = HiddenField(validators=[DataRequired(), CLIENT_ID])
    rev = HiddenField(validators=[DataRequired(), Regexp(r"^\d+$")])


class SyncFindingForm(BaseForm):
    """One finding as the phone script sends it (JSON); CSRF comes in the X-CSRFToken header."""

    class Meta:
        csrf = False

    client_id = StringField(validators=[DataRequired(), CLIENT_ID])
    rev = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])
    item = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])
    window = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    staff_no = StringField(validators=[Optional(), Length(max=32)])
    severity = StringField(validators=[Optional()])
    note = TextAreaField(validators=[Optional(), Length(max=1000)])  # typed in a textarea on the phone
    sentence = TextAreaField(validators=[Optional(), Length(max=500)])
    sentence_auto = BooleanField()
    withdrawn = BooleanField()
    recorded_at = IntegerField(validators=[Optional(), CLIENT_TIME])
    sent_at = IntegerField(validators=[Optional(), CLIENT_TIME])


class SyncEvidenceForm(BaseForm):
    class Meta:
        csrf = False

    client_id = StringField(validators=[DataRequired(), CLIENT_ID])
    file = FileField(validators=[FileRequired(_l("没有收到文件"))])
    captured_at = IntegerField(validators=[Optional(), CLIENT_TIME])


class ConfirmForm(BaseForm):
    """A bare POST (submit, publish, return, withdraw): CSRF only, plus an optional note."""

    note = StringField(_l("说明"), validators=[Optional(), Length(max=200)])


class ReviewForm(BaseForm):
    sentence = TextAreaField(_l("问题描述"), validators=[DataRequired(_l("问题描述不能为空")), Length(max=500)])
    severity = RadioField(_l("严重程度"), choices=severity_choices, validators=[DataRequired()])


class DropForm(BaseForm):
    kind = RadioField(_l("剔除原因"), choices=[SelectChoice(k, _l(DropKind.LABELS[k])) for k in DropKind.ALL],
                      validators=[DataRequired(_l("请选择剔除原因"))])
    reason = StringField(_l("剔除理由"), validators=[DataRequired(_l("请填写剔除理由")), Length(max=200)])


class ItemForm(BaseForm):
    code = StringField(_l("编号"), validators=[DataRequired(_l("请输入编号")), Length(max=16),
                                               Regexp(r"^[A-Za-z0-9.-]+$", message=_l("编号只能包含字母、数字"))])
    category = StringField(_l("类别"), description=_l("如“D 服务态度（冷、硬、横）”；同类检查项归为一组"),
                           validators=[DataRequired(_l("请输入类别")), Length(max=50)])
    problem = StringField(_l("问题简称"), description=_l("手机上点选的文字，如“玩手机”"),
                          validators=[DataRequired(_l("请输入问题简称")), Length(max=50)])
    text = StringField(_l("检查要求"), validators=[DataRequired(_l("请输入检查要求")), Length(max=200)])
    finding_pattern = StringField(
        _l("问题描述模板"),
        description=_l("可用 {时间} {窗口} {工作人员}，如“{时间}，{窗口}{工作人员}工作时间玩手机”"),
        validators=[DataRequired(_l("请输入问题描述模板")), Length(max=200)])
    deduction = DecimalField(_l("扣分"), places=1, validators=[InputRequired(_l("请输入扣分")),
                                                              NumberRange(min=0, max=100)])
    severity = SelectField(_l("严重程度"), choices=severity_choices, validators=[DataRequired()])
    is_critical = BooleanField(_l("重点问题（通报中单独列出）"))
    position = IntegerField(_l("排序"), default=0, validators=[Optional()])


class CopyTemplateForm(BaseForm):
    key = StringField(_l("检查表编码"), validators=[DataRequired(_l("请输入编码")), Length(max=32),
                                                    Regexp(r"^[A-Za-z0-9_-]+$",
                                                           message=_l("编码只能包含字母、数字、下划线和连字符"))])
    name = StringField(_l("检查表名称"), validators=[DataRequired(_l("请输入名称")), Length(max=100)])
