"""Rectification pages: the list, the case page, its documents (notice, batch, 复查意见), the report's
evidence files and the escalation button. Steps live in case_views.py, the unit's report in
report_views.py; all register on the leaf blueprint in blueprint.py.

Admins see every case; viewers read issued ones; unit managers only their own unit's issued cases —
another unit's case is a 404 by every URL. No page names an inspector.
"""

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
from inspectapp.common.exports import DATE
from inspectapp.common.exports import DATETIME
from inspectapp.common.exports import INT
from inspectapp.common.exports import TEXT
from inspectapp.common.exports import Column
from inspectapp.common.exports import export_response
from inspectapp.common.pdf import pdf_response
from inspectapp.common.web import get_or_404
from inspectapp.common.web import paginate_request
from inspectapp.common.web import send_private_file
from inspectapp.common.web import show_domain_error
from inspectapp.common.web import upload_root
from inspectapp.i18n import N_
from inspectapp.inspections import evidence as files
from inspectapp.inspections.models import Evidence
from inspectapp.inspections.models import Inspection
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.rectifications import escalation
from inspectapp.rectifications import notice
from inspectapp.rectifications.blueprint import bp
from inspectapp.rectifications.models import Card
from inspectapp.rectifications.models import CaseStatus
from inspectapp.rectifications.models import RectificationCase
from inspectapp.rectifications.models import ReportEvidence
from inspectapp.rectifications.panels import action_panels
from inspectapp.rectifications.workflow import WORKFLOW
from inspectapp.rectifications.workflow import Action
from inspectapp.workcal import services as workcal

FILTERS = (("unit", N_("单位")), ("hall", N_("大厅")), ("inspection", N_("暗访")))
#: List tabs: name -> condition builder (due window) ; None means no filter.
TABS = ("open", "to_sign", "to_verify", "overdue", "upcoming", "red", "verified", "all")
#: Query-string filters the tabs keep.
LIST_FILTERS = ("unit", "hall", "inspection", "start", "end")


def load_case(case_id):
    """A case the user may see, or 404 (never 403: do not confirm it exists)."""
    return get_or_404(RectificationCase.visible_to(g.user), case_id)


def _tab_condition(tab, due):
    C = RectificationCase
    return {
        "open": C.status.in_(CaseStatus.OPEN),
        "to_sign": C.status == CaseStatus.DRAFT,
        "to_verify": C.status == CaseStatus.REPORTED,
        "overdue": due.overdue(C),
        "upcoming": due.upcoming(C),
        "red": (C.card == Card.RED) & C.status.in_(CaseStatus.OPEN),
        "verified": C.status == CaseStatus.VERIFIED,
    }.get(tab)


def filtered_cases(user, due):
    """(query, tab) of the list page: the user's cases, one tab, optional unit / hall / inspection
    and 签发日期 from `start` to `end`."""
    tab = request.args.get("tab", "open")
    query = RectificationCase.visible_to(user)
    condition = _tab_condition(tab, due)
    if condition is not None:
        query = query.where(condition)
    for name, label in FILTERS:
        value = parse_id(request.args.get(name), label)
        if value:
            query = query.where(getattr(RectificationCase, name) == value)
    # 签发日期 (a dashboard's period)
    start = parse_date(request.args.get("start"), N_("开始日期"))
    end = parse_date(request.args.get("end"), N_("结束日期"))
    if start:
        query = query.where(RectificationCase.issued_on >= start)
    if end:
        query = query.where(RectificationCase.issued_on <= end)
    order = (RectificationCase.due_on.is_null(), RectificationCase.due_on, RectificationCase.id)
    return query.order_by(*order), tab


