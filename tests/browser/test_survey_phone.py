"""Questionnaires in a real browser: from a rating's thank-you page to the answers, at 375×812 and
320 px, without JavaScript, in 长辈模式; a reload keeps what was typed; nothing leaves the app.
Screenshots in build/screenshots/."""
import pytest

from inspectapp.surveys import campaigns
from inspectapp.surveys.response_models import Answer
from inspectapp.surveys.response_models import Response
from tests.browser.conftest import login
from tests.browser.conftest import screenshot
from tests.browser.test_evaluation_phone import app_config  # noqa: F401  (fixtures: an always-open hall)
from tests.browser.test_evaluation_phone import window  # noqa: F401
from tests.evaluations.conftest import WECHAT_UA
from tests.factories import make_user
from tests.surveys.factories import every_kind
from tests.surveys.factories import make_campaign


@pytest.fixture
def survey(app, window):
    questionnaire = every_kind(make_campaign(intro="为持续改进窗口服务，请您用1分钟回答几个问题。"))
    campaigns.publish(questionnaire, questionnaire.created_by)
    return questionnaire


def _foreign(page, base):
    foreign = []
    page.on("request", lambda r: None if r.url.startswith(base) or r.url.startswith("data:") else foreign.append(r.url))
    return foreign


def test_from_the_thank_you_page_through_two_pages_at_375(live_server, phone, window, survey):
    foreign = _foreign(phone, live_server)
    phone.goto(f"{live_server}/e/{window.public_token}")
    phone.click("label[for=lv5]")
    phone.click("button.btn")
    phone.wait_for_url("**/thanks?k=*")
    assert "愿意再用1分钟回答几个问题吗？" in phone.content()
    screenshot(phone, "survey-375-offer")
    phone.click("a.offer-go")
    assert "A12" in phone.locator(".where").inner_text() and "第 1 / 2 页" in phone.content()
    phone.click("label[for=Q1-2]")
    phone.click("label[for=Q2-1]")
    phone.click("label[for=Q2-3]")
    screenshot(phone, "survey-375-page1")
    phone.click("button[value=next]")  # Q3 (required) left out: the error shows next to it
    assert phone.locator("#Q3-err").inner_text() == "此题为必答题"
    assert phone.locator("#Q1-2").is_checked() and phone.locator("#Q2-3").is_checked()
    screenshot(phone, "survey-375-error")
    phone.click("label[for=Q3-4]")
    phone.click("button[value=next]")
    phone.wait_for_url("**/2")
    phone.click("label[for=Q4_1-5]")
    phone.click("label[for=Q4_2-0]")
    phone.fill("input[name=Q5]", "25")
    phone.fill("textarea[name=Q6]", "材料清单没有一次说清楚")
    phone.reload()  # typed, not sent: the page's own storage brings it back
    assert phone.locator("input[name=Q5]").input_value() == "25"
    assert phone.locator("#Q4_1-5").is_checked()
    screenshot(phone, "survey-375-page2")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.click("button[value=next]")
    phone.wait_for_url("**/done")
    assert "提交成功" in phone.content()
    screenshot(phone, "survey-375-done")
    phone.go_back()  # back to page 2 after sending: the response is there, no second one
    phone.reload()
    assert Response.select().count() == 1 and Response.get().window_id == window.id
    assert {a.question.key for a in Answer.select()} == {"Q1", "Q2", "Q3", "Q4", "Q5", "Q6"}
    assert not foreign


def test_no_javascript_320_px_wechat_elder_mode(live_server, browser, survey):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False,
                                  is_mobile=True, locale="zh-CN", user_agent=WECHAT_UA)
    page = context.new_page()
    page.goto(f"{live_server}/q/{survey.token}")
    page.click("a.mode")
    assert "elder" in page.locator("body").get_attribute("class")
    page.click("label[for=Q1-1]")
    page.click("label[for=Q3-5]")
    screenshot(page, "survey-320-elder-nojs")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.click("button[value=next]")
    page.wait_for_url("**/2")
    page.click("label[for=Q4_3-2]")
    screenshot(page, "survey-320-elder-matrix")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.click("button[value=back]")
    page.wait_for_url("**/1")
    assert page.locator("#Q3-5").is_checked()
    page.click("button[value=next]")
    page.click("button[value=next]")
    page.wait_for_url("**/done")
    assert Response.select().count() == 1
    context.close()


def test_admin_results_at_desktop(live_server, desktop, survey, window):
    from tests.surveys.test_results import store

    for n, level in enumerate([5, 4, 4, 3, 2, 5]):
        store(survey, n, {"Q1": ["2" if n % 2 else "1"], "Q2": ["1"], "Q3": [str(level)], "Q4_1": [str(level)],
                          "Q5": [str(5 * n)], "Q6": ["窗口排队时间长"]}, window)
    make_user(username="admin1", display_name="周督查")
    login(desktop, live_server, "admin1")
    desktop.goto(f"{live_server}/surveys/{survey.id}")
    screenshot(desktop, "survey-builder-1280")
    desktop.goto(f"{live_server}/surveys/{survey.id}/results")
    assert desktop.locator("svg.bars").count() >= 5
    screenshot(desktop, "survey-results-1280")
