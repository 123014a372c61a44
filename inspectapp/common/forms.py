"""The base of every form: text that a database, a header or a spreadsheet cannot choke on.

Every one-line text field is stripped and refuses line breaks and control characters (a hall
code with CR LF used to break that hall's QR downloads); multi-line fields keep their line
breaks but refuse other control characters (PostgreSQL rejects NUL in text). Dates and numbers
stay within what the database and the calendar hold (common/args.py). Imports validate
their rows with the same forms (`validate_row`), so a CSV cannot store what a form refuses.
"""
import datetime as dt
import decimal
import math
import unicodedata

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DateField
from wtforms import DateTimeField
from wtforms import DateTimeLocalField
from wtforms import DecimalField
from wtforms import FloatField
from wtforms import IntegerField
from wtforms import PasswordField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from inspectapp.common.args import DATE_RANGE_MESSAGE
from inspectapp.common.args import MAX_DATE
from inspectapp.common.args import MAX_NUMBER
from inspectapp.common.args import MIN_DATE

MULTILINE_ALLOWED = {"\n", "\t"}


#: Control, format (bidi overrides, BOM), separator and surrogate characters; joiners stay (emoji).
BAD_CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Cs")
JOINERS = {"\u200c", "\u200d"}


def _bad_char(text, allowed=frozenset()):
    return any(unicodedata.category(ch) in BAD_CATEGORIES and ch not in allowed and ch not in JOINERS
               for ch in text)


def single_line(value):
    """Filter: strip, and refuse line breaks and control characters (ValueError = field error)."""
    if not isinstance(value, str):
        return value
    value = value.strip()
    if _bad_char(value):
        raise ValueError(_l("不能包含换行符或不可见的控制字符"))
    return value


def multi_line(value):
    """Filter: normalise line ends, refuse control characters other than line breaks and tabs."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _bad_char(value, MULTILINE_ALLOWED):
        raise ValueError(_l("不能包含不可见的控制字符"))
    return value


def _in_range(form, field):
    """Extra validator of every date and number field (see common/args.py for the bounds)."""
    value = field.data
    if isinstance(value, (dt.date, dt.datetime)):
        day = value.date() if isinstance(value, dt.datetime) else value
        if not MIN_DATE <= day <= MAX_DATE:
            raise ValidationError(DATE_RANGE_MESSAGE)
    elif (isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool)
          and (not math.isfinite(value) or abs(value) > MAX_NUMBER)):
        raise ValidationError(_l("数值超出范围"))


RANGED_FIELDS = (DateField, DateTimeLocalField, DateTimeField, IntegerField, DecimalField, FloatField)


class BaseForm(FlaskForm):
    def validate(self, extra_validators=None):
        extra = {name: list(checks) for name, checks in (extra_validators or {}).items()}
        for name, field in self._fields.items():
            if isinstance(field, RANGED_FIELDS):
                extra.setdefault(name, []).append(_in_range)
        return super().validate(extra_validators=extra)

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                text_filter = multi_line if issubclass(field_class, TextAreaField) else single_line
                options["filters"] = (text_filter, *unbound_field.kwargs.get("filters", ()))
            return unbound_field.bind(form=form, **options)


def validate_row(form_class, values, **prepare):
    """Validate one imported row with a form class (no CSRF). Returns the bound form.

    `values` maps field names to text as typed in the file (None: an empty cell); `prepare` sets attributes on fields
    before validation, e.g. `hall={"choices": [(3, "")]}`.
    """
    form = form_class(formdata=MultiDict({k: "" if v is None else v for k, v in values.items()}),
                      meta={"csrf": False})
    for name, attrs in prepare.items():
        for attr, value in attrs.items():
            setattr(form[name], attr, value)
    form.validate()
    return form


def first_error(form):
    """(field label, message) of the first error of a validated form, or None."""
    for field in form:
        if field.errors:
            return str(field.label.text), str(field.errors[0])
    return None


def label_choices(labels):
    """Choices of a select or radio field from a {value: label msgid} table, translated lazily."""
    return [SelectChoice(value, _l(label)) for value, label in labels.items()]
