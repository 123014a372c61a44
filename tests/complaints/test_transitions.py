"""The 差评 loop: every allowed step, every forbidden one, appeals, deadlines in working days."""
import datetime as dt

import pytest

from inspectapp.auth.roles import Role
from inspectapp.common.errors import DomainError
from inspectapp.common.workflow import DueState
from inspectapp.complaints import services
from inspectapp.complaints.models import CallbackResult
from inspectapp.complaints.models import ComplaintEvent
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.complaints.models import Outcome
from inspectapp.complaints.models import TicketStatus as S
from inspectapp.complaints.services import TRANSITIONS
from inspectapp.complaints.services import Action
from inspectapp.evaluations.models import Evaluation
from inspectapp.rectifications import opening
from inspectapp.workcal import services as workcal
from tests.complaints.conftest import rate
from tests.factories import make_user
from tests.factories import make_window

CALLED = dt.datetime(2025, 11, 17, 15, 30)


def fresh(ticket):
    return ComplaintTicket.get_by_id(ticket.id)


def event_actions(ticket):
    events = ComplaintEvent.select().where(ComplaintEvent.ticket == ticket).order_by(ComplaintEvent.id)
    return [e.action for e in events]


@pytest.fixture
def manager(ticket):
    return make_user(Role.UNIT_MANAGER, unit=ticket.unit)


@pytest.fixture
def admin(app):
    return make_user(Role.ADMIN)


def test_a_counted_negative_rating_opens_one_ticket_for_the_windows_unit(window):
    evaluation = rate(window, level=2, codes=["213"])
    ticket = evaluation.tickets.get()
    assert (ticket.unit_id, ticket.window_id, ticket.status) == (window.unit_id, window.id, S.OPEN)
    assert event_actions(ticket) == [Action.OPEN]
    # Monday 17 Nov 2025: 回访 by Tuesday, close by the next Monday.
    assert ticket.callback_due_on == dt.date(2025, 11, 18)
    assert ticket.close_due_on == dt.date(2025, 11, 24)
    assert not ticket.deadline_estimated
    assert services.open_for_evaluation(evaluation, 1, 5) == ticket  # idempotent


def test_full_loop_fix_now(ticket, manager):
    services.record_callback(ticket, manager, CALLED, CallbackResult.REACHED, "已致电，群众反映等候时间长")
    services.record_outcome(ticket, manager, Outcome.FIX_NOW, "已增开一个窗口")
    services.give_feedback(ticket, manager, "已电话告知处理结果", "satisfied")
    services.close(ticket, manager, "")
    ticket = fresh(ticket)
    assert ticket.status == S.CLOSED and ticket.closed_at is not None
    assert ticket.callback_result == CallbackResult.REACHED and ticket.outcome == Outcome.FIX_NOW
    assert ticket.citizen_satisfaction == "satisfied"
    assert event_actions(ticket) == ["open", "callback", "fix_now", "feedback", "close"]
    events = list(ComplaintEvent.select().where(ComplaintEvent.ticket == ticket).order_by(ComplaintEvent.id))
    assert [(e.from_status, e.to_status) for e in events[1:]] == [
        (S.OPEN, S.CALLED_BACK), (S.CALLED_BACK, S.HANDLED), (S.HANDLED, S.FEEDBACK_GIVEN),
        (S.FEEDBACK_GIVEN, S.CLOSED)]
    assert all(e.actor_id == manager.id for e in events[1:])


def test_loop_with_rectification_by_deadline_waits_on_its_case(ticket, manager, admin, tmp_path):
    """限期整改 opens a rectification case; the ticket waits on it (its own clock stopped) and moves on
    to feedback when the case is verified — there is no 'rectified' step on the ticket itself."""
    from inspectapp.officialdoc.numbers import Issuer
    from inspectapp.rectifications import opening
    from inspectapp.rectifications import services as rectifications
    from tests.rectifications.factories import complete_report

    services.record_callback(ticket, manager, CALLED, CallbackResult.REACHED, "核实属实")
    with pytest.raises(DomainError, match="须生成整改通知书"):
        services.record_outcome(ticket, manager, Outcome.FIX_BY_DEADLINE, "需要更新办事指南")
    case = opening.open_from_ticket(fresh(ticket), manager, "更新办事指南样本", 10)
    ticket = fresh(ticket)
    assert ticket.status == S.RECTIFYING and ticket.outcome == Outcome.FIX_BY_DEADLINE
    assert not ticket.clock_running() and Action.RECTIFIED not in services.allowed_actions(ticket, manager)
    issuer = Issuer("临江市政务服务管理办公室", "临江市政务服务管理办公室", "临政服")
    rectifications.issue(case, admin, issuer, today=dt.date(2025, 11, 18))
    rectifications.acknowledge(case, manager)
    complete_report(case, manager, tmp_path, today=dt.date(2025, 11, 20))
    assert fresh(ticket).status == S.RECTIFYING  # a report is not a verification
    rectifications.verify(case, admin, issuer, "样本已更新并公示，复查属实", today=dt.date(2025, 11, 26))
    ticket = fresh(ticket)
    assert ticket.status == S.HANDLED and ticket.close_due_on == dt.date(2025, 11, 28)  # 2 working days left
    services.give_feedback(ticket, manager, "已告知", "basic")
    services.close(ticket, manager)
    assert event_actions(ticket) == ["open", "callback", "fix_by_deadline", "rectified", "feedback", "close"]


