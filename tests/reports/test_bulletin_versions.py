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
