"""`flask backup` while the app serves traffic, then `flask restore` into a fresh instance: every
acknowledged rating, every row of the snapshot and every evidence file (same SHA-256) is back."""
import hashlib
import os
import threading
from urllib.parse import urlsplit

import psycopg2

from inspectapp.db import db
from inspectapp.db import is_sqlite
from tests.ops.servers import AppProcess
from tests.ops.test_faults import _rate_until
from tests.ops.test_faults import acked
from tests.ops.test_faults import wait_for_acks
from tests.security.world import build_world


def _restored_database(app, tmp_path):
    """An empty database for the restore: a new SQLite file, or a new PostgreSQL database."""
    if is_sqlite():
        return f"sqlite:///{tmp_path / 'restored' / 'inspectapp.sqlite'}"
    url = app.config["DATABASE_URL"]
    name = urlsplit(url).path.lstrip("/") + "_restored"
    admin = psycopg2.connect(url)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return url.rsplit("/", 1)[0] + "/" + name


def _query(url, sql):
    if url.startswith("sqlite:///"):
        import sqlite3
        conn = sqlite3.connect(url[len("sqlite:///"):])
    else:
        conn = psycopg2.connect(url)
    try:
        cur = conn.cursor()
        cur.execute(sql)
        return cur.fetchall()
    finally:
        conn.close()


def test_online_backup_restores_every_row_and_file(app, tmp_path):
    world = build_world(app)
    evidence = list(db.execute_sql("SELECT stored_name, public_name, thumb_name, sha256 FROM evidence").fetchall())
    server = AppProcess(app.instance_path, app.config["DATABASE_URL"], RATELIMIT_ENABLED="false")
    server.start()
    stop, results = threading.Event(), []
    clients = [threading.Thread(target=_rate_until, args=(stop, server.url, world.window_a.public_token, results))
               for _ in range(4)]
    archive = str(tmp_path / "backup.tar.gz")
    try:
        for c in clients:
            c.start()
        wait_for_acks(results, 10)
        acked_before = acked(results)
        output = server.flask("backup", "-o", archive)  # while the ratings keep coming
    finally:
        stop.set()
        for c in clients:
            c.join(20)
        server.stop()
    assert "Wrote" in output
    target = AppProcess(tmp_path / "restored", _restored_database(app, tmp_path))
    assert "Restored" in target.flask("restore", archive)
    restored = target.env["INSPECTAPP_DATABASE_URL"]
    keys = {k for (k,) in _query(restored, "SELECT idempotency_key FROM evaluation")}
    assert set(acked_before) <= keys
    assert len(keys) == len(_query(restored, "SELECT id FROM evaluation"))  # no duplicates either
    for table in ("hall", "window", "staff", "complaint_ticket", "inspection", "finding", "login_session"):
        original = db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        assert _query(restored, f'SELECT COUNT(*) FROM "{table}"')[0][0] == original, table
    uploads = tmp_path / "restored" / "uploads"
    for stored_name, public_name, thumb_name, sha256 in evidence:
        assert hashlib.sha256((uploads / stored_name).read_bytes()).hexdigest() == sha256
        assert (uploads / public_name).exists() and (uploads / thumb_name).exists()
    if is_sqlite():
        assert _query(restored, "PRAGMA integrity_check") == [("ok",)]
    assert not os.path.exists(archive + ".part")
