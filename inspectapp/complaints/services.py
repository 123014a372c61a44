"""The 差评 closed loop as an explicit transition table.

    open ──callback──▶ called_back ──fix_now / explain──▶ handled ──feedback──▶ feedback_given ──close──▶ closed
                            └──fix_by_deadline──▶ rectifying ──rectified──▶ handled
                                 (限期整改 opens a rectification case; the ticket waits on it and moves on
                                  when the case is verified; a cancelled draft case sends it back)
    any open step ──appeal (once, by the unit)──▶ appealed ──uphold_appeal (admin)──▶ appeal_upheld
                                                          └──reject_appeal (admin)──▶ the step it came from

Every step writes a ComplaintEvent row and updates the ticket in one transaction.
"""
import datetime as dt
import logging

from inspectapp.audit import services as audit
from inspectapp.auth import roles
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.common.timeutil import to_local
from inspectapp.common.timeutil import to_utc
from inspectapp.common.workflow import PREVIOUS
from inspectapp.common.workflow import Step
from inspectapp.common.workflow import Workflow
from inspectapp.complaints.models import CallbackResult
from inspectapp.complaints.models import ComplaintEvent
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.complaints.models import Outcome
from inspectapp.complaints.models import Satisfaction
from inspectapp.complaints.models import TicketStatus as S
from inspectapp.db import db
from inspectapp.db import insert_new
from inspectapp.evaluations import rollup
from inspectapp.i18n import N_
from inspectapp.workcal import services as workcal
from inspectapp.workcal.signals import Recount

log = logging.getLogger(__name__)


class Action:
    OPEN = "open"
    CALLBACK = "callback"
    FIX_NOW = "fix_now"
    FIX_BY_DEADLINE = "fix_by_deadline"
    EXPLAIN = "explain"
    RECTIFIED = "rectified"
    FEEDBACK = "feedback"
    CLOSE = "close"
    APPEAL = "appeal"
    UPHOLD_APPEAL = "uphold_appeal"
    REJECT_APPEAL = "reject_appeal"
    DEADLINE_REFRESH = "deadline_refresh"
    CASE_CANCELLED = "case_cancelled"

    LABELS = {
        OPEN: N_("生成差评工单"),
        CALLBACK: N_("记录回访"),
        FIX_NOW: N_("立行立改"),
        FIX_BY_DEADLINE: N_("限期整改"),
        EXPLAIN: N_("解释说明"),
        RECTIFIED: N_("整改通知已复查销号"),
        FEEDBACK: N_("反馈评价人"),
        CLOSE: N_("办结"),
        APPEAL: N_("提出申诉"),
        UPHOLD_APPEAL: N_("申诉成立"),
        REJECT_APPEAL: N_("申诉不成立"),
        DEADLINE_REFRESH: N_("按新录入的节假日重算期限"),
        CASE_CANCELLED: N_("整改通知已作废，重新选择处理方式"),
    }


_APPEALABLE = (S.OPEN, S.CALLED_BACK, S.RECTIFYING, S.HANDLED, S.FEEDBACK_GIVEN)
_HANDLERS = "只有该窗口所属单位的负责人或督查管理员可以处理此工单"
_DECIDERS = "申诉由督查管理员裁定，单位不能自行裁定"
_APPELLANTS = "申诉由该窗口所属单位的负责人提出，由督查管理员裁定"
_CASE_ONLY = "限期整改的工单随整改通知的复查结果办理"


def _guard(ticket, action):
    """A reason the table's transition is refused for this ticket, or None."""
    if action == Action.APPEAL and ticket.appealed_at is not None:
        return "每条差评只能申诉一次"
    return None


def _handler_step(action, sources, target):
    return Step(action, sources, target, roles.can_handle_complaint, Action.LABELS[action], _HANDLERS)


