"""Fixtures: an app per test on a fresh database (a SQLite file, or PostgreSQL when
INSPECTAPP_TEST_DATABASE_URL is set), the test client, the CLI runner, and login helpers."""
import os

import pytest
from flask import url_for

from inspectapp import create_app
from inspectapp.db import db
from inspectapp.models import ALL_MODELS
from inspectapp.models import init_db

PG_URL = os.environ.get("INSPECTAPP_TEST_DATABASE_URL", "")
if PG_URL and "synchronous_commit" not in PG_URL:
    # A throw-away database: commits need not wait for the disk. Halves the per-test cost of
    # dropping and creating every table (most of a PostgreSQL run's time).
    PG_URL += ("&" if "?" in PG_URL else "?") + "options=-c%20synchronous_commit%3Doff"


_pg_schema_built = False


def _reset_postgres():
    """A clean database for the next test: the first test of the run drops every table (init_db then
    builds the schema from the live models); later ones empty the tables (TRUNCATE … RESTART
    IDENTITY, a few milliseconds instead of a second or more for DROP and CREATE of every table)."""
    global _pg_schema_built
    with db.connection_context():
        if not _pg_schema_built:
            db.drop_tables(list(reversed(ALL_MODELS)), safe=True, cascade=True)
            db.execute_sql("DROP TABLE IF EXISTS schema_migration")
            _pg_schema_built = True
            return
        tables = ", ".join(f'"{model._meta.table_name}"' for model in ALL_MODELS)
        db.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def base_config(tmp_path):
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "PUBLIC_BASE_URL": "https://zwfw.example.gov.cn",
        "DATABASE_URL": PG_URL or f"sqlite:///{tmp_path / 'test.sqlite'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": f"sqlite:///{tmp_path / 'ratelimits.sqlite'}",
        "SERVER_NAME": None,
    }


@pytest.fixture
def app_config(tmp_path):
    """Override keys here (or extend in a test module) before `app` is built."""
    return base_config(tmp_path)


@pytest.fixture
def app(app_config, tmp_path):
    app = create_app(app_config)
    app.instance_path = str(tmp_path / "instance")
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config["DATABASE_URL"].startswith("postgres"):  # a test module may pin SQLite
        _reset_postgres()
    init_db()
    db.connect(reuse_if_open=True)
    yield app
    if not db.is_closed():
        db.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login_as(client):
    """Log a user in by starting a login session and writing its token, as the login view does."""
    from inspectapp.auth import services
    from inspectapp.auth.views import SESSION_KEY

    def login(user):
        with client.session_transaction() as session:
            session[SESSION_KEY] = services.start_session(user)
        return user

    return login


@pytest.fixture
def page(app, client):
    """GET an endpoint by name, assert the status, return the decoded body."""

    def get(endpoint, _status=200, **url_args):
        with app.test_request_context():
            url = url_for(endpoint, **url_args)
        response = client.get(url)
        assert response.status_code == _status, f"{url}: {response.status_code}"
        return response.get_data(as_text=True)

    return get
