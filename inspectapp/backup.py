"""Online backups: one archive with a consistent copy of the database and every upload.

`flask backup -o FILE` runs while the app serves traffic. The database is copied first — SQLite
with its online backup API (one read transaction: a consistent snapshot, writers are not
blocked in WAL mode), PostgreSQL with `pg_dump` (a consistent snapshot too) — then the uploads.
Evidence files are written before their rows are committed and never changed afterwards, so
every file a row of the snapshot points at is in the archive (files that arrive later are
harmless extras). `manifest.json` lists the counts and the SHA-256 of every file.

`flask restore FILE` unpacks an archive into an empty instance (a fresh SQLite file and
uploads folder; for PostgreSQL an empty database, with `pg_restore`).
"""
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile

DB_NAME = "inspectapp.sqlite"
PG_DUMP_NAME = "database.pgdump"
MANIFEST = "manifest.json"


class BackupError(RuntimeError):
    """The backup or restore cannot be made; the message says why."""


def sqlite_path(url):
    return url[len("sqlite:///"):] if url.startswith("sqlite:///") else None


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _copy_sqlite(path, target):
    if not os.path.exists(path):
        raise BackupError(f"no database at {path}")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one consistent snapshot
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        tables = [r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {t: copy.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        copy.close()
        source.close()
    if check != "ok":
        raise BackupError(f"the database copy fails its integrity check: {check}")
    return counts


def _pg_dump(url, target):
    if shutil.which("pg_dump") is None:
        raise BackupError("pg_dump is not installed (apt-get install postgresql-client)")
    result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", target, url],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError("pg_dump failed: " + result.stderr.strip())


def backup(archive, database_url, upload_root):
    """Write `archive` (.tar.gz). Returns the manifest (counts, files with their SHA-256)."""
    with tempfile.TemporaryDirectory() as work:
        path = sqlite_path(database_url)
        if path:
            db_member, counts = DB_NAME, _copy_sqlite(path, os.path.join(work, DB_NAME))
        else:
            db_member, counts = PG_DUMP_NAME, {}
            _pg_dump(database_url, os.path.join(work, PG_DUMP_NAME))
        files = {}
        with tarfile.open(archive + ".part", "w:gz", compresslevel=1) as tar:
            tar.add(os.path.join(work, db_member), arcname=db_member)
            for rel, full in _upload_files(upload_root):
                files[rel] = _sha256(full)
                tar.add(full, arcname=f"uploads/{rel}")
            manifest = {"created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        "database": db_member, "rows": counts, "files": files}
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    os.replace(archive + ".part", archive)
    return manifest


def _upload_files(root):
    if not os.path.isdir(root):
        return
    for folder, _dirs, names in os.walk(root):
        for name in sorted(names):
            if name.endswith(".part"):
                continue  # a file still being written: its row does not exist yet
            full = os.path.join(folder, name)
            yield os.path.relpath(full, root), full


def restore(archive, database_url, upload_root, force=False):
    """Unpack `archive` into an empty instance. Returns the manifest.

    :raises BackupError: the target is not empty (without force), or the archive is damaged."""
    path = sqlite_path(database_url)
    if path and os.path.exists(path) and not force:
        raise BackupError(f"{path} exists: restore into an empty instance (or pass --force)")
    with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as work:
        tar.extractall(work, filter="data")
        with open(os.path.join(work, MANIFEST), encoding="utf-8") as fh:
            manifest = json.load(fh)
        for rel, digest in manifest["files"].items():
            if _sha256(os.path.join(work, "uploads", rel)) != digest:
                raise BackupError(f"damaged file in the archive: {rel}")
        if manifest["database"] == DB_NAME:
            if not path:
                raise BackupError("this archive holds a SQLite database; DATABASE_URL is not SQLite")
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            shutil.copyfile(os.path.join(work, DB_NAME), path)
        else:
            _pg_restore(database_url, os.path.join(work, PG_DUMP_NAME))
        source = os.path.join(work, "uploads")
        if os.path.isdir(source):
            shutil.copytree(source, upload_root, dirs_exist_ok=True)
    return manifest


def _pg_restore(url, dump):
    if shutil.which("pg_restore") is None:
        raise BackupError("pg_restore is not installed (apt-get install postgresql-client)")
    result = subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", url, dump],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError("pg_restore failed: " + result.stderr.strip())
