"""Login limits: shared by every worker, counting refused attempts only, and never locking the
real user out of a browser they logged in from before."""
import multiprocessing

import pytest

from inspectapp.ratelimit import SQLiteStorage
from tests.factories import PASSWORD
from tests.factories import make_user


@pytest.fixture
def app_config(app_config):
    return dict(app_config, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")


def login(client, username, password, ip="127.0.0.1"):
    return client.post("/auth/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def test_an_attacker_cannot_lock_the_user_out_of_their_own_browser(app, client):
    user = make_user()
    assert login(client, user.username, PASSWORD).status_code == 302  # the user's own phone, earlier
    client.post("/auth/logout")
    attacker = app.test_client()
    for n in range(3):
        assert login(attacker, user.username, f"guess-{n}", ip="10.9.9.9").status_code == 200
    assert login(attacker, user.username, PASSWORD, ip="10.9.9.9").status_code == 429
    assert login(app.test_client(), user.username, PASSWORD, ip="10.8.8.8").status_code == 429  # unknown device
    assert login(client, user.username, PASSWORD).status_code == 302  # the known device still gets in


def test_successful_logins_do_not_count(client):
    user = make_user()
    for _ in range(5):
        assert login(client, user.username, PASSWORD).status_code == 302
        client.post("/auth/logout")


def test_a_forged_device_cookie_counts_as_unknown(app, client):
    user = make_user()
    for n in range(3):
        login(client, user.username, f"guess-{n}")
    forged = app.test_client()
    forged.set_cookie("login_device", "eyJkIjoieCIsInUiOlsidXNlciJdfQ.forged", path="/auth/")
    assert login(forged, user.username, PASSWORD).status_code == 429


def _hit(path, n):
    storage = SQLiteStorage(f"sqlite:///{path}")
    for _ in range(n):
        storage.incr("login-user:x", 60)


def test_counters_are_shared_by_processes(tmp_path):
    """Two worker processes of one host add up to one count (memory:// gave each its own)."""
    path = tmp_path / "limits.sqlite"
    workers = [multiprocessing.get_context("fork").Process(target=_hit, args=(path, 50)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    storage = SQLiteStorage(f"sqlite:///{path}")
    assert storage.get("login-user:x") == 100
    assert 0 < storage.get_expiry("login-user:x") - __import__("time").time() <= 60
    storage.clear("login-user:x")
    assert storage.get("login-user:x") == 0