WORKFLOW = Workflow(
    "complaint", S.LABELS, event_model=ComplaintEvent, subject_field="ticket", guard=_guard,
    previous=lambda ticket: ticket.status_before_appeal or S.OPEN,
    steps=[
        _handler_step(Action.CALLBACK, (S.OPEN,), S.CALLED_BACK),
        _handler_step(Action.FIX_NOW, (S.CALLED_BACK,), S.HANDLED),
        _handler_step(Action.FIX_BY_DEADLINE, (S.CALLED_BACK,), S.RECTIFYING),
        _handler_step(Action.EXPLAIN, (S.CALLED_BACK,), S.HANDLED),
        # Taken by rectifications.services.verify / opening.cancel_draft, never from the ticket page.
        Step(Action.RECTIFIED, (S.RECTIFYING,), S.HANDLED, roles.can_manage_rectifications,
             Action.LABELS[Action.RECTIFIED], _CASE_ONLY),
        Step(Action.CASE_CANCELLED, (S.RECTIFYING,), S.CALLED_BACK, roles.can_manage_rectifications,
             Action.LABELS[Action.CASE_CANCELLED], _CASE_ONLY),
        _handler_step(Action.FEEDBACK, (S.HANDLED,), S.FEEDBACK_GIVEN),
        _handler_step(Action.CLOSE, (S.FEEDBACK_GIVEN,), S.CLOSED),
        Step(Action.APPEAL, _APPEALABLE, S.APPEALED, roles.can_appeal_complaint, Action.LABELS[Action.APPEAL],
             _APPELLANTS),
        Step(Action.UPHOLD_APPEAL, (S.APPEALED,), S.APPEAL_UPHELD, roles.can_decide_appeal,
             Action.LABELS[Action.UPHOLD_APPEAL], _DECIDERS),
        Step(Action.REJECT_APPEAL, (S.APPEALED,), PREVIOUS, roles.can_decide_appeal,
             Action.LABELS[Action.REJECT_APPEAL], _DECIDERS),
    ])
#: (status, action) -> new status (or PREVIOUS), as declared by the steps above.
TRANSITIONS = WORKFLOW.transitions


def allowed_actions(ticket, user):
    """Actions the user may take on the ticket now (for the action panel)."""
    return WORKFLOW.allowed_actions(ticket, user)


def can_take(user, ticket, action):
    return WORKFLOW.steps[action].permission(user, ticket)


def plan_deadlines(at, callback_days, close_days):
    """(回访 deadline, closing deadline) of a ticket opened at `at` (UTC), in working days."""
    return workcal.working_deadlines(to_local(at).date(), (callback_days, close_days))


def open_for_evaluation(evaluation, callback_days, close_days, at=None, new=False, deadlines=None):
    """Open the 差评工单 of a counted 差评 (idempotent: an existing ticket is returned).

    `new=True` when the evaluation was stored in this transaction (it cannot have a ticket yet);
    `deadlines` from `plan_deadlines` when the caller counted them before its transaction."""
    if not new:
        existing = ComplaintTicket.get_or_none(ComplaintTicket.evaluation == evaluation)
        if existing is not None:
            return existing
    at = at or now()
    callback, close = deadlines or plan_deadlines(at, callback_days, close_days)
    with db.atomic():
        ticket = insert_new(ComplaintTicket(  # on the rating's hot path: a prepared INSERT
            evaluation=evaluation, unit=evaluation.unit_id, hall=evaluation.hall_id, window=evaluation.window_id,
            opened_at=at, updated_at=at, callback_days=callback_days, close_days=close_days,
            callback_due_on=callback.due_on, close_due_on=close.due_on,
            deadline_estimated=callback.estimated or close.estimated,
        ))
        WORKFLOW.record_event(ticket, Action.OPEN, None, "", S.OPEN, at=at,
                              data={"callback_due_on": callback.due_on, "close_due_on": close.due_on,
                                    "estimated": ticket.deadline_estimated})
    log.info("Opened complaint ticket %s for evaluation %s", ticket.id, evaluation.id)
    return ticket


