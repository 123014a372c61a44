"""Monthly rollup of published inspections, so that a year of statistics reads about a thousand
rows instead of every finding and window visit.

A published inspection never changes again (services refuse every edit), so its figures are
rolled up once, when it is published: `published(inspection)` recomputes the month of its date in
its hall. Per month and hall the rollup holds

* `InspectionWindowMonth` — per window and the unit it belonged to then: visits, active findings,
  deductions, critical findings, and the sum of the visit scores;
* `InspectionUnitMonth` — per unit: the inspections that visited it and the sum of its
  per-inspection scores (the row without a unit holds the hall-area findings);
* `InspectionItemMonth` — active findings per unit, checklist item and severity.

Scores and deductions are kept in tenths of a point (checklist deductions have one decimal), so
sums are exact integers. A visit scores 100 − the deductions of its findings (floor 0); a unit's
inspection scores 100 − the deductions at its windows in that inspection (floor 0).
Every month is in the rollup (the current one too); `period_sums` reads whole months from it and
the days of a period that cut a month live (`live_sums`);
`tests/reports/test_rollup.py` proves both give the same answer.
"""
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field

from peewee import JOIN
from peewee import CharField
from peewee import DateField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import fn

from inspectapp.common import rollups
from inspectapp.common.timeutil import local_today
from inspectapp.db import BaseModel
from inspectapp.db import db
from inspectapp.inspections.models import ChecklistItem
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Status
from inspectapp.inspections.models import WindowVisit
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window

NAME = "inspection_month"
FULL = 1000  # 100 points in tenths
#: Count columns of the window and unit rows, in this order.
SUMS = ("visits", "findings", "deducted", "critical", "scores")


class InspectionWindowMonth(BaseModel):
    month = DateField()
    hall = ForeignKeyField(Hall, backref="+", index=False)
    window = ForeignKeyField(Window, backref="+", index=False)
    unit = ForeignKeyField(Unit, null=True, backref="+", index=False)
    visits = IntegerField()
    findings = IntegerField()
    deducted = IntegerField()  # tenths of a point
    critical = IntegerField()
    scores = IntegerField()  # sum of the visit scores, tenths

    class Meta:
        indexes = ((("month", "hall", "window", "unit"), False),)


class InspectionUnitMonth(BaseModel):
    month = DateField()
    hall = ForeignKeyField(Hall, backref="+", index=False)
    #: None: the hall-area findings (no window, no unit; counted in totals only).
    unit = ForeignKeyField(Unit, null=True, backref="+", index=False)
    visits = IntegerField()  # inspections that visited the unit
    findings = IntegerField()
    deducted = IntegerField()
    critical = IntegerField()
    scores = IntegerField()  # sum of the unit's per-inspection scores, tenths

    class Meta:
        indexes = ((("month", "hall", "unit"), False),)


class InspectionItemMonth(BaseModel):
    month = DateField()
    hall = ForeignKeyField(Hall, backref="+", index=False)
    unit = ForeignKeyField(Unit, null=True, backref="+", index=False)
    item = ForeignKeyField(ChecklistItem, backref="+", index=False)
    severity = CharField(max_length=16)
    findings = IntegerField()

    class Meta:
        indexes = ((("month", "hall", "unit", "item", "severity"), False),)


MODELS = [InspectionWindowMonth, InspectionUnitMonth, InspectionItemMonth]


@dataclass
class Sums:
    """windows {(window_id, unit_id): [*SUMS]}, units {unit_id or None: [*SUMS]},
    items {(unit_id or None, item_id, severity): findings}; keyed by month too when `by_month`."""

    windows: dict = field(default_factory=lambda: defaultdict(lambda: [0] * len(SUMS)))
    units: dict = field(default_factory=lambda: defaultdict(lambda: [0] * len(SUMS)))
    items: dict = field(default_factory=lambda: defaultdict(int))

    def add(self, other):
        for mine, theirs in ((self.windows, other.windows), (self.units, other.units)):
            for key, values in theirs.items():
                mine[key] = [a + b for a, b in zip(mine[key], values)]
        for key, n in other.items.items():
            self.items[key] += n
        return self


def tenths(value):
    return int(round(float(value or 0) * 10))


