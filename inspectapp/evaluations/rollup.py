"""A daily per-window rollup of ratings, so that a month or a year of statistics reads a few
thousand rows instead of a million.

`EvaluationDay` holds, for each local day, window, hall and unit, the counted ratings per level
and the held, excluded and rejected counts. Days before `RollupState.complete_until` are complete;
later days (today) are read live from `evaluation`. The rollup is kept exact by three rules:

* `advance()` rolls up every finished day (it runs at the start of any statistics read);
* `touch()` recomputes one window-day when something changes a rating of a day already rolled up
  (a held rating released or rejected, an appeal upheld, a rating stored with a past time);
* the state row is locked (PostgreSQL) while a day is rolled up, so a change committed meanwhile
  either lands before the roll-up reads or recomputes its window-day after it.

`tests/reports/test_rollup.py` proves rollup == live query after each of these changes.
"""
import datetime as dt
from collections import defaultdict

from peewee import EXCLUDED
from peewee import CharField
from peewee import DateField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import fn

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
        indexes = ((("day", "window", "hall", "unit"), True),)


class RollupState(BaseModel):
    name = CharField(max_length=32, unique=True)
    #: Every local day before this one is rolled up completely.
    complete_until = DateField()


MODELS = [EvaluationDay, RollupState]


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
    """[(window_id, hall_id, unit_id, *COUNTS)] straight from `evaluation` for local days start..end."""
    query = (Evaluation.select(Evaluation.window, Evaluation.hall, Evaluation.unit, *_count_columns())
             .where(Evaluation.in_period(start, end)))
    query = _scoped(query, Evaluation, hall_id, unit_id, window_id)
    rows = query.group_by(Evaluation.window, Evaluation.hall, Evaluation.unit).order_by().tuples()
    return [(w, h, u, *(int(v or 0) for v in counts)) for w, h, u, *counts in rows]


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


def _upsert(day, rows):
    if not rows:
        return
    values = [dict(day=day, window=w, hall=h, unit=u, **dict(zip(COUNTS, counts))) for w, h, u, *counts in rows]
    update = {getattr(EvaluationDay, name): getattr(EXCLUDED, name) for name in COUNTS}
    (EvaluationDay.insert_many(values)
     .on_conflict(conflict_target=[EvaluationDay.day, EvaluationDay.window, EvaluationDay.hall,
                                   EvaluationDay.unit], update=update)
     .execute())


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
            _upsert(day, live_rows(day, day))
            if progress:
                progress(day)
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
        rows = live_rows(day, day, window_id=window_id)
        _upsert(day, rows)


def rebuild(progress=None):
    """Drop and recompute the whole rollup (after a restore or a manual data fix)."""
    with db.atomic():
        EvaluationDay.delete().execute()
        RollupState.delete().execute()
    return advance(progress=progress)


def window_rows(start, end, hall_id=None, unit_id=None, window_id=None):
    """[(window_id, hall_id, unit_id, *COUNTS)] for local days start..end: the rolled-up days from
    the rollup, the rest live. Exactly what `live_rows` over the same days would return."""
    advance()
    until = _state().complete_until
    totals = defaultdict(lambda: [0] * len(COUNTS))
    if start < until:
        sums = [fn.SUM(getattr(EvaluationDay, name)) for name in COUNTS]
        query = (EvaluationDay.select(EvaluationDay.window, EvaluationDay.hall, EvaluationDay.unit, *sums)
                 .where(EvaluationDay.day.between(start, min(end, until - dt.timedelta(days=1)))))
        query = _scoped(query, EvaluationDay, hall_id, unit_id, window_id)
        rolled = query.group_by(EvaluationDay.window, EvaluationDay.hall, EvaluationDay.unit).tuples()
        _add(totals, rolled)
    if end >= until:
        _add(totals, live_rows(max(start, until), end, hall_id, unit_id, window_id))
    return [(*key, *counts) for key, counts in totals.items() if any(counts)]


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
            totals[_as_date(day)] = [int(v or 0) for v in counts]
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


def _as_date(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
