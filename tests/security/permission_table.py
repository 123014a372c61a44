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
CASE = {"case_id": "@case"}
DRAFT_CASE = {"case_id": "@draft_case"}
REPORT_FILE = {"evidence_id": "@report_evidence"}
SURVEY = {"questionnaire_id": "@survey"}
SURVEY_DRAFT = {"questionnaire_id": "@survey_draft"}
APPRAISAL = {"questionnaire_id": "@appraisal"}
QUESTION = {"questionnaire_id": "@survey", "question_id": "@question"}
PREVIEW = {"questionnaire_id": "@survey", "key": "#preview_key"}
RESPONSE = {"questionnaire_id": "@survey", "response_id": "@response"}
PUBLIC = {"token": "#survey.token"}
EVERYONE = dict.fromkeys(("anon", "inspector", "manager", "other_manager", "viewer", "admin"), 200)


def readers(endpoint, method="GET", args=None, **statuses):
    """Unit managers (both units), viewers and admins read; inspectors never; anonymous to the login."""
    return Row(endpoint, method, args or {}, **{"manager": 200, "other_manager": 200, "viewer": 200, **statuses})

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
    # rectification (整改, issue 7): world.case is issued to unit A (acknowledged, a saved report with
    # one photo), world.draft_case a draft for unit A. Units see only their own unit's issued cases
    # (another unit's case, and every draft, is a 404 by every URL); viewers read; inspectors have no
    # access; only the unit writes its report; admins run everything else.
    readers("rectifications.index"),
    readers("rectifications.export"),
    readers("rectifications.detail", "GET", CASE, other_manager=404),
    readers("rectifications.detail", "GET", DRAFT_CASE, manager=404, other_manager=404, viewer=404),
    readers("rectifications.notice_pdf", "GET", CASE, other_manager=404),
    readers("rectifications.notice_pdf", "GET", DRAFT_CASE, manager=404, other_manager=404, viewer=404),
    readers("rectifications.review_pdf", "GET", CASE, manager=302, other_manager=404, viewer=302, admin=302),
    # not verified yet
    readers("rectifications.evidence_file", "GET", REPORT_FILE, other_manager=404),
    readers("rectifications.evidence_thumb", "GET", REPORT_FILE, other_manager=404),
    Row("rectifications.report", "GET", CASE, manager=200, other_manager=404, admin=403),
    Row("rectifications.report", "POST", CASE, manager=302, other_manager=404, admin=403),
    Row("rectifications.step", "POST", {**CASE, "step": "acknowledge"}, manager=400, other_manager=404, admin=400),
    # already signed
    admin_only("rectifications.edit", "GET", DRAFT_CASE),
    admin_only("rectifications.edit", "POST", DRAFT_CASE),
    admin_only("rectifications.open_cases", "GET", PUBLISHED),
    admin_only("rectifications.open_cases", "POST", PUBLISHED),
    admin_only("rectifications.issue_drafts", "POST", PUBLISHED, admin=302),  # it has no drafts left
    admin_only("rectifications.inspection_notices_pdf", "GET", PUBLISHED),
    admin_only("rectifications.escalate", "POST", admin=302),
    # questionnaires and appraisals (调查问卷, 群众评议, issue 11): the builder, reviews, single
    # responses, reports, links and posters are the admins'; results are read by viewers and unit
    # managers (confined by the queries to the responses given at their unit's windows); drafts
    # are invisible to everyone but admins; the citizen's pages need no login.
    readers("surveys.index"),
    admin_only("surveys.new"),
    admin_only("surveys.new", "POST"),
    readers("surveys.detail", "GET", SURVEY, manager=302, other_manager=302, viewer=302),  # to the results
    readers("surveys.detail", "GET", SURVEY_DRAFT, manager=404, other_manager=404, viewer=404),
    admin_only("surveys.settings", "GET", SURVEY),
    admin_only("surveys.settings", "POST", SURVEY, admin=302),  # an empty POST re-saves as shown,
    admin_only("surveys.scope", "GET", SURVEY),
    admin_only("surveys.scope", "POST", SURVEY, admin=302),
    admin_only("surveys.subjects", "GET", APPRAISAL),
    admin_only("surveys.subjects", "POST", APPRAISAL),
    admin_only("surveys.award", "GET", APPRAISAL),
    admin_only("surveys.award", "POST", APPRAISAL, admin=302),
    admin_only("surveys.publish", "POST", SURVEY_DRAFT, admin=302),  # refused: no questions yet
    admin_only("surveys.close", "POST", SURVEY, admin=302),
    admin_only("survey_questions.new_question", "GET", {**SURVEY, "kind": "text"}),
    admin_only("survey_questions.new_question", "POST", {**SURVEY, "kind": "text"}),
    admin_only("survey_questions.edit_question", "GET", QUESTION),
    admin_only("survey_questions.edit_question", "POST", QUESTION),
    admin_only("survey_questions.move_question", "POST", QUESTION, admin=302),
    admin_only("survey_questions.remove_question", "POST", QUESTION, admin=302),
    admin_only("survey_questions.bank", "GET", SURVEY),
    admin_only("survey_questions.bank", "POST", SURVEY),
    admin_only("survey_questions.preview", "GET", SURVEY),
    admin_only("survey_questions.preview", "POST", SURVEY, admin=400),
    admin_only("survey_questions.preview_page", "GET", {**PREVIEW, "page": 1}),
    admin_only("survey_questions.preview_page", "POST", {**PREVIEW, "page": 1}, admin=400),
    admin_only("survey_questions.preview_done", "GET", PREVIEW),
    readers("survey_results.results", "GET", SURVEY),
    readers("survey_results.results", "GET", SURVEY_DRAFT, manager=404, other_manager=404, viewer=404),
    readers("survey_results.crosstab", "GET", SURVEY),
    readers("survey_results.texts", "GET", SURVEY),
    readers("survey_results.export", "GET", {**SURVEY, "fmt": "xlsx"}),
    admin_only("survey_results.review", "GET", SURVEY),
    admin_only("survey_results.response_detail", "GET", RESPONSE),
    admin_only("survey_results.decide", "POST", {**RESPONSE, "decision": "release"}, admin=302),  # not held
    readers("survey_appraisal.ranking", "GET", APPRAISAL),
    admin_only("survey_appraisal.confirm", "POST", APPRAISAL, admin=302),  # refused: still open
    Row("survey_appraisal.report_html", "GET", SURVEY, viewer=200),  # every unit's figures, no free text
    Row("survey_appraisal.report_pdf", "GET", SURVEY, viewer=200),
    admin_only("survey_links.qr_svg", "GET", SURVEY),
    admin_only("survey_links.qr_png", "GET", SURVEY),
    admin_only("survey_links.poster", "GET", {**SURVEY, "hall_id": "@hall"}),
    Row("survey.start", "GET", PUBLIC, **EVERYONE),
    Row("survey.start", "POST", PUBLIC, **dict.fromkeys(EVERYONE, 400)),  # Q1 is required
    Row("survey.page", "GET", {**PUBLIC, "key": "#survey_key", "page": 1}, **EVERYONE),
    Row("survey.page", "POST", {**PUBLIC, "key": "#survey_key", "page": 1}, **dict.fromkeys(EVERYONE, 400)),
    Row("survey.done", "GET", {**PUBLIC, "key": "#response.idempotency_key"}, **EVERYONE),
    # issue 10: switching off asks first (GET), and can be undone
    admin_only("orgs.deactivate", "GET", {"kind": "windows", "row_id": "@window_a"}),
    admin_only("orgs.activate", "POST", {"kind": "windows", "row_id": "@window_a"}, admin=302),
    admin_only("auth.deactivate_user", "GET", {"user_id": "@victim"}),
    admin_only("auth.activate_user", "POST", {"user_id": "@victim"}, admin=302),
]
