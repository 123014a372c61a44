"""A unit manager works a 差评 ticket on a phone; an admin reads the summary and the review queue."""
import datetime as dt

from inspectapp.auth.roles import Role
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.complaints.models import TicketStatus
from inspectapp.evaluations import services as evaluations
from inspectapp.evaluations.services import Rules
from inspectapp.evaluations.services import Submission
from tests.browser.conftest import login
from tests.browser.conftest import screenshot
from tests.complaints.conftest import rate
from tests.complaints.conftest import utc
from tests.factories import make_hall
from tests.factories import make_user
from tests.factories import make_window


def _window():
    return make_window(hall=make_hall(name="临江市政务服务中心", opens_at=dt.time(0, 0), closes_at=dt.time(23, 59)),
                       number="A12")


def _submit(page, step):
    with page.expect_navigation():
        page.click(f".step-{step} button[type=submit]")
    assert "已记录" in page.locator(".flash-success").inner_text(), step


def test_unit_manager_handles_a_ticket_on_a_phone(live_server, phone):
    window = _window()
    ticket = rate(window, level=1, codes=["113", "115"], phone="13800138000",
                  comment="让我去三个窗口来回跑", at=dt.datetime.now() - dt.timedelta(hours=2)).tickets.get()
    manager = make_user(Role.UNIT_MANAGER, unit=window.unit, display_name="社保窗口负责人")
    login(phone, live_server, manager.username)
    phone.goto(f"{live_server}/complaints/")
    phone.click(f"text=#{ticket.id}")
    assert "138****8000" in phone.content()
    with phone.expect_navigation():
        phone.click("text=查看完整号码")
    assert phone.locator(".phone").inner_text() == "13800138000"
    screenshot(phone, "complaint-375-open")
    phone.fill("#called_at", dt.datetime.now().strftime("%Y-%m-%dT%H:%M"))
    phone.check("input[value=reached]")
    phone.fill(".step-callback textarea", "已电话联系，群众反映被要求到三个窗口")
    _submit(phone, "callback")
    phone.check("input[value=fix_now]")
    phone.fill(".step-outcome textarea", "已明确由A12窗口一窗受理，并对当班人员提醒谈话")
    _submit(phone, "outcome")
    phone.fill(".step-feedback textarea", "已电话告知处理结果")
    phone.select_option(".step-feedback select", "satisfied")
    _submit(phone, "feedback")
    _submit(phone, "close")
    assert ComplaintTicket.get_by_id(ticket.id).status == TicketStatus.CLOSED
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "complaint-375-closed")


def test_admin_summary_and_review_on_desktop(live_server, desktop):
    window = _window()
    for level, codes in ((5, ["517"]), (4, []), (2, ["214"]), (1, ["115"])):
        rate(window, level=level, codes=codes)
    sub = Submission(idempotency_key="held-on-a-saturday-0001", level=5, device_id="weekend-phone")
    held, _ = evaluations.submit(window, sub, Rules(), at=utc(dt.datetime(2025, 11, 22, 10, 0)))
    assert held.status == "held"
    admin = make_user(Role.ADMIN)
    login(desktop, live_server, admin.username)
    desktop.goto(f"{live_server}/evaluations/summary")
    assert "A12（" in desktop.content()
    screenshot(desktop, "evaluations-summary-desktop")
    desktop.goto(f"{live_server}/evaluations/review")
    screenshot(desktop, "evaluations-review-desktop")
    with desktop.expect_navigation():
        desktop.click("button:has-text('放行')")
    assert "已放行" in desktop.locator(".flash-success").inner_text()
    desktop.goto(f"{live_server}/complaints/")
    screenshot(desktop, "complaints-desktop")
    desktop.goto(f"{live_server}/qr/")
    screenshot(desktop, "qr-index-desktop")
