"""Faults: the server killed with SIGKILL in the middle of load, a locked or read-only database,
a full uploads disk. Nothing acknowledged is lost, nothing is half-written, the user is told."""
import datetime as dt
import errno
import io
import os
import sqlite3
import subprocess
import threading
import time

import pytest
from PIL import Image

from inspectapp.complaints.models import ComplaintTicket
from inspectapp.db import db
from inspectapp.db import is_sqlite
from inspectapp.evaluations.models import Evaluation
from tests.evaluations.conftest import Citizen as BrowserlessCitizen
from tests.evaluations.conftest import form_key
from tests.factories import make_hall
from tests.factories import make_window
from tests.ops.servers import AppProcess
from tests.ops.servers import Citizen


@pytest.fixture
def open_window(app):
    return make_window(hall=make_hall(opens_at=dt.time(0, 0), closes_at=dt.time(23, 59)), number="A01")


def _rate_until(stop, base, token, results):
    while not stop.is_set():
        try:
            citizen = Citizen(base)
            key, csrf = citizen.open_form(token)
            results.append((key, citizen.submit(token, key, csrf, level=5, comment="好")))
        except OSError:
            time.sleep(0.05)  # the server is down: this rating was never acknowledged


def acked(results):
    return [k for k, s in list(results) if s == 303]


def wait_for_acks(results, n, timeout=20):
    """Wait until n ratings have been acknowledged (a loaded 2-core machine may be slow to start)."""
    deadline = time.time() + timeout
    while len(acked(results)) < n and time.time() < deadline:
        time.sleep(0.05)
    assert len(acked(results)) >= n, sorted({s for _k, s in results})


def test_sigkill_mid_load_loses_no_acknowledged_rating(app, open_window, tmp_path):
    server = AppProcess(tmp_path / "srv", app.config["DATABASE_URL"], workers=2, RATELIMIT_ENABLED="false")
    server.start()
    stop, results = threading.Event(), []
    clients = [threading.Thread(target=_rate_until, args=(stop, server.url, open_window.public_token, results))
               for _ in range(6)]
    try:
        for c in clients:
            c.start()
        wait_for_acks(results, 20)
        server.kill()  # mid-load: requests in flight are cut off
        acked_before_kill = len(acked(results))
        server.start()
        wait_for_acks(results, acked_before_kill + 20)
    finally:
        stop.set()
        for c in clients:
            c.join(20)
        server.stop()
    assert not [s for _k, s in results if s >= 500]
    stored = {}
    for (key,) in db.execute_sql("SELECT idempotency_key FROM evaluation").fetchall():
        stored[key] = stored.get(key, 0) + 1
    assert all(stored.get(k) == 1 for k in acked(results)), "an acknowledged rating is missing or stored twice"
    assert max(stored.values()) == 1
    if is_sqlite():
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def _submit_low_rating(citizen, window):
    key = form_key(citizen.open(window).get_data(as_text=True))
    return key, citizen.rate(window, key=key, level=1, reasons=["115"], comment="窗口无人，等了四十分钟")


