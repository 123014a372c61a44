"""Admin forms of the questionnaire builder. They check shape; the builder services check rules."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import DateField
from wtforms import FloatField
from wtforms import IntegerField
from wtforms import RadioField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput
from wtforms.widgets import ListWidget

from inspectapp.common.forms import BaseForm
from inspectapp.common.forms import label_choices
from inspectapp.surveys.models import ScopeKind
from inspectapp.surveys.models import StaffMode
from inspectapp.surveys.models import SubjectKind


class CheckboxList(SelectMultipleField):
    """Many checkboxes (works without JavaScript, unlike a multi-select on a phone)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SettingsForm(BaseForm):
    title = StringField(_l("标题"), validators=[DataRequired(_l("请输入标题")), Length(max=100)])
    title_en = StringField(_l("英文标题（选填）"), validators=[Optional(), Length(max=200)])
    intro = TextAreaField(_l("开头说明"), description=_l("显示在第一页顶部，建议一两句话"),
                          validators=[Optional(), Length(max=500)])
    intro_en = TextAreaField(_l("英文说明（选填）"), validators=[Optional(), Length(max=500)])
    privacy_note = StringField(_l("隐私说明"), description=_l("显示在每页底部"),
                               validators=[DataRequired(_l("请填写隐私说明")), Length(max=200)])
    opens_on = DateField(_l("开始日期"), validators=[DataRequired(_l("请选择开始日期"))])
    closes_on = DateField(_l("结束日期"), validators=[DataRequired(_l("请选择结束日期"))])
    one_per_device = BooleanField(_l("每部手机限答一份（再次提交的答卷留待审核，不丢弃）"), default=True)
    offer_on_thanks = BooleanField(_l("在范围内窗口的“好差评”完成页邀请填写"), default=True)


class NewAppraisalForm(SettingsForm):
    subject_kind = RadioField(_l("评议对象"), choices=label_choices(SubjectKind.LABELS),
                              default=SubjectKind.UNIT)


class ScopeForm(BaseForm):
    scope_kind = RadioField(_l("范围"), choices=label_choices(ScopeKind.LABELS),
                            default=ScopeKind.ALL_HALLS)
    halls = CheckboxList(_l("大厅"), coerce=int, validate_choice=False)
    units = CheckboxList(_l("单位"), coerce=int, validate_choice=False)
    windows = CheckboxList(_l("窗口"), coerce=int, validate_choice=False)


class SubjectsForm(BaseForm):
    units = CheckboxList(_l("参加评议的单位"), coerce=int, validate_choice=False,
                         description=_l("评议工作人员时，所选单位的在岗工作人员都列为评议对象"))


class AwardForm(BaseForm):
    award_title = StringField(_l("表扬称号"), validators=[DataRequired(_l("请输入称号")), Length(max=30)])
    weight_campaign = IntegerField(_l("群众评议得分权重（%）"), validators=[NumberRange(min=0, max=100)])
    weight_rating = IntegerField(_l("同期“好差评”好评率权重（%）"), validators=[NumberRange(min=0, max=100)])
    weight_inspection = IntegerField(_l("同期暗访得分权重（%）"), validators=[NumberRange(min=0, max=100)])
    min_ratings = IntegerField(_l("最少有效评议票数"), validators=[NumberRange(min=1, max=100000)])
    award_quota = IntegerField(_l("拟表扬名额"), validators=[NumberRange(min=1, max=500)])
    staff_mode = RadioField(_l("工作人员评议方式"), choices=label_choices(StaffMode.LABELS),
                            validators=[Optional()])


class QuestionForm(BaseForm):
    text = StringField(_l("题目"), validators=[DataRequired(_l("请输入题目")), Length(max=300)])
    text_en = StringField(_l("英文题目（选填）"), validators=[Optional(), Length(max=300)])
    help = StringField(_l("提示（选填）"), validators=[Optional(), Length(max=200)])
    is_required = BooleanField(_l("必答"))
    options = TextAreaField(_l("选项"), description=_l("每行一个选项；行首可写编码（如“1 是”），英文写在“|”后面。"
                                                       "编码用于统计和导出，修改文字时请保留编码"))
    aspects = TextAreaField(_l("评价方面"),
                            description=_l("每行一个方面，如：首问负责、一次性告知、限时办结、服务态度、办事效率"))
    min_choices = IntegerField(_l("最少选几项"), validators=[Optional(), NumberRange(min=1, max=30)])
    max_choices = IntegerField(_l("最多选几项"), validators=[Optional(), NumberRange(min=1, max=30)])
    num_min = FloatField(_l("最小值"), validators=[Optional()])
    num_max = FloatField(_l("最大值"), validators=[Optional()])
    max_length = IntegerField(_l("字数上限"), default=200, validators=[Optional(), NumberRange(min=1, max=500)])
    has_na = BooleanField(_l("提供“不了解”选项"))
    page_break = BooleanField(_l("本题从新的一页开始"))
    condition = CheckboxList(_l("显示条件（选填）"), validate_choice=False,
                             description=_l("只有前面的题目选了勾选的选项之一时，才显示本题；不勾选则总是显示"))


class BankForm(BaseForm):
    questions = CheckboxList(_l("选择要复制的题目"), coerce=int, validate_choice=False)


class ReviewForm(BaseForm):
    note = StringField(_l("审核意见"), validators=[Optional(), Length(max=200)])


KIND_FIELDS = {
    "single": ("options",),
    "multiple": ("options", "min_choices", "max_choices"),
    "scale": (),
    "matrix": ("aspects", "has_na"),
    "number": ("num_min", "num_max"),
    "text": ("max_length",),
    "appraisal": ("has_na",),
}
COMMON_FIELDS = ("text", "text_en", "help", "is_required", "page_break", "condition")


def kind_fields(kind):
    """The form fields that apply to a question kind, in display order."""
    return COMMON_FIELDS[:4] + KIND_FIELDS.get(kind, ()) + COMMON_FIELDS[4:]
