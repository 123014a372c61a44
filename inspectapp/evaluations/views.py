"""Staff pages for ratings: list with filters and CSV export, per-window summary, the review queue
of held ratings, the editable reason list.

Unit managers see their own unit's ratings only and never a rater's device, IP or phone.
"""
from flask import Blueprint
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
from inspectapp.common.errors import DomainError
from inspectapp.common.exports import DATETIME
from inspectapp.common.exports import INT
from inspectapp.common.exports import Column
from inspectapp.common.exports import export_response
from inspectapp.common.timeutil import local_today
from inspectapp.common.web import client_ip
from inspectapp.common.web import get_or_404
from inspectapp.common.web import paginate_request
from inspectapp.common.web import show_domain_error
from inspectapp.evaluations import services
from inspectapp.evaluations import stats
from inspectapp.evaluations.filters import STATUS_CHOICES
from inspectapp.evaluations.filters import RatingFilter
from inspectapp.evaluations.forms import ReasonForm
from inspectapp.evaluations.forms import ReviewForm
from inspectapp.evaluations.models import Evaluation
from inspectapp.evaluations.models import HoldReason
from inspectapp.evaluations.models import Level
from inspectapp.evaluations.models import ReasonOption
from inspectapp.evaluations.models import Status
from inspectapp.evaluations.models import SubRating
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window

bp = Blueprint("evaluations", __name__)


def _filter_choices():
    user = g.user
    return {
        "halls": list(Hall.select().order_by(Hall.code)),
        "units": list(Unit.visible_to(user).order_by(Unit.code)),
        "windows": list(Window.visible_to(user).order_by(Hall.code, Window.number)),
    }


def _common(flt):
    return dict(flt=flt, Level=Level, Status=Status, HoldReason=HoldReason, SubRating=SubRating,
                status_choices=STATUS_CHOICES, can_see_device=roles.can_see_rater_device(g.user),
                **_filter_choices())


@bp.route("/")
@permission_required(roles.can_view_evaluations)
def index():
    """Ratings, newest first, filtered by hall, unit, window, level, period and status."""
    flt = RatingFilter.from_args(request.args)
    query = flt.apply(Evaluation.visible_to(g.user))
    page = paginate_request(query.order_by(Evaluation.submitted_at.desc(), Evaluation.id.desc()))
    reasons = {r.code: r for r in ReasonOption.select()}
    return render_template("evaluations/index.html", page=page, reasons=reasons, **_common(flt))


EXPORT_COLUMNS = [
    Column("评价编号", INT), Column("提交时间", DATETIME), Column("大厅"), Column("窗口"), Column("单位"),
    Column("等级", INT), Column("等级名称"), Column("分值", INT), Column("原因编码"), Column("原因", width=40),
    Column("服务效率", INT), Column("服务水平", INT), Column("服务态度", INT), Column("意见建议", width=40),
    Column("服务人员工号"), Column("状态"), Column("申诉成立不计入"), Column("差评工单", INT),
]


def _export_row(e, reasons, tickets):
    return (
        e.id, e.submitted_at, e.hall.name, e.window.number, e.unit.name, e.level, Level.LABELS[e.level], e.score,
        "|".join(e.codes), "；".join(reasons.get(c, "") for c in e.codes),
        e.efficiency, e.competence, e.attitude, e.comment, e.staff.staff_no if e.staff_id else "",
        Status.LABELS[e.status], "是" if e.is_excluded else "", tickets.get(e.id),
    )


@bp.route("/export.csv", defaults={"fmt": "csv"})
@bp.route("/export.xlsx", defaults={"fmt": "xlsx"})
@permission_required(roles.can_view_evaluations)
def export_csv(fmt):
    """The filtered ratings as CSV or XLSX (no phone, device or address: those never leave the app)."""
    flt = RatingFilter.from_args(request.args)
    query = flt.apply(Evaluation.visible_to(g.user)).order_by(Evaluation.submitted_at, Evaluation.id)
    reasons = {r.code: r.text for r in ReasonOption.select()}
    tickets = {t.evaluation_id: t.id for t in _tickets_for(query)}
    rows = (_export_row(e, reasons, tickets) for e in query)
    return export_response(EXPORT_COLUMNS, rows, f"ratings-{local_today():%Y%m%d}", fmt, title="评价记录")


def _tickets_for(query):
    from inspectapp.complaints.models import ComplaintTicket

    ids = query.select(Evaluation.id)
    return ComplaintTicket.select(ComplaintTicket.id, ComplaintTicket.evaluation).where(
        ComplaintTicket.evaluation.in_(ids))


