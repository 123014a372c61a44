"""The permission table: every endpoint of the URL map × every identity, with the status each
must get. tests/security/test_permissions.py fails for an endpoint missing here, so a feature
that adds a route adds its row(s) here, in the same commit.

A row: endpoint, method, URL arguments, then the expected status per identity (see IDENTITIES in
world.py: anon, inspector, manager (unit A), other_manager (unit B), viewer, admin). URL
argument values: "@name" is the id of world.name, "#name.attr" an attribute, anything else is
literal. LOGIN means a redirect to the login page. POSTs are sent with an empty form (CSRF off):
an allowed identity gets 200 (the form again with messages), 302 (done) or 400, a refused one
403 or 404 (404 where a 403 would confirm that a row of another unit exists).
"""
from dataclasses import dataclass
from dataclasses import field

LOGIN = "login"


@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    args: dict = field(default_factory=dict)
    anon: object = LOGIN
    inspector: object = 403
    manager: object = 403
    other_manager: object = 403
    viewer: object = 403
    admin: object = 200

    def expected(self, identity):
        return getattr(self, identity)


def admin_only(endpoint, method="GET", args=None, admin=200, anon=LOGIN):
    return Row(endpoint, method, args or {}, anon=anon, admin=admin)


EVAL = {"evaluation_id": "@evaluation"}
TICKET = {"ticket_id": "@ticket"}
DRAFT = {"inspection_id": "@draft"}
PUBLISHED = {"inspection_id": "@inspection"}
TEMPLATE = {"template_id": "@template"}
ITEM = {"template_id": "@template", "item_id": "@item"}
FINDING = {"finding_id": "@finding"}
WINDOW_A = {"window_id": "@window_a"}
EVIDENCE = {"evidence_id": "@evidence"}

