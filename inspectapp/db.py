"""Database lifecycle: the proxy every model binds to, per-request connections, the migration runner.

SQLite (default, a file in the instance folder) runs with WAL, foreign keys and a busy timeout;
`DATABASE_URL=postgresql://…` runs the same models on PostgreSQL. The ground floor: it imports no
feature (creating every feature's tables is `inspectapp.models.init_db`, run by `flask init-db`).
"""
import logging
import os

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
    if url.startswith(("postgresql://", "postgres://")):
        # Pooled too: a new PostgreSQL connection per request (a backend process forked by the
        # server) cost more than the rating it stored. A connection left in a failed
        # transaction is reset before it is handed out again (PooledPostgresqlDatabase).
        url = "postgresql+pool://" + url.split("://", 1)[1]
        return connect(url, max_connections=20, stale_timeout=300)
    return connect(url)


def init_app(app):
    db.initialize(make_database(app.config["DATABASE_URL"], app.config["SQLITE_TIMEOUT"]))
    app.before_request(_open_db)
    app.teardown_request(_close_db)


#: Endpoints that open the database themselves (the health check must answer 503, not crash).
SELF_CONNECTING_ENDPOINTS = {"core.healthz", "static"}


def _open_db():
    if request.endpoint not in SELF_CONNECTING_ENDPOINTS:
        db.connect(reuse_if_open=True)


def _close_db(exc):
    if not db.is_closed():
        db.close()


#: (database class, model, column names) -> INSERT statement, built once per process.
_INSERT_SQL = {}


def insert_new(obj):
    """INSERT one new model instance with a statement built once per model and column set, and
    set its id. peewee rebuilds the statement from its query tree on every save(), which was the
    largest single cost of storing a rating; the values still go through each field's db_value.

    :raises peewee.IntegrityError: as save() would (a repeated unique key)."""
    model = type(obj)
    pk = model._meta.primary_key
    fields = [f for f in model._meta.sorted_fields if f.name in obj.__data__ and f is not pk]
    key = (type(db.obj), model, tuple(f.name for f in fields))  # the placeholders differ per database
    sql = _INSERT_SQL.get(key)
    if sql is None:
        columns = ", ".join(f'"{f.column_name}"' for f in fields)
        marks = ", ".join([db.param] * len(fields))
        sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
        if not is_sqlite():
            sql += f' RETURNING "{pk.column_name}"'
        _INSERT_SQL[key] = sql
    cursor = db.execute_sql(sql, [f.db_value(obj.__data__[f.name]) for f in fields])
    obj.__data__[pk.name] = cursor.lastrowid if is_sqlite() else cursor.fetchone()[0]
    obj._dirty.clear()
    return obj
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


def ensure_sqlite_folder(url):
    """Create the folder of a SQLite file (a fresh instance folder does not exist yet)."""
    if url.startswith("sqlite:///"):
        folder = os.path.dirname(os.path.abspath(url[len("sqlite:///"):]))
        os.makedirs(folder, exist_ok=True)


def ping():
    """Open a connection if needed and ask the database one trivial question (the health check).

    :raises peewee.PeeweeException: or OSError when the database does not answer."""
    db.connect(reuse_if_open=True)
    db.execute_sql("SELECT 1").fetchone()