def _transition(ticket, action, actor, note="", data=None, apply=None, ip=""):
    """One step through the shared workflow core (checks, change, status, event: one transaction)."""

    def change(t):
        if apply is not None:
            apply(t)
        t.updated_at = now()

    with db.atomic():
        from_status = ticket.status
        WORKFLOW.run(ticket, action, actor, note=note, data=data, change=change)
        if action in (Action.UPHOLD_APPEAL, Action.REJECT_APPEAL):
            audit.record(f"complaint.{action}", actor=actor, target=ticket, detail={"note": note}, ip=ip)
    log.info("Ticket %s: %s -> %s by %s", ticket.id, from_status, ticket.status, actor.id)
    return ticket


def _required(text, message):
    text = (text or "").strip()
    if not text:
        raise DomainError(message, field="note")
    return text


def record_callback(ticket, actor, called_at, result, note, ip=""):
    """回访 recorded: when the citizen was called (local time) and with which result."""
    if result not in CallbackResult.LABELS:
        raise DomainError("请选择回访结果", field="result")
    if result == CallbackResult.NO_CONTACT and ticket.evaluation.phone:
        raise DomainError("评价人留了联系电话，请电话回访", field="result")
    note = _required(note, "请填写回访情况")
    if called_at is None:
        raise DomainError("请填写回访时间", field="called_at")
    called_utc = to_utc(called_at)
    if called_utc > now() + dt.timedelta(minutes=5):
        raise DomainError("回访时间不能晚于当前时间", field="called_at")
    if called_utc < ticket.opened_at - dt.timedelta(minutes=5):
        raise DomainError("回访时间不能早于工单生成时间", field="called_at")

    def apply(t):
        t.called_back_at, t.callback_result, t.callback_note = called_utc, result, note

    return _transition(ticket, Action.CALLBACK, actor, note,
                       {"called_at": called_utc, "result": result}, apply, ip)


def record_outcome(ticket, actor, outcome, note, ip="", for_case=False):
    """Classify and act: 立行立改 / 解释说明; 限期整改 only together with the rectification case it
    opens (`rectifications.opening.open_from_ticket` passes `for_case=True`)."""
    if outcome not in Outcome.LABELS:
        raise DomainError("请选择处理方式", field="outcome")
    note = _required(note, "请填写处理情况")
    if outcome == Outcome.FIX_BY_DEADLINE and not for_case:
        raise DomainError("限期整改须生成整改通知书", field="outcome")

    def apply(t):
        t.outcome, t.outcome_note = outcome, note

    return _transition(ticket, outcome, actor, note, {"outcome": outcome}, apply, ip)


def resume_after_rectification(ticket, actor, doc_no, verified_on, feedback_days=2):
    """The case this ticket waited on was verified: the ticket goes on to feedback, with at least
    `feedback_days` working days left to give it and close."""
    due = workcal.add_working_days(verified_on, feedback_days)
    old = ticket.close_due_on

    def apply(t):
        t.rectified_at = now()
        t.close_due_on = max(t.close_due_on, due)

    return _transition(ticket, Action.RECTIFIED, actor, doc_no,
                       {"doc_no": doc_no, "old_close_due_on": old, "close_due_on": max(old, due)}, apply)


def reopen_after_cancelled_rectification(ticket, actor, reason):
    """The draft case of a 限期整改 was cancelled: the handler chooses the outcome again."""

    def apply(t):
        t.outcome = ""

    return _transition(ticket, Action.CASE_CANCELLED, actor, reason, None, apply)