def _published(start, end, hall_id):
    condition = ((Inspection.status == Status.PUBLISHED) & (Inspection.date >= start) & (Inspection.date <= end))
    return condition if hall_id is None else condition & (Inspection.hall == hall_id)


def _finding_rows(start, end, hall_id, unit_id):
    """[(inspection, month key, window, unit, item, severity, findings, deducted)], read from the
    period's inspections into the covering index of findings (the CROSS JOIN fixes that order)."""
    f = Finding
    query = (Inspection.select(Inspection.id, Inspection.date, f.window, f.unit, f.item, f.severity,
                               fn.COUNT(f.id), fn.SUM(f.deduction))
             .join(f, JOIN.CROSS)
             .where(_published(start, end, hall_id) & (f.inspection == Inspection.id)
                    & (f.status == FindingStatus.ACTIVE)))
    if unit_id is not None:
        query = query.where(f.unit == unit_id)
    query = query.group_by(Inspection.id, f.status, f.window, f.unit, f.item, f.severity).order_by()
    return db.execute(query).fetchall()


def _visits(start, end, hall_id, unit_id):
    query = (WindowVisit.select(WindowVisit.inspection, WindowVisit.window, WindowVisit.unit)
             .join(Inspection).where(_published(start, end, hall_id)))
    if unit_id is not None:
        query = query.where(WindowVisit.unit == unit_id)
    return {(i, w): u for i, w, u in db.execute(query.order_by()).fetchall()}


def live_sums(start, end, hall_id=None, unit_id=None, by_month=False):
    """Sums of the published inspections held start..end in the scope, straight from findings and
    visits (`by_month`: every key starts with the first day of the inspection's month)."""
    critical = {i for (i,) in ChecklistItem.select(ChecklistItem.id).where(ChecklistItem.is_critical).tuples()}
    visits, months = _visits(start, end, hall_id, unit_id), {}
    per_visit = defaultdict(lambda: [0, 0, 0])  # (inspection, window) -> findings, deducted, critical
    sums = Sums()
    for i, day, w, u, item, severity, n, deducted in _finding_rows(start, end, hall_id, unit_id):
        month = months[i] = rollups.month_start(as_date(day))
        sums.items[_key(by_month, month, u, item, severity)] += n
        if w is None:
            hall_area = sums.units[_key(by_month, month, None)]
            hall_area[1] += n
            hall_area[2] += tenths(deducted)
            hall_area[3] += n * (item in critical)
            continue
        visits.setdefault((i, w), u)
        acc = per_visit[(i, w)]
        acc[0], acc[1], acc[2] = acc[0] + n, acc[1] + tenths(deducted), acc[2] + n * (item in critical)
    _add_visits(sums, visits, per_visit, _months_of(visits, months), by_month)
    return sums


def _key(by_month, month, *parts):
    key = (month, *parts) if by_month else parts
    return key[0] if len(key) == 1 else key


def _months_of(visits, months):
    """Month of every inspection with a visit (inspections without findings are read here)."""
    missing = {i for i, _w in visits} - set(months)
    if missing:
        for i, day in Inspection.select(Inspection.id, Inspection.date).where(Inspection.id.in_(missing)).tuples():
            months[i] = rollups.month_start(as_date(day))
    return months


def _add_visits(sums, visits, per_visit, months, by_month):
    per_unit = defaultdict(lambda: [0, 0, 0])  # (inspection, unit) -> findings, deducted, critical
    for (i, w), u in visits.items():
        n, deducted, critical = per_visit.get((i, w), (0, 0, 0))
        row = sums.windows[_key(by_month, months[i], w, u)]
        for k, value in enumerate((1, n, deducted, critical, max(0, FULL - deducted))):
            row[k] += value
        if u is not None:
            acc = per_unit[(i, u)]
            acc[0], acc[1], acc[2] = acc[0] + n, acc[1] + deducted, acc[2] + critical
    for (i, u), (n, deducted, critical) in per_unit.items():
        row = sums.units[_key(by_month, months[i], u)]
        for k, value in enumerate((1, n, deducted, critical, max(0, FULL - deducted))):
            row[k] += value


