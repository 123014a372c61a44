"""Database lifecycle: the proxy every model binds to, per-request connections, init-db and migrate.

SQLite (default, a file in the instance folder) runs with WAL, foreign keys and a busy timeout;
`DATABASE_URL=postgresql://…` runs the same models on PostgreSQL.
"""
import logging
import os

import click
from flask.cli import with_appcontext
from flask import current_app
from flask import request
from peewee import DatabaseProxy
from peewee import Model
from peewee import SqliteDatabase
from playhouse.db_url import connect
from playhouse.migrations import Runner

log = logging.getLogger(__name__)

db = DatabaseProxy()

MIGRATIONS_DIR = os.path.join(os.path.dirname(__file__), "migrations")

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
}


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


def make_database(url, sqlite_timeout=10):
    """Build a peewee Database for a URL (sqlite:///path or postgresql://…)."""
    if url.startswith("sqlite"):
        pragmas = dict(SQLITE_PRAGMAS, busy_timeout=int(sqlite_timeout * 1000))
        # BEGIN IMMEDIATE: a write transaction takes the write lock up front and waits for it (busy
        # timeout); a deferred one that read first fails at once with "database is locked" when
        # another process wrote in between (SQLite cannot upgrade a stale read snapshot).
        # A small pool: a connection is reused by the next request instead of paying for the
        # pragmas, the schema parse and a WAL checkpoint every time. The pool hands a connection to
        # one thread at a time, so it may move between (threaded-server) threads.
        if url.startswith("sqlite:"):
            url = "sqlite+pool:" + url[len("sqlite:"):]
        return connect(url, pragmas=pragmas, timeout=sqlite_timeout, lock_type="IMMEDIATE",
                       max_connections=32, stale_timeout=300, check_same_thread=False)
    return connect(url)


def init_app(app):
    db.initialize(make_database(app.config["DATABASE_URL"], app.config["SQLITE_TIMEOUT"]))
    app.before_request(_open_db)
    app.teardown_request(_close_db)
    app.cli.add_command(init_db_command)
    app.cli.add_command(migrate_command)


#: Endpoints that open the database themselves (the health check must answer 503, not crash).
SELF_CONNECTING_ENDPOINTS = {"core.healthz", "static"}


def _open_db():
    if request.endpoint not in SELF_CONNECTING_ENDPOINTS:
        db.connect(reuse_if_open=True)


def _close_db(exc):
    if not db.is_closed():
        db.close()


def columns_of(model, alias):
    """The SELECT list of every column of a model, for `model_from_row` (hot paths in plain SQL)."""
    return ", ".join(f'{alias}."{f.column_name}"' for f in model._meta.sorted_fields)


def model_from_row(model, row):
    """A model instance from a row selected with `columns_of` (values converted as peewee would)."""
    fields = model._meta.sorted_fields
    instance = model(**{f.name: f.python_value(value) for f, value in zip(fields, row, strict=True)})
    instance._dirty.clear()
    return instance


def is_sqlite():
    return isinstance(db.obj, SqliteDatabase)


def migration_runner():
    return Runner(db.obj, MIGRATIONS_DIR)


def init_db():
    """Create missing tables, bring the schema up to date, load reference data. Safe to run again.

    A new database gets every table from the live models and all migrations recorded as
    applied (they describe changes the live models already contain). An existing database
    gets pending migrations run first, then new tables (and indexes) created: creating the live
    models' indexes before a migration added their column fails on PostgreSQL, and on SQLite
    silently indexes the column name as a string literal.
    """
    from inspectapp.models import ALL_MODELS
    from inspectapp.models import REFERENCE_DATA

    runner = migration_runner()
    for model in ALL_MODELS:
        # Models with `clustered = True` in their Meta are stored in primary-key order on SQLite.
        model._meta.without_rowid = is_sqlite() and getattr(model._meta, "clustered", False)
    with db.connection_context():
        fresh = not any(m.table_exists() for m in ALL_MODELS)
        if fresh:
            db.create_tables(ALL_MODELS, safe=True)
            applied = runner.up(fake=True)
        else:
            applied = runner.up()
            db.create_tables(ALL_MODELS, safe=True)
        with db.atomic():
            for load in REFERENCE_DATA:
                load()
    return fresh, applied


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create the database tables (idempotent)."""
    fresh, applied = init_db()
    url = current_app.config["DATABASE_URL"]
    click.echo(("Created" if fresh else "Checked") + f" database {url}")
    for name in applied:
        click.echo(f"  migration {name}: " + ("recorded" if fresh else "applied"))


@click.command("migrate")
@with_appcontext
def migrate_command():
    """Apply pending schema migrations."""
    with db.connection_context():
        applied = migration_runner().up()
    click.echo("Applied: " + (", ".join(applied) if applied else "nothing pending"))
