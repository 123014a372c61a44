"""The few queries the statistics read, each for one period and scope, returning plain rows.

Ratings come from the daily rollup (`evaluations.rollup`); 差评 tickets, findings and visits from
their tables (tens of thousands of rows a year, read with indexed range conditions). Only
published inspections and active findings count.
"""
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from peewee import JOIN

from inspectapp.complaints.models import ComplaintTicket
from inspectapp.complaints.models import TicketStatus
from inspectapp.evaluations import rollup
from inspectapp.evaluations.models import utc_start_of
from inspectapp.inspections.models import ChecklistItem
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Status as InspectionStatus
from inspectapp.inspections.models import WindowVisit
from inspectapp.orgs.models import Window

#: Ticket statuses that mean the 差评 was handled (立行立改, 限期整改 completed, 解释说明).
HANDLED = (TicketStatus.HANDLED, TicketStatus.FEEDBACK_GIVEN, TicketStatus.CLOSED)


def rating_rows(period, scope):
    """[(window_id, hall_id, unit_id, l1…l5, held, excluded, rejected)] for the period."""
    return rollup.window_rows(period.start, period.end, scope.hall_id, scope.unit_id)


@dataclass(frozen=True)
class TicketRow:
    window_id: int
    hall_id: int
    unit_id: int
    status: str
    status_before_appeal: str
    called_back_at: dt.datetime | None
    callback_due_on: dt.date
    close_due_on: dt.date

    @property
    def is_open(self):
        return self.status not in TicketStatus.TERMINAL

    @property
    def is_handled(self):
        return self.status in HANDLED or (self.status == TicketStatus.APPEALED
                                          and self.status_before_appeal in HANDLED)

    @property
    def called_back_on_time(self):
        """Called back no later than the end of its 回访 deadline day (local time)."""
        return (self.called_back_at is not None
                and self.called_back_at < utc_start_of(self.callback_due_on + dt.timedelta(days=1)))


def ticket_rows(period, scope):
    """差评 tickets opened during the period, with the unit and hall they were given under."""
    t = ComplaintTicket
    query = (t.select(t.window, t.hall, t.unit, t.status, t.status_before_appeal, t.called_back_at,
                      t.callback_due_on, t.close_due_on)
             .where((t.opened_at >= utc_start_of(period.start))
                    & (t.opened_at < utc_start_of(period.end + dt.timedelta(days=1)))))
    query = _scope(query, t.hall, t.unit, scope)
    return [TicketRow(*row) for row in query.order_by().tuples()]


@dataclass(frozen=True)
class FindingRow:
    inspection_id: int
    window_id: int | None
    unit_id: int | None
    code: str
    category: str
    problem: str
    severity: str
    deduction: Decimal
    is_critical: bool


def finding_rows(period, scope):
    """Active findings of inspections published and held during the period."""
    query = (Finding.select(Finding.inspection, Finding.window, Finding.unit, ChecklistItem.code,
                            ChecklistItem.category, ChecklistItem.problem, Finding.severity, Finding.deduction,
                            ChecklistItem.is_critical)
             .join(ChecklistItem).switch(Finding).join(Inspection)
             .where(_published_in(period) & (Finding.status == FindingStatus.ACTIVE)))
    query = _scope(query, Inspection.hall, Finding.unit, scope)
    return [FindingRow(i, w, u, code, cat, prob, sev, Decimal(ded), bool(crit))
            for i, w, u, code, cat, prob, sev, ded, crit in query.order_by().tuples()]


def visit_rows(period, scope):
    """{(inspection_id, window_id): unit_id} for every window checked (with or without findings)."""
    query = (WindowVisit.select(WindowVisit.inspection, WindowVisit.window, WindowVisit.unit)
             .join(Inspection).where(_published_in(period)))
    query = _scope(query, Inspection.hall, WindowVisit.unit, scope)
    return {(i, w): u for i, w, u in query.order_by().tuples()}


def inspection_count(period, scope):
    query = Inspection.select().where(_published_in(period))
    if scope.hall_id is not None:
        query = query.where(Inspection.hall == scope.hall_id)
    if scope.unit_id is not None:
        query = query.where(Inspection.id.in_(WindowVisit.select(WindowVisit.inspection)
                                              .where(WindowVisit.unit == scope.unit_id)))
    return query.count()


def finding_details(period, scope):
    """Findings with everything a bulletin names: time, window, unit, item, 工号, the sentence."""
    query = (Finding.select(Finding, ChecklistItem, Inspection, Window)
             .join(ChecklistItem).switch(Finding).join(Inspection).switch(Finding)
             .join(Window, JOIN.LEFT_OUTER)
             .where(_published_in(period) & (Finding.status == FindingStatus.ACTIVE)))
    query = _scope(query, Inspection.hall, Finding.unit, scope)
    return list(query.order_by(Inspection.date, Finding.recorded_at, Finding.id))


def windows_in_scope(period, scope):
    """Active windows that existed by the end of the period, in the scope by their current hall
    and unit: the denominator of coverage (rated windows are added by the caller)."""
    query = Window.select(Window.id).where(
        Window.is_active & (Window.created_at < utc_start_of(period.end + dt.timedelta(days=1))))
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
