"""Two app processes (two hosts behind a load balancer) on one database and one Redis: rate
limits, idempotent rating submits and the no-duplicate upload guarantee hold across them.
On the PostgreSQL run the database is PostgreSQL; uploads sit on one shared folder."""
import os
import re
import threading
import uuid

import pytest

from inspectapp.db import db
from inspectapp.inspections.models import Evidence
from tests.factories import PASSWORD
from tests.inspections.factories import jpeg_bytes
from tests.ops.servers import AppProcess
from tests.ops.servers import Browser
from tests.ops.servers import RedisServer
from tests.security.world import build_world


@pytest.fixture
def redis_url(tmp_path):
    """CI's Redis (INSPECTAPP_TEST_REDIS_URL, started by .ci/run) or a private one for this test."""
    if os.environ.get("INSPECTAPP_TEST_REDIS_URL"):
        import redis

        client = redis.Redis.from_url(os.environ["INSPECTAPP_TEST_REDIS_URL"])
        client.flushdb()
        client.close()
        yield os.environ["INSPECTAPP_TEST_REDIS_URL"]
        return
    server = RedisServer(tmp_path / "redis").start()
    yield server.url
    server.stop()


@pytest.fixture
def cluster(app, tmp_path, redis_url):
    settings = dict(RATELIMIT_STORAGE_URI=redis_url, RATELIMIT_ENABLED="true", LOGIN_RATE_LIMIT="4 per minute",
                    EVAL_IP_RATE_LIMIT="8 per minute", EVAL_WINDOW_RATE_LIMIT="100 per minute",
                    UPLOAD_FOLDER=str(tmp_path / "shared-uploads"))
    hosts = [AppProcess(tmp_path / name, app.config["DATABASE_URL"], workers=1, **settings) for name in "ab"]
    try:
        for host in hosts:
            host.start()
        yield hosts
    finally:
        for host in hosts:
            host.stop()


def both(*calls):
    """Run the calls at the same moment (one thread each); their results in order."""
    results = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_rate_limits_idempotency_and_uploads_hold_across_two_hosts(app, cluster, tmp_path):
    world = build_world(app)
    a, b = cluster
    # the inspector logged in on host A before anything else happened (the session is in the database)
    phone = Browser()
    status, _body, _h = phone.post_form(f"{a.url}/auth/login", {
        "csrf_token": phone.csrf(f"{a.url}/auth/login"), "username": world.inspector.username,
        "password": PASSWORD})
    assert status == 302, _body.decode()[-500:]
    # login limit: refused attempts on host A and host B add up in Redis
    intruder = Browser()
    for n, host in enumerate([a, b, a, b]):
        status, _body, _h = intruder.post_form(f"{host.url}/auth/login", {
            "csrf_token": intruder.csrf(f"{host.url}/auth/login"), "username": world.viewer.username,
            "password": f"wrong-{n}"})
        assert status == 200
    status, _body, _h = intruder.post_form(f"{b.url}/auth/login", {
        "csrf_token": intruder.csrf(f"{b.url}/auth/login"), "username": world.viewer.username, "password": "x"})
    assert status == 429

    # one rating form submitted to both hosts at once (a double tap split by the load balancer)
    citizen = Browser()
    token = world.window_b.public_token
    _s, html, _h = citizen.request(f"{a.url}/e/{token}")
    key = re.search(r'name="key" (?:type="hidden" )?value="([^"]+)"', html.decode()).group(1)
    csrf = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html.decode()).group(1)
    fields = {"key": key, "csrf_token": csrf, "level": "5"}
    answers = both(lambda: citizen.post_form(f"{a.url}/e/{token}", fields),
                   lambda: citizen.post_form(f"{b.url}/e/{token}", fields))
    assert [s for s, _b, _h in answers] == [303, 303]
    assert answers[0][2]["Location"] == answers[1][2]["Location"]
    assert db.execute_sql("SELECT COUNT(*) FROM evaluation WHERE idempotency_key = %s".replace(
        "%s", db.param), (key,)).fetchone()[0] == 1

    # the per-address rating limit is shared too: 8 per minute in all, whichever host answers
    statuses = []
    for n in range(9):
        host = (a, b)[n % 2]
        rater = Browser()
        _s, page, _h = rater.request(f"{host.url}/e/{world.window_a.public_token}")
        k = re.search(r'name="key" (?:type="hidden" )?value="([^"]+)"', page.decode()).group(1)
        c = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page.decode()).group(1)
        statuses.append(rater.post_form(f"{host.url}/e/{world.window_a.public_token}",
                                        {"key": k, "csrf_token": c, "level": "4"})[0])
    assert statuses == [303] * 6 + [429] * 3  # the double tap above counted twice: 8 in all

    # the inspector's phone: the same photo (same client id) arrives at both hosts at once
    csrf = phone.csrf(f"{b.url}/inspections/{world.draft.id}/checklist")
    api = f"/inspections/{world.draft.id}/api/findings/{world.draft_finding.client_id}/evidence"
    photo, client_id = jpeg_bytes((900, 700)), uuid.uuid4().hex
    answers = both(*[lambda host=host: phone.post_file(f"{host.url}{api}", {"client_id": client_id}, "file",
                                                      "p.jpg", photo, csrf) for host in (a, b, a, b)])
    assert sorted(s for s, _b, _h in answers) in ([200, 200, 200, 201],)
    assert Evidence.select().where(Evidence.client_id == client_id).count() == 1
    stored = [p for p in (tmp_path / "shared-uploads").rglob("*") if p.is_file()]
    assert len(stored) == 3  # original, copy without EXIF, preview: the losers removed their files