def as_date(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


# ---------------------------------------------------------------- keeping the rollup

def _store(first, last, hall_id=None):
    """Insert the rollup rows of the months first..last (first days), live, for one hall or all."""
    halls = [hall_id] if hall_id is not None else [h for (h,) in Hall.select(Hall.id).tuples()]
    for hall in halls:
        sums = live_sums(first, rollups.month_end(last), hall, by_month=True)
        _insert(InspectionWindowMonth, [dict(month=m, hall=hall, window=w, unit=u, **dict(zip(SUMS, v)))
                                        for (m, w, u), v in sums.windows.items()])
        _insert(InspectionUnitMonth, [dict(month=m, hall=hall, unit=u, **dict(zip(SUMS, v)))
                                      for (m, u), v in sums.units.items()])
        _insert(InspectionItemMonth, [dict(month=m, hall=hall, unit=u, item=item, severity=s, findings=n)
                                      for (m, u, item, s), n in sums.items.items()])


def _insert(model, rows):
    for start in range(0, len(rows), 500):
        model.insert_many(rows[start:start + 500]).execute()


def _build():
    first, last = (Inspection.select(fn.MIN(Inspection.date), fn.MAX(Inspection.date))
                   .where(Inspection.status == Status.PUBLISHED).scalar(as_tuple=True))
    if first is not None:
        _store(rollups.month_start(as_date(first)), rollups.month_start(as_date(last)))


def ensure():
    rollups.build_once(NAME, _build, local_today())


def rebuild():
    rollups.rebuild(NAME, _build, local_today(), MODELS)


def published(inspection):
    """Call in the transaction that publishes `inspection`: recompute its month in its hall."""
    rollups.lock(NAME)
    if not rollups.is_built(NAME):
        return  # the first read builds everything, this inspection included
    month = rollups.month_start(as_date(inspection.date))
    for model in MODELS:
        model.delete().where((model.month == month) & (model.hall == inspection.hall_id)).execute()
    _store(month, month, inspection.hall_id)


# ---------------------------------------------------------------- reading

def period_sums(start, end, hall_id=None, unit_id=None, items=True):
    """Sums of the published inspections held start..end (local dates) in the scope: whole months
    from the rollup, the days around them live. Exactly what `live_sums` returns."""
    ensure()
    months, around = rollups.whole_months(start, end)
    sums = Sums()
    if months:
        sums.add(_rolled(*months, hall_id, unit_id, items))
    for first, last in around:
        live = live_sums(first, last, hall_id, unit_id)
        if not items:
            live.items.clear()
        sums.add(live)
    return sums


def _rolled(first, last, hall_id, unit_id, items):
    sums = Sums()
    specs = [(InspectionWindowMonth, (InspectionWindowMonth.window, InspectionWindowMonth.unit), sums.windows),
             (InspectionUnitMonth, (InspectionUnitMonth.unit,), sums.units)]
    for model, keys, target in specs:
        values = [fn.SUM(getattr(model, name)) for name in SUMS]
        for row in _scoped(model.select(*keys, *values), model, first, last, hall_id, unit_id).group_by(*keys).tuples():
            target[row[0] if len(keys) == 1 else row[:len(keys)]] = [int(v or 0) for v in row[len(keys):]]
    if items:
        m = InspectionItemMonth
        keys = (m.unit, m.item, m.severity)
        query = _scoped(m.select(*keys, fn.SUM(m.findings)), m, first, last, hall_id, unit_id).group_by(*keys)
        for u, item, severity, n in query.tuples():
            sums.items[(u, item, severity)] = int(n)
    return sums


def _scoped(query, model, first, last, hall_id, unit_id):
    query = query.where(model.month.between(first, last))
    if hall_id is not None:
        query = query.where(model.hall == hall_id)
    if unit_id is not None:
        query = query.where(model.unit == unit_id)
    return query


def monthly_findings(first, last, hall_id=None, unit_id=None, window_id=None):
    """{first day of month: active findings} for the whole months first..last (first days)."""
    ensure()
    model = InspectionUnitMonth if window_id is None else InspectionWindowMonth
    query = _scoped(model.select(model.month, fn.SUM(model.findings)), model, first, last, hall_id, unit_id)
    if window_id is not None:
        query = query.where(model.window == window_id)
    return {as_date(m): int(n or 0) for m, n in query.group_by(model.month).tuples()}