def test_a_cancelled_draft_case_sends_the_ticket_back_to_choosing_an_outcome(ticket, manager, admin):
    from inspectapp.rectifications import opening

    services.record_callback(ticket, manager, CALLED, CallbackResult.REACHED, "核实属实")
    case = opening.open_from_ticket(fresh(ticket), manager, "更新办事指南样本", 10)
    opening.cancel_draft(case, admin, "经研究，当场已整改完毕，无需下发通知")
    ticket = fresh(ticket)
    assert ticket.status == S.CALLED_BACK and ticket.outcome == ""
    again = opening.open_from_ticket(fresh(ticket), manager, "仍需限期整改", 10)  # a second try is a new case
    assert again.id != case.id and fresh(ticket).status == S.RECTIFYING


def test_loop_with_explanation(ticket, admin):
    services.record_callback(ticket, admin, CALLED, CallbackResult.UNREACHABLE, "三次未接通")
    services.record_outcome(ticket, admin, Outcome.EXPLAIN, "按规定须本人到场，已解释")
    assert fresh(ticket).status == S.HANDLED


def test_appeal_upheld_excludes_the_rating_but_keeps_it(ticket, manager, admin):
    services.appeal(ticket, manager, "评价人当天未到本窗口办事", "监控 10:00-10:30 无该人员；取号记录无")
    assert fresh(ticket).status == S.APPEALED
    services.decide_appeal(ticket, admin, True, "经查监控，属误评")
    ticket = fresh(ticket)
    assert ticket.status == S.APPEAL_UPHELD and ticket.appeal_upheld is True
    evaluation = Evaluation.get_by_id(ticket.evaluation_id)
    assert evaluation.is_excluded and not evaluation.is_counted
    assert event_actions(ticket) == ["open", "appeal", "uphold_appeal"]


def test_appeal_rejected_returns_to_the_step_it_came_from_and_only_once(ticket, manager, admin):
    services.record_callback(ticket, manager, CALLED, CallbackResult.REACHED, "已回访")
    services.appeal(ticket, manager, "群众自身材料不全", "一次性告知书编号 2025-118")
    services.decide_appeal(ticket, admin, False, "告知书未签收，申诉不成立")
    ticket = fresh(ticket)
    assert ticket.status == S.CALLED_BACK and ticket.appeal_upheld is False
    assert not Evaluation.get_by_id(ticket.evaluation_id).is_excluded
    with pytest.raises(DomainError, match="只能申诉一次"):
        services.appeal(ticket, manager, "再申诉", "证据")
    assert Action.APPEAL not in services.allowed_actions(ticket, manager)


def test_appeals_are_decided_by_admins_never_by_the_unit(ticket, manager):
    services.appeal(ticket, manager, "误评", "监控记录")
    with pytest.raises(DomainError, match="无权"):
        services.decide_appeal(fresh(ticket), manager, True, "我说成立")
    assert fresh(ticket).status == S.APPEALED


def test_only_the_unit_appeals_and_the_admin_is_not_offered_it(ticket, manager, admin, client, login_as, page):
    assert Action.APPEAL not in services.allowed_actions(ticket, admin)
    with pytest.raises(DomainError, match="由该窗口所属单位的负责人提出"):
        services.appeal(ticket, admin, "误评", "监控记录")
    login_as(admin)
    assert "提出申诉" not in page("complaints.detail", ticket_id=ticket.id)
    login_as(manager)
    assert "由督查管理员裁定" in page("complaints.detail", ticket_id=ticket.id)


def test_appeal_needs_evidence(ticket, manager):
    with pytest.raises(DomainError) as exc:
        services.appeal(ticket, manager, "误评", "  ")
    assert exc.value.field == "evidence"


