"""The few queries the statistics read, each for one period and scope, returning plain rows.

Ratings come from the daily rollup (`evaluations.rollup`); 差评 tickets, findings and visits from
their tables (tens of thousands of rows a year, read with indexed range conditions). Only
published inspections and active findings count.
"""
import datetime as dt
from dataclasses import dataclass

from peewee import SQL
from peewee import fn

from inspectapp.common.timeutil import LOCAL_TZ
from inspectapp.common.timeutil import utc_of
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.complaints.models import TicketStatus
from inspectapp.db import db
from inspectapp.db import is_sqlite
from inspectapp.evaluations import rollup
from inspectapp.evaluations.stats import sum_if
from inspectapp.inspections import rollup as inspection_rollup
from inspectapp.inspections.models import ChecklistItem
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Status as InspectionStatus
from inspectapp.inspections.models import WindowVisit
from inspectapp.orgs.models import Window
from inspectapp.workcal import services as workcal

#: Ticket statuses that mean the 差评 was handled (立行立改, 限期整改 completed, 解释说明).
HANDLED = (TicketStatus.HANDLED, TicketStatus.FEEDBACK_GIVEN, TicketStatus.CLOSED)


def rating_rows(period, scope):
    """[(window_id, hall_id, unit_id, l1…l5, held, excluded, rejected)] for the period."""
    return rollup.window_rows(period.start, period.end, scope.hall_id, scope.unit_id)


