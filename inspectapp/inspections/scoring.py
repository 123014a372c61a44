"""Inspection scores: 100 minus deductions, never below 0, graded 合格 / 基本合格 / 不合格.

Pure functions over plain values (domain.md §2.3: "扣完为止，不计负分"; ≥80 合格, 60–80 基本合格,
<60 不合格). No database, no Flask: the services turn findings into `Result`s first.
"""
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from inspectapp.i18n import N_

FULL_MARKS = Decimal(100)


class Grade:
    PASS = "pass"
    BASIC = "basic"
    FAIL = "fail"

    LABELS = {PASS: N_("合格"), BASIC: N_("基本合格"), FAIL: N_("不合格")}


class Outcome:
    #: The item failed: its deduction counts.
    FAIL = "fail"
    #: The item does not apply here (e.g. dropped by the reviewer as 不适用): nothing deducted.
    NOT_APPLICABLE = "na"


@dataclass(frozen=True)
class Thresholds:
    """Lowest score for 合格 and for 基本合格 (defaults 80 and 60, configurable)."""

    passing: Decimal = Decimal(80)
    basic: Decimal = Decimal(60)

    @classmethod
    def of(cls, pair):
        passing, basic = (Decimal(str(v)) for v in pair)
        if not FULL_MARKS >= passing >= basic >= 0:
            raise ValueError(f"grade thresholds must satisfy 100 ≥ pass ≥ basic ≥ 0, got {pair!r}")
        return cls(passing, basic)


@dataclass(frozen=True)
class Result:
    """One checklist outcome at a window (unit_id None: the hall's public area)."""

    code: str
    deduction: Decimal
    outcome: str = Outcome.FAIL
    is_critical: bool = False
    window_id: int | None = None
    unit_id: int | None = None


@dataclass(frozen=True)
class Score:
    score: Decimal
    deducted: Decimal
    grade: str
    failed: int
    not_applicable: int
    #: Codes of the critical items that failed, in the order found (repeats kept).
    critical: tuple

    @property
    def grade_label(self):
        return Grade.LABELS[self.grade]


def grade_for(score, thresholds=Thresholds()):
    if score >= thresholds.passing:
        return Grade.PASS
    if score >= thresholds.basic:
        return Grade.BASIC
    return Grade.FAIL


def score_of(results, thresholds=Thresholds()):
    """Score one window or unit: 100 minus the deductions of its failed items, floor 0."""
    failed = [r for r in results if r.outcome == Outcome.FAIL]
    deducted = sum((Decimal(r.deduction) for r in failed), Decimal(0))
    score = max(Decimal(0), FULL_MARKS - deducted)
    return Score(
        score=score,
        deducted=deducted,
        grade=grade_for(score, thresholds),
        failed=len(failed),
        not_applicable=sum(1 for r in results if r.outcome == Outcome.NOT_APPLICABLE),
        critical=tuple(r.code for r in failed if r.is_critical),
    )


def scores_by(results, key, visited=(), thresholds=Thresholds()):
    """{key value: Score} for every key among the results and in `visited` (those score 100).

    `key` is "window_id" or "unit_id"; results whose key is None (hall-wide findings) are left out.
    """
    groups = defaultdict(list)
    for k in visited:
        groups.setdefault(k, [])
    for result in results:
        k = getattr(result, key)
        if k is not None:
            groups[k].append(result)
    return {k: score_of(rs, thresholds) for k, rs in groups.items()}
