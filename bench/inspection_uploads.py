"""Inspection uploads through the real app vs a bare Flask + peewee insert, same SQLite settings.

Prints ratios (machines are noisy; both sides run in this process, one after the other):
  - new findings through POST /inspections/<id>/api/findings (validation, idempotency lookup,
    wording, window visit) vs a bare app that inserts the same JSON into one table;
  - retried findings (same client ids again: must create nothing);
  - photos (2000×1500 JPEG: content check, SHA-256, original + stripped copy + preview, row) vs
    a bare app that hashes the bytes and writes them to a file.
Run: .venv/bin/python bench/inspection_uploads.py [N]
"""
import io
import os
import sys
import tempfile
import time
import uuid

from flask import Flask
from flask import request
from peewee import CharField
from peewee import IntegerField
from peewee import Model
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from inspectapp import create_app  # noqa: E402
from inspectapp.db import db  # noqa: E402
from inspectapp.db import make_database  # noqa: E402
from inspectapp.models import init_db  # noqa: E402


def real_app(tmp):
    app = create_app({"TESTING": False, "DEBUG": True, "SECRET_KEY": "bench", "PUBLIC_BASE_URL": "http://bench",
                      "DATABASE_URL": f"sqlite:///{tmp}/real.sqlite", "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False})
    app.instance_path = tmp
    init_db()
    from inspectapp.auth.roles import Role
    from tests.factories import make_hall
    from tests.factories import make_user
    from tests.factories import make_window
    from tests.inspections.factories import item
    from tests.inspections.factories import make_inspection

    with db.connection_context():
        hall = make_hall()
        window = make_window(hall=hall)
        inspector = make_user(Role.INSPECTOR)
        inspection = make_inspection(hall=hall, members=[inspector])
        item_id = item("B1").id
    client = app.test_client()
    with client.session_transaction() as session:
        session["user_id"] = inspector.id
    return client, inspection.id, window.id, item_id


def bare_app(tmp):
    database = make_database(f"sqlite:///{tmp}/bare.sqlite")

    class Row(Model):
        client_id = CharField(unique=True)
        item = IntegerField()
        window = IntegerField()
        sentence = CharField()

        class Meta:
            database = None

    Row._meta.set_database(database)
    database.create_tables([Row])
    app = Flask("bare")

    @app.post("/f")
    def insert():
        data = request.get_json()
        with database.connection_context():
            Row.create(client_id=data["client_id"], item=data["item"], window=data["window"], sentence="x")
        return {"saved": True}, 201

    @app.post("/p")
    def photo():
        import hashlib

        data = request.files["file"].read()
        hashlib.sha256(data).hexdigest()
        with open(os.path.join(tmp, uuid.uuid4().hex + ".jpg"), "wb") as fh:
            fh.write(data)
        return {"saved": True}, 201

    return app.test_client()


def rate(fn, n):
    start = time.perf_counter()
    for i in range(n):
        fn(i)
    return n / (time.perf_counter() - start)


def main(n):
    tmp = tempfile.mkdtemp(prefix="bench-insp-")
    client, inspection_id, window_id, item_id = real_app(tmp)
    bare = bare_app(tmp)
    ids = [str(uuid.uuid4()) for _ in range(n)]

    def payload(i):
        now = int(time.time() * 1000)
        return {"client_id": ids[i], "rev": 1, "item": item_id, "window": window_id, "sentence_auto": True,
                "recorded_at": now, "sent_at": now}

    url = f"/inspections/{inspection_id}/api/findings"
    bare_rate = rate(lambda i: bare.post("/f", json=payload(i)), n)
    real_rate = rate(lambda i: client.post(url, json=payload(i)), n)
    retry_rate = rate(lambda i: client.post(url, json=payload(i)), n)
    from inspectapp.inspections.models import Finding

    with db.connection_context():
        stored = Finding.select().count()
    print(f"findings: bare {bare_rate:7.0f}/s  real {real_rate:7.0f}/s  ratio {real_rate / bare_rate:.2f}")
    print(f"retries : real {retry_rate:7.0f}/s  ratio to bare {retry_rate / bare_rate:.2f}  "
          f"rows {stored} for {2 * n} requests (duplicates: {stored - n})")

    image = Image.new("RGB", (2000, 1500), (90, 100, 110))
    for x in range(0, 2000, 80):
        image.paste((150, 120, 90), (x, 0, x + 30, 1500))
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=85)
    jpeg = buf.getvalue()
    photos = max(5, n // 20)
    evidence_url = f"/inspections/{inspection_id}/api/findings/{ids[0]}/evidence"
    bare_p = rate(lambda i: bare.post("/p", data={"file": (io.BytesIO(jpeg), "p.jpg")}), photos)
    real_p = rate(lambda i: client.post(evidence_url, data={"client_id": f"bench-photo-{i:05d}",
                                                            "file": (io.BytesIO(jpeg), "p.jpg")}), photos)
    print(f"photos  : {len(jpeg) // 1024} kB 2000×1500 JPEG  bare {1000 / bare_p:6.1f} ms  real {1000 / real_p:6.1f} ms"
          f"  ratio {bare_p / real_p:.1f}× slower")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
