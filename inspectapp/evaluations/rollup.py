"""Daily and monthly per-window rollups of ratings, so that a month or a year of statistics reads a
few thousand (or a few hundred) rows instead of a million.

`EvaluationDay` holds, for each local day, window, hall and unit, the counted ratings per level
and the held, excluded and rejected counts; `EvaluationMonth` the same per calendar month. Days
before `RollupState.complete_until` are complete in the day table, and months that end before it
in the month table; later days (today) are read live from `evaluation`. The rollup stays exact:

* `advance()` rolls up every finished day and month (it runs at the start of any statistics read);
* `touch()` recomputes one window-day (and its month) when something changes a rating of a day
  already rolled up: a held rating released or rejected, an appeal upheld, a rating stored with
  a past time;
* the state row is locked (PostgreSQL) while days are rolled up, so a change committed meanwhile
  either lands before the roll-up reads or recomputes its window-day after it.

`tests/reports/test_rollup.py` proves rollup == live query after each of these changes.
"""
import datetime as dt
from collections import defaultdict

from peewee import EXCLUDED
from peewee import CompositeKey
from peewee import DateField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import fn

from inspectapp.common.rollups import RollupState
from inspectapp.common.rollups import month_end
from inspectapp.common.rollups import month_start
from inspectapp.common.timeutil import local_today
from inspectapp.common.timeutil import to_local
from inspectapp.db import BaseModel
from inspectapp.db import db
from inspectapp.db import is_sqlite
from inspectapp.evaluations.models import Evaluation
from inspectapp.evaluations.models import Status
from inspectapp.evaluations.stats import sum_if
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window

#: Count columns, in the order every row tuple carries them after (window_id, hall_id, unit_id).
COUNTS = ("l1", "l2", "l3", "l4", "l5", "held", "excluded", "rejected")
STATE_NAME = "evaluation_day"


class EvaluationDay(BaseModel):
    day = DateField()
    window = ForeignKeyField(Window, backref="+", index=False)
    hall = ForeignKeyField(Hall, backref="+", index=False)
    unit = ForeignKeyField(Unit, backref="+", index=False)
    #: Counted ratings (valid, not excluded) per level 1…5.
    l1 = IntegerField(default=0)
    l2 = IntegerField(default=0)
    l3 = IntegerField(default=0)
    l4 = IntegerField(default=0)
    l5 = IntegerField(default=0)
    held = IntegerField(default=0)
    #: Valid ratings excluded by an upheld appeal.
    excluded = IntegerField(default=0)
    rejected = IntegerField(default=0)

    class Meta:
        primary_key = CompositeKey("day", "window", "hall", "unit")
        #: Stored in key order (SQLite WITHOUT ROWID, see models.init_db): a period is one sequential range.
        clustered = True


class EvaluationMonth(BaseModel):
    #: First day of the month.
    month = DateField()
    window = ForeignKeyField(Window, backref="+", index=False)
    hall = ForeignKeyField(Hall, backref="+", index=False)
    unit = ForeignKeyField(Unit, backref="+", index=False)
    l1 = IntegerField(default=0)
    l2 = IntegerField(default=0)
    l3 = IntegerField(default=0)
    l4 = IntegerField(default=0)
    l5 = IntegerField(default=0)
    held = IntegerField(default=0)
    excluded = IntegerField(default=0)
    rejected = IntegerField(default=0)

    class Meta:
        primary_key = CompositeKey("month", "window", "hall", "unit")
        clustered = True


MODELS = [EvaluationDay, EvaluationMonth]


def local_day(utc_value):
    return to_local(utc_value).date()


def _count_columns():
    counted = Evaluation.counted()
    return [
        *(sum_if(counted & (Evaluation.level == level)).alias(f"l{level}") for level in (1, 2, 3, 4, 5)),
        sum_if(Evaluation.status == Status.HELD).alias("held"),
        sum_if((Evaluation.status == Status.VALID) & Evaluation.is_excluded).alias("excluded"),
        sum_if(Evaluation.status == Status.REJECTED).alias("rejected"),
    ]


