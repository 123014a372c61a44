"""One bulletin issued once for the module: the public version names no staff and nothing about
inspectors, every character of the PDFs is drawn by an embedded font, only admins issue."""
import re

from inspectapp.auth.models import User
from inspectapp.auth.roles import Role
from inspectapp.orgs.models import Staff
from inspectapp.reports.models import Bulletin
from tests import pdfcheck
from tests.factories import make_user
from tests.reports.bulletin_helpers import NOV
from tests.reports.bulletin_helpers import article
from tests.reports.bulletin_helpers import issue
from tests.reports.bulletin_helpers import login
from tests.reports.bulletin_helpers import pdf


def _secret_names(s):
    names = [x.name for x in Staff.select()] + [x.staff_no for x in Staff.select()]
    inspectors = User.select().where(User.role == Role.INSPECTOR)
    return names + [u.display_name for u in inspectors] + [u.username for u in inspectors]


def test_the_public_version_names_no_staff_and_no_inspector(shared_issued):
    issued, client, app = shared_issued, shared_issued.client, shared_issued.app
    bulletin = issued.bulletin
    internal = pdfcheck.pdftotext(pdf(client, bulletin))
    assert "王晓丽" in internal and "RSJ003" in internal and "第1检查组" in internal  # the internal one does
    public_pdf = pdfcheck.pdftotext(pdf(client, bulletin, "public"))
    public_html = client.get(f"/reports/bulletins/{bulletin.id}?version=public").get_data(as_text=True)
    anonymous = app.test_client()
    page = anonymous.get(f"/results/{issued.hall.code}")
    public_page = page.get_data(as_text=True)
    assert page.status_code == 200 and "临江市医疗保障局" in public_page
    document = anonymous.get(f"/results/{issued.hall.code}/bulletin.pdf")
    assert document.status_code == 200
    public_download = pdfcheck.pdftotext(document.data)
    document_html = article(public_html)  # the menu around it names the logged-in admin
    for text in (public_pdf, public_page, public_download, document_html):
        for secret in _secret_names(issued):
            assert secret not in text, secret
        assert "检查组" not in text
    assert "（此件公开发布）" in public_pdf


def test_pdf_fonts_embedded_and_every_character_covered(shared_issued):
    issued, client = shared_issued, shared_issued.client
    for version in ("internal", "public"):
        document = pdf(client, issued.bulletin, version)
        fonts = pdfcheck.pdffonts(document)
        assert fonts and all(embedded for _name, _type, embedded, _sub, _uni in fonts), fonts
        assert pdfcheck.uncovered_characters(document) == set()
        text = pdfcheck.pdftotext(document)
        for expected in (issued.bulletin.doc_no, "关于2025年11月临江市政务服务中心", "各进驻单位：", "一、总体情况",
                         "工作要求", "附件1", "抄送：市政府办公室。"):
            assert expected in text, expected
        assert re.search(r"—\s*1\s*—", text) and re.search(r"—\s*5\s*—", text)


def test_only_admins_issue_and_readers_read(shared_issued):
    issued = shared_issued
    client = issued.app.test_client()
    login_as = lambda user: login(client, user)  # noqa: E731
    viewer = login_as(make_user(Role.VIEWER))
    assert client.get(f"/reports/bulletins/new?period={NOV}").status_code == 403
    assert issue(client, issued.hall).status_code == 403
    assert client.get(f"/reports/bulletins/{issued.bulletin.id}").status_code == 200
    login_as(make_user(Role.UNIT_MANAGER, unit=issued.u2))
    assert client.get(f"/reports/bulletins/{issued.bulletin.id}.pdf").status_code == 200
    assert client.get("/reports/").status_code == 403
    login_as(make_user(Role.INSPECTOR))
    assert client.get(f"/reports/bulletins/{issued.bulletin.id}").status_code == 403
    assert viewer
    assert Bulletin.select().count() == 1  # the viewer's attempt issued nothing


#: The window index annex's geometry (bulletin-pdf.css): 排名 and 窗口 cells 10 + 37.5 mm, then 7 × 15.5 mm.
ANNEX_FIGURES_AT, ANNEX_COLUMN = 47.5, 15.5


def _annex_runs(document):
    """{row label: [(x0, x1) of each run of figures]} of the window index annex, in mm."""
    left = pdfcheck.TEXT_BLOCK[0] + ANNEX_FIGURES_AT
    rows = {}
    for row in pdfcheck.lines(document).values():
        text = "".join(c.text for c in row)
        if not re.match(r"^(\d+|—)[A-Z]\d+窗口（", text):  # 排名, then the window
            continue
        runs = []
        for c in (c for c in row if c.x0 > left):
            if runs and c.x0 - runs[-1][1] < 1.0:
                runs[-1][1] = c.x1
            else:
                runs.append([c.x0, c.x1])
        rows[text.split("）")[0]] = runs
    return rows


def _assert_runs_in_columns(rows):
    left = pdfcheck.TEXT_BLOCK[0] + ANNEX_FIGURES_AT
    for label, runs in rows.items():
        for x0, x1 in runs:
            column = int((x0 - left) // ANNEX_COLUMN)
            assert 0 <= column < 7, (label, x0)
            assert x1 < left + ANNEX_COLUMN * (column + 1) - 0.3, (label, x0, x1)  # never on or past the next line


def test_annex_figures_stay_in_their_columns_even_at_their_widest(shared_issued):
    """The PDF annex sets a window's figures as one run on tab stops under drawn column lines:
    every figure must stay between its two lines, also with the widest values a figure can take."""
    import copy

    from inspectapp.reports import rendering

    issued = shared_issued
    rows = _annex_runs(pdf(issued.client, issued.bulletin))
    assert len(rows) == 3 and all(len(runs) >= 6 for runs in rows.values()), rows
    _assert_runs_in_columns(rows)
    data = copy.deepcopy(issued.bulletin.data)
    widest = {"rank": 100, "index": 100.0, "change": -100.0, "counted": 999999, "positive_rate": 100.0,
              "negative": 99999, "inspection_score": 100.0, "findings": 99999}
    data["internal"]["windows"] = [{**w, **widest} for w in data["internal"]["windows"]]
    with issued.app.test_request_context():
        document = rendering.snapshot_pdf(data, "internal")
    rows = _annex_runs(document)
    assert len(rows) == 3 and all(len(runs) == 7 for runs in rows.values()), rows
    _assert_runs_in_columns(rows)
