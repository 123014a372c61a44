"""What the statistics rollups share (ratings: evaluations/rollup.py, 差评 tickets:
complaints/rollup.py, inspections: inspections/rollup.py): month arithmetic, splitting a period into
whole months and the days around them, the state row that says a rollup is built, and the
transaction-scoped locks that keep a rollup exact while records change concurrently.

A rollup is read only once it is built; the first read builds it (`build_once`). After that, the
feature that changes a record recomputes the rollup rows it touched in the same transaction,
holding `lock(name, shared=True)` and `lock(name, key)`; a build holds `lock(name)` alone, so a
change and a build never miss each other. PostgreSQL takes advisory locks; SQLite's write
transactions are exclusive already (BEGIN IMMEDIATE, see db.py).
"""
import datetime as dt
import zlib

from peewee import CharField
from peewee import DateField

from inspectapp.db import BaseModel
from inspectapp.db import db
from inspectapp.db import is_sqlite

ONE_DAY = dt.timedelta(days=1)


class RollupState(BaseModel):
    name = CharField(max_length=32, unique=True)
    #: Ratings: every local day before this one is rolled up; other rollups: the day they were built.
    complete_until = DateField()


MODELS = [RollupState]


def month_start(day):
    return day.replace(day=1)


def month_end(first):
    return (first + dt.timedelta(days=32)).replace(day=1) - ONE_DAY


def whole_months(start, end):
    """((first day of the first whole month, first day of the last whole month) or None,
    [(start, end) day ranges of the period outside those months])."""
    first = start if start.day == 1 else month_end(month_start(start)) + ONE_DAY
    last = month_start(end + ONE_DAY) - ONE_DAY  # the last day of the last whole month
    if first > last:
        return None, [(start, end)] if start <= end else []
    around = [(start, first - ONE_DAY), (last + ONE_DAY, end)]
    return (first, month_start(last)), [(a, b) for a, b in around if a <= b]


def _int4(value):
    return zlib.crc32(repr(value).encode()) & 0x7FFFFFFF


def lock(name, key=None, shared=False):
    """Hold a lock until the end of the current transaction: on the whole rollup `name` (a build,
    shared by changes) or on one of its cells `key` (a change). No-op on SQLite."""
    if is_sqlite():
        return
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    db.execute_sql(f"SELECT {function}(%s, %s)", (_int4(name), 0 if key is None else _int4(key)))


def is_built(name):
    return RollupState.select().where(RollupState.name == name).exists()


def build_once(name, build, today):
    """Build rollup `name` with `build()` unless it is built already (by us or a concurrent reader)."""
    if is_built(name):
        return False
    with db.atomic():
        lock(name)
        if is_built(name):
            return False
        build()
        RollupState.insert(name=name, complete_until=today).execute()
    return True


def rebuild(name, build, today, tables):
    """Empty `tables` and build rollup `name` again (after a restore or a manual data fix)."""
    with db.atomic():
        lock(name)
        for table in tables:
            table.delete().execute()
        RollupState.delete().where(RollupState.name == name).execute()
        build()
        RollupState.insert(name=name, complete_until=today).execute()


def changing(name, key):
    """Call inside the transaction that changes a record, before recomputing its cell `key`:
    True when the rollup is built (so the cell must be recomputed), with the locks held."""
    lock(name, shared=True)
    lock(name, key)
    return is_built(name)
