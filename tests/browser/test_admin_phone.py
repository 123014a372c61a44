import os

from inspectapp.auth.roles import Role
from tests.browser.conftest import login
from tests.browser.conftest import screenshot
from tests.factories import make_staff
from tests.factories import make_user
from tests.factories import make_window


def test_phone_login_and_window_list(live_server, phone):
    admin = make_user(Role.ADMIN, display_name="周督查")
    for n in range(3):
        make_staff(window=make_window(number=f"A0{n + 1}"))
    errors = []
    phone.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    phone.goto(f"{live_server}/auth/login")
    assert phone.locator("h1").inner_text() == "窗口服务效能督查平台"
    screenshot(phone, "login-375")
    # A wrong password first: a clear message, still on the login page.
    phone.fill("#username", admin.username)
    phone.fill("#password", "wrong")
    phone.click("button[type=submit]")
    assert "用户名或密码错误" in phone.locator(".flash-error").inner_text()

    login(phone, live_server, admin.username)
    assert "您好，周督查" in phone.locator("h1").inner_text()
    # The menu is a <details> disclosure: works without JavaScript.
    phone.click("summary")
    phone.click(".menu nav >> text=窗口")
    phone.wait_for_url(f"{live_server}/orgs/windows/")
    assert phone.locator("table.list tbody tr").count() == 3
    # Nothing overflows a 375 px screen horizontally.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    path = screenshot(phone, "windows-375")
    assert os.path.getsize(path) > 10_000
    assert errors == []


def test_phone_create_hall_with_validation(live_server, phone):
    admin = make_user(Role.ADMIN)
    login(phone, live_server, admin.username)
    phone.goto(f"{live_server}/orgs/halls/new")
    phone.fill("#code", "坏 编码")
    phone.click("button.primary")
    assert "编码只能包含字母" in phone.locator(".field.has-error").first.inner_text()
    screenshot(phone, "hall-form-errors-375")
    phone.fill("#code", "LJ2")
    phone.fill("#name", "临江市第二政务服务中心")
    phone.fill("#opens_at", "09:00")
    phone.fill("#closes_at", "17:00")
    phone.click("button.primary")
    assert "已保存" in phone.locator(".flash-success").inner_text()
    assert "临江市第二政务服务中心" in phone.locator("table.list").inner_text()


def test_desktop_users_list(live_server, desktop):
    admin = make_user(Role.ADMIN)
    make_user(Role.UNIT_MANAGER, display_name="社保负责人")
    login(desktop, live_server, admin.username)
    desktop.goto(f"{live_server}/auth/users/")
    assert desktop.locator("table.list thead").is_visible()
    assert "社保负责人" in desktop.locator("table.list").inner_text()
    screenshot(desktop, "users-desktop")
