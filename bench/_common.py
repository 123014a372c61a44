"""Shared helpers for the bench scripts: a throw-away app on a temporary SQLite database."""
import atexit
import contextlib
import datetime as dt
import os
import shutil
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def temp_app(extra=None):
    """(app, directory): an app on a fresh SQLite file with the schema and reference data."""
    from inspectapp.db import db

    directory = tempfile.mkdtemp(prefix="inspectapp-bench-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    app = app_on(f"sqlite:///{directory}/bench.sqlite", extra, instance_path=directory)
    db.connect(reuse_if_open=True)
    return app, directory


def app_on(database_url, extra=None, instance_path=None):
    """An app on `database_url` with the schema and reference data (created if missing)."""
    from inspectapp import create_app
    from inspectapp.models import init_db

    config = {
        "TESTING": True,
        "SECRET_KEY": "bench-secret",
        "PUBLIC_BASE_URL": "https://zwfw.example.gov.cn",
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,
    }
    config.update(extra or {})
    app = create_app(config)
    if instance_path:
        app.instance_path = instance_path
    with app.app_context():
        init_db()
    return app


def make_hall_with_windows(count, staff_per_window=0, code="BENCH"):
    from inspectapp.db import db
    from inspectapp.orgs.models import Hall
    from inspectapp.orgs.models import Staff
    from inspectapp.orgs.models import Unit
    from inspectapp.orgs.models import Window

    with db.atomic():
        hall = Hall.create(code=code, name="临江市政务服务中心", opens_at=dt.time(0, 0), closes_at=dt.time(23, 59))
        units = [Unit.create(code=f"{code}U{i}", name=f"临江市第{i + 1}局",
                             short_name=f"业务{i + 1}") for i in range(8)]
        windows = []
        for n in range(count):
            window = Window.create(hall=hall, unit=units[n % 8], number=f"{'ABCDEFGH'[n % 8]}{n + 1:03d}")
            windows.append(window)
            for s in range(staff_per_window):
                Staff.create(staff_no=f"{code}{n:03d}{s}", name=f"员工{n}{s}", unit=window.unit, window=window)
    return hall, windows


@contextlib.contextmanager
def timer():
    import time

    result = {}
    start = time.perf_counter()
    yield result
    result["seconds"] = time.perf_counter() - start
