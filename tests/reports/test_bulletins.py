"""Bulletins issued through the preview page: their own 通报 serial, frozen (the PDF and the HTML
stay the same whatever happens to the data), incomplete texts refused and kept."""
import datetime as dt

import pytest

from inspectapp.complaints import services as complaints
from inspectapp.evaluations.models import Evaluation
from inspectapp.reports.models import Bulletin
from inspectapp.reports.models import BulletinFile
from inspectapp.reports.models import ImmutableError
from tests import pdfcheck
from tests.reports.bulletin_helpers import NOV
from tests.reports.bulletin_helpers import article
from tests.reports.bulletin_helpers import issue
from tests.reports.bulletin_helpers import issue_first
from tests.reports.bulletin_helpers import pdf
from tests.reports.conftest import rate
from tests.reports.conftest import unit_manager_of


@pytest.fixture
def issued(scenario, client, login_as):
    """A bulletin issued on the test's own database (for tests that change data)."""
    login_as(scenario.admin)
    return issue_first(scenario, client)


def test_issue_numbers_with_the_bulletin_series(issued, client):
    first = issued.bulletin
    year = dt.date.today().year
    assert first.doc_no == f"临政服通〔{year}〕1号"
    assert BulletinFile.select().where(BulletinFile.bulletin == first).count() == 2
    assert issue(client, issued.hall, issue_key="same-form").status_code == 302
    assert issue(client, issued.hall, issue_key="same-form").status_code == 302  # a double click
    assert [b.doc_no for b in Bulletin.select().order_by(Bulletin.id)] == [first.doc_no, f"临政服通〔{year}〕2号"]
    listing = client.get("/reports/bulletins/").get_data(as_text=True)
    assert first.doc_no in listing


def test_an_issued_bulletin_never_changes(issued, client):
    bulletin = issued.bulletin
    before_pdf = pdf(client, bulletin)
    before_text = pdfcheck.pdftotext(before_pdf)
    before_html = article(client.get(f"/reports/bulletins/{bulletin.id}").get_data(as_text=True))
    assert "72.73%" in before_text  # 好评率 of November, as computed by hand
    # The data changes: new ratings in November, an appeal upheld, a unit renamed.
    for _ in range(3):
        rate(issued.w["A01"], 1, dt.datetime(2025, 11, 12, 10, 0))
    ticket = Evaluation.get((Evaluation.window == issued.w["A02"]) & (Evaluation.level == 2)).tickets.get()
    complaints.appeal(ticket, unit_manager_of(ticket), "恶意差评", "录像")
    complaints.decide_appeal(ticket, issued.admin, True, "成立")
    issued.u1.name = "临江市人社局（已更名）"
    issued.u1.save()
    after_pdf = pdf(client, bulletin)
    assert after_pdf == before_pdf
    from inspectapp.reports import rendering

    with client.application.test_request_context("/"):
        reprinted = rendering.render_pdf(Bulletin.get_by_id(bulletin.id), "internal")
    assert pdfcheck.pdftotext(reprinted) == before_text
    assert article(client.get(f"/reports/bulletins/{bulletin.id}").get_data(as_text=True)) == before_html
    row = Bulletin.get_by_id(bulletin.id)
    row.title = "改过的标题"
    with pytest.raises(ImmutableError):
        row.save()


def test_incomplete_texts_are_refused_and_kept(scenario, client, login_as):
    login_as(scenario.admin)
    response = issue(scenario and client, scenario.hall, title="", deadline="2020-01-01")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "请填写标题" in html
    assert "一是立即整改" in html  # what was typed is kept
    assert not Bulletin.select().exists()


def test_cli_writes_a_preview_then_issues_and_prints_the_public_version(scenario, runner, tmp_path):
    out = tmp_path / "b.pdf"
    base = ["reports", "bulletin", "--period", NOV, "--hall", "LJZX", "-o", str(out)]
    result = runner.invoke(args=base)
    assert result.exit_code == 0, result.output
    assert "预览稿" in result.output and not Bulletin.select().exists()
    assert "草稿" in pdfcheck.pdftotext(out.read_bytes())
    result = runner.invoke(args=[*base, "--issue", "--by", scenario.admin.username, "--public"])
    assert result.exit_code == 0, result.output
    bulletin = Bulletin.get()
    assert bulletin.doc_no in result.output
    text = pdfcheck.pdftotext(out.read_bytes())
    assert bulletin.doc_no in text and "（此件公开发布）" in text and "王晓丽" not in text
    assert runner.invoke(args=["reports", "bulletin", "--period", "2025-13", "-o", str(out)]).exit_code != 0
    refused = runner.invoke(args=[*base, "--issue", "--by", "nobody"])
    assert refused.exit_code != 0 and "督查管理员" in refused.output
