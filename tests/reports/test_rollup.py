"""The daily rating rollup always equals the live query: after the days are rolled up, and after
new ratings, holds, releases, rejections and upheld appeals touch days already rolled up."""
import datetime as dt

from inspectapp.common.timeutil import local_today
from inspectapp.complaints import services as complaints
from inspectapp.evaluations import rollup
from inspectapp.evaluations import services as evaluations
from inspectapp.evaluations.models import Evaluation
from inspectapp.evaluations.models import Status
from inspectapp.evaluations.rollup import EvaluationDay
from inspectapp.evaluations.rollup import RollupState
from inspectapp.inspections import rollup as inspection_rollup
from tests.reports.conftest import RULES
from tests.reports.conftest import rate
from tests.reports.conftest import ticket_of
from tests.reports.conftest import unit_manager_of

START, END = dt.date(2025, 10, 1), local_today()


def assert_rollup_equals_live(**scope):
    assert sorted(rollup.window_rows(START, END, **scope)) == sorted(rollup.live_rows(START, END, **scope))
    for day in (dt.date(2025, 11, 3), dt.date(2025, 11, 7), local_today()):
        assert sorted(rollup.window_rows(day, day, **scope)) == sorted(rollup.live_rows(day, day, **scope))
    by_day = rollup.day_totals(dt.date(2025, 11, 1), dt.date(2025, 11, 30), **scope)
    for day, counts in by_day.items():
        live = [sum(col) for col in zip(*[r[3:] for r in rollup.live_rows(day, day, **scope)])]
        assert counts == live, day


def test_rollup_equals_live_after_every_kind_of_change(scenario):
    a01, a02 = scenario.w["A01"], scenario.w["A02"]
    assert_rollup_equals_live()
    assert RollupState.get().complete_until == local_today()
    rolled = EvaluationDay.select().count()
    assert rolled > 0

    rate(a01, 2, dt.datetime(2025, 11, 3, 16, 0))  # a new rating stored with a past time
    assert_rollup_equals_live()
    held = rate(a02, 5, dt.datetime(2025, 11, 7, 9, 4), device="phone-y")  # held: cool-down
    assert held.status == Status.HELD
    assert_rollup_equals_live()
    evaluations.release(held, scenario.admin, "核实为真实评价", RULES)
    assert_rollup_equals_live()
    again = rate(a02, 1, dt.datetime(2025, 11, 7, 9, 6), device="phone-y")
    evaluations.reject(again, scenario.admin, "重复评价")
    assert_rollup_equals_live()

    ticket = ticket_of(Evaluation.get((Evaluation.window == a02) & (Evaluation.level == 2)
                                      & (Evaluation.status == Status.VALID)))
    complaints.appeal(ticket, unit_manager_of(ticket), "恶意差评", "录像")
    complaints.decide_appeal(ticket, scenario.admin, True, "成立")
    assert ticket.evaluation.is_excluded
    assert_rollup_equals_live()
    assert_rollup_equals_live(hall_id=scenario.hall.id, unit_id=scenario.u1.id)
    assert_rollup_equals_live(window_id=a02.id)


def test_today_is_read_live(scenario):
    before = rollup.window_rows(local_today(), local_today())
    rate(scenario.w["A01"], 5, dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None)
         - dt.timedelta(minutes=1))
    after = rollup.window_rows(local_today(), local_today())
    assert sum(r[7] for r in after) == sum(r[7] for r in before) + 1  # l5
    assert not EvaluationDay.select().where(EvaluationDay.day == local_today()).exists()


def test_rebuild_gives_the_same_rows(scenario):
    first = sorted(rollup.window_rows(START, END))
    rollup.rebuild()
    assert sorted(rollup.window_rows(START, END)) == first


def test_segments_split_whole_months_days_and_live():
    from inspectapp.evaluations.rollup import _segments

    d = dt.date
    until = d(2026, 12, 1)
    assert _segments(d(2026, 1, 1), d(2026, 11, 30), until) == ((d(2026, 1, 1), d(2026, 11, 1)), [], None)
    assert _segments(d(2026, 1, 15), d(2026, 3, 10), until) == (
        (d(2026, 2, 1), d(2026, 2, 1)), [(d(2026, 1, 15), d(2026, 1, 31)), (d(2026, 3, 1), d(2026, 3, 10))], None)
    assert _segments(d(2026, 3, 2), d(2026, 3, 20), until) == (None, [(d(2026, 3, 2), d(2026, 3, 20))], None)
    assert _segments(d(2026, 11, 1), d(2026, 12, 31), until) == (
        (d(2026, 11, 1), d(2026, 11, 1)), [], (d(2026, 12, 1), d(2026, 12, 31)))
    assert _segments(d(2026, 12, 1), d(2026, 12, 31), until) == (None, [], (d(2026, 12, 1), d(2026, 12, 31)))


def _plain(sums):
    """The sums as plain dicts without empty rows (a defaultdict grows a row when it is read)."""
    return ({k: v for k, v in sums.windows.items() if any(v)}, {k: v for k, v in sums.units.items() if any(v)},
            {k: n for k, n in sums.items.items() if n})


def assert_inspections_rollup_equals_live(s):
    periods = [(START, END), (dt.date(2025, 11, 1), dt.date(2025, 11, 30)), (dt.date(2025, 11, 15), dt.date(2025, 12,
                                                                                                            10)),
               (dt.date(2025, 11, 10), dt.date(2025, 11, 10))]
    scopes = [{}, {"hall_id": s.hall.id}, {"unit_id": s.u1.id}, {"hall_id": s.hall.id, "unit_id": s.u2.id}]
    for start, end in periods:
        for scope in scopes:
            rolled = _plain(inspection_rollup.period_sums(start, end, **scope))
            assert rolled == _plain(inspection_rollup.live_sums(start, end, **scope)), (start, end, scope)
    months = inspection_rollup.monthly_findings(dt.date(2025, 10, 1), dt.date(2025, 12, 1), s.hall.id)
    assert months == {dt.date(2025, 11, 1): sum(_plain(inspection_rollup.live_sums(
        dt.date(2025, 11, 1), dt.date(2025, 11, 30)))[1][u][1] for u in (s.u1.id, s.u2.id, None))}


def test_inspections_rollup_equals_live_after_publishing(scenario):
    from inspectapp.inspections.rollup import InspectionWindowMonth
    from tests.reports.conftest import publish

    s = scenario
    assert_inspections_rollup_equals_live(s)  # the first read builds the rollup
    november = InspectionWindowMonth.select().where(InspectionWindowMonth.month == dt.date(2025, 11, 1))
    assert {(r.window_id, r.unit_id, r.visits, r.findings) for r in november} == {
        (s.w["A01"].id, s.u1.id, 2, 2), (s.w["A02"].id, s.u1.id, 1, 0), (s.w["A03"].id, s.u1.id, 1, 1),
        (s.w["A03"].id, s.u2.id, 1, 1)}
    publish(s.inspections[2], s.admin)  # published after the rollup was built: its month is recomputed
    assert InspectionWindowMonth.get(window=s.w["A02"], month=dt.date(2025, 11, 1)).findings == 1
    assert_inspections_rollup_equals_live(s)
    first = _plain(inspection_rollup.period_sums(START, END))
    inspection_rollup.rebuild()
    assert _plain(inspection_rollup.period_sums(START, END)) == first
