"""Rate-limit counters shared by every worker process of a host, without any extra service.

Flask-Limiter keeps its counters in the storage named by `RATELIMIT_STORAGE_URI`. Its
`memory://` storage lives inside one process, so with two gunicorn workers every limit used to
double. The default here is a small SQLite file in the instance folder (`sqlite:///…`), which
every worker of the host shares; several hosts share `redis://…` instead.

Counters are fixed windows (Flask-Limiter's default strategy): one row per key with its count
and the end of its window, updated by a single UPSERT statement, so concurrent workers never
lose a hit. The file is a cache: losing it (or a hit in a power failure) only resets limits.
"""
import os
import sqlite3
import threading
import time
from urllib.parse import unquote
from urllib.parse import urlsplit

from limits.storage import Storage

SCHEMA = """CREATE TABLE IF NOT EXISTS counter (
    key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at REAL NOT NULL)"""
UPSERT = """INSERT INTO counter (key, count, expires_at) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN expires_at <= ? THEN excluded.count ELSE count + excluded.count END,
        expires_at = CASE WHEN expires_at <= ? THEN excluded.expires_at ELSE expires_at END
    RETURNING count"""
#: Expired rows are swept about once per this many increments.
SWEEP_EVERY = 500


class SQLiteStorage(Storage):
    """`sqlite:///absolute/path.sqlite` — fixed-window counters in one SQLite file per host."""

    STORAGE_SCHEME = ["sqlite"]

    def __init__(self, uri, wrap_exceptions=False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = unquote(urlsplit(uri).path)
        self._local = threading.local()
        self._hits = 0

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _db(self):
        """One connection per thread and process (a forked worker opens its own)."""
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():
            os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute(SCHEMA)
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def incr(self, key, expiry, amount=1):
        now = time.time()
        (count,) = self._db().execute(UPSERT, (key, amount, now + expiry, now, now)).fetchone()
        self._hits += 1
        if self._hits % SWEEP_EVERY == 0:
            self._db().execute("DELETE FROM counter WHERE expires_at <= ?", (now,))
        return count

    def get(self, key):
        row = self._db().execute("SELECT count FROM counter WHERE key = ? AND expires_at > ?",
                                 (key, time.time())).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key):
        row = self._db().execute("SELECT expires_at FROM counter WHERE key = ?", (key,)).fetchone()
        return row[0] if row and row[0] > time.time() else time.time()

    def check(self):
        return self._db().execute("SELECT 1").fetchone() == (1,)

    def reset(self):
        return self._db().execute("DELETE FROM counter").rowcount

    def clear(self, key):
        self._db().execute("DELETE FROM counter WHERE key = ?", (key,))


def default_storage_uri(instance_path):
    return "sqlite:///" + os.path.join(instance_path, "ratelimits.sqlite")
