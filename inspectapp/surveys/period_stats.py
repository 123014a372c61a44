"""The same period's 好差评 and 暗访 figures of the appraised units or staff, for the 表扬 list.

Units: the reports' period statistics (reports/stats.py, what the bulletins print): counted
ratings and 好评, and the unit's 暗访 score — the average over the period's inspections of
100 − that inspection's deductions at the unit (None when the unit was not inspected).
Staff (the reports keep no per-person figures): the ratings that named them as the person who
served, and 100 − the deductions of findings recorded against their 工号 (floor 0).
Either way, whether any 严重 finding was recorded in the period (never proposed for 表扬).
"""
from dataclasses import dataclass
from decimal import Decimal

from peewee import Case
from peewee import fn

from inspectapp.evaluations.models import Evaluation
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Severity
from inspectapp.inspections.models import Status as InspectionStatus
from inspectapp.reports.periods import Period
from inspectapp.reports.periods import Scope
from inspectapp.reports.stats import Settings
from inspectapp.reports.stats import period_statistics


@dataclass
class Record:
    ratings: int = 0
    positive: int = 0
    #: 0…100, or None when there is nothing to score (a unit not inspected in the period).
    inspection_score: float | None = 100.0
    deductions: float = 0.0
    findings: int = 0
    serious: int = 0

    @property
    def positive_rate(self):
        return 100.0 * self.positive / self.ratings if self.ratings else None


def empty(by):
    """The figures of a subject without ratings or findings in the period."""
    return Record(inspection_score=None if by == "unit" else 100.0)


def records(by, start, end, positive_levels=(5, 4, 3)):
    """{unit id | staff id: Record} for the period start..end (local dates, inclusive)."""
    return _unit_records(start, end, positive_levels) if by == "unit" else _staff_records(start, end, positive_levels)


def _unit_records(start, end, positive_levels):
    settings = Settings(positive_includes_basic=3 in positive_levels)
    stats = period_statistics(Period.dates(start, end), Scope(), settings, light=True)
    serious = _findings(Finding.unit, start, end)
    out = {}
    for row in stats.units:
        _d, findings, serious_n = serious.get(row.id, (Decimal(0), 0, 0))
        out[row.id] = Record(row.ratings.counted, row.ratings.positive, row.inspection.score,
                             float(row.inspection.deducted or 0), findings, serious_n)
    return out


def _staff_records(start, end, positive_levels):
    from inspectapp.orgs.models import Staff

    ratings = (Evaluation.select(Evaluation.staff, fn.COUNT(Evaluation.id),
                                 fn.SUM(Case(None, [(Evaluation.level.in_(positive_levels), 1)], 0)))
               .where(Evaluation.counted() & Evaluation.in_period(start, end) & Evaluation.staff.is_null(False))
               .group_by(Evaluation.staff).tuples())
    found = _findings(Finding.staff_no, start, end)
    numbers = dict(Staff.select(Staff.id, Staff.staff_no).tuples())
    out = {staff_id: Record(int(n), int(positive or 0)) for staff_id, n, positive in ratings}
    for staff_id, staff_no in numbers.items():
        if staff_no in found:
            deducted, findings, serious = found[staff_no]
            record = out.setdefault(staff_id, Record())
            record.deductions, record.findings, record.serious = float(deducted), findings, serious
            record.inspection_score = float(max(Decimal(0), Decimal(100) - deducted))
    return out


def _findings(key, start, end):
    """{key: (deductions, findings, serious findings)} of the published, active findings of
    inspections dated start..end."""
    query = (Finding.select(key, fn.SUM(Finding.deduction), fn.COUNT(Finding.id),
                            fn.SUM(Case(None, [(Finding.severity == Severity.SERIOUS, 1)], 0)))
             .join(Inspection)
             .where((Inspection.status == InspectionStatus.PUBLISHED) & (Finding.status == FindingStatus.ACTIVE)
                    & (Inspection.date >= start) & (Inspection.date <= end))
             .group_by(key).tuples())
    return {k: (Decimal(str(d or 0)), int(n), int(s or 0)) for k, d, n, s in query if k not in (None, "")}