class TestLockedDatabase:
    """SQLite only: PostgreSQL waits for a row lock instead of failing."""

    @pytest.fixture
    def app_config(self, app_config, tmp_path):
        return dict(app_config, DATABASE_URL=f"sqlite:///{tmp_path / 'locked.sqlite'}", SQLITE_TIMEOUT=0.2,
                    EVAL_HOLD_NON_WORKDAYS=False)

    def test_a_locked_database_keeps_the_citizens_input(self, app, client, open_window, tmp_path):
        other = sqlite3.connect(tmp_path / "locked.sqlite", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock (a backup, a long import …)
        try:
            key, response = _submit_low_rating(BrowserlessCitizen(client), open_window)
        finally:
            other.execute("ROLLBACK")
            other.close()
        body = response.get_data(as_text=True)
        assert response.status_code == 503
        assert "请稍后再" in body and "窗口无人，等了四十分钟" in body and key in body and 'value="115" checked' in body
        assert Evaluation.select().count() == 0 and ComplaintTicket.select().count() == 0
        again = BrowserlessCitizen(client).rate(open_window, key=key, level=1, reasons=["115"],
                                                comment="窗口无人，等了四十分钟")
        assert again.status_code == 303 and Evaluation.select().count() == 1 and ComplaintTicket.select().count() == 1


def _read_only(on):
    if is_sqlite():
        db.execute_sql(f"PRAGMA query_only = {1 if on else 0}")
    else:
        db.execute_sql(f"SET default_transaction_read_only = {'on' if on else 'off'}")


def test_a_read_only_database_keeps_the_citizens_input(app, client, open_window):
    """The request runs on this thread's connection, which is made read-only (a read-only file,
    a standby replica): the citizen sees 请稍后再试 with the form as filled in, nothing is stored."""
    citizen = BrowserlessCitizen(client)
    key = form_key(citizen.open(open_window).get_data(as_text=True))
    _read_only(True)
    try:
        response = citizen.rate(open_window, key=key, level=1, reasons=["115"], comment="窗口无人")
    finally:
        _read_only(False)
    assert response.status_code == 503 and "请稍后再" in response.get_data(as_text=True)
    assert "窗口无人" in response.get_data(as_text=True)
    assert Evaluation.select().count() == 0 and ComplaintTicket.select().count() == 0


def test_staff_pages_say_try_again_later_when_the_database_is_read_only(app, client, login_as):
    from inspectapp.auth.roles import Role
    from tests.factories import make_user

    login_as(make_user(Role.ADMIN))
    _read_only(True)
    try:
        response = client.post("/orgs/halls/new", data={"code": "RO", "name": "只读", "opens_at": "09:00",
                                                        "closes_at": "17:00"})
    finally:
        _read_only(False)
    assert response.status_code == 503 and "系统繁忙，请稍后再试" in response.get_data(as_text=True)


class SmallDisk:
    """A real 96 KB filesystem for the uploads (tmpfs); where mounting is not allowed, the same
    ENOSPC from the operating system's write call."""

    def __init__(self, path, monkeypatch):
        self.path, self.monkeypatch = path, monkeypatch
        path.mkdir(parents=True)
        self.mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(path)],
                                      capture_output=True).returncode == 0
        if not self.mounted:
            real = os.fsync

            def full(fd):
                if os.path.realpath(os.readlink(f"/proc/self/fd/{fd}")).startswith(str(path)):
                    raise OSError(errno.ENOSPC, "No space left on device")
                return real(fd)

            monkeypatch.setattr(os, "fsync", full)

    def grow(self):
        if self.mounted:
            subprocess.run(["mount", "-o", "remount,size=16m", str(self.path)], check=True)
        else:
            self.monkeypatch.undo()

    def close(self):
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], check=False)


@pytest.fixture
def small_disk(app, tmp_path, monkeypatch):
    disk = SmallDisk(tmp_path / "uploads", monkeypatch)
    app.config["UPLOAD_FOLDER"] = str(disk.path)
    yield disk
    disk.close()


def big_jpeg():
    out = io.BytesIO()
    Image.effect_noise((500, 400), 80).convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


def test_a_full_uploads_disk_is_a_clear_error_and_nothing_half_written(app, client, login_as, small_disk):
    from inspectapp.inspections.models import Evidence
    from tests.security.world import build_world

    w = build_world(app)
    login_as(w.inspector)
    url = f"/inspections/{w.draft.id}/api/findings/{w.draft_finding.client_id}/evidence"
    data = big_jpeg()
    assert len(data) > 96 * 1024
    response = client.post(url, data={"client_id": "full-disk-photo-1", "file": (io.BytesIO(data), "p.jpg")},
                           content_type="multipart/form-data")
    response.close()
    assert response.status_code == 507
    assert "存储空间已满" in response.get_json()["error"] and "手机" in response.get_json()["error"]
    assert not Evidence.select().where(Evidence.client_id == "full-disk-photo-1").exists()
    leftovers = [f for _d, _s, files in os.walk(small_disk.path) for f in files]
    assert leftovers == []  # no half-written file, no .part
    small_disk.grow()
    response = client.post(url, data={"client_id": "full-disk-photo-1", "file": (io.BytesIO(data), "p.jpg")},
                           content_type="multipart/form-data")
    response.close()
    assert response.status_code == 201
