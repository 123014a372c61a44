"""Evaluation submissions per second through the real app under gunicorn, against a bare Flask +
peewee insert app with the same gunicorn settings, measured in the same run (target: ≥ 0.6 of the
bare rate, 0 lost, 0 errors). Loopback only; a bounded number of requests.

The real app runs as deployed: CSRF on, rate limiting on (limits raised, as every request comes
from 127.0.0.1), the default anti-abuse rules except holding on non-working days (so that a run
on a weekend still takes the full path: a counted 差评 opens its ticket in the same transaction).
Each simulated citizen first loads the form (not timed) to get its session, CSRF token and device
cookie; the timed part is the POSTs only.

Both servers run side by side; the POSTs go in alternating rounds (real app, bare app, bare app,
real app, …) so that a machine whose load drifts during the run does not favour either.

Usage: .venv/bin/python bench/submit_throughput.py [--requests 2000] [--workers 4] [--clients 8]
"""
import argparse
import http.client
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

from _common import ROOT
from _common import make_hall_with_windows
from _common import temp_app

GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")
REASONS = {5: ["517"], 4: ["411"], 3: [], 2: ["214"], 1: ["115"]}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(target, env, workers, port):
    cmd = [GUNICORN, "--workers", str(workers), "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
           "--log-level", "warning", target]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env})
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"gunicorn did not start: {target}")