STEPS = {
    Action.CALLBACK: lambda t, u: services.record_callback(t, u, CALLED, CallbackResult.REACHED, "x"),
    Action.FIX_NOW: lambda t, u: services.record_outcome(t, u, Outcome.FIX_NOW, "x"),
    Action.EXPLAIN: lambda t, u: services.record_outcome(t, u, Outcome.EXPLAIN, "x"),
    Action.FIX_BY_DEADLINE: lambda t, u: opening.open_from_ticket(t, u, "x", 10),
    Action.RECTIFIED: lambda t, u: services.resume_after_rectification(t, u, "临政服改〔2025〕1号",
                                                                     dt.date(2025, 12, 1)),
    Action.CASE_CANCELLED: lambda t, u: services.reopen_after_cancelled_rectification(t, u, "x"),
    Action.FEEDBACK: lambda t, u: services.give_feedback(t, u, "x"),
    Action.CLOSE: lambda t, u: services.close(t, u),
    Action.APPEAL: lambda t, u: services.appeal(t, u, "x", "y"),
    Action.UPHOLD_APPEAL: lambda t, u: services.decide_appeal(t, u, True, "x"),
    Action.REJECT_APPEAL: lambda t, u: services.decide_appeal(t, u, False, "x"),
}

#: A path that reaches each status from a fresh ticket.
PATHS = {
    S.OPEN: [],
    S.CALLED_BACK: [Action.CALLBACK],
    S.RECTIFYING: [Action.CALLBACK, Action.FIX_BY_DEADLINE],
    S.HANDLED: [Action.CALLBACK, Action.FIX_NOW],
    S.FEEDBACK_GIVEN: [Action.CALLBACK, Action.FIX_NOW, Action.FEEDBACK],
    S.CLOSED: [Action.CALLBACK, Action.FIX_NOW, Action.FEEDBACK, Action.CLOSE],
    S.APPEALED: [Action.APPEAL],
    S.APPEAL_UPHELD: [Action.APPEAL, Action.UPHOLD_APPEAL],
}


def test_the_table_covers_every_status():
    assert set(PATHS) == set(S.ALL)
    assert {action for _status, action in TRANSITIONS} == set(STEPS)


@pytest.mark.parametrize("status", S.ALL)
def test_forbidden_transitions_change_nothing(window, status):
    admin = make_user(Role.ADMIN)
    allowed = {action for (s, action) in TRANSITIONS if s == status}
    for action in STEPS:
        if action in allowed:
            continue
        ticket = rate(make_window(hall=window.hall)).tickets.get()
        unit_manager = make_user(Role.UNIT_MANAGER, unit=ticket.unit)  # the one who may appeal

        def actor(step, unit_manager=unit_manager):
            return unit_manager if step == Action.APPEAL else admin
        for step in PATHS[status]:
            STEPS[step](fresh(ticket), actor(step))
        before = (fresh(ticket).status, len(event_actions(ticket)))
        with pytest.raises(DomainError):
            STEPS[action](fresh(ticket), actor(action))
        assert (fresh(ticket).status, len(event_actions(ticket))) == before, (status, action)


def test_another_units_manager_cannot_act(ticket):
    stranger = make_user(Role.UNIT_MANAGER)  # a manager of some other unit
    viewer = make_user(Role.VIEWER)
    for user in (stranger, viewer):
        with pytest.raises(DomainError):
            services.record_callback(fresh(ticket), user, CALLED, CallbackResult.REACHED, "x")
        with pytest.raises(DomainError):
            services.reveal_phone(fresh(ticket), user)
    assert fresh(ticket).status == S.OPEN


def test_callback_time_must_be_plausible(ticket, manager):
    with pytest.raises(DomainError, match="不能早于"):
        services.record_callback(ticket, manager, dt.datetime(2025, 11, 16, 9, 0), CallbackResult.REACHED, "x")
    with pytest.raises(DomainError, match="不能晚于"):
        services.record_callback(ticket, manager, dt.datetime.now() + dt.timedelta(days=2), "reached", "x")
    with pytest.raises(DomainError, match="请电话回访"):  # a phone number was left: no "no contact"
        services.record_callback(ticket, manager, CALLED, CallbackResult.NO_CONTACT, "x")


def window_on(day):
    return workcal.due_window(day)


def overdue_count(day):
    return ComplaintTicket.select().where(window_on(day).overdue(ComplaintTicket)).count()


