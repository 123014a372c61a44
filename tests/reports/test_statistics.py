"""Period statistics against answers computed by hand for the scenario in conftest.py.

November 2025, everything:
  A01 counted 5,5,4,3,2 (the 1 of 3 Nov is excluded by an upheld appeal) → 5 rated, 好评 4, 差评 1, Σ37
  A02 counted 5,2,4; one held, one rejected                              → 3 rated, 好评 2, 差评 1, Σ21
  A03 counted 5 (社保), 4 and 1 (医保)                                   → 3 rated, 好评 2, 差评 1, Σ18
  total 11 rated, 好评 8 (72.73 %), 差评 3, Σ76, 平均分 6.909; coverage 3 of 4 active windows.
"""
import datetime as dt

import pytest

from inspectapp.reports.periods import Period
from inspectapp.reports.periods import Scope
from inspectapp.reports.stats import Settings
from inspectapp.reports.stats import period_statistics
from inspectapp.reports.stats import with_previous
from inspectapp.reports.stats import worsening_windows

NOV = Period.month(2025, 11)
AS_OF = dt.date(2025, 12, 15)
approx = pytest.approx


def stats_for(scope=Scope(), period=NOV, settings=Settings()):
    return period_statistics(period, scope, settings, as_of=AS_OF)


def test_ratings_of_the_month(shared_scenario):
    s = stats_for()
    r = s.ratings
    assert (r.counted, r.positive, r.negative, r.score_sum) == (11, 8, 3, 76)
    assert (r.held, r.excluded, r.rejected) == (1, 1, 1)
    assert r.positive_rate == approx(100 * 8 / 11)
    assert r.average_score == approx(76 / 11)
    assert (s.windows_rated, s.windows_total, s.coverage_rate) == (3, 4, 75.0)
    a01 = s.window(shared_scenario.w["A01"].id).ratings
    assert (a01.levels, a01.excluded) == ([0, 1, 1, 1, 2], 1)


def test_basic_satisfied_can_be_left_out_of_positive(shared_scenario):
    s = stats_for(settings=Settings(positive_includes_basic=False))
    assert s.ratings.positive == 7  # the one 基本满意 of A01 no longer counts


def test_complaint_handling(shared_scenario):
    c = stats_for().complaints
    # Four tickets: A01 upheld appeal, A01 explained and closed (called back the same day),
    # A02 fixed at once but called back a week late, A03 untouched.
    assert (c.opened, c.upheld, c.due, c.rectified, c.closed) == (4, 1, 3, 2, 1)
    # Overdue on 15 Dec: A02's (handled, never closed) and A03's (never called back).
    assert (c.called_back_on_time, c.overdue) == (1, 2)
    assert c.rectification_rate == approx(200 / 3)
    assert c.callback_rate == approx(100 / 3)


def test_inspections_count_published_findings_only(shared_scenario):
    i = stats_for().inspections
    assert (i.inspections, i.windows_visited, i.findings, i.critical, i.hall_area) == (2, 3, 5, 1, 1)
    assert i.by_severity == {"minor": 3, "moderate": 1, "serious": 1}
    assert i.by_category == {"A 在岗与考勤": 1, "B 工作纪律": 1, "C 仪容仪表与标识": 1, "D 服务态度（冷、硬、横）": 1,
                             "G 大厅环境与公开": 1}


def test_window_scores_average_their_visits(shared_scenario):
    s = stats_for()
    w = shared_scenario.w
    a01, a02, a03 = (s.window(w[n].id).inspection for n in ("A01", "A02", "A03"))
    assert (a01.visits, a01.score, a01.grade) == (2, 99.0, "pass")  # 98 and 100
    assert (a02.visits, a02.score) == (1, 100.0)
    assert (a03.visits, a03.score, a03.critical) == (2, 97.0, 1)  # 97 (D4) and 97 (A3)


def test_a_window_that_moved_counts_for_the_unit_it_had(shared_scenario):
    s = stats_for()
    u1, u2 = s.unit(shared_scenario.u1.id), s.unit(shared_scenario.u2.id)
    assert (u1.ratings.counted, u1.ratings.positive, u1.ratings.score_sum) == (9, 7, 68)
    assert (u2.ratings.counted, u2.ratings.positive, u2.ratings.score_sum) == (2, 1, 8)
    # 社保: inspection 1 = 100 − (1 + 1 + 3 at A03 while it was theirs) = 95, inspection 2 = 100.
    assert (u1.inspection.visits, u1.inspection.score) == (2, 97.5)
    assert (u2.inspection.visits, u2.inspection.score) == (1, 97.0)
    assert (u1.complaints.due, u1.complaints.rectified, u1.complaints.called_back_on_time) == (2, 2, 1)
    assert (u2.complaints.due, u2.complaints.rectified, u2.complaints.overdue) == (1, 0, 1)
    assert set(s.window(shared_scenario.w["A03"].id).unit_ids) == {shared_scenario.u1.id, shared_scenario.u2.id}