@bp.route("/")
@permission_required(roles.can_view_rectifications)
def index():
    """整改通知 list with deadlines, cards and the tabs every home-page count links to."""
    due = workcal.due_window()
    query, tab = filtered_cases(g.user, due)
    page = paginate_request(query)
    mine = RectificationCase.visible_to(g.user)
    counts = {t: mine.where(_tab_condition(t, due)).count() for t in ("overdue", "to_verify", "to_sign", "red")}
    kept = {k: v for k, v in request.args.items() if k in LIST_FILTERS and v}
    return render_template("rectifications/index.html", page=page, tab=tab, tabs=TABS, due=due, counts=counts,
                           kept=kept,
                           units=Unit.visible_to(g.user).order_by(Unit.code), halls=Hall.select().order_by(Hall.code),
                           Card=Card, can_manage=roles.can_manage_rectifications(g.user))


EXPORT_COLUMNS = (
    (N_("文号"), TEXT), (N_("被通知单位"), TEXT), (N_("大厅"), TEXT), (N_("来源"), TEXT), (N_("问题数"), INT),
    (N_("签发日期"), DATE), (N_("通知书期限"), DATE), (N_("当前期限"), DATE), (N_("逾期工作日"), INT),
    (N_("状态"), TEXT), (N_("督办"), TEXT), (N_("签收时间"), DATETIME), (N_("签收人"), TEXT),
    (N_("报告时间"), DATETIME), (N_("销号时间"), DATETIME), (N_("复查意见书"), TEXT),
)


def _export_row(case, today):
    source = (f"{case.inspection.date:%Y-%m-%d} {case.inspection.team_code}" if case.inspection_id
              else _("差评工单 #%(id)s", id=case.ticket_id))
    return (case.doc_no or _("草稿 #%(id)s", id=case.id), case.unit.name, case.hall.name, source,
            case.items.count(), case.issued_on, case.notice_due_on, case.due_on,
            escalation.overdue_working_days(case, today) or None, _(case.status_label),
            _(Card.LABELS[case.card]) if case.card else "", case.acknowledged_at, case.ack_signer,
            case.reported_at, case.verified_at, case.review_doc_no or "")


@bp.route("/export.csv", defaults={"fmt": "csv"})
@bp.route("/export.xlsx", defaults={"fmt": "xlsx"})
@permission_required(roles.can_view_rectifications)
def export(fmt):
    """整改台账: the list as filtered, as CSV or XLSX (teams appear only by their code)."""
    due = workcal.due_window()
    query, _tab = filtered_cases(g.user, due)
    columns = [Column(_(header), kind) for header, kind in EXPORT_COLUMNS]
    return export_response(columns, (_export_row(c, due.today) for c in query),
                           f"rectifications-{due.today:%Y%m%d}", fmt, title=_("整改台账"))


def photos_of(finding_ids, user):
    """{finding id: [Evidence]} the user may see (units get the copies without EXIF)."""
    grouped = {}
    if finding_ids:
        for ev in Evidence.visible_to(user).where(Evidence.finding.in_(finding_ids)):
            grouped.setdefault(ev.finding_id, []).append(ev)
    return grouped


def finding_evidence(case, user):
    return photos_of([item.finding_id for item in case.items_in_order() if item.finding_id], user)


def report_files(case):
    """{item id: [ReportEvidence]} of the current round, not withdrawn."""
    grouped = {}
    rows = (ReportEvidence.select().where(ReportEvidence.item.in_([i.id for i in case.items_in_order()])
                                          & ReportEvidence.withdrawn_at.is_null()))
    for ev in rows:
        grouped.setdefault(ev.item_id, []).append(ev)
    return grouped


def render_case(case, panels=None, status=200):
    """The case page with the action panels of the steps this user may take now."""
    user = g.user
    html = render_template(
        "rectifications/detail.html", case=case, items=notice.notice_items(case),
        finding_files=finding_evidence(case, user), report_files=report_files(case),
        events=list(case.events), due=workcal.due_window(), panels=action_panels(case, user, panels or {}),
        allowed=WORKFLOW.allowed_actions(case, user), Action=Action, Card=Card, CaseStatus=CaseStatus,
        can_manage=roles.can_manage_rectifications(user), can_report=roles.can_report_rectification(user, case),
        overdue_days=escalation.overdue_working_days(case, workcal.due_window().today))
    return html, status


