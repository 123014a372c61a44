"""Dashboards (统计分析) for supervisors and leaders: per hall, unit and window, with a period filter,
trend lines drawn on the server, drill-down from every number and CSV/XLSX export of every table.
Viewers read; nothing here changes data."""
from flask import abort
from flask import flash
from flask import g
from flask import render_template
from flask import request

from inspectapp.auth import roles
from inspectapp.auth.decorators import permission_required
from inspectapp.common.exports import FORMATS
from inspectapp.common.exports import export_response
from inspectapp.common.timeutil import local_today
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Severity
from inspectapp.inspections.models import Status as InspectionStatus
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.reports import charts
from inspectapp.reports import dashboard
from inspectapp.reports import exports
from inspectapp.reports import stats
from inspectapp.reports import trends
from inspectapp.reports.blueprint import bp
from inspectapp.reports.blueprint import settings
from inspectapp.reports.links import Links
from inspectapp.reports.periods import Scope

#: The window page lists its latest findings; the link above them opens the full list.
WINDOW_FINDINGS_SHOWN = 50


def _period_and_scope():
    today = local_today()
    period, error = dashboard.period_from_args(request.args, today)
    if error:
        flash(error, "error")
    return period, dashboard.scope_from_args(request.args), today


def _filters(period, scope, today):
    return dict(choices=dashboard.period_choices(today), halls=list(Hall.select().order_by(Hall.code)),
                all_units=list(Unit.select().order_by(Unit.code)), period=period, scope=scope,
                custom=period.kind == "dates", args=request.args)


@bp.route("/")
@permission_required(roles.can_view_dashboards)
def index():
    """统计分析: the period's figures, trends, rankings and the windows getting worse fastest."""
    period, scope, today = _period_and_scope()
    board = dashboard.build(period, scope, settings(), today)
    return render_template("reports/dashboard.html", board=board, links=Links(period, scope),
                           charts=_charts(board), Severity=Severity, **_filters(period, scope, today))


def _charts(board):
    labels = [p.label for p in board.trend]
    rates = [p.ratings.positive_rate for p in board.trend]
    counts = [p.ratings.counted for p in board.trend]
    findings = [p.findings for p in board.trend]
    by_category = list(board.current.inspections.by_category.items())
    return {
        "rate": charts.line_chart(labels, rates, "好评率（%）近12个月", unit="%"),
        "count": charts.line_chart(labels, counts, "有效评价数 近12个月", fmt="{:.0f}",
                                   low=0, high=max(counts + [1]) * 1.2),
        "findings": charts.line_chart(labels, findings, "暗访发现问题数 近12个月", fmt="{:.0f}",
                                      low=0, high=max(findings + [1]) * 1.2),
        "categories": charts.bar_chart(by_category, "本期问题类别分布"),
    }


@bp.route("/windows/<int:window_id>")
@permission_required(roles.can_view_dashboards)
def window(window_id):
    """One window: its figures and index in the period, its 12-month trend and its findings."""
    row = dashboard.window_of(window_id)
    if row is None:
        abort(404)
    period, _scope, today = _period_and_scope()
    scope = Scope(hall_id=row.hall_id)
    current, _previous = stats.with_previous(period, scope, settings(), as_of=today, light=True)
    trend = trends.monthly(period, scope, settings().positive_includes_basic, window_id=row.id)
    labels = [p.label for p in trend]
    findings = (Finding.visible_to(g.user)
                .where((Finding.window == row.id) & (Finding.status == FindingStatus.ACTIVE)
                       & (Inspection.status == InspectionStatus.PUBLISHED)
                       & Inspection.date.between(period.start, period.end))
                .order_by(Inspection.date.desc(), Finding.recorded_at.desc()))
    return render_template(
        "reports/window.html", window=row, stats_row=current.window(row.id),
        links=Links(period, scope), findings=list(findings.limit(WINDOW_FINDINGS_SHOWN)), Severity=Severity,
        chart_rate=charts.line_chart(labels, [p.ratings.positive_rate for p in trend], "好评率（%）近12个月", unit="%"),
        chart_findings=charts.line_chart(labels, [p.findings for p in trend], "发现问题数 近12个月", fmt="{:.0f}",
                                         low=0, high=max([p.findings for p in trend] + [1]) * 1.2),
        **_filters(period, scope, today))


@bp.route("/export/<any(units, windows, trend):table>.<any(csv, xlsx):fmt>")
@permission_required(roles.can_view_dashboards)
def export(table, fmt):
    """The dashboard's unit ranking, window ranking or monthly trend as CSV or XLSX."""
    if fmt not in FORMATS:
        abort(404)
    period, scope, today = _period_and_scope()
    board = dashboard.build(period, scope, settings(), today)
    columns, rows, title = exports.table(table, board)
    return export_response(columns, rows, f"{exports.STEMS[table]}-{period.key}", fmt, title=title)
