"""The same period's 好差评 好评率 and 暗访 findings of a unit or a staff member, for the 表扬 list.

A minimal, separate query module: issue 8's period statistics (reports) are not on main yet;
when they land, these two functions are what to swap for them.
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
from inspectapp.orgs.models import Window


@dataclass
class Record:
    ratings: int = 0
    positive: int = 0
    deductions: Decimal = Decimal(0)
    findings: int = 0
    serious: int = 0

    @property
    def positive_rate(self):
        return 100.0 * self.positive / self.ratings if self.ratings else None

    @property
    def inspection_score(self):
        return float(max(Decimal(0), Decimal(100) - self.deductions))


def rating_records(by, start, end, positive_levels=(5, 4, 3)):
    """{unit or staff id: (counted ratings, 好评)} of ratings submitted on local dates start..end."""
    column = Evaluation.unit if by == "unit" else Evaluation.staff
    rows = (Evaluation.select(column, fn.COUNT(Evaluation.id),
                              fn.SUM(Case(None, [(Evaluation.level.in_(positive_levels), 1)], 0)))
            .where(Evaluation.counted() & Evaluation.in_period(start, end) & column.is_null(False))
            .group_by(column).tuples())
    return {key: (int(n), int(positive or 0)) for key, n, positive in rows}


def finding_records(by, start, end):
    """{unit id or 工号: (deductions, findings, serious findings)} of published, active findings
    of inspections dated start..end."""
    key = Window.unit if by == "unit" else Finding.staff_no
    query = (Finding.select(key, fn.SUM(Finding.deduction), fn.COUNT(Finding.id),
                            fn.SUM(Case(None, [(Finding.severity == Severity.SERIOUS, 1)], 0)))
             .join(Inspection).switch(Finding).join(Window)
             .where((Inspection.status == InspectionStatus.PUBLISHED) & (Finding.status == FindingStatus.ACTIVE)
                    & (Inspection.date >= start) & (Inspection.date <= end))
             .group_by(key).tuples())
    return {k: (Decimal(str(d or 0)), int(n), int(s or 0)) for k, d, n, s in query if k not in (None, "")}