@bp.route("/<int:case_id>")
@permission_required(roles.can_view_rectifications)
def detail(case_id):
    """One case: the notice's problems and requirements, the deadline and card, the report, the log."""
    return render_case(load_case(case_id))


def _pdf_or_back(make, name, back):
    """The PDF `make()` renders, or back to `back` with the reason it cannot be printed yet."""
    try:
        return pdf_response(make(), name)
    except DomainError as exc:
        show_domain_error(exc)
        return redirect(back)


@bp.route("/<int:case_id>/notice.pdf")
@permission_required(roles.can_view_rectifications)
def notice_pdf(case_id):
    """The 整改通知书 (a draft prints as a preview, marked 草稿, for admins only)."""
    case = load_case(case_id)
    preview = roles.can_manage_rectifications(g.user)
    return _pdf_or_back(lambda: notice.notice_pdf(case, notice.case_url(case), preview=preview),
                        f"整改通知书-{case.doc_no or '草稿'}.pdf", url_for("rectifications.detail", case_id=case.id))


@bp.route("/<int:case_id>/review.pdf")
@permission_required(roles.can_view_rectifications)
def review_pdf(case_id):
    """The 复查意见 of a verified case."""
    case = load_case(case_id)
    return _pdf_or_back(lambda: notice.review_pdf(case), f"复查意见-{case.review_doc_no}.pdf",
                        url_for("rectifications.detail", case_id=case.id))


@bp.route("/inspections/<int:inspection_id>/notices.pdf")
@permission_required(roles.can_manage_rectifications)
def inspection_notices_pdf(inspection_id):
    """Every issued notice of one inspection in one PDF, each with its own page numbers."""
    inspection = get_or_404(Inspection.visible_to(g.user), inspection_id)
    cases = (RectificationCase.select().where(RectificationCase.inspection == inspection)
             .order_by(RectificationCase.doc_no.is_null(), RectificationCase.issued_at, RectificationCase.id))
    return _pdf_or_back(lambda: notice.notices_pdf(list(cases), notice.case_url),
                        f"整改通知书-{inspection.date:%Y%m%d}-{inspection.team_code}.pdf",
                        url_for("rectifications.open_cases", inspection_id=inspection.id))


def _send_report_file(evidence_id, variant):
    ev = get_or_404(ReportEvidence.visible_to(g.user), evidence_id)
    name, mime = files.served_copy(ev, variant, roles.can_see_original_evidence(g.user))
    return send_private_file(files.path_of(upload_root(), name), mime, f"report-{ev.id}.{name.rsplit('.', 1)[-1]}")


@bp.route("/evidence/<int:evidence_id>")
@permission_required(roles.can_view_rectifications)
def evidence_file(evidence_id):
    """A file of a unit's report (the copy without EXIF for everyone but admins)."""
    return _send_report_file(evidence_id, "full")


@bp.route("/evidence/<int:evidence_id>/thumb")
@permission_required(roles.can_view_rectifications)
def evidence_thumb(evidence_id):
    return _send_report_file(evidence_id, "thumb")


@bp.route("/escalate", methods=("POST",))
@permission_required(roles.can_manage_rectifications)
def escalate():
    """The admin's button for the daily escalation run (the same as the CLI; idempotent)."""
    thresholds = current_app.config["RECTIFICATION_CARD_THRESHOLDS"]
    run = escalation.escalate(actor=g.user, thresholds=thresholds)
    if run.total:
        parts = [_("%(card)s %(n)s 件", card=_(Card.LABELS[level]), n=len(ids))
                 for level, ids in run.raised.items() if ids]
        flash(_("已对逾期整改通知升级督办：%(parts)s", parts="，".join(parts)), "success")
    else:
        flash(_("今天没有需要升级的逾期整改通知"), "info")
    return redirect(url_for("rectifications.index", tab="overdue"))
