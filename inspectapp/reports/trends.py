"""Monthly series for trend lines: ratings (count, 好评率, 差评) and findings per month."""
from collections import Counter
from dataclasses import dataclass

from peewee import JOIN
from peewee import fn

from inspectapp.db import db
from inspectapp.evaluations import rollup
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Status as InspectionStatus
from inspectapp.reports.formulas import RatingFigures
from inspectapp.reports.periods import trailing_months


@dataclass
class MonthPoint:
    period: object  # Period (a month)
    ratings: RatingFigures
    findings: int

    @property
    def label(self):
        return f"{self.period.start.month}月"


def monthly(period, scope, positive_includes_basic=True, count=12, window_id=None):
    """`count` months ending with the month of the period's end, oldest first."""
    months = trailing_months(period, count)
    first, last = months[0].start, months[-1].start
    ratings = rollup.month_totals(first, last, scope.hall_id, scope.unit_id, window_id)
    findings = _findings_by_month(months[0].start, months[-1].end, scope, window_id)
    return [MonthPoint(m, RatingFigures.of(ratings.get(m.start, [0] * 8), positive_includes_basic),
                       findings.get(m.start, 0)) for m in months]


def _findings_by_month(start, end, scope, window_id):
    query = (Inspection.select(Inspection.date, fn.COUNT(Finding.id)).join(Finding, JOIN.CROSS)
             .where((Inspection.status == InspectionStatus.PUBLISHED) & (Inspection.date.between(start, end))
                    & (Finding.inspection == Inspection.id) & (Finding.status == FindingStatus.ACTIVE)))
    if scope.hall_id is not None:
        query = query.where(Inspection.hall == scope.hall_id)
    if scope.unit_id is not None:
        query = query.where(Finding.unit == scope.unit_id)
    if window_id is not None:
        query = query.where(Finding.window == window_id)
    counts = Counter()
    for day, n in db.execute(query.group_by(Inspection.date).order_by()).fetchall():
        day = rollup.as_date(day)
        counts[day.replace(day=1)] += int(n)
    return counts
