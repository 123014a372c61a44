"""Scores are pure functions: 100 minus deductions, floor 0, graded by configurable thresholds."""
from decimal import Decimal as D

import pytest

from inspectapp.inspections.scoring import Grade
from inspectapp.inspections.scoring import Outcome
from inspectapp.inspections.scoring import Result
from inspectapp.inspections.scoring import Thresholds
from inspectapp.inspections.scoring import grade_for
from inspectapp.inspections.scoring import score_of
from inspectapp.inspections.scoring import scores_by


def fail(code, points, critical=False, window=1, unit=10):
    return Result(code=code, deduction=D(points), is_critical=critical, window_id=window, unit_id=unit)


def na(code, points, window=1, unit=10):
    return Result(code=code, deduction=D(points), outcome=Outcome.NOT_APPLICABLE, window_id=window, unit_id=unit)


def test_nothing_found_is_full_marks():
    score = score_of([])
    assert score.score == 100 and score.deducted == 0 and score.grade == Grade.PASS
    assert score.failed == 0 and score.critical == ()


def test_deductions_add_up_including_half_points():
    score = score_of([fail("B1", "1"), fail("C4", "0.5"), fail("A3", "3")])
    assert score.score == D("95.5") and score.deducted == D("4.5") and score.failed == 3


def test_not_applicable_items_deduct_nothing_and_are_counted_apart():
    score = score_of([fail("B1", "1"), na("F1", "1"), na("G4", "0.5")])
    assert score.score == 99 and score.failed == 1 and score.not_applicable == 2


def test_only_not_applicable_items_is_full_marks():
    score = score_of([na("F1", "1"), na("E3", "5")])
    assert score.score == 100 and score.grade == Grade.PASS and score.critical == ()


def test_floor_is_zero():
    score = score_of([fail(f"E{i}", "5", critical=True) for i in range(30)])
    assert score.score == 0 and score.deducted == 150 and score.grade == Grade.FAIL


def test_repeated_findings_each_count():
    score = score_of([fail("B1", "1"), fail("B1", "1")])
    assert score.score == 98 and score.failed == 2


def test_critical_items_are_noted_not_hidden():
    score = score_of([fail("D4", "3", critical=True), fail("B1", "1"), na("E5", "5")])
    # A critical N/A item is not a failure: only D4 is noted.
    assert score.critical == ("D4",)
    assert score.score == 96 and score.grade == Grade.PASS


@pytest.mark.parametrize("value,grade", [
    ("100", Grade.PASS), ("80", Grade.PASS), ("79.5", Grade.BASIC), ("60", Grade.BASIC),
    ("59.5", Grade.FAIL), ("0", Grade.FAIL),
])
def test_default_thresholds_80_and_60(value, grade):
    assert grade_for(D(value)) == grade


def test_configurable_thresholds():
    strict = Thresholds.of((90, 75))
    assert grade_for(D(85), strict) == Grade.BASIC
    assert grade_for(D(74), strict) == Grade.FAIL
    assert score_of([fail("A3", "3")], strict).grade == Grade.PASS
    assert score_of([fail("E1", "5"), fail("E3", "5")], strict).grade == Grade.PASS  # 90: on the line
    assert score_of([fail("E1", "5"), fail("E3", "5"), fail("B1", "1")], strict).grade == Grade.BASIC


@pytest.mark.parametrize("pair", [(60, 80), (120, 60), (80, -1)])
def test_thresholds_must_be_ordered(pair):
    with pytest.raises(ValueError):
        Thresholds.of(pair)


def test_scores_by_window_and_unit_include_clean_visited_windows():
    results = [
        fail("B1", "1", window=1, unit=10),
        fail("A3", "3", window=2, unit=10),
        na("F1", "1", window=3, unit=20),
        fail("G2", "1", window=None, unit=None),  # hall public area: no window, no unit
    ]
    by_window = scores_by(results, "window_id", visited=[1, 2, 3, 4])
    assert {k: s.score for k, s in by_window.items()} == {1: 99, 2: 97, 3: 100, 4: 100}
    by_unit = scores_by(results, "unit_id", visited=[10, 20, 30])
    # A unit's score is 100 minus all deductions at its windows (not an average of windows).
    assert {k: s.score for k, s in by_unit.items()} == {10: 96, 20: 100, 30: 100}
    assert by_unit[20].not_applicable == 1
    assert None not in by_window and None not in by_unit
