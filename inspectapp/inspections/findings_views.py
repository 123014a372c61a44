"""Findings across inspections: filtered list and CSV export (scoped like every other list)."""

from flask import g
from flask import render_template
from flask import request
from flask_babel import gettext as _
from peewee import JOIN

from inspectapp.auth import roles
from inspectapp.auth.decorators import permission_required
from inspectapp.common.args import parse_date
from inspectapp.common.args import parse_id
from inspectapp.common.exports import DATE
from inspectapp.common.exports import INT
from inspectapp.common.exports import NUMBER
from inspectapp.common.exports import TEXT
from inspectapp.common.exports import TIME
from inspectapp.common.exports import Column
from inspectapp.common.exports import export_response
from inspectapp.common.timeutil import local_today
from inspectapp.common.timeutil import to_local
from inspectapp.common.web import paginate_request
from inspectapp.i18n import N_
from inspectapp.inspections.blueprint import bp
from inspectapp.inspections.models import ChecklistItem
from inspectapp.inspections.models import Evidence
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Severity
from inspectapp.inspections.models import Status
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window


def _date_arg(name, label):
    return parse_date(request.args.get(name), label)


def _int_arg(name, label):
    return parse_id(request.args.get(name), label)


def filtered_findings(user):
    """Findings visible to the user, narrowed by the ?hall= &unit= &window= &severity= &category= &status=
    &from= &to= &inspection= &q= filters; returns (query, filters dict for the template)."""
    query = (Finding.visible_to(user).select_extend(Window, Unit).join_from(Finding, Window, JOIN.LEFT_OUTER)
             .join_from(Window, Unit, JOIN.LEFT_OUTER))
    f = {"hall": _int_arg("hall", N_("大厅")), "unit": _int_arg("unit", N_("单位")),
         "window": _int_arg("window", N_("窗口")), "inspection": _int_arg("inspection", N_("检查")),
         "published": request.args.get("published") == "1",
         "severity": request.args.get("severity", ""), "category": request.args.get("category", "").strip(),
         "status": request.args.get("status", "active"), "from": _date_arg("from", N_("开始日期")),
         "to": _date_arg("to", N_("结束日期")),
         "q": request.args.get("q", "").strip()}
    if f["hall"]:
        query = query.where(Inspection.hall == f["hall"])
    if f["unit"]:
        # The unit the window had when the finding was recorded (as the statistics count it).
        query = query.where(Finding.unit == f["unit"])
    if f["window"]:
        query = query.where(Finding.window == f["window"])
    if f["published"]:
        query = query.where(Inspection.status == Status.PUBLISHED)
    if f["inspection"]:
        query = query.where(Finding.inspection == f["inspection"])
    if f["severity"] in Severity.ALL:
        query = query.where(Finding.severity == f["severity"])
    if f["category"]:
        query = query.where(ChecklistItem.category.startswith(f["category"]))
    if f["status"] in FindingStatus.LABELS:
        query = query.where(Finding.status == f["status"])
    if f["from"]:
        query = query.where(Inspection.date >= f["from"])
    if f["to"]:
        query = query.where(Inspection.date <= f["to"])
    if f["q"]:
        query = query.where(Finding.sentence.contains(f["q"]) | (Finding.staff_no == f["q"]))
    return query.order_by(Inspection.date.desc(), Finding.recorded_at.desc(), Finding.id.desc()), f


def _choices(user):
    halls = Hall.select().order_by(Hall.code)
    units = Unit.visible_to(user).order_by(Unit.code)
    categories = sorted({i.category for i in ChecklistItem.select(ChecklistItem.category).distinct()})
    return {"halls": list(halls), "units": list(units), "categories": categories, "severities": Severity.LABELS,
            "statuses": FindingStatus.LABELS}


@bp.route("/findings/")
@permission_required(roles.can_view_inspections)
def findings():
    """All findings the user may see, with filters."""
    query, filters = filtered_findings(g.user)
    page = paginate_request(query)
    return render_template("inspections/findings.html", page=page, filters=filters,
                           counts=Evidence.counts_for(page.items),
                           is_admin=roles.can_plan_inspections(g.user), **_choices(g.user))


#: (header msgid, kind) of the findings export.
EXPORT_COLUMNS = (
    (N_("检查日期"), DATE), (N_("时间"), TIME), (N_("大厅"), TEXT), (N_("窗口"), TEXT), (N_("单位"), TEXT),
    (N_("检查组"), TEXT), (N_("检查方式"), TEXT), (N_("编号"), TEXT), (N_("类别"), TEXT), (N_("问题"), TEXT),
    (N_("严重程度"), TEXT), (N_("扣分"), NUMBER), (N_("重点问题"), TEXT), (N_("工号"), TEXT),
    (N_("问题描述"), TEXT), (N_("证据数"), INT), (N_("检查状态"), TEXT), (N_("记录状态"), TEXT),
)


def _export_row(finding, evidence_count, internal):
    window = finding.window
    return (
        finding.inspection.date, to_local(finding.recorded_at).time().replace(second=0, microsecond=0),
        finding.inspection.hall.name, window.number if window else _("大厅公共区域"),
        window.unit.name if window else "",
        finding.inspection.team_code, _(finding.inspection.mode_label), finding.item.code, finding.item.category,
        finding.item.problem, _(finding.severity_label), finding.deduction,
        _("是") if finding.item.is_critical else "", finding.staff_no, finding.sentence, evidence_count,
        _(finding.inspection.status_label),
        _(FindingStatus.LABELS[finding.status])
        + (f"：{finding.drop_reason}" if internal and finding.drop_reason else ""),
    )


@bp.route("/findings.csv", defaults={"fmt": "csv"})
@bp.route("/findings.xlsx", defaults={"fmt": "xlsx"})
@permission_required(roles.can_view_inspections)
def findings_csv(fmt):
    """The filtered findings as CSV or XLSX. Teams appear only by their code."""
    query, _filters = filtered_findings(g.user)
    rows = list(query)
    counts = Evidence.counts_for(rows)
    internal = roles.can_plan_inspections(g.user)
    columns = [Column(_(header), kind) for header, kind in EXPORT_COLUMNS]
    table = (_export_row(f, counts.get(f.id, 0), internal) for f in rows)
    return export_response(columns, table, f"findings-{local_today():%Y%m%d}", fmt, title=_("检查发现问题"))
