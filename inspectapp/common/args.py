"""Reading filter values from a query string: a bad value is no filter, never an error page."""
import datetime as dt


def int_arg(value):
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def date_arg(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
