"""A unit manager signs a 整改通知书 and submits the report with a photo on a 375×812 phone; an admin
verifies it on a desktop. Screenshots of the case pages at both sizes go to build/screenshots/."""
import datetime as dt

from playwright.sync_api import expect

from inspectapp.rectifications import services
from inspectapp.rectifications.models import CaseStatus
from inspectapp.rectifications.models import RectificationCase
from inspectapp.rectifications.models import ReportEvidence
from tests.browser.conftest import login
from tests.browser.conftest import screenshot
from tests.inspections.factories import jpeg_bytes
from tests.rectifications.factories import ISSUER
from tests.rectifications.factories import make_world
from tests.rectifications.factories import open_cases


def _submit(page, selector):
    with page.expect_navigation():
        page.click(selector)


def test_unit_manager_signs_and_reports_with_a_photo_on_a_phone(live_server, phone, desktop, tmp_path):
    world = make_world(day=dt.date.today() - dt.timedelta(days=1))
    case = services.issue(open_cases(world)[0], world.admin, ISSUER)
    photo = tmp_path / "after.jpg"
    photo.write_bytes(jpeg_bytes(size=(3000, 2000), color=(40, 120, 60)))

    login(phone, live_server, world.manager.username)
    assert "待签收的整改通知书" in phone.content()
    with phone.expect_navigation():
        phone.click("text=待签收的整改通知书")
    with phone.expect_navigation():
        phone.click(f"text={case.doc_no}")
    screenshot(phone, "rectification-375-issued")
    _submit(phone, "button:has-text('确认签收')")
    assert "已签收" in phone.locator(".flash-success").inner_text()
    with phone.expect_navigation():
        phone.click("text=填写整改报告")
    first, second = list(case.items_in_order())
    today = dt.date.today().isoformat()
    for item, words in ((first, ("思想松懈，工作时间玩手机", "已约谈当事人，全员签订承诺书", "王科长")),
                        (second, ("服务用语培训不到位", "开展文明用语培训并考核", "李主任"))):
        phone.fill(f"#cause_{item.id}", words[0])
        phone.fill(f"#measures_{item.id}", words[1])
        phone.fill(f"#responsible_{item.id}", words[2])
        phone.fill(f"#completed_on_{item.id}", today)
    phone.set_input_files(f"#files_{first.id}", str(photo))
    expect(phone.locator("button[value=submit]")).to_be_enabled()  # the photo is being made smaller
    screenshot(phone, "rectification-375-report")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    _submit(phone, "button[value=submit]")
    assert "整改报告已提交" in phone.locator(".flash-success").inner_text()
    assert RectificationCase.get_by_id(case.id).status == CaseStatus.REPORTED
    evidence = ReportEvidence.get()
    assert evidence.width <= 2000 and evidence.height <= 2000  # made smaller on the phone before upload
    assert phone.locator(".photos img").count() >= 1
    screenshot(phone, "rectification-375-reported")

    login(desktop, live_server, world.admin.username)
    desktop.goto(f"{live_server}/rectifications/{case.id}")
    screenshot(desktop, "rectification-1280-reported")
    desktop.fill("#opinion", "经现场复查，窗口人员在岗履职，问题已整改到位。")
    _submit(desktop, "button:has-text('复查通过，销号')")
    assert RectificationCase.get_by_id(case.id).status == CaseStatus.VERIFIED
    screenshot(desktop, "rectification-1280-verified")
    desktop.goto(f"{live_server}/rectifications/inspections/{world.inspection.id}/open")
    screenshot(desktop, "rectification-1280-open")
    desktop.goto(f"{live_server}/rectifications/")
    screenshot(desktop, "rectification-1280-list")
