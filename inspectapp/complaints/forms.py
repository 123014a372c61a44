"""One small form per step of the 差评 loop."""
from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField
from wtforms import IntegerField
from wtforms import RadioField
from wtforms import SelectField
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional

from inspectapp.common.forms import BaseForm
from inspectapp.complaints.models import CallbackResult
from inspectapp.complaints.models import Outcome
from inspectapp.complaints.models import Satisfaction

NOTE = [DataRequired(_l("请填写说明")), Length(max=2000)]


def _choices(labels):
    return [SelectChoice(value, label) for value, label in labels.items()]


class CallbackForm(BaseForm):
    called_at = DateTimeLocalField(_l("回访时间"), format="%Y-%m-%dT%H:%M",
                                   validators=[DataRequired(_l("请填写回访时间"))])
    result = RadioField(_l("回访结果"), choices=_choices(CallbackResult.LABELS),
                        invalid_choice_message=_l("请选择回访结果"))
    note = TextAreaField(_l("回访情况"), validators=NOTE)


class OutcomeForm(BaseForm):
    outcome = RadioField(_l("处理方式"), choices=_choices(Outcome.LABELS), invalid_choice_message=_l("请选择处理方式"))
    deadline_days = IntegerField(_l("整改期限（限期整改时，工作日）"), default=10,
                                 description=_l("限期整改将生成整改通知书，由督查管理员签发后下发本单位"),
                                 validators=[Optional(), NumberRange(1, 60, _l("整改期限须为1至60个工作日"))])
    note = TextAreaField(_l("处理情况"), validators=NOTE)


class CloseForm(BaseForm):
    note = TextAreaField(_l("办结说明（选填）"), validators=[Optional(), Length(max=2000)])


class FeedbackForm(BaseForm):
    note = TextAreaField(_l("反馈内容"), validators=NOTE)
    satisfaction = SelectField(_l("评价人对处理结果"), choices=_choices(Satisfaction.LABELS), validate_choice=False)


class AppealForm(BaseForm):
    reason = TextAreaField(_l("申诉理由"), validators=[DataRequired(_l("请填写申诉理由")), Length(max=2000)])
    evidence = TextAreaField(_l("证据材料"), description=_l("如监控录像时间段、办件编号、一次性告知书编号、现场记录"),
                             validators=[DataRequired(_l("请填写证据材料")), Length(max=2000)])


class DecideAppealForm(BaseForm):
    decision = RadioField(_l("裁定"), choices=[SelectChoice("uphold", _l("申诉成立：该评价不计入统计（保留记录）")),
                                               SelectChoice("reject", _l("申诉不成立：工单继续办理"))],
                          invalid_choice_message=_l("请选择裁定结果"))
    note = TextAreaField(_l("裁定意见"), validators=NOTE)
