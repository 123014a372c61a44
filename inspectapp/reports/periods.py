"""Periods (month, quarter, year, or a range of dates) and scopes (everything, one hall, one unit).

Pure values: no database, no Flask. A period's key is what URLs, the CLI and bulletins carry:
"2026-11" (month), "2026-Q4" (quarter), "2026" (year), "2026-11-01..2026-11-15" (dates).
"""
import datetime as dt
import re
from dataclasses import dataclass

_QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
_MAX_DAYS = 3 * 366


class PeriodError(ValueError):
    """A period key that cannot be read; the message is shown to the user (Chinese)."""


class Kind:
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    DATES = "dates"


def _month_end(year, month):
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date  # inclusive

    # --- constructors ----------------------------------------------------------------------------
    @classmethod
    def month(cls, year, month):
        return cls(Kind.MONTH, dt.date(year, month, 1), _month_end(year, month))

    @classmethod
    def quarter(cls, year, quarter):
        first = 3 * (quarter - 1) + 1
        return cls(Kind.QUARTER, dt.date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def year(cls, year):
        return cls(Kind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def dates(cls, start, end):
        if end < start:
            raise PeriodError("结束日期不能早于开始日期")
        if (end - start).days >= _MAX_DAYS:
            raise PeriodError("统计区间最长三年")
        return cls(Kind.DATES, start, end)

    @classmethod
    def containing(cls, day, kind=Kind.MONTH):
        if kind == Kind.YEAR:
            return cls.year(day.year)
        if kind == Kind.QUARTER:
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        return cls.month(day.year, day.month)

    @classmethod
    def parse(cls, key):
        """Read a period key; raises PeriodError with a Chinese message."""
        key = (key or "").strip()
        try:
            if m := re.fullmatch(r"(\d{4})-(\d{1,2})", key):
                return cls.month(int(m[1]), int(m[2]))
            if m := re.fullmatch(r"(\d{4})-?[Qq]([1-4])", key):
                return cls.quarter(int(m[1]), int(m[2]))
            if m := re.fullmatch(r"(\d{4})", key):
                return cls.year(int(m[1]))
            if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*(?:\.\.|~|至)\s*(\d{4}-\d{2}-\d{2})", key):
                return cls.dates(dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2]))
        except ValueError as exc:
            if isinstance(exc, PeriodError):
                raise
            raise PeriodError(f"无效的统计期间：{key}") from None
        raise PeriodError(f"无法识别的统计期间：{key}（例如 2026-11、2026-Q4、2026、2026-11-01..2026-11-15）")

    # --- derived ---------------------------------------------------------------------------------
    @property
    def key(self):
        if self.kind == Kind.MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == Kind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == Kind.YEAR:
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self):
        """How the period is written in a bulletin: 2026年11月, 2026年第四季度, 2026年1月1日至15日."""
        s, e = self.start, self.end
        if self.kind == Kind.MONTH:
            return f"{s.year}年{s.month}月"
        if self.kind == Kind.QUARTER:
            return f"{s.year}年第{_QUARTER_NAMES[(s.month - 1) // 3 + 1]}季度"
        if self.kind == Kind.YEAR:
            return f"{s.year}年"
        return date_range_label(s, e)

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def previous(self):
        """The period just before, of the same kind (dates: the same number of days)."""
        if self.kind == Kind.MONTH:
            before = self.start - dt.timedelta(days=1)
            return Period.month(before.year, before.month)
        if self.kind == Kind.QUARTER:
            before = self.start - dt.timedelta(days=1)
            return Period.containing(before, Kind.QUARTER)
        if self.kind == Kind.YEAR:
            return Period.year(self.start.year - 1)
        return Period(Kind.DATES, self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    def clipped(self, today):
        """The part of the period up to `today` (the whole period if it is over), or None if it has
        not started."""
        if self.start > today:
            return None
        return self if self.end <= today else Period(self.kind, self.start, today)

    def months(self):
        """Month periods overlapping this period, in order."""
        out, day = [], self.start.replace(day=1)
        while day <= self.end:
            out.append(Period.month(day.year, day.month))
            day = out[-1].end + dt.timedelta(days=1)
        return out


def date_range_label(start, end):
    if start.year != end.year:
        return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"
    if start.month != end.month:
        return f"{start.year}年{start.month}月{start.day}日至{end.month}月{end.day}日"
    if start.day == end.day:
        return f"{start.year}年{start.month}月{start.day}日"
    return f"{start.year}年{start.month}月{start.day}日至{end.day}日"


def trailing_months(period, count=12):
    """`count` month periods ending with the month that contains the period's end."""
    months, last = [], Period.containing(period.end)
    for _ in range(count):
        months.append(last)
        before = last.start - dt.timedelta(days=1)
        last = Period.month(before.year, before.month)
    return list(reversed(months))


@dataclass(frozen=True)
class Scope:
    """Everything (both None), one hall, one unit, or one unit inside one hall.

    Ratings and 差评 tickets belong to the hall and unit they were given under; findings to the unit
    that owned the window when it was inspected — a window that moves keeps its history with the
    unit it had.
    """

    hall_id: int | None = None
    unit_id: int | None = None

    @property
    def is_everything(self):
        return self.hall_id is None and self.unit_id is None

    def key(self):
        return f"h{self.hall_id or 0}-u{self.unit_id or 0}"