ROWS = [
    # public and account pages
    Row("core.healthz", "GET", anon=200, inspector=200, manager=200, other_manager=200, viewer=200, admin=200),
    Row("core.index", "GET", inspector=200, manager=200, other_manager=200, viewer=200, admin=200),
    Row("core.set_language", "POST", {"code": "en"}, anon=302, inspector=302, manager=302, other_manager=302,
        viewer=302, admin=302),
    Row("static", "GET", {"filename": "css/app.css"}, anon=200, inspector=200, manager=200, other_manager=200,
        viewer=200, admin=200),
    Row("evaluate.form", "GET", {"token": "#window_a.public_token"}, anon=200, inspector=302, manager=200,
        other_manager=200, viewer=200, admin=200),
    Row("evaluate.form", "POST", {"token": "#window_a.public_token"}, anon=400, inspector=302, manager=400,
        other_manager=400, viewer=400, admin=400),
    Row("evaluate.thanks", "GET", {"token": "#window_a.public_token"}, anon=404, inspector=404, manager=404,
        other_manager=404, viewer=404, admin=404),
    Row("auth.login", "GET", anon=200, inspector=200, manager=200, other_manager=200, viewer=200, admin=200),
    Row("auth.login", "POST", anon=200, inspector=200, manager=200, other_manager=200, viewer=200, admin=200),
    Row("auth.logout", "POST", anon=LOGIN, inspector=LOGIN, manager=LOGIN, other_manager=LOGIN, viewer=LOGIN,
        admin=LOGIN),
    Row("auth.change_password", "GET", inspector=200, manager=200, other_manager=200, viewer=200, admin=200),
    Row("auth.change_password", "POST", inspector=200, manager=200, other_manager=200, viewer=200, admin=200),
    # administration
    admin_only("auth.users"),
    admin_only("auth.new_user"),
    admin_only("auth.new_user", "POST"),
    admin_only("auth.edit_user", "GET", {"user_id": "@victim"}),
    admin_only("auth.edit_user", "POST", {"user_id": "@victim"}, admin=302),  # an empty POST saves the form as shown
    admin_only("auth.deactivate_user", "POST", {"user_id": "@victim"}, admin=302),
    admin_only("audit.index"),
    admin_only("orgs.new", "GET", {"kind": "halls"}),
    admin_only("orgs.new", "POST", {"kind": "halls"}),
    admin_only("orgs.import_csv"),
    admin_only("orgs.import_csv", "POST"),
    admin_only("orgs.export_csv"),
    admin_only("orgs.rotate_token", "POST", WINDOW_A, admin=302),
    Row("orgs.index", "GET", {"kind": "windows"}, manager=200, other_manager=200, viewer=200),
    admin_only("orgs.edit", "GET", {"kind": "windows", "row_id": "@window_a"}),
    admin_only("orgs.edit", "POST", {"kind": "windows", "row_id": "@window_a"}),
    admin_only("orgs.deactivate", "POST", {"kind": "windows", "row_id": "@window_a"}, admin=302),
    admin_only("qr.index"),
    admin_only("qr.window", "GET", WINDOW_A),
    admin_only("qr.window_svg", "GET", WINDOW_A),
    admin_only("qr.window_png", "GET", WINDOW_A),
    admin_only("qr.window_poster", "GET", WINDOW_A),
    admin_only("qr.hall_sheet", "GET", {"hall_id": "@hall"}),
    admin_only("workcal.index"),
    admin_only("workcal.index", "POST"),
    admin_only("workcal.remove_day", "POST", {"day_id": "@day"}, admin=302),
    admin_only("workcal.confirm_year", "POST", {"year": 2031}, admin=302),
    admin_only("workcal.unconfirm_year", "POST", {"year": 2031}, admin=302),
    # ratings and 差评 tickets: unit A's rows are 404 for unit B's manager
    Row("evaluations.index", "GET", manager=200, other_manager=200, viewer=200),
    Row("evaluations.summary", "GET", manager=200, other_manager=200, viewer=200),
    Row("evaluations.export_csv", "GET", manager=200, other_manager=200, viewer=200),
    Row("evaluations.detail", "GET", EVAL, manager=200, other_manager=404, viewer=200),
    admin_only("evaluations.review"),
    admin_only("evaluations.decide", "POST", {**EVAL, "decision": "release"}, admin=302),
    admin_only("evaluations.reasons"),
    admin_only("evaluations.new_reason"),
    admin_only("evaluations.new_reason", "POST"),
    admin_only("evaluations.edit_reason", "GET", {"reason_id": "@reason"}),
    admin_only("evaluations.edit_reason", "POST", {"reason_id": "@reason"}, admin=302),
    Row("complaints.index", "GET", manager=200, other_manager=200, viewer=200),
    Row("complaints.detail", "GET", TICKET, manager=200, other_manager=404, viewer=200),
    Row("complaints.phone", "POST", TICKET, manager=200, other_manager=404, admin=200),  # viewers never see it
    Row("complaints.step", "POST", {**TICKET, "step": "callback"}, manager=400, other_manager=404, admin=400),
    # covert inspections: the team records, units see published results of their own windows
    Row("inspections.index", "GET", inspector=200, manager=200, other_manager=200, viewer=200),
    admin_only("inspections.new"),
    admin_only("inspections.new", "POST"),
    Row("inspections.detail", "GET", PUBLISHED, inspector=200, manager=200, other_manager=404, viewer=200),
    admin_only("inspections.edit", "GET", DRAFT),
    admin_only("inspections.edit", "POST", DRAFT),
    Row("inspections.change_status", "POST", {**DRAFT, "action": "submit"}, inspector=302, manager=404,
        other_manager=404, viewer=404, admin=403),  # units never see a draft; only the team submits
    Row("inspections.checklist", "GET", DRAFT, inspector=200, admin=403),
    Row("inspections.checklist", "POST", DRAFT, inspector=200, admin=403),
    Row("inspections.mark_checked", "POST", DRAFT, inspector=302, admin=403),
    Row("inspections.finding", "GET", {**DRAFT, "client_id": "#draft_finding.client_id"}, inspector=200, admin=403),
    Row("inspections.finding", "POST", {**DRAFT, "client_id": "#draft_finding.client_id"}, inspector=200,
        admin=403),
    Row("inspections.withdraw", "POST", {**DRAFT, "client_id": "#draft_finding.client_id"}, inspector=302,
        admin=403),
    Row("inspections.api_finding", "POST", DRAFT, inspector=400, admin=403),
    Row("inspections.api_evidence", "POST", {**DRAFT, "client_id": "#draft_finding.client_id"}, inspector=400,
        admin=403),
    Row("inspections.api_visit", "POST", DRAFT, inspector=400, admin=403),
    Row("inspections.api_state", "GET", DRAFT, inspector=200, admin=403),
    Row("inspections.scan", "GET", {"token": "#window_a.public_token"}, inspector=302, admin=403),
    Row("inspections.service_worker", "GET", anon=200, inspector=200, manager=200, other_manager=200, viewer=200,
        admin=200),
    Row("inspections.findings", "GET", inspector=200, manager=200, other_manager=200, viewer=200),
    Row("inspections.findings_csv", "GET", inspector=200, manager=200, other_manager=200, viewer=200),
    admin_only("inspections.review_finding", "GET", FINDING),
    admin_only("inspections.review_finding", "POST", FINDING),
    admin_only("inspections.drop_finding", "POST", FINDING, admin=302),
    admin_only("inspections.restore_finding", "POST", FINDING, admin=302),
    Row("inspections.evidence_file", "GET", EVIDENCE, inspector=200, manager=200, other_manager=404, viewer=200),
    Row("inspections.evidence_thumb", "GET", EVIDENCE, inspector=200, manager=200, other_manager=404, viewer=200),
    admin_only("inspections.checklists"),
    admin_only("inspections.checklist_template", "GET", TEMPLATE),
    admin_only("inspections.copy_checklist", "GET", TEMPLATE),
    admin_only("inspections.copy_checklist", "POST", TEMPLATE),
    admin_only("inspections.new_item", "GET", TEMPLATE),
    admin_only("inspections.new_item", "POST", TEMPLATE),
    admin_only("inspections.edit_item", "GET", ITEM),
    admin_only("inspections.edit_item", "POST", ITEM),
    admin_only("inspections.remove_item", "POST", ITEM, admin=302),
    # statistics, dashboards and bulletins (issue 8); world.bulletin is issued for the hall
    Row("reports.index", "GET", viewer=200),
    Row("reports.window", "GET", WINDOW_A, viewer=200),
    Row("reports.export", "GET", {"table": "units", "fmt": "xlsx"}, viewer=200),
    Row("reports.bulletins_index", "GET", manager=200, other_manager=200, viewer=200),
    admin_only("reports.bulletin_new"),
    admin_only("reports.bulletin_new", "POST"),
    Row("reports.bulletin", "GET", {"bulletin_id": "@bulletin"}, manager=200, other_manager=200, viewer=200),
    Row("reports.bulletin_pdf", "GET", {"bulletin_id": "@bulletin"}, manager=200, other_manager=200, viewer=200),
    # the public results pages (no login; the public version of issued bulletins)
    Row("results.index", "GET", anon=200, inspector=200, manager=200, other_manager=200, viewer=200, admin=200),
    Row("results.hall", "GET", {"hall_code": "#hall.code"}, anon=200, inspector=200, manager=200, other_manager=200,
        viewer=200, admin=200),
    Row("results.hall_pdf", "GET", {"hall_code": "#hall.code"}, anon=200, inspector=200, manager=200,
        other_manager=200, viewer=200, admin=200),
    # issue 10: switching off asks first (GET), and can be undone
    admin_only("orgs.deactivate", "GET", {"kind": "windows", "row_id": "@window_a"}),
    admin_only("orgs.activate", "POST", {"kind": "windows", "row_id": "@window_a"}, admin=302),
    admin_only("auth.deactivate_user", "GET", {"user_id": "@victim"}),
    admin_only("auth.activate_user", "POST", {"user_id": "@victim"}, admin=302),
]