def test_unit_scope(shared_scenario):
    s1 = stats_for(Scope(unit_id=shared_scenario.u1.id))
    assert (s1.ratings.counted, s1.inspections.findings, s1.inspections.inspections) == (9, 3, 2)
    assert (s1.windows_rated, s1.windows_total) == (3, 3)  # A01, A02 now; A03 rated while theirs
    assert s1.window(shared_scenario.w["A03"].id).ratings.counted == 1
    s2 = stats_for(Scope(unit_id=shared_scenario.u2.id))
    assert (s2.ratings.counted, s2.inspections.findings, s2.inspections.inspections) == (2, 1, 1)
    assert (s2.windows_rated, s2.windows_total) == (1, 2)  # A03 of B01 and A03
    assert [u.id for u in s2.units] == [shared_scenario.u2.id]


def test_composite_scores_and_ranking(shared_scenario):
    s = stats_for()
    u1, u2 = s.units
    assert (u1.id, u1.rank, u2.id, u2.rank) == (shared_scenario.u1.id, 1, shared_scenario.u2.id, 2)
    # 社保: 评价 68/9×10, 差评处置 (100 + 50)/2, 暗访 97.5; 医保: 40, (0 + 0)/2, 97; weights 40/20/30.
    assert u1.composite.score == approx((40 * 680 / 9 + 20 * 75 + 30 * 97.5) / 90)
    assert u2.composite.score == approx((40 * 40 + 20 * 0 + 30 * 97) / 90)


def test_window_index_and_ranking(shared_scenario):
    s = stats_for()
    m = 76 / 11
    expected = {"A01": (0.6 * 10 * (37 + 10 * m) / 15 + 0.4 * 99),
                "A02": (0.6 * 10 * (21 + 10 * m) / 13 + 0.4 * 100),
                "A03": (0.6 * 10 * (18 + 10 * m) / 13 + 0.4 * 97)}
    for rank, number in enumerate(("A01", "A02", "A03"), start=1):
        row = s.window(shared_scenario.w[number].id)
        assert (row.index, row.rank) == (approx(expected[number]), rank)
    assert s.window(shared_scenario.w["B01"].id) is None  # nothing to rank


def test_change_against_october(shared_scenario):
    current, previous = with_previous(NOV, Scope(), Settings(), as_of=AS_OF)
    assert (previous.ratings.counted, previous.ratings.score_sum) == (2, 10)
    u1 = current.unit(shared_scenario.u1.id)
    # October 社保: 评价 50, 差评处置 0 (one ticket, nothing done), not inspected → (40×50)/60.
    assert u1.change == approx(u1.composite.score - 2000 / 60)
    assert u1.previous_rank == 1
    a01 = current.window(shared_scenario.w["A01"].id)
    assert a01.change == approx(a01.index - 50)  # October: 10 × (10 + 10 × 5) / 12


def test_worsening_windows_are_flagged(shared_scenario):
    current, _ = with_previous(Period.month(2025, 12), Scope(), Settings(), as_of=AS_OF)
    flagged = worsening_windows(current, Settings())
    # A02: five 非常不满意 in December (index 0) after 81.6 in November; A01 has one rating only.
    assert [w.id for w in flagged] == [shared_scenario.w["A02"].id]
    assert flagged[0].change == approx(-(0.6 * 10 * (21 + 10 * 76 / 11) / 13 + 0.4 * 100))


def test_an_empty_period(shared_scenario):
    s = stats_for(period=Period.month(2025, 9))
    assert (s.ratings.counted, s.ratings.positive_rate, s.ratings.average_score) == (0, None, None)
    assert (s.complaints.opened, s.complaints.rectification_rate, s.inspections.findings) == (0, None, 0)
    assert (s.units, s.windows, s.windows_rated, s.windows_total) == ([], [], 0, 4)
    assert s.coverage_rate == 0.0


def test_quarter_and_dates_add_up(shared_scenario):
    q4 = stats_for(period=Period.quarter(2025, 4))
    assert q4.ratings.counted == 2 + 11 + 6
    first_half = stats_for(period=Period.dates(dt.date(2025, 11, 1), dt.date(2025, 11, 14)))
    assert first_half.ratings.counted == 5 + 3 + 1  # A01 all, A02 all, A03's rating of 5 Nov
