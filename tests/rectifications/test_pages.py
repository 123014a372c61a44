"""Rectification pages over HTTP: the admin's preview → drafts → 签发, the unit's 签收 and report,
scoping (another unit's case is a 404 by every URL), anonymity, the home page's waiting items."""
import datetime as dt
import io
import re

import pytest

from inspectapp.rectifications import services
from inspectapp.rectifications.models import CaseItem
from inspectapp.rectifications.models import CaseStatus as S
from inspectapp.rectifications.models import RectificationCase
from inspectapp.rectifications.models import ReportEvidence
from tests.inspections.factories import jpeg_bytes
from tests.pdfcheck import pdftotext
from tests.rectifications.factories import ISSUER
from tests.rectifications.factories import complete_report
from tests.rectifications.factories import make_world
from tests.rectifications.factories import open_cases


@pytest.fixture
def world(app):
    return make_world()


def fresh(case):
    return RectificationCase.get_by_id(case.id)


def _issued_pair(world):
    social, estate = open_cases(world)
    today = dt.date.today()
    return services.issue(social, world.admin, ISSUER, today=today), services.issue(estate, world.admin, ISSUER,
                                                                                    today=today)


def test_admin_previews_opens_edits_and_issues_over_http(world, client, login_as, page):
    login_as(world.admin)
    html = page("rectifications.open_cases", inspection_id=world.inspection.id)
    assert "临江市人力资源和社会保障局" in html and "临江市不动产登记中心" in html and "玩手机" in html
    assert "张秘访" not in html  # the team is 第2检查组, also for admins on this page
    response = client.post(f"/rectifications/inspections/{world.inspection.id}/open",
                           data={"units": [world.social.id], "deadline_days": "0"})
    assert response.status_code == 200 and "整改期限须为1至60个工作日" in response.get_data(as_text=True)
    response = client.post(f"/rectifications/inspections/{world.inspection.id}/open",
                           data={"units": [world.social.id, world.estate.id], "deadline_days": "8"})
    assert response.status_code == 302
    case = RectificationCase.get(RectificationCase.unit == world.social)
    assert case.status == S.DRAFT and case.deadline_days == 8
    items = list(case.items_in_order())
    data = {"deadline_days": "6", "general_requirement": "",
            **{f"requirement_{i.id}": f"要求{i.id}" for i in items}}
    data[f"requirement_{items[1].id}"] = ""
    refused = client.post(f"/rectifications/{case.id}/edit", data=data)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "请填写整改要求" in body and f"要求{items[0].id}" in body  # kept
    data[f"requirement_{items[1].id}"] = "批评教育"
    assert client.post(f"/rectifications/{case.id}/edit", data=data).status_code == 302
    assert CaseItem.get_by_id(items[1].id).requirement == "批评教育" and fresh(case).deadline_days == 6
    preview = client.get(f"/rectifications/{case.id}/notice.pdf")
    assert preview.mimetype == "application/pdf" and "草稿" in pdftotext(preview.data)
    assert client.post(f"/rectifications/{case.id}/steps/issue").status_code == 302
    assert fresh(case).doc_no == f"临政服改〔{dt.date.today().year}〕1号"
    assert client.post(f"/rectifications/inspections/{world.inspection.id}/issue").status_code == 302
    assert RectificationCase.get(RectificationCase.unit == world.estate).doc_no.endswith("〕2号")
    batch = client.get(f"/rectifications/inspections/{world.inspection.id}/notices.pdf")
    text = pdftotext(batch.data)
    assert batch.mimetype == "application/pdf" and text.count("签收人（签字）") == 2 and text.count("—1—") == 2


