"""One clock for the whole app: naive UTC in the database, local time only when shown."""
import datetime as dt
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def now():
    """Current time as naive UTC (what every *_at column stores)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def to_local(value):
    """Naive UTC datetime -> aware datetime in China Standard Time."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ)


def to_utc(value):
    """Local (China Standard) time, naive or aware -> naive UTC (what every *_at column stores)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def utc_of(day, time=dt.time()):
    """Naive UTC of a local calendar day at a local wall-clock time (local midnight by default)."""
    return to_utc(dt.datetime.combine(day, time))


def local_today():
    return dt.datetime.now(LOCAL_TZ).date()


def format_local(value, fmt="%Y-%m-%d %H:%M"):
    """Jinja filter `localtime`."""
    local = to_local(value)
    return local.strftime(fmt) if local else ""