def cpu_seconds(proc):
    """User + system CPU time of a gunicorn master and its workers (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in [proc.pid] + children(proc.pid):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except OSError:
                pass
    return found


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def request(port, method, path, body=None, cookies=""):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookies} if cookies else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    set_cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
    conn.close()
    return response.status, data, set_cookies


def prepare_citizens(port, tokens, count):
    """Each citizen opens the form once (untimed): session + CSRF token + device cookie."""
    citizens = []
    for i in range(count):
        token = tokens[i % len(tokens)]
        status, data, set_cookies = request(port, "GET", f"/e/{token}")
        assert status == 200, status
        csrf = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', data).group(1).decode()
        cookies = "; ".join(c.split(";", 1)[0] for c in set_cookies)
        citizens.append((token, csrf, cookies))
    return citizens


def post_bodies(citizens, with_csrf):
    rng = random.Random(7)
    jobs = []
    for token, csrf, cookies in citizens:
        level = rng.choice([5, 5, 5, 4, 4, 3, 2, 1])
        fields = [("key", secrets.token_urlsafe(16)), ("level", str(level)), ("comment", "压测评价")]
        fields += [("reasons", code) for code in REASONS[level]]
        if with_csrf:
            fields.append(("csrf_token", csrf))
        jobs.append((f"/e/{token}", urllib.parse.urlencode(fields), cookies if with_csrf else ""))
    return jobs


def run(port, jobs, clients):
    """POST every job once from `clients` threads; returns (seconds, ok, errors)."""
    lock = threading.Lock()
    queue = list(jobs)
    counts = {"ok": 0, "errors": 0, "statuses": {}}

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                path, body, cookies = queue.pop()
            try:
                status, _data, _ = request(port, "POST", path, body, cookies)
            except OSError:
                status = "connection error"
            with lock:
                counts["statuses"][status] = counts["statuses"].get(status, 0) + 1
                counts["ok" if status == 303 else "errors"] += 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start_time = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start_time, counts


def alternate(servers, jobs, rounds, clients):
    """POST every app's jobs in `rounds` rounds, alternating the order so that drifting machine load
    favours neither. servers: {name: (port, process)}. Returns ({name: [seconds, counts]}, {name: cpu})."""
    names = list(servers)
    results = {name: [0.0, {"ok": 0, "errors": 0, "statuses": {}}] for name in names}
    cpu = dict.fromkeys(names, 0.0)
    size = -(-len(jobs[names[0]]) // rounds)
    for r in range(rounds):
        for name in (names if r % 2 == 0 else names[::-1]):
            port, proc = servers[name]
            before = cpu_seconds(proc)
            seconds, counts = run(port, jobs[name][r * size:(r + 1) * size], clients)
            cpu[name] += cpu_seconds(proc) - before
            total = results[name]
            total[0] += seconds
            for key in ("ok", "errors"):
                total[1][key] += counts[key]
            for status, n in counts["statuses"].items():
                total[1]["statuses"][status] = total[1]["statuses"].get(status, 0) + n
    return results, cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--windows", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()

    app, directory = temp_app()
    _hall, windows = make_hall_with_windows(args.windows)
    tokens = [w.public_token for w in windows]
    with open(os.path.join(directory, "config.py"), "w") as f:
        f.write(f"SECRET_KEY = 'bench-secret-{secrets.token_hex(8)}'\nPUBLIC_BASE_URL = 'http://127.0.0.1'\n"
                f"DATABASE_URL = 'sqlite:///{directory}/bench.sqlite'\n"
                "EVAL_IP_RATE_LIMIT = '1000000 per minute'\nEVAL_WINDOW_RATE_LIMIT = '1000000 per minute'\n"
                # Count ratings on any day, so that 差评 open their tickets as on a working day.
                "EVAL_HOLD_NON_WORKDAYS = False\n")
    bare_db = os.path.join(directory, "bare.sqlite")
    os.environ["BARE_DB"] = bare_db
    from bare_app import Rating  # noqa: E402  (reads BARE_DB)

    Rating.create_table()
    Rating._meta.database.close()

    print(f"{args.requests} POSTs to each app in {args.rounds} alternating rounds, {args.clients} client threads, "
          f"gunicorn --workers {args.workers} (sync), SQLite WAL, loopback")
    real_port, bare_port = free_port(), free_port()
    real = start("inspectapp:create_app()", {"INSPECTAPP_INSTANCE_PATH": directory}, args.workers, real_port)
    bare = start("bench.bare_app:app", {"BARE_DB": bare_db}, args.workers, bare_port)
    names = ("inspectapp", "bare Flask+peewee")
    try:
        citizens = prepare_citizens(real_port, tokens, args.requests)
        jobs = {names[0]: post_bodies(citizens, True), names[1]: post_bodies(citizens, False)}
        results, cpu = alternate({names[0]: (real_port, real), names[1]: (bare_port, bare)}, jobs, args.rounds,
                                 args.clients)
    finally:
        stop(real)
        stop(bare)

    from inspectapp.evaluations.models import Evaluation
    from inspectapp.evaluations.models import Status

    stored_real = Evaluation.select().count()
    held = Evaluation.select().where(Evaluation.status == Status.HELD).count()
    import sqlite3

    stored_bare = sqlite3.connect(bare_db).execute("SELECT COUNT(*) FROM rating").fetchone()[0]
    from inspectapp.complaints.models import ComplaintTicket

    tickets = ComplaintTicket.select().count()
    negative = Evaluation.select().where(Evaluation.level <= 2, Evaluation.status == Status.VALID).count()
    stored = {"inspectapp": stored_real, "bare Flask+peewee": stored_bare}
    for name, (seconds, counts) in results.items():
        lost = args.requests - stored[name]
        print(f"{name:<20} {args.requests / seconds:8.1f} submissions/s  ({seconds:.2f} s)  sent {args.requests}  "
              f"303 {counts['ok']}  errors {counts['errors']}  stored {stored[name]}  lost {lost}  "
              f"statuses {counts['statuses']}")
        print(f"{'':<20} server CPU {1000 * cpu[name] / args.requests:.2f} ms per submission")
    ratio = (args.requests / results["inspectapp"][0]) / (args.requests / results["bare Flask+peewee"][0])
    print(f"ratio inspectapp / bare = {ratio:.2f} (target >= 0.6); inspectapp stored {held} held for review; "
          f"{negative} counted 差评 opened {tickets} tickets")


if __name__ == "__main__":
    main()