def live_rows(start, end, hall_id=None, unit_id=None, window_id=None):
    """[(window_id, hall_id, unit_id, *COUNTS)] straight from `evaluation` for local days start..end.

    Only the time range is a SQL condition, so the planner always reads the submitted_at index (a
    hall condition made it scan a whole hall's million ratings); the scope is applied to the
    grouped rows."""
    query = (Evaluation.select(Evaluation.window, Evaluation.hall, Evaluation.unit, *_count_columns())
             .where(Evaluation.in_period(start, end)))
    if window_id is not None:
        query = query.where(Evaluation.window == window_id)
    rows = db.execute(query.group_by(Evaluation.window, Evaluation.hall, Evaluation.unit).order_by()).fetchall()
    return [(w, h, u, *(int(v or 0) for v in counts)) for w, h, u, *counts in rows
            if (hall_id is None or h == hall_id) and (unit_id is None or u == unit_id)]


def _scoped(query, model, hall_id, unit_id, window_id):
    if hall_id is not None:
        query = query.where(model.hall == hall_id)
    if unit_id is not None:
        query = query.where(model.unit == unit_id)
    if window_id is not None:
        query = query.where(model.window == window_id)
    return query


def _state(lock=None):
    query = RollupState.select().where(RollupState.name == STATE_NAME)
    if lock and not is_sqlite():
        query = query.for_update(lock)
    return query.first()


def _upsert(model, key, rows):
    """Insert or replace rollup rows of one day (EvaluationDay) or month (EvaluationMonth)."""
    if not rows:
        return
    key_field = model.day if model is EvaluationDay else model.month
    values = [{key_field.name: key, "window": w, "hall": h, "unit": u, **dict(zip(COUNTS, counts))}
              for w, h, u, *counts in rows]
    update = {getattr(model, name): getattr(EXCLUDED, name) for name in COUNTS}
    (model.insert_many(values)
     .on_conflict(conflict_target=[key_field, model.window, model.hall, model.unit], update=update)
     .execute())


def _roll_month(first, window_id=None):
    """Sum a complete month's day rows into its month rows."""
    _upsert(EvaluationMonth, first, _summed(EvaluationDay, EvaluationDay.day, first, month_end(first),
                                              None, None, window_id))


def _summed(model, key_field, start, end, hall_id, unit_id, window_id):
    sums = [fn.SUM(getattr(model, name)) for name in COUNTS]
    query = model.select(model.window, model.hall, model.unit, *sums).where(key_field.between(start, end))
    query = _scoped(query, model, hall_id, unit_id, window_id).group_by(model.window, model.hall, model.unit)
    return [(w, h, u, *(int(v or 0) for v in counts)) for w, h, u, *counts in db.execute(query).fetchall()]


def advance(today=None, progress=None):
    """Roll up every finished day not yet rolled up. Cheap when there is nothing to do.

    :param progress: optional callable(day) told about each day rolled up (the CLI prints them).
    :returns: the number of days rolled up.
    """
    today = today or local_today()
    state = _state()
    if state is not None and state.complete_until >= today:
        return 0
    with db.atomic():
        state = _state(lock="FOR UPDATE")
        first = state.complete_until if state else _first_day()
        day = first or today
        while day < today:
            _upsert(EvaluationDay, day, live_rows(day, day))
            if progress:
                progress(day)
            if month_end(month_start(day)) == day:
                _roll_month(month_start(day))
            day += dt.timedelta(days=1)
        if state is None:
            RollupState.insert(name=STATE_NAME, complete_until=today).on_conflict(
                conflict_target=[RollupState.name], update={RollupState.complete_until: today}).execute()
        else:
            RollupState.update(complete_until=today).where(RollupState.name == STATE_NAME).execute()
    return (today - (first or today)).days


def _first_day():
    first = Evaluation.select(fn.MIN(Evaluation.submitted_at)).scalar()
    return local_day(first) if first else None


def touch(window_id, submitted_at):
    """Call inside the transaction that changed a rating: recompute its window-day if that day is
    already rolled up (otherwise `advance` will include the change)."""
    day = local_day(submitted_at)
    if day >= local_today():
        return
    state = _state(lock="FOR SHARE")
    if state is not None and day < state.complete_until:
        _upsert(EvaluationDay, day, live_rows(day, day, window_id=window_id))
        if month_end(month_start(day)) < state.complete_until:
            _roll_month(month_start(day), window_id)


