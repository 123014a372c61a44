import pytest

from inspectapp.db import db
from inspectapp.db import is_sqlite
from inspectapp.db import migration_runner
from inspectapp.models import init_db
from inspectapp.orgs.models import Hall
from tests.conftest import PG_URL


def test_init_db_is_idempotent(app):
    fresh, applied = init_db()
    assert fresh is False and applied == []
    names = {m.name for m in migration_runner().status() if m.applied}
    assert "0001_baseline" in names


@pytest.mark.skipif(bool(PG_URL), reason="SQLite pragmas; this run is on PostgreSQL")
def test_sqlite_pragmas(app):
    assert is_sqlite()
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 10000


def test_schema_enforces_unique_hall_code(app):
    import peewee

    Hall.create(code="X", name="一")
    with pytest.raises(peewee.IntegrityError), db.atomic():
        Hall.create(code="X", name="二")


def test_init_db_creates_a_missing_instance_folder(tmp_path):
    """`flask init-db` on a fresh machine: the instance folder does not exist yet."""
    import subprocess
    import sys

    instance = tmp_path / "not" / "there" / "instance"
    env = {"INSPECTAPP_INSTANCE_PATH": str(instance), "INSPECTAPP_SECRET_KEY": "x" * 32,
           "INSPECTAPP_PUBLIC_BASE_URL": "https://zwfw.example.gov.cn", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "inspectapp", "init-db"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and (instance / "inspectapp.sqlite").exists()