def test_a_refused_step_says_why_and_keeps_the_typed_text(world, client, login_as):
    social, _estate = _issued_pair(world)
    login_as(world.admin)
    response = client.post(f"/rectifications/{social.id}/steps/extend", data={"days": "40", "reason": "系统改造"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "1至30" in body and "系统改造" in body  # typed text kept
    response = client.post(f"/rectifications/{social.id}/steps/verify", data={"opinion": "复查到位（提前填写）"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "当前状态为「已下发，待签收」，不能复查销号" in body
    assert fresh(social).status == S.ISSUED


def test_unit_manager_signs_and_reports_over_http(world, client, login_as, page, tmp_path):
    social, _estate = _issued_pair(world)
    login_as(world.manager)
    html = page("rectifications.detail", case_id=social.id)
    assert "签收整改通知书" in html and social.doc_no in html and "张秘访" not in html and "anfang" not in html
    report_url = f"/rectifications/{social.id}/report"
    early = client.post(report_url, data={"summary": "x"})
    assert early.status_code == 409 and "不能提交整改报告" in early.get_data(as_text=True)
    assert client.post(f"/rectifications/{social.id}/steps/acknowledge", data={"signer": ""}).status_code == 302
    assert fresh(social).status == S.ACKNOWLEDGED and fresh(social).ack_signer == "社保王科长"
    first, second = list(social.items_in_order())
    form = {f"cause_{first.id}": "窗口人员纪律意识淡薄", f"measures_{first.id}": "已约谈当事人并全员培训",
            f"responsible_{first.id}": "王科长", f"completed_on_{first.id}": str(dt.date.today()),
            f"cause_{second.id}": "服务用语培训不到位", "action": "submit"}
    response = client.post(report_url, data={**form, f"files_{first.id}": (io.BytesIO(b"not a photo"), "a.txt")},
                           content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "未保存" in body and "已约谈当事人并全员培训" in body
    assert CaseItem.get_by_id(first.id).measures == "已约谈当事人并全员培训"  # saved though a file was refused
    response = client.post(report_url, data={**form, f"files_{first.id}": (io.BytesIO(jpeg_bytes()), "after.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "请填写整改措施" in response.get_data(as_text=True)  # item 2 incomplete
    assert ReportEvidence.select().count() == 1
    form.update({f"measures_{second.id}": "开展文明用语培训", f"responsible_{second.id}": "李主任",
                 f"completed_on_{second.id}": str(dt.date.today())})
    assert client.post(report_url, data=form, content_type="multipart/form-data").status_code == 302
    assert fresh(social).status == S.REPORTED
    detail = page("rectifications.detail", case_id=social.id)
    assert "开展文明用语培训" in detail and "已报告，待复查" in detail
    thumb = ReportEvidence.select().get()
    response = client.get(f"/rectifications/evidence/{thumb.id}/thumb")
    assert response.mimetype == "image/jpeg"
    response.close()


def test_another_units_case_is_404_by_every_url(world, client, login_as, tmp_path):
    social, estate = _issued_pair(world)
    services.acknowledge(estate, world.estate_manager)
    complete_report(estate, world.estate_manager, tmp_path, today=dt.date.today())
    services.verify(fresh(estate), world.admin, ISSUER, "到位")
    evidence = ReportEvidence.select().get()
    login_as(world.manager)  # 社保's manager
    urls = [f"/rectifications/{estate.id}", f"/rectifications/{estate.id}/notice.pdf",
            f"/rectifications/{estate.id}/review.pdf", f"/rectifications/{estate.id}/report",
            f"/rectifications/evidence/{evidence.id}", f"/rectifications/evidence/{evidence.id}/thumb"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        response.close()
    for step in ("acknowledge", "verify", "return", "extend", "issue", "cancel"):
        assert client.post(f"/rectifications/{estate.id}/steps/{step}", data={"signer": "x"}).status_code == 404
    assert client.post(f"/rectifications/{estate.id}/report", data={"action": "save"}).status_code == 404
    listing = client.get("/rectifications/?tab=all").get_data(as_text=True)
    assert social.doc_no in listing and estate.doc_no not in listing


def test_drafts_are_invisible_to_units_and_viewers_read_without_acting(world, client, login_as):
    social, estate = open_cases(world)
    login_as(world.manager)
    assert client.get(f"/rectifications/{social.id}").status_code == 404  # a draft is the office's business
    services.issue(social, world.admin, ISSUER)
    login_as(world.viewer)
    assert client.get(f"/rectifications/{social.id}").status_code == 200
    assert client.get(f"/rectifications/{estate.id}").status_code == 404
    assert client.post(f"/rectifications/{social.id}/steps/acknowledge", data={"signer": "x"}).status_code == 403
    assert client.get(f"/rectifications/{social.id}/report").status_code == 403
    login_as(world.team[0])  # an inspector has no business with cases
    assert client.get("/rectifications/").status_code == 403
    assert client.get(f"/rectifications/{social.id}").status_code == 403


def test_no_page_or_document_names_an_inspector(world, client, login_as, tmp_path):
    social, _estate = _issued_pair(world)
    services.acknowledge(social, world.manager)
    complete_report(social, world.manager, tmp_path, today=dt.date.today())
    services.verify(fresh(social), world.admin, ISSUER, "到位")
    secrets = [u.display_name for u in world.team] + [u.username for u in world.team]
    for user in (world.manager, world.viewer, world.admin):
        login_as(user)
        outputs = [client.get(f"/rectifications/{social.id}").get_data(as_text=True),
                   client.get("/rectifications/?tab=all").get_data(as_text=True),
                   pdftotext(client.get(f"/rectifications/{social.id}/notice.pdf").data),
                   pdftotext(client.get(f"/rectifications/{social.id}/review.pdf").data)]
        for text in outputs:
            assert not [s for s in secrets if s in text], user.role
            assert "第2检查组" in outputs[0] and "第2检查组" in outputs[2]


def _waiting(html):
    return {label: int(count) for count, label in
            re.findall(r'<span class="waiting-count">(\d+)</span><span class="waiting-label"><strong>([^<]+)', html)}


def test_home_pages_list_what_waits_with_counts_matching_the_lists(world, client, login_as, page, tmp_path):
    social, estate = open_cases(world)
    login_as(world.admin)
    assert _waiting(page("core.index"))["待签发的整改通知书"] == 2
    services.issue(social, world.admin, ISSUER)
    services.issue(estate, world.admin, ISSUER, today=dt.date.today() - dt.timedelta(days=30))  # long overdue
    login_as(world.manager)
    assert _waiting(page("core.index")).get("待签收的整改通知书") == 1
    services.acknowledge(social, world.manager)
    complete_report(social, world.manager, tmp_path, today=dt.date.today())
    login_as(world.admin)
    waiting = _waiting(page("core.index"))
    assert waiting["待复查的整改报告"] == 1 and waiting["逾期的整改通知"] == 1
    overdue_tab = page("rectifications.index", tab="overdue")
    assert overdue_tab.count('href="/rectifications/') - overdue_tab.count('href="/rectifications/?') >= 1
    assert estate.doc_no in overdue_tab and social.doc_no not in overdue_tab
    login_as(world.estate_manager)
    assert _waiting(page("core.index"))["逾期的整改通知"] == 1


def test_a_handler_choosing_fix_by_deadline_on_a_ticket_opens_a_draft_notice(app, client, login_as, page):
    from inspectapp.auth.roles import Role
    from inspectapp.complaints.models import ComplaintTicket
    from inspectapp.complaints.models import TicketStatus
    from tests.complaints.conftest import rate
    from tests.factories import make_hall
    from tests.factories import make_user
    from tests.factories import make_window

    window = make_window(hall=make_hall(opens_at=dt.time(0, 0), closes_at=dt.time(23, 59)))
    ticket = rate(window, at=dt.datetime.now() - dt.timedelta(hours=3)).tickets.get()
    manager = login_as(make_user(Role.UNIT_MANAGER, unit=window.unit))
    called = (dt.datetime.now() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(f"/complaints/{ticket.id}/steps/callback",
                       data={"called_at": called, "result": "reached", "note": "核实属实"}).status_code == 302
    assert 'value="10"' in page("complaints.detail", ticket_id=ticket.id)  # default working days
    response = client.post(f"/complaints/{ticket.id}/steps/outcome",
                           data={"outcome": "fix_by_deadline", "deadline_days": "7", "note": "修订办事指南并培训"})
    assert response.status_code == 302
    assert ComplaintTicket.get_by_id(ticket.id).status == TicketStatus.RECTIFYING
    case = RectificationCase.get(RectificationCase.ticket == ticket)
    assert (case.status, case.deadline_days, case.unit_id) == (S.DRAFT, 7, window.unit_id)
    assert "修订办事指南并培训" in case.items_in_order().get().requirement
    assert "待督查管理员签发" in page("complaints.detail", ticket_id=ticket.id)
    assert client.get(f"/rectifications/{case.id}").status_code == 404  # the unit sees the draft once issued
    login_as(make_user(Role.ADMIN))
    assert _waiting(page("core.index"))["待签发的整改通知书"] == 1
    assert manager.unit_id == case.unit_id


def test_the_ledger_exports_as_csv_and_xlsx_scoped_and_without_inspectors(world, client, login_as):
    import openpyxl

    social, estate = _issued_pair(world)
    login_as(world.manager)
    csv_text = client.get("/rectifications/export.csv?tab=all").get_data(as_text=True)
    assert social.doc_no in csv_text and estate.doc_no not in csv_text and "第2检查组" in csv_text
    assert not [u for u in world.team if u.display_name in csv_text or u.username in csv_text]
    login_as(world.admin)
    response = client.get("/rectifications/export.xlsx?tab=all")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("文号", "被通知单位", "大厅") and len(rows) == 3
    assert {r[0] for r in rows[1:]} == {social.doc_no, estate.doc_no}
    assert isinstance(rows[1][5], dt.datetime) and rows[1][4] in (1, 2)  # dates as dates, counts as numbers
    assert response.headers["Cache-Control"] == "no-store"