def rebuild(progress=None):
    """Drop and recompute the whole rollup (after a restore or a manual data fix)."""
    with db.atomic():
        EvaluationDay.delete().execute()
        EvaluationMonth.delete().execute()
        RollupState.delete().execute()
    return advance(progress=progress)


def window_rows(start, end, hall_id=None, unit_id=None, window_id=None):
    """[(window_id, hall_id, unit_id, *COUNTS)] for local days start..end: complete months from the
    month rollup, other complete days from the day rollup, the rest live. Exactly what `live_rows`
    over the same days returns."""
    advance()
    until = _state().complete_until
    totals = defaultdict(lambda: [0] * len(COUNTS))
    months, days, live = _segments(start, end, until)
    scope = (hall_id, unit_id, window_id)
    if months:
        _add(totals, _summed(EvaluationMonth, EvaluationMonth.month, *months, *scope))
    for first, last in days:
        _add(totals, _summed(EvaluationDay, EvaluationDay.day, first, last, *scope))
    if live:
        _add(totals, live_rows(*live, *scope))
    return [(*key, *counts) for key, counts in totals.items() if any(counts)]


def _segments(start, end, until):
    """Split start..end into the whole months read from the month table (first, last month), the
    day ranges read from the day table, and the range read live; each None/empty when not needed."""
    one = dt.timedelta(days=1)
    rolled_end = min(end, until - one)
    live = (max(start, until), end) if end >= until else None
    if rolled_end < start:
        return None, [], live
    first = start if start.day == 1 else month_end(month_start(start)) + one
    last = month_start(rolled_end + one) - one  # the last day of the last whole month
    if first > last:
        return None, [(start, rolled_end)], live
    days = [(start, first - one), (last + one, rolled_end)]
    return (first, month_start(last)), [(a, b) for a, b in days if a <= b], live


def month_totals(first, last, hall_id=None, unit_id=None, window_id=None):
    """{first day of month: [*COUNTS]} for the months first..last (first days), summed over the scope."""
    advance()
    until = _state().complete_until
    scope = (hall_id, unit_id, window_id)
    totals = {}
    complete_last = month_start(until) - dt.timedelta(days=1)  # months ending before `until`
    if first <= min(last, complete_last):
        sums = [fn.SUM(getattr(EvaluationMonth, name)) for name in COUNTS]
        query = (EvaluationMonth.select(EvaluationMonth.month, *sums)
                 .where(EvaluationMonth.month.between(first, min(last, month_start(complete_last)))))
        query = _scoped(query, EvaluationMonth, *scope).group_by(EvaluationMonth.month)
        for month, *counts in db.execute(query).fetchall():
            totals[as_date(month)] = [int(v or 0) for v in counts]
    month = max(first, month_start(until))
    while month <= last and month <= local_today():
        rows = window_rows(month, month_end(month), *scope)
        totals[month] = [sum(col) for col in zip(*[r[3:] for r in rows])] if rows else [0] * len(COUNTS)
        month = month_end(month) + dt.timedelta(days=1)
    return totals


def day_totals(start, end, hall_id=None, unit_id=None, window_id=None):
    """{local day: [*COUNTS]} summed over the scope, for trend lines."""
    advance()
    until = _state().complete_until
    totals = defaultdict(lambda: [0] * len(COUNTS))
    if start < until:
        sums = [fn.SUM(getattr(EvaluationDay, name)) for name in COUNTS]
        query = (EvaluationDay.select(EvaluationDay.day, *sums)
                 .where(EvaluationDay.day.between(start, min(end, until - dt.timedelta(days=1)))))
        query = _scoped(query, EvaluationDay, hall_id, unit_id, window_id)
        for day, *counts in query.group_by(EvaluationDay.day).tuples():
            totals[as_date(day)] = [int(v or 0) for v in counts]
    day = max(start, until)
    while day <= min(end, local_today()):
        for _w, _h, _u, *counts in live_rows(day, day, hall_id, unit_id, window_id):
            totals[day] = [a + b for a, b in zip(totals[day], counts)]
        day += dt.timedelta(days=1)
    return dict(totals)


def _add(totals, rows):
    for w, h, u, *counts in rows:
        acc = totals[(w, h, u)]
        for i, value in enumerate(counts):
            acc[i] += int(value or 0)


def as_date(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
