"""Admin and unit pages for inspections on desktop and phone: plan, review, publish, what units see."""
import os

from inspectapp.auth.roles import Role
from inspectapp.inspections import services
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Status
from tests.browser.conftest import login
from tests.browser.conftest import screenshot
from tests.factories import make_hall
from tests.factories import make_unit
from tests.factories import make_user
from tests.factories import make_window
from tests.inspections.factories import exif_with_gps
from tests.inspections.factories import jpeg_bytes
from tests.inspections.factories import make_finding
from tests.inspections.factories import make_inspection


def _submitted(app):
    hall = make_hall(name="临江市政务服务中心")
    social, estate = make_unit(short_name="社保", name="临江市人力资源和社会保障局"), make_unit(short_name="不动产")
    a12, b03 = make_window(hall=hall, unit=social, number="A12"), make_window(hall=hall, unit=estate, number="B03")
    team = [make_user(Role.INSPECTOR, display_name="暗访员甲"), make_user(Role.INSPECTOR, display_name="暗访员乙")]
    inspection = make_inspection(hall=hall, members=team, team_no=2, note="一楼A区、B区")
    phone_use = make_finding(inspection, "B1", window=a12, actor=team[0], staff_no="RSJ012")
    make_finding(inspection, "D4", window=a12, actor=team[0], note="群众询问材料时大声呵斥")
    make_finding(inspection, "C1", window=b03, actor=team[1])
    root = os.path.join(app.instance_path, "uploads")
    services.add_evidence(phone_use, jpeg_bytes((1600, 1200), exif=exif_with_gps()), "admin-photo-1", team[0], root)
    services.transition(inspection, "submit", team[0])
    return inspection, social


def test_admin_reviews_and_publishes_on_desktop(live_server, desktop, app):
    inspection, social = _submitted(app)
    admin = make_user(Role.ADMIN, display_name="周督查")
    manager = make_user(Role.UNIT_MANAGER, unit=social, display_name="社保负责人")
    login(desktop, live_server, admin.username)
    desktop.goto(f"{live_server}/inspections/{inspection.id}", wait_until="networkidle")
    facts = desktop.inner_text(".facts")
    assert "第2检查组：" in facts and "暗访员甲" in facts and "暗访员乙" in facts
    assert desktop.locator(".evidence img").count() == 1
    desktop.wait_for_function("document.querySelector('.evidence img').naturalWidth > 0")
    screenshot(desktop, "inspection-detail-submitted-desktop")
    desktop.locator(".finding", has_text="未佩戴工牌").locator("text=审核：修改或剔除").click()
    desktop.check("input[name='drop-kind'][value='unfounded']")
    desktop.fill("#drop-reason", "无法确认工作人员身份")
    screenshot(desktop, "inspection-review-desktop")
    desktop.click("button.danger")
    assert "已剔除该问题" in desktop.inner_text(".flash")
    desktop.wait_for_load_state("networkidle")
    desktop.click("text=审核通过并发布")
    desktop.wait_for_load_state("networkidle")
    assert Inspection.get_by_id(inspection.id).status == Status.PUBLISHED
    desktop.goto(f"{live_server}/inspections/findings/?status=all", wait_until="networkidle")
    screenshot(desktop, "inspection-findings-desktop")
    desktop.goto(f"{live_server}/inspections/checklists/", wait_until="networkidle")
    desktop.click("text=窗口服务暗访检查表")
    desktop.wait_for_load_state("networkidle")
    assert desktop.locator("table.items tbody tr").count() >= 38
    screenshot(desktop, "inspection-checklist-template-desktop")

    desktop.context.clear_cookies()
    login(desktop, live_server, manager.username)
    desktop.goto(f"{live_server}/inspections/{inspection.id}", wait_until="networkidle")
    text = desktop.inner_text("main")
    assert "第2检查组" in text and "暗访员" not in text and "未佩戴工牌" not in text
    assert "工号 RSJ012" in text and "一楼A区" not in text
    screenshot(desktop, "inspection-detail-unit-desktop")


def test_plan_form_on_phone(live_server, phone):
    make_hall(name="临江市政务服务中心")
    make_user(Role.INSPECTOR, display_name="暗访员甲")
    admin = make_user(Role.ADMIN)
    login(phone, live_server, admin.username)
    phone.goto(f"{live_server}/inspections/new")
    phone.check("text=暗访员甲")
    phone.click("button.primary")
    phone.wait_for_url(f"{live_server}/inspections/*")
    assert "第1检查组" in phone.inner_text(".facts")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "inspection-detail-admin-375")
