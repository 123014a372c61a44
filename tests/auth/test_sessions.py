"""A session dies at logout, at a password change (every other session), at deactivation and
after idle time — even when its signed cookie was copied elsewhere."""
import datetime as dt

import pytest
from werkzeug import security

from inspectapp.auth.models import LoginSession
from inspectapp.auth.roles import Role
from tests.factories import PASSWORD
from tests.factories import make_user


def login(client, user, password=PASSWORD):
    response = client.post("/auth/login", data={"username": user.username, "password": password})
    assert response.status_code == 302
    return response


def copy_session(source, target):
    target.set_cookie("session", source.get_cookie("session").value)
    return target


def logged_in(client):
    return client.get("/").status_code == 200


@pytest.fixture
def user():
    return make_user(Role.ADMIN)


def test_copied_cookie_dies_at_logout(app, client, user):
    login(client, user)
    thief = copy_session(client, app.test_client())
    assert logged_in(thief)
    client.post("/auth/logout")
    assert not logged_in(thief) and not logged_in(client)
    assert LoginSession.get().end_reason == "logout"


def test_password_change_ends_every_other_session(app, client, user):
    login(client, user)
    other_phone = app.test_client()
    login(other_phone, user)
    thief = copy_session(client, app.test_client())
    response = client.post("/auth/password", data={"current_password": PASSWORD, "new_password": "new-pass-123",
                                                   "confirm": "new-pass-123"})
    assert response.status_code == 302
    assert logged_in(client)  # the session that changed the password goes on
    assert logged_in(thief)  # ... and so does the cookie copied from it: it is the same session
    assert not logged_in(other_phone)


def test_deactivation_and_admin_password_reset_end_sessions(app, client, login_as, user):
    victim = make_user(Role.INSPECTOR)
    phone = app.test_client()
    login(phone, victim)
    login_as(user)
    data = {"username": victim.username, "display_name": victim.display_name, "role": Role.INSPECTOR, "unit": 0,
            "password": "reset-pass-123", "is_active": "y"}
    assert client.post(f"/auth/users/{victim.id}/edit", data=data).status_code == 302
    assert not logged_in(phone)
    login(phone, victim, "reset-pass-123")
    assert logged_in(phone)
    assert client.post(f"/auth/users/{victim.id}/deactivate").status_code == 302
    assert not logged_in(phone)


def test_idle_and_old_sessions_end(app, client, user):
    login(client, user)
    LoginSession.update(last_seen_at=LoginSession.get().last_seen_at - dt.timedelta(minutes=121)).execute()
    assert not logged_in(client)
    assert LoginSession.get().end_reason == "idle"
    login(client, user)
    live = LoginSession.get(LoginSession.ended_at.is_null())
    LoginSession.update(created_at=live.created_at - dt.timedelta(hours=9)).where(LoginSession.id == live.id).execute()
    assert not logged_in(client)
    # a forged or stale token in a validly signed cookie is just anonymous
    with client.session_transaction() as session:
        session["sid"] = "not-a-real-token"
    assert not logged_in(client)


def test_activity_keeps_a_session_alive_without_a_write_per_request(client, user):
    login(client, user)
    before = LoginSession.get().last_seen_at
    for _ in range(3):
        assert logged_in(client)
    assert LoginSession.get().last_seen_at == before  # touched at most once a minute
    LoginSession.update(last_seen_at=before - dt.timedelta(minutes=100)).execute()
    assert logged_in(client)
    assert LoginSession.get().last_seen_at > before - dt.timedelta(minutes=1)


def test_unknown_usernames_cost_the_same_hash_as_known_ones(client, monkeypatch, user):
    """No timing oracle: a refused unknown username computes one full hash, like a known one."""
    methods = []
    real = security._hash_internal

    def spy(method, salt, password):
        methods.append(method)
        return real(method, salt, password)

    client.post("/auth/login", data={"username": "warm-up", "password": "x"})  # the dummy hash is made once
    monkeypatch.setattr(security, "_hash_internal", spy)
    client.post("/auth/login", data={"username": user.username, "password": "wrong-password"})
    known = list(methods)
    methods.clear()
    client.post("/auth/login", data={"username": "nobody-" + user.username, "password": "wrong-password"})
    stored_method = user.password_hash.split("$")[0]
    assert known == methods == [stored_method]