def give_feedback(ticket, actor, note, satisfaction="", ip=""):
    """Feedback to the citizen: what was done, and (if asked) how they rate the handling."""
    if satisfaction not in Satisfaction.LABELS:
        raise DomainError("请选择评价人对处理结果的态度", field="satisfaction")
    note = _required(note, "请填写反馈内容")

    def apply(t):
        t.feedback_at, t.feedback_note, t.citizen_satisfaction = now(), note, satisfaction

    return _transition(ticket, Action.FEEDBACK, actor, note, {"satisfaction": satisfaction}, apply, ip)


def close(ticket, actor, note="", ip=""):
    def apply(t):
        t.closed_at = now()

    return _transition(ticket, Action.CLOSE, actor, note, None, apply, ip)


def appeal(ticket, actor, reason, evidence, ip=""):
    """申诉 by the unit: the rating is mistaken or malicious; evidence is required. Decided by an admin."""
    reason = _required(reason, "请填写申诉理由")
    evidence = (evidence or "").strip()
    if not evidence:
        raise DomainError("请填写证据材料（如监控记录、办件记录、告知书编号）", field="evidence")

    def apply(t):
        t.status_before_appeal = t.status
        t.appealed_at, t.appealed_by, t.appeal_reason, t.appeal_evidence = now(), actor, reason, evidence

    return _transition(ticket, Action.APPEAL, actor, reason, {"evidence": evidence}, apply, ip)


def decide_appeal(ticket, actor, upheld, note, ip=""):
    """Admin decision. Upheld: the rating is marked excluded (kept, reported separately)."""
    note = _required(note, "请填写裁定意见")
    action = Action.UPHOLD_APPEAL if upheld else Action.REJECT_APPEAL

    def apply(t):
        t.appeal_decided_at, t.appeal_decided_by = now(), actor
        t.appeal_upheld, t.appeal_decision_note = bool(upheld), note
        if upheld:
            evaluation = t.evaluation
            evaluation.is_excluded = True
            evaluation.save()
            rollup.touch(evaluation.window_id, evaluation.submitted_at)

    return _transition(ticket, action, actor, note, {"upheld": bool(upheld)}, apply, ip)


def reveal_phone(ticket, actor, ip=""):
    """The rater's phone for 回访, to the ticket's handlers only; every viewing is audit-logged."""
    if not roles.can_view_rater_phone(actor, ticket):
        raise DomainError("您无权查看评价人联系方式")
    evaluation = ticket.evaluation
    audit.record("evaluation.phone_viewed", actor=actor, target=evaluation,
                 detail={"ticket": ticket.id}, ip=ip)
    return evaluation.phone


def on_calendar_changed(sender, actor=None, years=()):
    """Receiver of workcal.signals.calendar_changed (connected in create_app)."""
    return Recount(N_("差评工单"), refresh_estimated_deadlines(actor))


def refresh_estimated_deadlines(actor=None):
    """Recount deadlines that used the Monday–Friday fallback, after an admin entered holidays."""
    changed = 0
    query = ComplaintTicket.select().where(ComplaintTicket.deadline_estimated
                                           & ComplaintTicket.status.not_in(S.TERMINAL))
    for ticket in query:
        opened_on = to_local(ticket.opened_at).date()
        callback, close_ = workcal.working_deadlines(opened_on, (ticket.callback_days, ticket.close_days))
        estimated = callback.estimated or close_.estimated
        if (callback.due_on, close_.due_on, estimated) == (ticket.callback_due_on, ticket.close_due_on,
                                                            ticket.deadline_estimated):
            continue
        with db.atomic():
            old = {"callback_due_on": ticket.callback_due_on, "close_due_on": ticket.close_due_on}
            ticket.callback_due_on, ticket.close_due_on = callback.due_on, close_.due_on
            ticket.deadline_estimated = estimated
            ticket.save()
            WORKFLOW.record_event(ticket, Action.DEADLINE_REFRESH, actor, ticket.status, ticket.status,
                                  data={"old": old, "callback_due_on": callback.due_on,
                                        "close_due_on": close_.due_on, "estimated": estimated})
        changed += 1
    return changed
