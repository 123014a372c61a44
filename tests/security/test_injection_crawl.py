"""Injection crawl: payloads (markup, a javascript: link, a formula) typed into every text field an
admin, inspector, unit manager or citizen can write, through the real forms; then every page,
CSV, XLSX and PDF each identity can reach is checked for live markup, script links or formulas."""
import csv
import datetime as dt
import html
import io
import re
import subprocess
import zipfile
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook

from inspectapp.auth import services
from inspectapp.common import exports
from inspectapp.common.timeutil import local_today
from inspectapp.common.timeutil import now
from inspectapp.common.timeutil import to_local
from inspectapp.evaluations.models import Evaluation
from inspectapp.inspections import services as inspections
from inspectapp.inspections.models import Finding
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Window
from tests.security.world import build_world

_counter = iter(range(1, 10_000))


def payload():
    """A formula that is also markup: `=<i>P7</i>` (short: it must fit a 20-character unit name)."""
    return f"=<i>P{next(_counter)}</i>"


JS_LINK = "javascript:alert(1)"
LIVE_MARKUP = re.compile(r"<i>P\d+</i>")


def client_for(app, user):
    client = app.test_client()
    if user is not None:
        with client.session_transaction() as session:
            session["sid"] = services.start_session(user)
    return client


def post(client, url, data, expect=(302, 303)):
    response = client.post(url, data=data)
    assert response.status_code in expect, f"{url} refused: {response.status_code} " + _errors(response)
    return response


def _errors(response):
    return " | ".join(re.findall(r'<p class="error">([^<]*)</p>', response.get_data(as_text=True)))


