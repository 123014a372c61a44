"""The citizen's evaluation in a real browser: 375×812 and 320 px, without JavaScript, in WeChat's
browser, in 长辈模式; no request leaves the app; screenshots in build/screenshots/."""
import datetime as dt

import pytest

from inspectapp.complaints.models import ComplaintTicket
from inspectapp.evaluations.models import Evaluation
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: F401  (same browser settings)
from tests.browser.conftest import screenshot
from tests.evaluations.conftest import WECHAT_UA
from tests.factories import make_hall
from tests.factories import make_staff
from tests.factories import make_window


@pytest.fixture
def app_config(app_config):
    return dict(app_config, EVAL_HOLD_NON_WORKDAYS=False)


@pytest.fixture
def window(app):
    hall = make_hall(name="临江市政务服务中心", opens_at=dt.time(0, 0), closes_at=dt.time(23, 59))
    window = make_window(hall=hall, number="A12", name="社保业务窗口")
    make_staff(window=window, name="王伟", staff_no="RSJ001")
    make_staff(window=window, name="李娜", staff_no="RSJ002")
    return window


def _watch(page, base):
    """Collect console errors and every request that does not go to the app itself."""
    seen = {"errors": [], "foreign": [], "bytes": 0}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: None if r.url.startswith(base) or r.url.startswith("data:")
            else seen["foreign"].append(r.url))
    return seen


def _first_error_in_view(page):
    """The first error is on screen and nothing (the sticky 提交评价 button) lies over its centre."""
    return page.evaluate("""() => {
        const e = document.getElementById("err1"), r = e.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return [e.textContent, r.top >= 0 && r.bottom <= innerHeight && (hit === e || e.contains(hit))];
    }""")


def test_phone_flow_375_with_a_negative_rating(live_server, phone, window):
    seen = _watch(phone, live_server)
    sizes = []
    phone.on("response", lambda r: sizes.append(len(r.body())) if r.request.method == "GET" else None)
    phone.goto(f"{live_server}/e/{window.public_token}")
    assert phone.locator(".win").inner_text().startswith("A12窗口")
    assert not phone.locator(".g2").is_visible()
    screenshot(phone, "evaluate-375")
    phone.click("label[for=lv2]")
    assert phone.locator(".g2").is_visible() and not phone.locator(".g5").is_visible()
    phone.click("text=服务态度生硬")
    phone.select_option("select[name=attitude]", "2")
    phone.select_option("#staff", label="李娜（RSJ002）")
    phone.fill("#comment", "等了四十分钟，窗口人员一直在看手机")
    phone.fill("#phone", "13800138000")
    phone.check("input[name=consent]")
    screenshot(phone, "evaluate-375-negative-filled")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.click("button.btn")
    phone.wait_for_url("**/thanks?k=*")
    assert "感谢您的评价" in phone.locator("h1").inner_text()
    screenshot(phone, "evaluate-375-thanks")
    evaluation = Evaluation.get()
    assert (evaluation.level, evaluation.codes, evaluation.attitude) == (2, ["214"], 2)
    assert evaluation.staff.name == "李娜" and evaluation.phone == "13800138000"
    assert ComplaintTicket.select().count() == 1
    assert seen["errors"] == [] and seen["foreign"] == []
    assert sum(sizes[:3]) <= 30 * 1024  # page, stylesheet, script


def test_changing_the_level_drops_hidden_reasons(live_server, phone, window):
    phone.goto(f"{live_server}/e/{window.public_token}")
    phone.click("label[for=lv1]")
    phone.click("text=多头跑窗口和部门")
    phone.click("label[for=lv4]")
    phone.click("text=跑大厅一次办完")
    phone.click("button.btn")
    phone.wait_for_url("**/thanks?k=*")
    assert Evaluation.get().codes == ["411"]


def test_double_tap_stores_one_rating(live_server, phone, window):
    phone.goto(f"{live_server}/e/{window.public_token}")
    phone.click("label[for=lv5]")
    phone.dblclick("button.btn")
    phone.wait_for_url("**/thanks?k=*")
    assert Evaluation.select().count() == 1


def test_without_javascript(live_server, browser, window):
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False,
                                  is_mobile=True, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/e/{window.public_token}")
        page.click("label[for=lv1]")
        assert page.locator(".g1").is_visible()  # shown by CSS alone
        with page.expect_navigation():
            page.click("button.btn")  # no reason: the server says so and keeps the choice
        assert "请至少选择一项不满意的原因" in page.locator(".reasons").inner_text()
        assert page.locator("#lv1").is_checked() and page.locator(".g1").is_visible()
        assert _first_error_in_view(page) == ["请至少选择一项不满意的原因", True]
        screenshot(page, "evaluate-nojs-error")
        page.click("text=无理由超过法定办理时间")
        page.click("button.btn")
        page.wait_for_url("**/thanks?k=*")
        assert Evaluation.get().codes == ["110"]
    finally:
        context.close()


def test_320_px_wide_screen(live_server, browser, window):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/e/{window.public_token}")
        page.click("label[for=lv3]")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        screenshot(page, "evaluate-320")
    finally:
        context.close()


def test_wechat_in_app_browser_and_elder_mode(live_server, browser, window):
    context = browser.new_context(viewport={"width": 375, "height": 812}, user_agent=WECHAT_UA, is_mobile=True,
                                  has_touch=True, device_scale_factor=2, locale="zh-CN")
    page = context.new_page()
    try:
        seen = _watch(page, live_server)
        page.goto(f"{live_server}/e/{window.public_token}")
        normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        with page.expect_navigation():
            page.click("a.mode")
        assert "elder" in page.evaluate("document.body.className")
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= normal * 1.25
        with page.expect_navigation():
            page.click("button.btn")  # nothing chosen: the error is in view, the five boxes framed red
        assert _first_error_in_view(page) == ["请选择总体评价", True]
        assert page.evaluate("getComputedStyle(document.querySelector('.levels label')).borderTopColor") \
            == "rgb(179, 38, 30)"
        screenshot(page, "evaluate-375-elder-error")
        page.click("label[for=lv2]")
        with page.expect_navigation():
            page.click("button.btn")  # a 不满意 without a reason
        assert _first_error_in_view(page) == ["请至少选择一项不满意的原因", True]
        page.click("label[for=lv5]")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        screenshot(page, "evaluate-375-elder")
        page.click("button.btn")
        page.wait_for_url("**/thanks?k=*")
        screenshot(page, "evaluate-375-elder-thanks")
        assert "MicroMessenger" in Evaluation.get().user_agent
        # (the two refused submissions answer 400, which the console reports)
        assert [e for e in seen["errors"] if "status of 400" not in e] == [] and seen["foreign"] == []
    finally:
        context.close()


def test_english(live_server, phone, window):
    phone.goto(f"{live_server}/e/{window.public_token}")
    with phone.expect_navigation():
        phone.click("button:has-text('English')")
    assert phone.locator("legend").first.inner_text().startswith("How was the service?")
    phone.click("label[for=lv4]")
    screenshot(phone, "evaluate-375-en")
    phone.click("button.btn")
    phone.wait_for_url("**/thanks?k=*")
    assert "Thank you" in phone.locator("h1").inner_text()