@bp.route("/<int:evaluation_id>")
@permission_required(roles.can_view_evaluations)
def detail(evaluation_id):
    """One rating as submitted (immutable), its review and its 差评 ticket."""
    evaluation = get_or_404(Evaluation.visible_to(g.user), evaluation_id)
    reasons = {r.code: r for r in ReasonOption.select().where(ReasonOption.code.in_(evaluation.codes))}
    ticket = evaluation.tickets.first()
    review = ReviewForm() if evaluation.status == Status.HELD and roles.can_review_held(g.user) else None
    return render_template("evaluations/detail.html", evaluation=evaluation, reasons=reasons, ticket=ticket,
                           review=review, **_common(RatingFilter()))


@bp.route("/summary")
@permission_required(roles.can_view_evaluations)
def summary():
    """Per-window figures for a period: count, 好评率, 差评数, average score; held and excluded apart."""
    flt = RatingFilter.from_args(request.args, default_status="all")
    flt.status, flt.level = "all", None
    query = flt.apply(Evaluation.visible_to(g.user))
    figures = stats.by_window(query, current_app.config["EVAL_POSITIVE_INCLUDES_BASIC"])
    windows = Window.visible_to(g.user)
    if flt.hall:
        windows = windows.where(Window.hall == flt.hall)
    if flt.unit:
        windows = windows.where(Window.unit == flt.unit)
    if flt.window:
        windows = windows.where(Window.id == flt.window)
    rows = [(w, figures.get(w.id, stats.Figures())) for w in windows.order_by(Hall.code, Window.number)
            if w.is_active or w.id in figures]
    total = stats.Figures()
    for _w, fig in rows:
        total.add(fig)
    covered = sum(1 for _w, fig in rows if fig.counted)
    return render_template("evaluations/summary.html", rows=rows, total=total, covered=covered,
                           includes_basic=current_app.config["EVAL_POSITIVE_INCLUDES_BASIC"], **_common(flt))


@bp.route("/review")
@permission_required(roles.can_review_held)
def review():
    """Held ratings waiting for a decision: release (counted from now) or reject (kept, never counted)."""
    query = Evaluation.visible_to(g.user).where(Evaluation.status == Status.HELD)
    page = paginate_request(query.order_by(Evaluation.submitted_at, Evaluation.id))
    reasons = {r.code: r for r in ReasonOption.select()}
    return render_template("evaluations/review.html", page=page, reasons=reasons, form=ReviewForm(),
                           **_common(RatingFilter()))


@bp.route("/<int:evaluation_id>/<any(release, reject):decision>", methods=("POST",))
@permission_required(roles.can_review_held)
def decide(evaluation_id, decision):
    """Release or reject one held rating (audit-logged)."""
    evaluation = get_or_404(Evaluation.visible_to(g.user), evaluation_id)
    form = ReviewForm()
    if form.validate():
        try:
            if decision == "release":
                services.release(evaluation, g.user, form.note.data or "",
                                 services.Rules.from_config(current_app.config), ip=client_ip())
                flash(_("已放行，该评价计入统计"), "success")
            else:
                services.reject(evaluation, g.user, form.note.data or "", ip=client_ip())
                flash(_("已驳回，该评价保留但不计入统计"), "success")
        except DomainError as exc:
            show_domain_error(exc)
    return redirect(request.form.get("next") or url_for("evaluations.review"))


@bp.route("/reasons/")
@permission_required(roles.can_manage_reasons)
def reasons():
    """The coded reason options per level, as shown on the citizen form."""
    by_level = {lv: list(ReasonOption.select().where(ReasonOption.level == lv)
                         .order_by(ReasonOption.sort_order, ReasonOption.code)) for lv in Level.ALL}
    return render_template("evaluations/reasons.html", by_level=by_level, Level=Level)


def _edit_reason(reason):
    form = ReasonForm(obj=reason)
    if reason is not None:
        form.code.data = reason.code
    if form.validate_on_submit():
        try:
            services.save_reason(reason or ReasonOption(), form.code.data, form.text.data, form.sort_order.data,
                                 form.is_active.data, actor=g.user, ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("已保存"), "success")
            return redirect(url_for("evaluations.reasons"))
    return render_template("evaluations/reason_form.html", form=form, reason=reason)


@bp.route("/reasons/new", methods=("GET", "POST"))
@permission_required(roles.can_manage_reasons)
def new_reason():
    """Add a local reason option (codes start with the level digit)."""
    return _edit_reason(None)


@bp.route("/reasons/<int:reason_id>/edit", methods=("GET", "POST"))
@permission_required(roles.can_manage_reasons)
def edit_reason(reason_id):
    """Edit the text, order or availability of a reason option."""
    return _edit_reason(get_or_404(ReasonOption.select(), reason_id))
