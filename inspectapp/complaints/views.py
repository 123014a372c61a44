"""差评 tickets: list with due/overdue, detail with the step panel, the steps, the phone viewing.

Admins see and act on every ticket; unit managers only on their own unit's (a foreign ticket is a
404 by any URL); viewers read. Appeals are decided by admins only.
"""
import datetime as dt

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _

from inspectapp.auth import roles
from inspectapp.auth.decorators import permission_required
from inspectapp.common.args import parse_date
from inspectapp.common.args import parse_id
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.common.timeutil import to_local
from inspectapp.common.timeutil import utc_of
from inspectapp.common.web import client_ip
from inspectapp.common.web import get_or_404
from inspectapp.common.web import paginate_request
from inspectapp.common.web import show_domain_error
from inspectapp.complaints import forms
from inspectapp.complaints import services
from inspectapp.complaints.models import CallbackResult
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.complaints.models import Outcome
from inspectapp.complaints.models import Satisfaction
from inspectapp.complaints.models import TicketStatus
from inspectapp.complaints.services import Action
from inspectapp.evaluations.models import Level
from inspectapp.evaluations.models import ReasonOption
from inspectapp.evaluations.models import SubRating
from inspectapp.i18n import N_
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.rectifications import opening
from inspectapp.rectifications.models import RectificationCase
from inspectapp.workcal import services as workcal

bp = Blueprint("complaints", __name__)

#: The form of each step; the three outcomes share one form.
STEP_FORMS = {
    "callback": forms.CallbackForm,
    "outcome": forms.OutcomeForm,
    "feedback": forms.FeedbackForm,
    "close": forms.CloseForm,
    "appeal": forms.AppealForm,
    "decide": forms.DecideAppealForm,
}
_STEP_OF_ACTION = {
    Action.CALLBACK: "callback", Action.FIX_NOW: "outcome", Action.FIX_BY_DEADLINE: "outcome",
    Action.EXPLAIN: "outcome", Action.FEEDBACK: "feedback",
    Action.CLOSE: "close", Action.APPEAL: "appeal", Action.UPHOLD_APPEAL: "decide", Action.REJECT_APPEAL: "decide",
}

FILTERS = ("open", "overdue", "upcoming", "appealed", "closed", "all")


@bp.route("/")
@permission_required(roles.can_view_complaints)
def index():
    """差评工单 list: open by default, with 回访/办结 deadlines and overdue marks."""
    due = workcal.due_window()
    query = ComplaintTicket.visible_to(g.user)
    state = request.args.get("state", "open")
    if state == "open":
        query = query.where(ComplaintTicket.status.not_in(TicketStatus.TERMINAL))
    elif state == "overdue":
        query = query.where(due.overdue(ComplaintTicket))
    elif state == "upcoming":
        query = query.where(due.upcoming(ComplaintTicket))
    elif state == "appealed":
        query = query.where(ComplaintTicket.status == TicketStatus.APPEALED)
    elif state == "closed":
        query = query.where(ComplaintTicket.status.in_(TicketStatus.TERMINAL))
    unit_id = parse_id(request.args.get("unit"), N_("单位"))
    if unit_id:
        query = query.where(ComplaintTicket.unit == unit_id)
    hall_id = parse_id(request.args.get("hall"), N_("大厅"))
    if hall_id:
        query = query.where(ComplaintTicket.hall == hall_id)
    query = _opened_filter(query)
    page = paginate_request(query.order_by(ComplaintTicket.due_on_sql(), ComplaintTicket.id))
    mine = ComplaintTicket.visible_to(g.user)
    counts = {"overdue": mine.where(due.overdue(ComplaintTicket)).count(),
              "upcoming": mine.where(due.upcoming(ComplaintTicket)).count()}
    return render_template("complaints/index.html", page=page, state=state, deadlines=due,
                           filters=FILTERS, units=Unit.visible_to(g.user).order_by(Unit.code),
                           halls=Hall.select().order_by(Hall.code),
                           unit_id=unit_id, hall_id=hall_id, counts=counts, Level=Level, TicketStatus=TicketStatus)


def _opened_filter(query):
    """?window= and ?start= / ?end= (local dates the ticket was opened): the drill-down from the
    statistics pages."""
    window_id = parse_id(request.args.get("window"), N_("窗口"))
    if window_id:
        query = query.where(ComplaintTicket.window == window_id)
    start = parse_date(request.args.get("start"), N_("开始日期"))
    end = parse_date(request.args.get("end"), N_("结束日期"))
    if start:
        query = query.where(ComplaintTicket.opened_at >= utc_of(start))
    if end:
        query = query.where(ComplaintTicket.opened_at < utc_of(end + dt.timedelta(days=1)))
    return query


