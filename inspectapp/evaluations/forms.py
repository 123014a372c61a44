"""The public evaluation form, and the staff forms for reviewing held ratings and editing reasons."""
import functools

from babel import support
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import RadioField
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import Regexp

from inspectapp.common.forms import BaseForm
from inspectapp.evaluations.models import Level


@functools.lru_cache(maxsize=8)
def _wtforms_translations(locale):
    """WTForms' own messages for a locale, loaded once per process (Flask-WTF reloads them from
    disk on every request, which is most of the cost of building the public form)."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


def optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class EvaluationForm(BaseForm):
    """Shape only; the national rules (reasons per level, staff of the window, phone consent) are
    checked by services.submit."""

    class Meta:
        def get_translations(self, form):
            return _wtforms_translations(str(get_locale()))

    key = HiddenField()
    level = RadioField(_l("总体评价"), coerce=int, choices=[SelectChoice(lv, Level.LABELS[lv]) for lv in Level.ALL],
                       invalid_choice_message=_l("请选择总体评价"))
    reasons = SelectMultipleField(_l("评价原因"), choices=[], validate_choice=False)
    efficiency = SelectField(_l("服务效率"), coerce=optional_int, validate_choice=False, validators=[Optional()])
    competence = SelectField(_l("服务水平"), coerce=optional_int, validate_choice=False, validators=[Optional()])
    attitude = SelectField(_l("服务态度"), coerce=optional_int, validate_choice=False, validators=[Optional()])
    staff = SelectField(_l("为您服务的工作人员"), coerce=optional_int, validate_choice=False, validators=[Optional()])
    comment = TextAreaField(_l("意见建议"), validators=[Length(max=150, message=_l("意见建议不能超过150字"))])
    phone = StringField(_l("回访电话"), validators=[Optional(), Length(max=20, message=_l("电话号码过长"))])
    consent = BooleanField(_l("我同意工作人员使用此号码就本次评价与我联系（仅用于回访）"))

    def set_choices(self, reasons, staff):
        self.reasons.choices = [SelectChoice(r.code, r.text) for r in reasons]
        sub = [SelectChoice("", "—")] + [SelectChoice(str(lv), Level.LABELS[lv]) for lv in Level.ALL]
        for name in ("efficiency", "competence", "attitude"):
            self[name].choices = sub
        self.staff.choices = [SelectChoice("", "—")] + [SelectChoice(str(s.id), s.name) for s in staff]


class ReviewForm(BaseForm):
    note = StringField(_l("审核意见"), validators=[Optional(), Length(max=200)])


class ReasonForm(BaseForm):
    code = StringField(_l("编码"), validators=[
        DataRequired(_l("请输入编码")), Length(max=8),
        Regexp(r"^[1-5][0-9]{2,3}$", message=_l("编码为3～4位数字，首位为评价等级（1～5）")),
    ])
    text = StringField(_l("选项内容"), validators=[DataRequired(_l("请输入内容")), Length(max=60)])
    sort_order = IntegerField(_l("排序"), default=0, validators=[Optional(), NumberRange(min=0, max=99999)])
    is_active = BooleanField(_l("启用"), default=True)
