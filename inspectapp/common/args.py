"""What users put into URLs and forms, kept within what the database and the calendar can hold.

Ids are PostgreSQL `integer`s (1 … 2³¹−1); dates lie between 2000 and 2099 (the working-day
calendar, deadlines and local-time conversion all need room on both sides). Anything else is a
400 with a clear message — never a 500 from an overflow deep down.
"""
import datetime as dt

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1
MIN_DATE = dt.date(2000, 1, 1)
MAX_DATE = dt.date(2099, 12, 31)
#: Any other number a form accepts (JavaScript's safe integers; SQLite and PostgreSQL bigint hold them).
MAX_NUMBER = 2**53 - 1
DATE_RANGE_MESSAGE = _l("日期应在 2000-01-01 至 2099-12-31 之间")


class BadArgument(BadRequest):
    """A query-string value that cannot be used; `user_message` is shown on the 400 page."""

    def __init__(self, user_message):
        super().__init__(description=user_message)
        self.user_message = user_message


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: 1 … 2³¹−1 (a 20-digit id is simply a page that does not exist)."""

    def __init__(self, url_map, fixed_digits=0, min=1, max=MAX_ID, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def as_id(value):
    """The id a text stands for (ASCII digits, 1 … 2³¹−1), else None. Not str.isdigit(): "²" and
    "١٢" are digits to it, and int("²") raises."""
    text = str(value) if value is not None else ""
    if not (text.isascii() and text.isdigit() and len(text) <= 10):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def parse_id(value, label):
    """An id from a filter (empty: None); 400 for anything that is not one."""
    if value in (None, ""):
        return None
    number = as_id(value)
    if number is None:
        raise BadArgument(gettext("筛选条件“%(name)s”无效", name=gettext(label)))
    return number


def parse_int(value, label, low, high):
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BadArgument(gettext("“%(name)s”应为数字", name=gettext(label))) from None
    if not low <= number <= high:
        raise BadArgument(gettext("“%(name)s”应在 %(low)s 至 %(high)s 之间", name=gettext(label), low=low, high=high))
    return number


def parse_date(value, label):
    """A YYYY-MM-DD filter (empty: None); 400 for a malformed or out-of-range date."""
    if value in (None, ""):
        return None
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        raise BadArgument(gettext("“%(name)s”应为日期，如 2026-12-01", name=gettext(label))) from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise BadArgument(gettext("“%(name)s”：%(message)s", name=gettext(label), message=DATE_RANGE_MESSAGE))
    return day
