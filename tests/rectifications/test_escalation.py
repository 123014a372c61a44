"""The ladder 提醒 → 黄牌 → 红牌 over a simulated fortnight: idempotent, catch-up once, never lowered."""
import datetime as dt

import pytest

from inspectapp.rectifications import escalation
from inspectapp.rectifications import services
from inspectapp.rectifications.models import Card
from inspectapp.rectifications.models import RectificationCase
from inspectapp.rectifications.models import RectificationEvent
from inspectapp.rectifications.workflow import Action
from tests.rectifications.factories import ISSUER
from tests.rectifications.factories import make_world
from tests.rectifications.factories import open_cases

#: Issued Tue 24 Nov 2026 with 3 working days: due Fri 27 Nov. Working days overdue from there:
#: Mon 30 Nov = 1, Tue 1 Dec = 2, Wed 2 Dec = 3, Thu 3 Dec = 4, Fri 4 Dec = 5.
ISSUED = dt.date(2026, 11, 24)


@pytest.fixture
def world(app):
    return make_world()


def _cases(world):
    social, estate = open_cases(world, days=3)
    for case in (social, estate):
        services.issue(case, world.admin, ISSUER, today=ISSUED)
    return RectificationCase.get_by_id(social.id), RectificationCase.get_by_id(estate.id)


def escalations(case):
    return [e.data_dict["to"] for e in RectificationEvent.select().where(
        (RectificationEvent.case == case) & (RectificationEvent.action == Action.ESCALATE)).order_by(
        RectificationEvent.id)]


def card(case):
    return RectificationCase.get_by_id(case.id).card


def test_card_for_thresholds():
    assert [escalation.card_for(n) for n in range(7)] == [0, 1, 1, 2, 2, 3, 3]
    assert escalation.card_for(2, thresholds=(2, 4, 8)) == Card.REMINDER


def test_a_daily_run_over_a_fortnight_escalates_each_step_once(world):
    social, estate = _cases(world)
    services.acknowledge(estate, world.estate_manager)
    services.extend(estate, world.admin, 10, "配合系统改造", today=ISSUED)  # estate is not late at all
    raised_on = {}
    for offset in range(15):
        day = ISSUED + dt.timedelta(days=offset)
        first = escalation.escalate(day)
        second = escalation.escalate(day)  # the admin's button after the cron job: nothing more
        assert second.total == 0, day
        for level, ids in first.raised.items():
            if ids:
                raised_on[level] = day
    assert raised_on == {Card.REMINDER: dt.date(2026, 11, 30), Card.YELLOW: dt.date(2026, 12, 2),
                         Card.RED: dt.date(2026, 12, 4)}
    assert escalations(social) == ["reminder", "yellow", "red"] and card(social) == Card.RED
    assert escalations(estate) == [] and card(estate) == Card.NONE
    event = RectificationEvent.select().where((RectificationEvent.case == social)
                                              & (RectificationEvent.action == Action.ESCALATE)).first()
    assert event.actor_id is None and "逾期1个工作日" in event.note


def test_missed_days_catch_up_once_not_once_per_day(world):
    social, _estate = _cases(world)
    run = escalation.escalate(dt.date(2026, 12, 7))  # first run in a week: 6 working days late
    assert run.raised[Card.RED] == [social.id, _estate.id] and run.total == 2
    assert escalations(social) == ["red"]
    event = social.events.where(RectificationEvent.action == Action.ESCALATE).get()
    assert event.data_dict["skipped"] == ["reminder", "yellow"] and event.data_dict["overdue_days"] == 6
    assert escalation.escalate(dt.date(2026, 12, 8)).total == 0


def test_a_report_stops_the_clock_and_cards_are_never_lowered(world, tmp_path):
    from tests.rectifications.factories import complete_report

    social, estate = _cases(world)
    escalation.escalate(dt.date(2026, 12, 2))  # both yellow
    services.acknowledge(social, world.manager)
    complete_report(social, world.manager, tmp_path, today=dt.date(2026, 12, 2))
    services.acknowledge(estate, world.estate_manager)
    services.extend(estate, world.admin, 5, "延期", today=dt.date(2026, 12, 2))
    run = escalation.escalate(dt.date(2026, 12, 4))
    assert run.total == 0  # reported (waits for the admin) and extended cases are not late
    assert card(social) == card(estate) == Card.YELLOW  # a card, once given, stays on the record


def test_two_runs_at_the_same_moment_raise_a_card_once(world):
    social, _estate = _cases(world)
    stale = RectificationCase.get_by_id(social.id)
    escalation.escalate(dt.date(2026, 11, 30))
    assert escalation._raise(stale, Card.REMINDER, 1, None) is False  # read before the other run wrote
    assert escalations(social) == ["reminder"]


def test_cli_and_button_run_the_same_ladder(world, runner, client, login_as):
    social, _estate = _cases(world)
    result = runner.invoke(args=["rectifications", "escalate", "--today", "2026-12-02"])
    assert result.exit_code == 0, result.output
    assert "黄牌: 2" in result.output and "2 case(s) escalated" in result.output
    again = runner.invoke(args=["rectifications", "escalate", "--today", "2026-12-02"])
    assert "0 case(s) escalated" in again.output
    login_as(world.admin)
    response = client.post("/rectifications/escalate", follow_redirects=True)
    assert response.status_code == 200  # today (Dec 2026 or later): at least red by now
    assert card(social) == Card.RED or "没有需要升级" in response.get_data(as_text=True)
    login_as(world.manager)
    assert client.post("/rectifications/escalate").status_code == 403
