"""Monthly series for trend lines: ratings (count, 好评率, 差评) and findings per month."""
from dataclasses import dataclass

from inspectapp.evaluations import rollup
from inspectapp.inspections import rollup as inspection_rollup
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
    findings = inspection_rollup.monthly_findings(first, last, scope.hall_id, scope.unit_id, window_id)
    return [MonthPoint(m, RatingFigures.of(ratings.get(m.start, [0] * 8), positive_includes_basic),
                       findings.get(m.start, 0)) for m in months]