def _load(ticket_id):
    return get_or_404(ComplaintTicket.visible_to(g.user), ticket_id)


def _detail(ticket, step_forms=None, phone=None, status=200):
    user = g.user
    allowed = services.allowed_actions(ticket, user)
    steps = []
    for action in allowed:
        step = _STEP_OF_ACTION.get(action)  # 限期整改 moves on through its case, not from this page
        if step and step not in steps:
            steps.append(step)
    step_forms = step_forms or {}
    panels = {step: step_forms.get(step) or STEP_FORMS[step](formdata=None) for step in steps}
    if "callback" in panels and step_forms.get("callback") is None:
        panels["callback"].called_at.data = to_local(now()).replace(tzinfo=None, second=0, microsecond=0)
    if "outcome" in panels and step_forms.get("outcome") is None:
        panels["outcome"].deadline_days.data = current_app.config["RECTIFICATION_DEADLINE_DAYS"]
    if "callback" in panels and ticket.evaluation.phone:
        panels["callback"].result.choices = [c for c in panels["callback"].result.choices
                                             if c.value != CallbackResult.NO_CONTACT]
    evaluation = ticket.evaluation
    reasons = {r.code: r for r in ReasonOption.select().where(ReasonOption.code.in_(evaluation.codes))}
    case = (RectificationCase.select().where(RectificationCase.ticket == ticket)
            .order_by(RectificationCase.id.desc()).first())
    html = render_template(
        "complaints/detail.html", ticket=ticket, evaluation=evaluation, reasons=reasons, panels=panels, case=case,
        case_visible=case is not None and RectificationCase.visible_to(user).where(
            RectificationCase.id == case.id).exists(),
        events=list(ticket.events),
        deadlines=workcal.due_window(), phone=phone,
        can_view_phone=roles.can_view_rater_phone(user, ticket),
        can_see_device=roles.can_see_rater_device(user), Level=Level, SubRating=SubRating,
        TicketStatus=TicketStatus, Role=roles.Role, Action=Action, Outcome=Outcome, CallbackResult=CallbackResult,
        Satisfaction=Satisfaction,
    )
    return html, status


@bp.route("/<int:ticket_id>")
@permission_required(roles.can_view_complaints)
def detail(ticket_id):
    """One ticket: the rating, the deadlines, the timeline and the next step."""
    return _detail(_load(ticket_id))


@bp.route("/<int:ticket_id>/phone", methods=("POST",))
@permission_required(roles.can_view_complaints)
def phone(ticket_id):
    """Show the rater's phone number to a handler of this 差评 (audit-logged)."""
    ticket = _load(ticket_id)
    if not roles.can_view_rater_phone(g.user, ticket):
        abort(403)
    number = services.reveal_phone(ticket, g.user, ip=client_ip())
    return _detail(ticket, phone=number)


@bp.route("/<int:ticket_id>/steps/<step>", methods=("POST",))
@permission_required(roles.can_view_complaints)
def step(ticket_id, step):
    """Record one step of the loop (回访, 处理, 整改完成, 反馈, 办结, 申诉, 裁定)."""
    ticket = _load(ticket_id)
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        abort(404)
    actions = [a for a, s in _STEP_OF_ACTION.items() if s == step]
    if not any(services.can_take(g.user, ticket, a) for a in actions):
        abort(403)
    form = form_class()
    if not form.validate():
        return _detail(ticket, {step: form}, status=400)
    try:
        _apply(ticket, step, form)
    except DomainError as exc:
        show_domain_error(exc, form)
        return _detail(ticket, {step: form}, status=400)
    flash(_("已记录"), "success")
    return redirect(url_for("complaints.detail", ticket_id=ticket.id))


def _apply(ticket, step, form):
    user, ip = g.user, client_ip()
    if step == "callback":
        services.record_callback(ticket, user, form.called_at.data, form.result.data, form.note.data, ip=ip)
    elif step == "outcome" and form.outcome.data == Outcome.FIX_BY_DEADLINE:
        days = form.deadline_days.data or current_app.config["RECTIFICATION_DEADLINE_DAYS"]
        opening.open_from_ticket(ticket, user, form.note.data, days, ip=ip)
    elif step == "outcome":
        services.record_outcome(ticket, user, form.outcome.data, form.note.data, ip=ip)
    elif step == "feedback":
        services.give_feedback(ticket, user, form.note.data, form.satisfaction.data or "", ip=ip)
    elif step == "close":
        services.close(ticket, user, form.note.data, ip=ip)
    elif step == "appeal":
        services.appeal(ticket, user, form.reason.data, form.evidence.data, ip=ip)
    elif step == "decide":
        services.decide_appeal(ticket, user, form.decision.data == "uphold", form.note.data, ip=ip)