def test_overdue_is_computed_from_the_current_deadline(ticket, manager):
    # One definition (the list badge and the 已逾期 tab agree): before the 回访 the current deadline is
    # the 回访 deadline (Tue 18 Nov), afterwards the closing deadline (Mon 24 Nov).
    assert window_on(dt.date(2025, 11, 18)).state(ticket) == DueState.DUE_TODAY
    assert window_on(dt.date(2025, 11, 17)).state(ticket) == DueState.DUE_SOON
    assert window_on(dt.date(2025, 11, 19)).state(ticket) == DueState.OVERDUE
    assert window_on(dt.date(2025, 11, 19)).date_state(ticket.callback_due_on, ticket.callback_clock_running()) \
        == DueState.OVERDUE
    assert overdue_count(dt.date(2025, 11, 19)) == 1 and overdue_count(dt.date(2025, 11, 18)) == 0
    services.record_callback(ticket, manager, CALLED, CallbackResult.REACHED, "x")
    ticket = fresh(ticket)
    assert not ticket.callback_clock_running() and window_on(dt.date(2025, 11, 19)).state(ticket) is None
    assert window_on(dt.date(2025, 11, 21)).state(ticket) == DueState.DUE_SOON  # Fri: Mon is 1 working day on
    closing = [window_on(day).date_state(ticket.close_due_on, ticket.clock_running())
               for day in (dt.date(2025, 11, 24), dt.date(2025, 11, 25))]
    assert closing == [DueState.DUE_TODAY, DueState.OVERDUE]
    assert overdue_count(dt.date(2025, 11, 24)) == 0 and overdue_count(dt.date(2025, 11, 25)) == 1
    for step in (Action.FIX_NOW, Action.FEEDBACK, Action.CLOSE):
        STEPS[step](fresh(ticket), manager)
    assert window_on(dt.date(2026, 1, 1)).state(fresh(ticket)) is None
    assert overdue_count(dt.date(2026, 1, 1)) == 0


def test_deadlines_across_national_day(window):
    ticket = rate(window, at=dt.datetime(2025, 9, 30, 16, 0)).tickets.get()
    assert ticket.callback_due_on == dt.date(2025, 10, 9)
    assert ticket.close_due_on == dt.date(2025, 10, 14)
    assert not ticket.deadline_estimated


def test_deadlines_in_a_year_the_calendar_does_not_know_are_estimated_then_recounted(window):
    ticket = rate(window, at=dt.datetime(2027, 9, 30, 10, 0)).tickets.get()
    assert ticket.deadline_estimated
    assert (ticket.callback_due_on, ticket.close_due_on) == (dt.date(2027, 10, 1), dt.date(2027, 10, 7))
    admin = make_user(Role.ADMIN)
    for day in range(1, 8):
        workcal.set_day(dt.date(2027, 10, day), False, "国庆节", actor=admin)
    workcal.set_day(dt.date(2027, 10, 9), True, "国庆节调休上班", actor=admin)
    workcal.confirm_year(2027, actor=admin)  # the calendar signal makes the complaints recount
    ticket = fresh(ticket)
    assert not ticket.deadline_estimated
    assert (ticket.callback_due_on, ticket.close_due_on) == (dt.date(2027, 10, 8), dt.date(2027, 10, 13))
    assert event_actions(ticket)[-1] == Action.DEADLINE_REFRESH
    assert services.refresh_estimated_deadlines(admin) == 0


def test_confirming_a_year_recounts_estimated_ticket_deadlines_through_the_calendar_signal(window):
    ticket = rate(window, at=dt.datetime(2027, 9, 30, 10, 0)).tickets.get()
    admin = make_user(Role.ADMIN)
    _row, recounts = workcal.set_day(dt.date(2027, 10, 1), False, "国庆节", actor=admin)
    assert [(r.label, r.changed) for r in recounts] == [("差评工单", 1)]  # still estimated, one day moved
    assert fresh(ticket).callback_due_on == dt.date(2027, 10, 4)
    for day in range(2, 8):
        workcal.set_day(dt.date(2027, 10, day), False, "国庆节", actor=admin)
    _row, recounts = workcal.confirm_year(2027, actor=admin)
    ticket = fresh(ticket)
    assert not ticket.deadline_estimated and ticket.callback_due_on == dt.date(2027, 10, 8)
    assert event_actions(ticket).count(Action.DEADLINE_REFRESH) >= 2


def test_configured_deadlines(window):
    evaluation = rate(window, level=2, codes=["214"])
    other = services.open_for_evaluation(evaluation, 2, 10)
    assert other.callback_due_on == dt.date(2025, 11, 18)  # the existing ticket is kept
    from inspectapp.evaluations import services as evaluations
    from inspectapp.evaluations.services import Rules
    from inspectapp.evaluations.services import Submission

    sub = Submission(idempotency_key="configured-deadline-0001", level=1, reason_codes=["115"], device_id="x")
    rules = Rules(hold_non_workdays=False, callback_days=2, close_days=10)
    from tests.complaints.conftest import utc

    ev, _ = evaluations.submit(window, sub, rules, at=utc(dt.datetime(2025, 11, 17, 10, 0)))
    ticket = ev.tickets.get()
    assert (ticket.callback_due_on, ticket.close_due_on) == (dt.date(2025, 11, 19), dt.date(2025, 12, 1))
