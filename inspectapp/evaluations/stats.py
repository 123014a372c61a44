"""Per-window figures: count, 好评率, 差评数, average score (10/8/6/3/0), held and excluded counts.

Counted = valid and not excluded by an upheld appeal; held and rejected ratings are left out of
every figure, excluded ones are reported separately.
"""
from dataclasses import dataclass

from peewee import Case
from peewee import fn

from inspectapp.evaluations.models import Evaluation
from inspectapp.evaluations.models import Level
from inspectapp.evaluations.models import Status


@dataclass
class Figures:
    counted: int = 0
    positive: int = 0
    negative: int = 0
    score_sum: int = 0
    held: int = 0
    excluded: int = 0

    @property
    def positive_rate(self):
        """好评率 in percent, or None without counted ratings."""
        return round(100.0 * self.positive / self.counted, 1) if self.counted else None

    @property
    def average_score(self):
        return round(self.score_sum / self.counted, 2) if self.counted else None

    def add(self, other):
        for name in ("counted", "positive", "negative", "score_sum", "held", "excluded"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def sum_if(condition, value=1):
    return fn.SUM(Case(None, [(condition, value)], 0))


def by_window(query, positive_includes_basic=True):
    """{window_id: Figures} for the ratings of an (already scoped and filtered) Evaluation query."""
    counted = Evaluation.counted()
    positive_levels = (5, 4, 3) if positive_includes_basic else (5, 4)
    score = Case(Evaluation.level, [(level, points) for level, points in Level.SCORES.items()], 0)
    rows = (query.select(
        Evaluation.window,
        sum_if(counted).alias("counted"),
        sum_if(counted & Evaluation.level.in_(positive_levels)).alias("positive"),
        sum_if(counted & Evaluation.level.in_(Level.NEGATIVE)).alias("negative"),
        fn.SUM(Case(None, [(counted, score)], 0)).alias("score_sum"),
        sum_if(Evaluation.status == Status.HELD).alias("held"),
        sum_if((Evaluation.status == Status.VALID) & Evaluation.is_excluded).alias("excluded"),
    ).group_by(Evaluation.window).order_by().tuples())
    return {window_id: Figures(*(int(v or 0) for v in values)) for window_id, *values in rows}
