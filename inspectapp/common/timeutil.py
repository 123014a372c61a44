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


def local_today():
    return dt.datetime.now(LOCAL_TZ).date()


def format_local(value, fmt="%Y-%m-%d %H:%M"):
    """Jinja filter `localtime`."""
    local = to_local(value)
    return local.strftime(fmt) if local else ""