def _form_key(client, url):
    return re.search(r'name="key" (?:type="hidden" )?value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def type_everything(app, w):
    """Every text field of every form, filled with payloads, through HTTP as its real author."""
    admin, inspector, manager = (client_for(app, u) for u in (w.admin, w.inspector, w.manager))
    post(admin, "/orgs/halls/new", {"code": "INJ", "name": payload(), "address": payload(), "opens_at": "00:00",
                                   "closes_at": "23:59", "is_active": "y"})
    hall = Hall.get(Hall.code == "INJ")
    post(admin, f"/orgs/units/{w.unit_a.id}/edit", {"code": w.unit_a.code, "name": payload(),
                                                    "short_name": payload(), "is_active": "y"})
    post(admin, "/orgs/windows/new", {"hall": hall.id, "unit": w.unit_a.id, "number": "INJ1", "name": payload(),
                                     "is_active": "y"})
    window = Window.get(Window.number == "INJ1")
    post(admin, "/orgs/staff/new", {"staff_no": "SINJ", "name": payload(), "unit": w.unit_a.id, "window": window.id,
                                   "is_active": "y"})
    staff = Staff.get(Staff.staff_no == "SINJ")
    post(admin, "/auth/users/new", {"username": "inj-user", "display_name": payload(), "role": "viewer", "unit": 0,
                                   "password": "inj-pass-1234", "is_active": "y"})
    post(admin, "/evaluations/reasons/new", {"code": "1901", "text": JS_LINK, "sort_order": 1, "is_active": "y"})
    post(admin, f"/evaluations/reasons/{w.reason.id}/edit", {"code": w.reason.code, "text": payload(),
                                                             "sort_order": 1, "is_active": "y"})
    post(admin, "/workcal/", {"day": "2031-06-03", "kind": "holiday", "name": payload()})
    post(admin, f"/inspections/checklists/{w.template.id}/copy", {"key": "inj-tpl", "name": payload()})
    # a citizen at the new window: a 差评 with a comment, naming the staff member
    citizen = app.test_client()
    key = _form_key(citizen, f"/e/{window.public_token}")
    post(citizen, f"/e/{window.public_token}", {"key": key, "level": "1", "reasons": ["115", "1901"],
                                                "comment": payload() + JS_LINK, "staff": staff.id})
    evaluation = Evaluation.select().order_by(Evaluation.id.desc()).get()
    ticket = evaluation.tickets.get()
    post(manager, f"/complaints/{ticket.id}/steps/callback",
         {"called_at": (to_local(now()) + dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M"), "result": "reached",
          "note": payload()})
    post(manager, f"/complaints/{w.ticket.id}/steps/appeal", {"reason": payload(), "evidence": payload()})
    post(admin, f"/evaluations/{w.held.id}/release", {"note": payload()})
    # the inspector records a finding at the new window, with a note, a staff number and a sentence
    draft = inspections.save_plan(None, inspections.Plan(hall=hall, date=local_today(), mode="covert",
                                                         template=w.template, team_no=42, members=[w.inspector],
                                                         note=""), w.admin)
    post(admin, f"/inspections/{draft.id}/edit", {"hall": hall.id, "date": local_today().isoformat(),
                                                  "mode": "covert", "template": w.template.id, "team_no": 42,
                                                  "members": [w.inspector.id], "note": payload()})
    item = w.template.items.first()
    post(inspector, f"/inspections/{draft.id}/checklist", {"client_id": "inj-finding-0001", "item": item.id,
                                                           "window": window.id})
    finding = Finding.get(Finding.client_id == "inj-finding-0001")
    post(inspector, f"/inspections/{draft.id}/findings/{finding.client_id}",
         {"rev": finding.client_rev + 1, "sentence": payload(), "staff_no": payload(), "severity": "minor",
          "note": payload(), "photo_client_id": "inj-photo-0001", "audio_client_id": "inj-audio-0001"})
    post(inspector, f"/inspections/{draft.id}/submit", {})
    post(admin, f"/inspections/findings/{finding.id}/review", {"sentence": payload(), "severity": "serious"})
    post(admin, f"/inspections/{draft.id}/publish", {})
    post(admin, f"/inspections/findings/{w.finding.id}/drop", {"drop-kind": "other", "drop-reason": payload()})
    post(admin, f"/inspections/checklists/{w.template.id}/items/new",
         {"code": "Z9", "category": payload(), "problem": payload(), "text": payload(),
          "finding_pattern": "{时间}，{窗口}" + payload(),
          "deduction": "1", "severity": "minor", "position": "99"})
    post(admin, f"/orgs/windows/{w.window_b.id}/rotate-token", {"reason": payload()})
    type_rectifications(w, admin, manager)
    type_surveys(app, w, admin)
    return hall, window


def type_rectifications(w, admin, manager):
    """The admin's requirements and extension reason, the unit's 签收人 and 整改报告."""
    draft_item = w.draft_case.items_in_order().get()
    post(admin, f"/rectifications/{w.draft_case.id}/edit", {"deadline_days": 10, "general_requirement": payload(),
                                                           f"requirement_{draft_item.id}": payload() + JS_LINK})
    post(admin, f"/rectifications/{w.draft_case.id}/steps/issue", {})
    post(manager, f"/rectifications/{w.draft_case.id}/steps/acknowledge", {"signer": payload()})
    post(admin, f"/rectifications/{w.case.id}/steps/extend", {"days": 1, "reason": payload()})
    n = w.case_item.id
    post(manager, f"/rectifications/{w.case.id}/report", {
        f"cause_{n}": payload(), f"measures_{n}": payload() + JS_LINK, f"responsible_{n}": payload(),
        f"completed_on_{n}": local_today().isoformat(), "summary": payload(), "contact": payload(), "action": "save"})


def type_surveys(app, w, admin):
    """The questionnaire's texts, a choice question's options, the award title, and a citizen's answer."""
    today = local_today()
    post(admin, f"/surveys/{w.survey.id}/settings", {
        "title": payload(), "intro": payload(), "privacy_note": payload(), "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=30)).isoformat(), "one_per_device": "y"})
    post(admin, f"/surveys/{w.survey.id}/questions/new?kind=single", {
        "text": payload(), "help": payload(), "options": f"1 {payload()}\n2 {JS_LINK}"})
    post(admin, f"/surveys/{w.appraisal.id}/award", {
        "award_title": payload(), "weight_campaign": 60, "weight_rating": 30, "weight_inspection": 10,
        "min_ratings": 1, "award_quota": 2})
    citizen = app.test_client()
    page = citizen.get(f"/q/{w.survey.token}?w={w.window_a.public_token}").get_data(as_text=True)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    post(citizen, f"/q/{w.survey.token}", {**hidden, "Q1": "2", "Q2": payload() + JS_LINK, "Q3": "1", "nav": "next"})


SKIP = ("/static/", "/auth/logout", "/lang/", "/inspections/sw.js")
#: Pictures carry no typed text: not fetched.
PICTURES = (".png", ".svg", "/thumb")
#: URLs of one shape (ids replaced) visited at most this often; the payload rows are start pages.
PER_SHAPE = 2


def crawl(client, start, limit=200):
    """Same-site GETs reachable from the start pages (links, sources, form targets): every start
    page, and up to PER_SHAPE pages of each other URL shape."""
    seen, shapes, results, queue = set(), {}, {}, list(start)
    while queue and len(results) < limit:
        url = queue.pop(0)
        if url in seen or not url.startswith("/") or url.startswith(SKIP) or "page=" in url or url.endswith(PICTURES):
            continue
        seen.add(url)
        shape = re.sub(r"\d+", "N", url.split("?")[0])
        shapes[shape] = shapes.get(shape, 0) + 1
        if (shapes[shape] > PER_SHAPE or url.endswith(".pdf")) and url not in start:  # PDFs: the payload ones
            continue
        response = client.get(url)
        results[url] = (response.status_code, response.mimetype, response.data)
        response.close()
        if response.mimetype == "text/html":
            for link in re.findall(r'(?:href|src|action)="([^"#]+)"', response.get_data(as_text=True)):
                link = html.unescape(link)
                if not urlsplit(link).netloc:
                    queue.append(link)
    return results


def check_html(url, body):
    text = body.decode()
    assert not LIVE_MARKUP.search(text), f"{url}: live markup {LIVE_MARKUP.search(text).group(0)}"
    for attr in re.findall(r'(?:href|src|action|formaction)="([^"]*)"', text):
        assert not html.unescape(attr).strip().lower().startswith("javascript:"), f"{url}: script link {attr}"


def check_csv(url, body):
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c[:1] in exports.FORMULA_STARTS], f"{url}: live formula"
    return any("<i>P" in c for c in cells)


def check_xlsx(url, body):
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), f"{url}: formula in {name}"
    sheet = load_workbook(io.BytesIO(body)).active
    risky = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert all(c.quotePrefix and c.data_type == "s" for c in risky), f"{url}: formula-like cell without quote"
    return any("<i>P" in str(c.value) for c in risky)


def check_pdf(url, body, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(body)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # escaped markup prints its tags; live markup would print the bare text of a payload
    bare = re.findall(r"(?<!<i>)P\d+(?!</i>)", text.replace(" ", ""))
    assert not [b for b in bare if f"<i>{b}</i>" not in text.replace(" ", "")], f"{url}: markup rendered in PDF"
    return "<i>P" in text


@pytest.fixture
def typed(app):
    w = build_world(app)
    hall, window = type_everything(app, w)
    return w, hall, window


def test_no_page_export_or_pdf_turns_typed_text_into_markup_or_formulas(app, typed, tmp_path):
    w, hall, window = typed
    starts = {
        "anon": [f"/e/{window.public_token}", f"/e/{w.window_a.public_token}", f"/q/{w.survey.token}"],
        "admin": ["/", f"/orgs/halls/{hall.id}/edit", f"/orgs/windows/{window.id}/edit", f"/qr/windows/{window.id}",
                  f"/orgs/units/{w.unit_a.id}/edit", "/orgs/halls/", "/orgs/units/", "/orgs/windows/", "/orgs/staff/",
                  "/auth/users/", "/audit/",
                  "/evaluations/", "/evaluations/summary", "/evaluations/review", "/evaluations/reasons/",
                  "/complaints/", "/complaints/?state=closed", "/inspections/", "/inspections/findings/?status=all",
                  "/inspections/checklists/", "/workcal/?year=2031", "/qr/", f"/qr/windows/{window.id}/poster.pdf",
                  f"/qr/halls/{hall.id}/sheet.pdf", "/evaluations/export.xlsx", "/inspections/findings.xlsx?status=all",
                  "/orgs/export.csv", "/orgs/export.xlsx",
                  "/rectifications/?tab=all", f"/rectifications/{w.case.id}", f"/rectifications/{w.draft_case.id}",
                  f"/rectifications/{w.case.id}/notice.pdf", "/rectifications/export.xlsx?tab=all",
                  "/surveys/", f"/surveys/{w.survey.id}", f"/surveys/{w.survey.id}/results",
                  f"/surveys/{w.survey.id}/results/texts", f"/surveys/{w.survey.id}/export.xlsx",
                  f"/surveys/{w.survey.id}/export.csv", f"/surveys/{w.survey.id}/report.pdf",
                  f"/surveys/{w.appraisal.id}/ranking", f"/surveys/{w.appraisal.id}/award"],
        "manager": ["/", "/evaluations/", "/complaints/", "/inspections/", "/inspections/findings/",
                    "/evaluations/export.xlsx", "/inspections/findings.xlsx", "/rectifications/?tab=all",
                    f"/rectifications/{w.case.id}/report", f"/rectifications/{w.draft_case.id}/notice.pdf",
                    "/rectifications/export.csv?tab=all", f"/surveys/{w.survey.id}/results"],
        "viewer": ["/", "/evaluations/", "/complaints/", "/inspections/", "/inspections/findings/", "/orgs/windows/",
                   "/rectifications/?tab=all", "/surveys/"],
        "inspector": ["/", "/inspections/"],
    }
    shown = {"html": 0, "csv": 0, "xlsx": 0, "pdf": 0}
    for identity, start in starts.items():
        client = client_for(app, None if identity == "anon" else getattr(w, identity))
        for url, (status, mime, body) in crawl(client, start).items():
            assert status < 500, f"{identity} {url}: {status}"
            if status != 200:
                continue
            if mime == "text/html":
                check_html(url, body)
                shown["html"] += b"&lt;i&gt;P" in body
            elif mime == "text/csv":
                shown["csv"] += check_csv(url, body)
            elif mime == exports.MIME["xlsx"]:
                shown["xlsx"] += check_xlsx(url, body)
            elif mime == "application/pdf":
                shown["pdf"] += check_pdf(url, body, tmp_path)
    # the payloads really reached every kind of output (escaped), so the checks above were not idle
    assert shown["html"] > 20 and shown["csv"] >= 1 and shown["xlsx"] >= 2 and shown["pdf"] >= 1, shown