def _local_day_end(date_field):
    """SQL for the naive-UTC instant at which the local day `date_field` ends (midnight after it)."""
    offset = dt.datetime.now(LOCAL_TZ).utcoffset()
    hours = int((dt.timedelta(days=1) - offset).total_seconds() // 3600)
    if is_sqlite():
        # Dates and datetimes are ISO text on SQLite: "2026-11-03" || " 16:00:00" compares as a time.
        return date_field.concat(f" {hours:02d}:00:00")
    return date_field + SQL(f"interval '{hours} hours'")


#: The order of the counts `ticket_counts` returns (the fields of formulas.ComplaintFigures).
TICKET_COUNTS = ("opened", "upheld", "pending_appeal", "rectified", "closed", "called_back", "called_back_on_time",
                 "overdue")


def ticket_counts(period, scope, as_of):
    """[(window_id, hall_id, unit_id, *TICKET_COUNTS)] for the 差评 tickets opened during the period,
    under the unit and hall they were given under. An upheld appeal counts only as opened and
    upheld; overdue is the one shared definition (workcal.due_window) judged on `as_of`.

    Only the opening time is a SQL condition (the planner then reads the covering index; a hall
    condition made it read every ticket of the hall); the scope is applied to the grouped rows."""
    t = ComplaintTicket
    timed = [t.called_back_at.is_null(False), t.called_back_at < _local_day_end(t.callback_due_on),
             workcal.due_window(as_of).overdue(t)]
    keys = [t.window, t.hall, t.unit, t.status, t.status_before_appeal]
    query = (t.select(*keys, fn.COUNT(t.id), *(sum_if(c) for c in timed))
             .where((t.opened_at >= utc_of(period.start))
                    & (t.opened_at < utc_of(period.end + dt.timedelta(days=1)))))
    totals = {}
    for w, h, u, status, before, n, called, on_time, overdue in db.execute(query.group_by(*keys).order_by()):
        if (scope.hall_id is not None and h != scope.hall_id) or (scope.unit_id is not None and u != scope.unit_id):
            continue
        upheld = status == TicketStatus.APPEAL_UPHELD
        kept = 0 if upheld else 1
        handled = status in HANDLED or (status == TicketStatus.APPEALED and before in HANDLED)
        counts = (n, n * upheld, n * (status == TicketStatus.APPEALED), n * handled,
                  n * (status == TicketStatus.CLOSED),
                  kept * int(called or 0), kept * int(on_time or 0), int(overdue or 0))
        acc = totals.setdefault((w, h, u), [0] * len(TICKET_COUNTS))
        for i, value in enumerate(counts):
            acc[i] += value
    return [(*key, *counts) for key, counts in totals.items()]


def inspection_sums(period, scope, items=True):
    """Visits, findings, deductions and scores of the published inspections held in the period,
    per window, unit and checklist item (inspections/rollup.py: whole months from the rollup)."""
    return inspection_rollup.period_sums(period.start, period.end, scope.hall_id, scope.unit_id, items)


def checklist_items(ids):
    """{item id: (code, category, problem)}."""
    query = ChecklistItem.select(ChecklistItem.id, ChecklistItem.code, ChecklistItem.category, ChecklistItem.problem)
    return {i: (code, category, problem) for i, code, category, problem in
            query.where(ChecklistItem.id.in_(list(ids) or [0])).tuples()}


def inspection_count(period, scope):
    query = Inspection.select().where(_published_in(period))
    if scope.hall_id is not None:
        query = query.where(Inspection.hall == scope.hall_id)
    if scope.unit_id is not None:
        query = query.where(Inspection.id.in_(WindowVisit.select(WindowVisit.inspection)
                                              .where(WindowVisit.unit == scope.unit_id)))
    return query.count()


@dataclass(frozen=True)
class FindingDetail:
    """A finding with what a bulletin names: when, where, which item, the 工号, the sentence."""

    id: int
    date: dt.date
    recorded_at: dt.datetime
    window_id: int | None
    unit_id: int | None
    staff_no: str
    severity: str
    sentence: str
    sentence_auto: bool
    pattern: str
    category: str
    problem: str
    is_critical: bool


def finding_details(period, scope):
    """The period's active findings of published inspections, in the order they were found."""
    i, f, c = Inspection, Finding, ChecklistItem
    query = (f.select(f.id, i.date, f.recorded_at, f.window, f.unit, f.staff_no, f.severity, f.sentence,
                      f.sentence_auto, c.finding_pattern, c.category, c.problem, c.is_critical)
             .join(c).switch(f).join(i)
             .where(_published_in(period) & (f.status == FindingStatus.ACTIVE)))
    query = _scope(query, i.hall, f.unit, scope).order_by(i.date, f.recorded_at, f.id)
    return [FindingDetail(*row[:8], bool(row[8]), *row[9:12], bool(row[12])) for row in query.tuples()]


def inspections_in(period, scope):
    """[(date, team_no, mode)] of the published inspections held during the period."""
    query = Inspection.select(Inspection.date, Inspection.team_no, Inspection.mode).where(_published_in(period))
    if scope.hall_id is not None:
        query = query.where(Inspection.hall == scope.hall_id)
    if scope.unit_id is not None:
        query = query.where(Inspection.id.in_(WindowVisit.select(WindowVisit.inspection)
                                              .where(WindowVisit.unit == scope.unit_id)))
    return list(query.order_by(Inspection.date, Inspection.team_no).tuples())


def overdue_tickets_by_unit(scope, as_of):
    """{unit_id: number of 差评 tickets overdue on `as_of`} (the shared definition, any opening date)."""
    t = ComplaintTicket
    query = t.select(t.unit, fn.COUNT(t.id)).where(workcal.due_window(as_of).overdue(t))
    query = _scope(query, t.hall, t.unit, scope).group_by(t.unit).order_by()
    return {u: int(n) for u, n in db.execute(query).fetchall()}


def windows_in_scope(period, scope):
    """Active windows that existed by the end of the period, in the scope by their current hall
    and unit: the denominator of coverage (rated windows are added by the caller)."""
    query = Window.select(Window.id).where(
        Window.is_active & (Window.created_at < utc_of(period.end + dt.timedelta(days=1))))
    query = _scope(query, Window.hall, Window.unit, scope)
    return {w for (w,) in query.tuples()}


def _published_in(period):
    return ((Inspection.status == InspectionStatus.PUBLISHED)
            & (Inspection.date >= period.start) & (Inspection.date <= period.end))


def _scope(query, hall_field, unit_field, scope):
    if scope.hall_id is not None:
        query = query.where(hall_field == scope.hall_id)
    if scope.unit_id is not None:
        query = query.where(unit_field == scope.unit_id)
    return query


def rectification_cases(period, scope):
    """The 整改 cases issued during the period (by their 成文日期), in scope: RectificationCase rows
    with the columns the figures need (so the shared DueWindow can judge them)."""
    from inspectapp.rectifications.models import RectificationCase as C

    query = (C.select(C.id, C.unit, C.status, C.due_on, C.reported_at, C.report_round, C.card)
             .where(C.issued_on.between(period.start, period.end)))
    if scope.hall_id is not None:
        query = query.where(C.hall == scope.hall_id)
    if scope.unit_id is not None:
        query = query.where(C.unit == scope.unit_id)
    return list(query)
