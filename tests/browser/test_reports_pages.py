"""A walk through the statistics pages and each role's home page, on a phone (375×812) and a desktop
(1280×800): what waits is counted and linked, the dashboard's numbers drill down to the ratings
behind them, nothing overflows the phone's width, no script error. Screenshots in build/screenshots."""
import pytest

from inspectapp.auth.roles import Role
from tests.browser.conftest import login
from tests.browser.conftest import screenshot
from tests.factories import make_user
from tests.reports.conftest import build_scenario


@pytest.fixture
def people(app):
    s = build_scenario()
    s.manager = make_user(Role.UNIT_MANAGER, unit=s.u2, username="yb-manager", display_name="医保负责人")
    s.viewer = make_user(Role.VIEWER, username="leader", display_name="分管领导")
    return s


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_dashboard_and_home_pages(people, live_server, viewport, request):
    page = request.getfixturevalue(viewport)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    s, base = people, live_server

    login(page, base, s.admin.username)
    waiting = page.locator(".waiting").inner_text()
    assert "待审核的评价" in waiting and "逾期的差评工单" in waiting
    screenshot(page, f"reports-home-admin-{viewport}")
    page.goto(f"{base}/reports/?period=2025-11&hall={s.hall.id}")
    assert "72.73%" in page.locator(".stats").first.inner_text()
    assert page.locator("#units tbody tr").count() == 2 and page.locator("svg.chart").count() == 4
    assert fits(page), "dashboard wider than the screen"
    screenshot(page, f"reports-dashboard-{viewport}")
    page.locator("a.stat", has_text="有效评价").first.click()
    page.wait_for_load_state()
    assert "共 11 条" in page.locator(".pager").first.inner_text()  # the ratings behind the number
    page.goto(f"{base}/reports/windows/{s.w['A03'].id}?period=2025-11")
    assert "与办事群众争吵" in page.content() and fits(page)
    screenshot(page, f"reports-window-{viewport}")
    page.goto(f"{base}/reports/bulletins/new?period=2025-11&hall={s.hall.id}")
    assert page.locator("article.bulletin-doc").count() == 2
    screenshot(page, f"reports-bulletin-preview-{viewport}")
    page.context.clear_cookies()

    for user, expected in ((s.manager, "逾期的差评工单"), (s.team[0], "尚未提交的检查"), (s.viewer, "本月与上月")):
        login(page, base, user.username)
        assert expected in page.locator("main").inner_text(), user.username
        assert fits(page)
        screenshot(page, f"reports-home-{user.role}-{viewport}")
        page.context.clear_cookies()
    assert errors == []
