"""Forms of the rectification pages. The draft and report forms are built from the case's items
(fields named `<name>_<item id>`), as the checklist form is built from its template."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import DateField
from wtforms import IntegerField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import widgets
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional

from inspectapp.common.forms import BaseForm

DAYS = [InputRequired(_l("请填写整改期限（工作日）")), NumberRange(1, 60, _l("整改期限须为1至60个工作日"))]
LONG = Length(max=2000, message=_l("内容过长，请精简到2000字以内"))


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class OpenForm(BaseForm):
    units = MultiCheckboxField(_l("为以下单位生成整改通知"), coerce=int,
                               validators=[DataRequired(_l("请至少选择一个单位"))])
    deadline_days = IntegerField(_l("整改期限（工作日）"), default=10, validators=DAYS,
                                 description=_l("自签发之日起计算，按法定节假日和调休顺延"))


def build_draft_form(items):
    """Deadline, general requirement, and one requirement per item (prefilled, editable)."""

    class DraftForm(BaseForm):
        deadline_days = IntegerField(_l("整改期限（工作日）"), validators=DAYS,
                                     description=_l("自签发之日起计算，按法定节假日和调休顺延"))
        general_requirement = TextAreaField(_l("总体要求（选填）"), validators=[Optional(), LONG],
                                            description=_l("适用于本通知全部问题的要求，如“举一反三开展自查”"))

    for item in items:
        setattr(DraftForm, f"requirement_{item.id}",
                TextAreaField(_l("整改要求"), validators=[DataRequired(_l("请填写整改要求")), LONG]))
    return DraftForm


def build_report_form(items):
    """Per item: cause, measures, responsible person, completion date, files; the report as a whole."""

    class ReportForm(BaseForm):
        summary = TextAreaField(_l("举一反三、长效机制（选填）"), validators=[Optional(), LONG],
                                description=_l("如建立的制度、开展的培训、日常巡查安排"))
        contact = StringField(_l("报告人及联系电话（选填）"), validators=[Optional(), Length(max=100)])

    for item in items:
        fields = {
            "cause": TextAreaField(_l("问题原因"), validators=[Optional(), LONG]),
            "measures": TextAreaField(_l("整改措施"), validators=[Optional(), LONG]),
            "responsible": StringField(_l("责任人"), validators=[Optional(), Length(max=100)]),
            "completed_on": DateField(_l("完成时间"), validators=[Optional()]),
            "files": MultipleFileField(_l("佐证材料（整改后照片等）"), render_kw={"accept": "image/*,audio/*"}),
        }
        for name, unbound in fields.items():
            setattr(ReportForm, f"{name}_{item.id}", unbound)
    return ReportForm


class AcknowledgeForm(BaseForm):
    signer = StringField(_l("签收人"), validators=[Optional(), Length(max=50)],
                         description=_l("不填则为当前账号的姓名"))


class VerifyForm(BaseForm):
    opinion = TextAreaField(_l("复查意见"), validators=[DataRequired(_l("请填写复查意见")), LONG],
                            description=_l("如：经现场复查，上述问题已整改到位"))


class ReturnForm(BaseForm):
    reason = TextAreaField(_l("退回理由"), validators=[DataRequired(_l("请填写退回理由")), LONG],
                           description=_l("说明哪些问题整改不到位、需要补充什么材料"))
    extend_days = IntegerField(_l("同时延长期限（工作日，选填）"),
                               validators=[Optional(), NumberRange(1, 30, _l("延长的期限须为1至30个工作日"))])


class ExtendForm(BaseForm):
    days = IntegerField(_l("延长（工作日）"), default=5,
                        validators=[InputRequired(_l("请填写延长的工作日数")),
                                    NumberRange(1, 30, _l("延长的期限须为1至30个工作日"))])
    reason = TextAreaField(_l("延期理由"), validators=[DataRequired(_l("请填写延期理由")), LONG])


class CancelForm(BaseForm):
    reason = TextAreaField(_l("作废理由"), validators=[DataRequired(_l("请填写作废理由")), LONG])


class ConfirmForm(BaseForm):
    """A bare POST button (签发, 升级): CSRF only."""
