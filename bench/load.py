"""Load: 200 concurrent citizens for 60 s against gunicorn on loopback, on SQLite or PostgreSQL.

Each citizen loops: open the form (GET /e/<token>: session, CSRF token, idempotency key), then
submit it (POST). Printed: requests/s, p50/p99 latency of the GETs and of the POSTs, the status
counts, and the row count proving that every acknowledged (303) rating is stored exactly once
and nothing else is; any 5xx is an error. Rate limits are raised (every client is 127.0.0.1).
Bounded in time; loopback only.

Usage: .venv/bin/python bench/load.py [--clients 200] [--seconds 60] [--workers 4]
                                      [--database postgresql:///inspectapp_bench]
"""
import argparse
import os
import re
import secrets
import statistics
import threading
import time
import urllib.parse

from _common import make_hall_with_windows
from _common import temp_app
from submit_throughput import free_port
from submit_throughput import request
from submit_throughput import start
from submit_throughput import stop


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def citizen(port, tokens, deadline, results, lock, rng_seed):
    import random

    rng = random.Random(rng_seed)
    while time.time() < deadline:
        token = rng.choice(tokens)
        t0 = time.perf_counter()
        try:
            status, data, set_cookies = request(port, "GET", f"/e/{token}")
        except OSError:
            with lock:
                results["errors"].append("GET connection error")
            continue
        get_ms = 1000 * (time.perf_counter() - t0)
        if status != 200:
            with lock:
                results["statuses"][("GET", status)] = results["statuses"].get(("GET", status), 0) + 1
            continue
        html = data.decode()
        key = re.search(r'name="key" (?:type="hidden" )?value="([^"]+)"', html).group(1)
        csrf = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
        cookies = "; ".join(c.split(";", 1)[0] for c in set_cookies)
        level = rng.choice([5, 5, 5, 4, 4, 3, 2, 1])
        fields = [("key", key), ("csrf_token", csrf), ("level", str(level)), ("comment", "压测")]
        fields += [("reasons", {2: "214", 1: "115"}[level])] if level <= 2 else []
        t1 = time.perf_counter()
        try:
            status, _data, _c = request(port, "POST", f"/e/{token}", urllib.parse.urlencode(fields), cookies)
        except OSError:
            status = "connection error"
        post_ms = 1000 * (time.perf_counter() - t1)
        with lock:
            results["get_ms"].append(get_ms)
            results["post_ms"].append(post_ms)
            results["statuses"][("POST", status)] = results["statuses"].get(("POST", status), 0) + 1
            if status == 303:
                results["acked"].append(key)


def prepare(database):
    extra = {"DATABASE_URL": database} if database else {}
    if database and database.startswith("postgres"):
        from inspectapp import create_app
        from inspectapp.db import db
        from inspectapp.models import ALL_MODELS

        app = create_app({"TESTING": True, "SECRET_KEY": "x", "PUBLIC_BASE_URL": "http://x", **extra})
        with db.connection_context():
            db.drop_tables(list(reversed(ALL_MODELS)), safe=True, cascade=True)
            db.execute_sql("DROP TABLE IF EXISTS schema_migration")
    app, directory = temp_app(extra)
    _hall, windows = make_hall_with_windows(200)
    url = app.config["DATABASE_URL"]
    with open(os.path.join(directory, "config.py"), "w") as f:
        f.write(f"SECRET_KEY = 'load-{secrets.token_hex(8)}'\nPUBLIC_BASE_URL = 'http://127.0.0.1'\n"
                f"DATABASE_URL = {url!r}\nEVAL_IP_RATE_LIMIT = '100000000 per minute'\n"
                "EVAL_WINDOW_RATE_LIMIT = '100000000 per minute'\nEVAL_HOLD_NON_WORKDAYS = False\n")
    return directory, [w.public_token for w in windows], url


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", default="", help="default: a temporary SQLite file")
    args = parser.parse_args()
    directory, tokens, url = prepare(args.database)
    port = free_port()
    server = start("inspectapp:create_app()", {"INSPECTAPP_INSTANCE_PATH": directory}, args.workers, port)
    results = {"get_ms": [], "post_ms": [], "statuses": {}, "acked": [], "errors": []}
    lock = threading.Lock()
    deadline = time.time() + args.seconds
    threads = [threading.Thread(target=citizen, args=(port, tokens, deadline, results, lock, n), daemon=True)
               for n in range(args.clients)]
    started = time.perf_counter()
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.seconds + 60)
    finally:
        elapsed = time.perf_counter() - started
        stop(server)
    from inspectapp.db import db

    rows = db.execute_sql("SELECT idempotency_key FROM evaluation").fetchall()
    stored = [k for (k,) in rows]
    acked = results["acked"]
    requests_done = len(results["get_ms"]) + len(results["post_ms"])
    five_xx = {k: v for k, v in results["statuses"].items() if isinstance(k[1], int) and k[1] >= 500}
    kind = "PostgreSQL" if url.startswith("postgres") else "SQLite (WAL)"
    print(f"{args.clients} concurrent citizens for {args.seconds} s, gunicorn --workers {args.workers}, {kind},"
          " loopback")
    print(f"requests/s {requests_done / elapsed:.1f}  (ratings/s {len(acked) / elapsed:.1f})")
    for method, key in (("GET ", "get_ms"), ("POST", "post_ms")):
        print(f"{method} /e/<token>  p50 {statistics.median(results[key]):.0f} ms"
              f"  p99 {percentile(results[key], 99):.0f} ms")
    print(f"statuses {dict(sorted(results['statuses'].items(), key=str))}  client errors {len(results['errors'])}")
    exactly_once = len(stored) == len(set(stored)) and set(stored) == set(acked) and len(acked) == len(set(acked))
    print(f"acknowledged {len(acked)}  stored {len(stored)}  duplicates {len(stored) - len(set(stored))}  "
          f"stored but not acknowledged {len(set(stored) - set(acked))}  lost {len(set(acked) - set(stored))}")
    print(f"exactly once: {'yes' if exactly_once else 'NO'}   5xx: {sum(five_xx.values())}")


if __name__ == "__main__":
    main()
