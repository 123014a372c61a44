"""The base of every form: text that a database, a header or a spreadsheet cannot choke on.

Every one-line text field is stripped and refuses line breaks and control characters (a hall
code with CR LF used to break that hall's QR downloads); multi-line fields keep their line
breaks but refuse other control characters (PostgreSQL rejects NUL in text). Imports validate
their rows with the same forms (`validate_row`), so a CSV cannot store what a form refuses.
"""
import unicodedata

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField
from wtforms import StringField
from wtforms import TextAreaField

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


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                text_filter = multi_line if issubclass(field_class, TextAreaField) else single_line
                options["filters"] = (text_filter, *unbound_field.kwargs.get("filters", ()))
            return unbound_field.bind(form=form, **options)


def validate_row(form_class, values, **prepare):
    """Validate one imported row with a form class (no CSRF). Returns the bound form.

    `values` maps field names to text as typed in the file; `prepare` sets attributes on fields
    before validation, e.g. `hall={"choices": [(3, "")]}`.
    """
    form = form_class(formdata=MultiDict({k: v for k, v in values.items() if v is not None}), meta={"csrf": False})
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
