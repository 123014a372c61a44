import json

import pytest

from inspectapp.auth.roles import Role
from inspectapp.security import CSP
from tests.factories import make_user
from tests.factories import make_window


def test_healthz_ok(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert json.loads(r.data) == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_is_unreachable(tmp_path, app_config):
    from inspectapp import create_app
    from inspectapp.db import db

    missing_dir = tmp_path / "no" / "such" / "dir"
    broken = create_app(dict(app_config, DATABASE_URL=f"sqlite:///{missing_dir}/db.sqlite"))
    r = broken.test_client().get("/healthz")
    assert r.status_code == 503
    assert json.loads(r.data)["status"] == "error"
    db.initialize(None)


def test_security_headers_on_every_page(client):
    for url in ("/auth/login", "/healthz", "/no-such-page"):
        r = client.get(url)
        assert r.headers["Content-Security-Policy"] == CSP
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP


def test_pages_have_no_inline_script_or_style(client, login_as):
    login_as(make_user(Role.ADMIN))
    for url in ("/", "/orgs/windows/", "/orgs/import", "/auth/users/"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html and "<style" not in html
        assert "http://" not in html.replace("http://localhost", "") and "https://" not in html


def test_session_cookie_is_httponly_and_samesite(client):
    user = make_user()
    r = client.post("/auth/login", data={"username": user.username, "password": "correct-horse-1"})
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_friendly_404_in_chinese(client):
    r = client.get("/no-such-page")
    assert r.status_code == 404
    assert "页面不存在" in r.get_data(as_text=True)


def test_friendly_403(client, login_as):
    login_as(make_user(Role.VIEWER))
    r = client.get("/audit/")
    assert r.status_code == 403 and "没有权限" in r.get_data(as_text=True)


def test_friendly_500(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    r = client.get("/boom")
    assert r.status_code == 500 and "系统出错了" in r.get_data(as_text=True)


def test_default_language_is_simplified_chinese(client):
    html = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="zh-CN">' in html and "登录" in html


def test_language_switch_sticks(client):
    r = client.post("/lang/en", data={"next": "/auth/login"})
    assert r.status_code == 302 and r.headers["Location"] == "/auth/login"
    html = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="en">' in html and "Log in" in html
    client.post("/lang/zh_Hant", data={"next": "/auth/login"})
    html = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="zh-Hant">' in html and "登錄" in html


def test_browser_language_is_a_fallback(client):
    html = client.get("/auth/login", headers={"Accept-Language": "zh-TW,zh;q=0.9"}).get_data(as_text=True)
    assert '<html lang="zh-Hant">' in html


@pytest.mark.parametrize("asks, gets", [("en-US,en;q=0.9", "zh-CN"), ("en-GB,zh-HK;q=0.5", "zh-Hant"),
                                        ("en,zh-CN;q=0.8,zh-TW;q=0.5", "zh-CN"), ("fr", "zh-CN")])
def test_english_only_when_picked_never_from_the_browser(client, asks, gets):
    html = client.get("/auth/login", headers={"Accept-Language": asks}).get_data(as_text=True)
    assert f'<html lang="{gets}">' in html
    client.post("/lang/en", data={"next": "/auth/login"})
    assert '<html lang="en">' in client.get("/auth/login", headers={"Accept-Language": asks}).get_data(as_text=True)


def test_language_switch_refuses_offsite_redirect(client):
    r = client.post("/lang/en", data={"next": "https://evil.example/"})
    assert r.headers["Location"] == "/"


def test_audit_log_page_for_admin(client, login_as):
    from inspectapp.audit.services import record

    admin = login_as(make_user(Role.ADMIN))
    window = make_window(number="A07")
    record("window.rotate_token", actor=admin, target=window, detail={"reason": "泄露", "hall": 3}, ip="10.0.0.1")
    record("user.login_failed", detail={"username": "zhangsan"}, ip="10.0.0.2")
    html = client.get("/audit/?action=window.").get_data(as_text=True)
    # in words: a Chinese label, the object by name with a link, details without internal ids
    assert "更换窗口二维码" in html and "window.rotate_token<" not in html and "登录失败" not in html
    assert f'<a href="/orgs/windows/{window.id}/edit">{window.hall.name} A07窗口' in html
    assert "原因：</span>泄露" in html and "hall" not in html.split("<tbody>")[1]
    html = client.get("/audit/").get_data(as_text=True)
    assert "登录失败" in html and "用户名：</span>zhangsan" in html and "（系统）" in html


def test_every_audited_action_has_chinese_words():
    import pathlib
    import re

    from inspectapp.audit.presenting import action_label

    root = pathlib.Path(__file__).resolve().parents[1] / "inspectapp"
    written = set()
    for path in root.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "audit.record(" in line or "_set_status(" in line:
                written |= set(re.findall(r'"([a-z]+\.[a-z_]+)"', line))
    dynamic = {f"{noun}.{verb}" for noun in ("hall", "unit", "window", "staff")
               for verb in ("created", "updated", "deactivated", "activated")}
    dynamic |= {"complaint.uphold_appeal", "complaint.reject_appeal", "inspection.submit", "inspection.return",
                "inspection.publish"}
    assert len(written) > 30
    assert [a for a in sorted(written | dynamic) if action_label(a) == a or re.search("[a-z]", action_label(a))] == []
