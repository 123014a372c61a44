"""差评 ticket pages: scoping, the step panel over HTTP, and the audit-logged phone number."""
import datetime as dt

import pytest

from inspectapp.audit.models import AuditLog
from inspectapp.auth.roles import Role
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.complaints.models import TicketStatus as S
from tests.complaints.conftest import rate
from tests.factories import make_hall
from tests.factories import make_user
from tests.factories import make_window


@pytest.fixture
def two_tickets(window):
    theirs = make_window(hall=window.hall, number="B07")
    return rate(window, phone="13800138000").tickets.get(), rate(theirs, phone="13911112222").tickets.get()


@pytest.fixture
def manager(login_as, two_tickets):
    return login_as(make_user(Role.UNIT_MANAGER, unit=two_tickets[0].unit))


def test_unit_manager_sees_and_reaches_only_own_tickets(manager, client, page, two_tickets):
    mine, theirs = two_tickets
    html = page("complaints.index")
    assert f"#{mine.id}<" in html and f"#{theirs.id}<" not in html
    assert client.get(f"/complaints/{theirs.id}").status_code == 404
    assert client.post(f"/complaints/{theirs.id}/phone").status_code == 404
    response = client.post(f"/complaints/{theirs.id}/steps/callback",
                           data={"called_at": "2025-11-17T15:00", "result": "reached", "note": "x"})
    assert response.status_code == 404
    assert ComplaintTicket.get_by_id(theirs.id).status == S.OPEN
    assert "13911112222" not in html and "1391111" not in html


def test_phone_is_masked_until_asked_for_and_each_viewing_is_logged(manager, client, page, two_tickets):
    mine, _ = two_tickets
    html = page("complaints.detail", ticket_id=mine.id)
    assert "13800138000" not in html and "138****8000" in html
    for n in (1, 2):
        html = client.post(f"/complaints/{mine.id}/phone").get_data(as_text=True)
        assert "13800138000" in html
        entries = AuditLog.select().where(AuditLog.action == "evaluation.phone_viewed")
        assert entries.count() == n
    entry = entries.first()
    assert entry.actor_id == manager.id and entry.target_id == mine.evaluation_id and '"ticket"' in entry.detail


def test_viewer_reads_tickets_but_never_the_phone_nor_acts(login_as, client, page, two_tickets):
    login_as(make_user(Role.VIEWER))
    mine, _ = two_tickets
    html = page("complaints.detail", ticket_id=mine.id)
    assert "仅处理人员可见" in html and "138****" not in html and "记录回访" not in html
    assert client.post(f"/complaints/{mine.id}/phone").status_code == 403
    assert client.post(f"/complaints/{mine.id}/steps/callback").status_code == 403
    assert AuditLog.select().where(AuditLog.action == "evaluation.phone_viewed").count() == 0


def test_unit_managers_never_see_device_or_ip(manager, page, two_tickets):
    html = page("complaints.detail", ticket_id=two_tickets[0].id)
    assert "198.51.100.7" not in html and two_tickets[0].evaluation.device_hash[:12] not in html


def test_admin_sees_the_source_of_a_rating(login_as, page, two_tickets):
    login_as(make_user(Role.ADMIN))
    html = page("complaints.detail", ticket_id=two_tickets[0].id)
    assert "198.51.100.7" in html


def test_steps_over_http(manager, client, page, two_tickets):
    mine, _ = two_tickets
    html = page("complaints.detail", ticket_id=mine.id)
    assert "记录回访" in html and "处理方式" not in html
    bad = client.post(f"/complaints/{mine.id}/steps/callback", data={"called_at": "2025-11-17T15:00", "note": ""})
    assert bad.status_code == 400 and "请选择回访结果" in bad.get_data(as_text=True)
    ok = client.post(f"/complaints/{mine.id}/steps/callback",
                     data={"called_at": "2025-11-17T15:00", "result": "reached", "note": "已电话联系"})
    assert ok.status_code == 302
    assert ComplaintTicket.get_by_id(mine.id).status == S.CALLED_BACK
    # Out of order: closing now is refused with a message, nothing changes.
    refused = client.post(f"/complaints/{mine.id}/steps/close", data={"note": ""})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "当前状态为「已回访，待处理」，不能办结" in body and "只有在「已反馈，待办结」时" in body
    client.post(f"/complaints/{mine.id}/steps/outcome", data={"outcome": "explain", "note": "已解释政策"})
    client.post(f"/complaints/{mine.id}/steps/feedback", data={"note": "已反馈", "satisfaction": "basic"})
    client.post(f"/complaints/{mine.id}/steps/close", data={"note": ""})
    assert ComplaintTicket.get_by_id(mine.id).status == S.CLOSED
    html = page("complaints.detail", ticket_id=mine.id)
    for text in ("记录回访", "解释说明", "反馈评价人", "办结", "已电话联系"):
        assert text in html


def test_unit_manager_cannot_decide_an_appeal_over_http(manager, client, two_tickets):
    mine, _ = two_tickets
    client.post(f"/complaints/{mine.id}/steps/appeal", data={"reason": "误评", "evidence": "监控"})
    assert ComplaintTicket.get_by_id(mine.id).status == S.APPEALED
    assert client.post(f"/complaints/{mine.id}/steps/decide",
                       data={"decision": "uphold", "note": "x"}).status_code == 403
    assert ComplaintTicket.get_by_id(mine.id).status == S.APPEALED


def test_list_shows_overdue_and_estimated_deadlines(login_as, page, app):
    login_as(make_user(Role.ADMIN))
    window = make_window(hall=make_hall(opens_at=dt.time(0, 0), closes_at=dt.time(23, 59)))
    rate(window, at=dt.datetime(2025, 11, 17, 10, 0))  # long overdue by now
    html = page("complaints.index")
    assert "已逾期" in html and "逾期 1 件" in html
    late_window = make_window(hall=window.hall)
    ticket = rate(late_window, at=dt.datetime(2027, 9, 30, 10, 0)).tickets.get()
    assert "按周一至周五估算" in page("complaints.index")
    assert "期限按周一至周五估算" in page("complaints.detail", ticket_id=ticket.id)


def test_one_definition_of_overdue_and_due_today_for_badge_tab_and_marks(client, login_as, page, window):
    """回访-overdue and 办结-overdue both count; a deadline due today is marked so, not like next week's."""
    import re

    from inspectapp.common.timeutil import local_today

    today = local_today()
    late_callback = rate(window).tickets.get()  # opened Nov 2025: 回访 long overdue
    due_today = rate(window).tickets.get()
    late_closing = rate(window).tickets.get()
    ComplaintTicket.update(callback_due_on=today, close_due_on=today + dt.timedelta(days=9)).where(
        ComplaintTicket.id == due_today.id).execute()
    ComplaintTicket.update(called_back_at=dt.datetime(2025, 11, 18, 2, 0), status=S.CALLED_BACK,
                           close_due_on=today - dt.timedelta(days=1)).where(
        ComplaintTicket.id == late_closing.id).execute()
    login_as(make_user(Role.ADMIN))
    listing = page("complaints.index")
    assert "逾期 2 件" in listing
    tab = page("complaints.index", state="overdue")
    assert sorted(map(int, re.findall(r'href="/complaints/(\d+)"', tab))) == sorted({late_callback.id, late_closing.id})
    row = listing[listing.index(f'href="/complaints/{due_today.id}"'):]
    row = row[:row.index("</tr>")]
    assert 'due-state due-due_today">今日到期' in row and "已逾期" not in row
    assert 'due-state due-due_today">今日到期' in page("complaints.detail", ticket_id=due_today.id)
