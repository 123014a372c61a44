import pytest

from inspectapp.audit.models import AuditLog
from inspectapp.auth.roles import Role
from tests.factories import PASSWORD
from tests.factories import make_user


def login(client, username, password):
    return client.post("/auth/login", data={"username": username, "password": password})


def test_login_with_good_password_goes_home(client):
    user = make_user(Role.VIEWER)
    response = login(client, user.username, PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = client.get("/").get_data(as_text=True)
    assert user.display_name in home


def test_login_follows_local_next_only(client):
    user = make_user(Role.ADMIN)
    r = client.post("/auth/login?next=/orgs/halls/", data={"username": user.username, "password": PASSWORD})
    assert r.headers["Location"] == "/orgs/halls/"
    client.post("/auth/logout")
    r = client.post("/auth/login?next=//evil.example/", data={"username": user.username, "password": PASSWORD})
    assert r.headers["Location"] == "/"


def test_bad_password_is_refused_and_audited(client):
    user = make_user()
    response = login(client, user.username, "wrong")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert AuditLog.select().where(AuditLog.action == "user.login_failed").count() == 1


def test_unknown_user_gets_the_same_message(client):
    assert "用户名或密码错误" in login(client, "nobody", "x").get_data(as_text=True)


def test_inactive_user_cannot_log_in(client):
    user = make_user(is_active=False)
    body = login(client, user.username, PASSWORD).get_data(as_text=True)
    assert "该账号已停用" in body
    assert client.get("/").status_code == 302


def test_deactivated_user_loses_open_session(client, login_as):
    user = login_as(make_user())
    assert client.get("/").status_code == 200
    user.is_active = False
    user.save()
    assert client.get("/").status_code == 302


def test_empty_form_shows_field_errors(client):
    body = login(client, "", "").get_data(as_text=True)
    assert "请输入用户名" in body and "请输入密码" in body


def test_logout(client, login_as):
    login_as(make_user())
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_change_password(client, login_as):
    user = login_as(make_user())
    r = client.post("/auth/password", data={"current_password": "wrong", "new_password": "new-password-1",
                                            "confirm": "new-password-1"})
    assert "当前密码不正确" in r.get_data(as_text=True)
    r = client.post("/auth/password", data={"current_password": PASSWORD, "new_password": "short",
                                            "confirm": "short"})
    assert "密码至少 8 位" in r.get_data(as_text=True)
    r = client.post("/auth/password", data={"current_password": PASSWORD, "new_password": "new-password-1",
                                            "confirm": "new-password-1"})
    assert r.status_code == 302
    client.post("/auth/logout")
    assert login(client, user.username, "new-password-1").status_code == 302


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return dict(app_config, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")

    def test_fourth_attempt_in_a_minute_gets_a_chinese_429(self, client):
        user = make_user()
        for _ in range(3):
            assert login(client, user.username, "wrong").status_code == 200
        response = login(client, user.username, PASSWORD)
        assert response.status_code == 429
        body = response.get_data(as_text=True)
        assert "操作过于频繁" in body and "请稍等一分钟后再试" in body

    def test_get_requests_are_not_limited(self, client):
        for _ in range(6):
            assert client.get("/auth/login").status_code == 200


class TestCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return dict(app_config, WTF_CSRF_ENABLED=True)

    def test_login_without_csrf_token_is_refused(self, client):
        user = make_user()
        response = login(client, user.username, PASSWORD)
        assert response.status_code == 400

    def test_bare_post_buttons_are_protected(self, client, login_as):
        login_as(make_user())
        assert client.post("/auth/logout").status_code == 400

    def test_login_with_token_from_the_page_works(self, client):
        import re

        user = make_user()
        html = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        response = client.post("/auth/login", data={"username": user.username, "password": PASSWORD,
                                                    "csrf_token": token})
        assert response.status_code == 302
