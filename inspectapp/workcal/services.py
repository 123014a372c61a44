"""The shared working-day calendar: statutory holidays and 调休 make-up workdays.

Sources, strongest first:
1. days an admin entered (`CalendarDay`),
2. the `chinese-calendar` package for the years it knows (2004–2026 in 1.11.0),
3. Monday–Friday, for a year nobody has entered yet. Deadlines that cross such a year are
   *estimated* and must be shown with a warning until an admin enters and confirms the year.
"""
import datetime as dt
import functools
import logging
from collections import namedtuple
from dataclasses import dataclass

import chinese_calendar

from inspectapp.audit import services as audit
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import local_today
from inspectapp.common.workflow import DueWindow
from inspectapp.db import db
from inspectapp.workcal.models import CalendarDay
from inspectapp.workcal.models import CalendarYear
from inspectapp.workcal.signals import notify_calendar_changed

log = logging.getLogger(__name__)


class YearSource:
    BUILTIN = "builtin"  # chinese-calendar knows the year
    ADMIN = "admin"  # an admin entered and confirmed the year
    FALLBACK = "fallback"  # Monday–Friday estimate


@functools.cache
def builtin_knows(year):
    """Whether chinese-calendar has data for the year (it raises NotImplementedError otherwise)."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def confirmed_years():
    return {row.year for row in CalendarYear.select(CalendarYear.year)}


def year_source(year, confirmed=None):
    if builtin_knows(year):
        return YearSource.BUILTIN
    if year in (confirmed if confirmed is not None else confirmed_years()):
        return YearSource.ADMIN
    return YearSource.FALLBACK


BuiltinDays = namedtuple("BuiltinDays", "first last is_workday name")

#: From this month on, next year's holidays are asked for (the State Council publishes them in autumn).
ASK_FROM_MONTH = 10


def builtin_days(year):
    """The statutory holidays and make-up workdays chinese-calendar knows for a year, as runs of
    consecutive days (春节 2月15日–2月23日 放假; 2月14日 调休上班), with Chinese names."""
    if not builtin_knows(year):
        return []
    runs, day = [], dt.date(year, 1, 1)
    while day.year == year:
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
        if name and (is_holiday or day.weekday() >= 5):
            name = _HOLIDAY_NAMES.get(name, name)
            last = runs[-1] if runs else None
            if last and last.name == name and last.is_workday == (not is_holiday) and last.last == day - ONE_DAY:
                runs[-1] = last._replace(last=day)
            else:
                runs.append(BuiltinDays(day, day, not is_holiday, name))
        day += ONE_DAY
    return runs


ONE_DAY = dt.timedelta(days=1)


_HOLIDAY_NAMES = {h.value: h.chinese for h in chinese_calendar.Holiday}


def coming_year_unconfirmed(today):
    """Next year, when it is close (from October) and has neither built-in nor confirmed holidays."""
    year = today.year + 1
    if today.month < ASK_FROM_MONTH or year_source(year) != YearSource.FALLBACK:
        return None
    return year


class _Calendar:
    """Workday lookups over a date range with the admin overrides loaded once."""

    def __init__(self, first, last):
        query = CalendarDay.select(CalendarDay.day, CalendarDay.is_workday)
        if first == last:
            query = query.where(CalendarDay.day == first)
        else:
            query = query.where(CalendarDay.day.between(first, last))
        self.overrides = dict(query.tuples())
        self._confirmed = None

    @property
    def confirmed(self):
        if self._confirmed is None:
            self._confirmed = confirmed_years()
        return self._confirmed

    def is_workday(self, day):
        if day in self.overrides:
            return self.overrides[day]
        if builtin_knows(day.year):
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def is_estimated(self, day):
        return not builtin_knows(day.year) and day.year not in self.confirmed


def _as_date(value):
    return value.date() if isinstance(value, dt.datetime) else value


def is_workday(day):
    day = _as_date(day)
    return _Calendar(day, day).is_workday(day)


@dataclass(frozen=True)
class Deadline:
    """A due date counted in working days; `estimated` when part of the count used the fallback."""

    due_on: dt.date
    estimated: bool


def working_deadlines(start, counts):
    """`working_deadline` for several counts from one start, with one calendar lookup."""
    start = _as_date(start)
    calendar = _Calendar(start, start + dt.timedelta(days=3 * max(counts) + 40))
    return [_count(calendar, start, n) for n in counts]


def working_deadline(start, n):
    """The day n working days after `start` (the start day itself is not counted).

    A deadline of 1 working day from a Friday is the next Monday; from 30 September 2025 it is
    9 October (National Day holiday). `estimated` is true when any counted day lies in a year whose
    holidays are unknown (Monday–Friday fallback).
    """
    start = _as_date(start)
    return _count(_Calendar(start, start + dt.timedelta(days=3 * n + 40)), start, n)


def _count(calendar, start, n):
    if n < 0:
        raise ValueError("n must be >= 0")
    day, counted, estimated = start, 0, False
    while counted < n:
        day += dt.timedelta(days=1)
        estimated = estimated or calendar.is_estimated(day)
        if calendar.is_workday(day):
            counted += 1
    return Deadline(due_on=day, estimated=estimated)


#: "Due soon" means due within this many working days (home pages, badges, lists).
SOON_WORKING_DAYS = 2


def due_window(today=None, soon_days=SOON_WORKING_DAYS):
    """The DueWindow every count, list and badge uses: overdue / due today / due soon from `today`."""
    today = today or local_today()
    return DueWindow(today=today, soon_until=add_working_days(today, soon_days))


def add_working_days(start, n):
    """Date n working days after `start` (see `working_deadline`)."""
    return working_deadline(start, n).due_on


def working_days_between(start, end):
    """Working days in (start, end]; negative when end is before start."""
    start, end = _as_date(start), _as_date(end)
    if end < start:
        return -working_days_between(end, start)
    calendar = _Calendar(start, end)
    days = (end - start).days
    return sum(1 for i in range(1, days + 1) if calendar.is_workday(start + dt.timedelta(days=i)))


# --- admin changes -------------------------------------------------------------------------------

def set_day(day, is_workday, name, actor, ip=""):
    """Enter (or correct) one holiday or make-up workday. Returns (row, recounts)."""
    with db.atomic():
        row = CalendarDay.get_or_none(CalendarDay.day == day)
        if row is None:
            row = CalendarDay(day=day, created_by=actor)
        row.is_workday, row.name = is_workday, name.strip()
        row.save()
        audit.record("workcal.day_set", actor=actor, target=row,
                     detail={"day": day.isoformat(), "is_workday": is_workday, "name": row.name}, ip=ip)
    return row, notify_calendar_changed(actor, [day.year])


def remove_day(row, actor, ip=""):
    """Take an entered day out again. Returns the recounts of the features that own deadlines."""
    with db.atomic():
        audit.record("workcal.day_removed", actor=actor, target=row,
                     detail={"day": row.day.isoformat(), "is_workday": row.is_workday, "name": row.name}, ip=ip)
        row.delete_instance()
    return notify_calendar_changed(actor, [row.day.year])


def confirm_year(year, actor, ip=""):
    """Declare a year's holidays complete: its deadlines stop being estimates. Returns (row, recounts)."""
    if builtin_knows(year):
        raise DomainError("该年度节假日已由系统内置日历提供，无需确认")
    entered = CalendarDay.select().where(CalendarDay.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if not entered.exists():
        raise DomainError("请先录入该年度的法定节假日和调休上班日")
    with db.atomic():
        row, _created = CalendarYear.get_or_create(year=year, defaults={"confirmed_by": actor})
        audit.record("workcal.year_confirmed", actor=actor, target=row, detail={"year": year}, ip=ip)
    return row, notify_calendar_changed(actor, [year])


def unconfirm_year(year, actor, ip=""):
    """The year's deadlines become estimates again. Returns the recounts."""
    with db.atomic():
        deleted = CalendarYear.delete().where(CalendarYear.year == year).execute()
        if deleted:
            audit.record("workcal.year_unconfirmed", actor=actor, detail={"year": year}, ip=ip)
    return notify_calendar_changed(actor, [year]) if deleted else []
