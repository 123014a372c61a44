"""Generate the statistics benchmark data set: one hall with 100 windows in 8 units, 1 000 000
ratings over the 12 months before the current month (~2 % 差评), a 差评 ticket for each 差评
(~20 000), and 20 000 findings in about 250 published inspections. Rows are bulk-inserted (the
services would take hours); their values follow what the services store.

Usage (normally through bench/report_stats.py):
    .venv/bin/python bench/report_data.py --db /tmp/report-bench.sqlite [--ratings 1000000]
"""
import argparse
import datetime as dt
import hashlib
import random
import time

from _common import ROOT  # noqa: F401  (puts the project on sys.path)

LEVELS = (5, 4, 3, 2, 1)
LEVEL_WEIGHTS = (80, 12, 6, 1.2, 0.8)
REASONS = {1: "115", 2: "207"}
CHUNK = 500


def months_back(today, count=12):
    first = today.replace(day=1)
    start = first
    for _ in range(count):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return start, first - dt.timedelta(days=1)


def generate(ratings=1_000_000, findings=20_000, seed=20261101, log=print):
    from inspectapp.common.timeutil import local_today
    from inspectapp.db import db

    rnd = random.Random(seed)
    start, end = months_back(local_today())
    t0 = time.perf_counter()
    with db.atomic():
        org = _org()
    log(f"  org: 1 hall, {len(org['windows'])} windows, {len(org['units'])} units")
    negatives = _ratings(org, ratings, start, end, rnd, log)
    log(f"  {ratings} ratings ({len(negatives)} 差评) in {time.perf_counter() - t0:.0f} s")
    _tickets(negatives, rnd)
    log(f"  {len(negatives)} tickets")
    _inspections(org, findings, start, end, rnd)
    log(f"  {findings} findings; data generated in {time.perf_counter() - t0:.0f} s")
    return start, end


def _org():
    from werkzeug.security import generate_password_hash

    from inspectapp.auth.models import User
    from inspectapp.orgs.models import Hall
    from inspectapp.orgs.models import Staff
    from inspectapp.orgs.models import Unit
    from inspectapp.orgs.models import Window

    created = dt.datetime(2020, 1, 1)
    hall = Hall.create(code="LJZX", name="临江市政务服务中心", opens_at=dt.time(9), closes_at=dt.time(17),
                       created_at=created)
    names = ["社保", "医保", "不动产", "市场监管", "公积金", "税务", "出入境", "民政"]
    units = [Unit.create(code=f"U{i}", name=f"临江市{n}局", short_name=n, created_at=created) for i,
             n in enumerate(names)]
    windows, staff = [], []
    for n in range(100):
        unit = units[n % 8]
        window = Window.create(hall=hall, unit=unit, number=f"{'ABCDEFGH'[n % 8]}{n // 8 + 1:02d}", created_at=created)
        windows.append(window)
        for s in range(2):
            staff.append(Staff.create(staff_no=f"S{n:03d}{s}", name=f"职员{n:03d}{s}", unit=unit, window=window))
    password = generate_password_hash("bench-password")
    admin = User.create(username="admin", display_name="督查管理员", password_hash=password, role="admin")
    inspectors = [User.create(username=f"inspector{i}", display_name=f"暗访员{i}", password_hash=password,
                              role="inspector") for i in range(4)]
    viewer = User.create(username="viewer", display_name="领导", password_hash=password, role="viewer")
    return dict(hall=hall, units=units, windows=windows, staff=staff, admin=admin, inspectors=inspectors,
                viewer=viewer)


RATING_COLUMNS = ("window_id", "hall_id", "unit_id", "level", "reason_codes", "submitted_at", "idempotency_key",
                  "device_hash", "ip", "status", "hold_reasons", "is_excluded", "comment", "phone", "phone_consent",
                  "user_agent", "locale", "review_note")


def _ratings(org, count, start, end, rnd, log):
    """Insert the ratings with executemany (peewee's insert_many is ~10× slower at this size)."""
    from inspectapp.db import db

    days = (end - start).days + 1
    windows = org["windows"]
    devices = [hashlib.sha256(str(n).encode()).hexdigest() for n in range(5000)]
    sql = (f'INSERT INTO "evaluation" ({", ".join(RATING_COLUMNS)}) '
           f'VALUES ({", ".join([db.obj.param] * len(RATING_COLUMNS))})')
    negatives, batch = [], []
    for i in range(count):
        window = windows[rnd.randrange(len(windows))]
        day = start + dt.timedelta(days=rnd.randrange(days))
        # 9:00–17:00 local = 01:00–09:00 UTC
        at = dt.datetime.combine(day, dt.time(1)) + dt.timedelta(seconds=rnd.randrange(8 * 3600))
        level = rnd.choices(LEVELS, LEVEL_WEIGHTS)[0]
        roll = rnd.random()
        status = "held" if roll < 0.004 else "rejected" if roll < 0.005 else "valid"
        key = f"bench-{i:08d}"
        batch.append((window.id, window.hall_id, window.unit_id, level, REASONS.get(level, ""), at, key,
                      devices[rnd.randrange(5000)], "10.0.0.1", status, "burst" if status != "valid" else "",
                      False, "", "", False, "", "zh_Hans", ""))
        if level <= 2 and status == "valid":
            negatives.append(dict(idempotency_key=key, window=window.id, hall=window.hall_id, unit=window.unit_id,
                                  submitted_at=at))
        if len(batch) == 10_000 or i == count - 1:
            with db.atomic():
                db.cursor().executemany(sql, batch)
            batch = []
            if (i + 1) % 100_000 == 0:
                log(f"    {i + 1} ratings")
    _ids_of_negatives(negatives)
    return negatives


def _ids_of_negatives(negatives):
    from inspectapp.evaluations.models import Evaluation

    keys = {row["idempotency_key"]: row for row in negatives}
    query = (Evaluation.select(Evaluation.id, Evaluation.idempotency_key)
             .where((Evaluation.level <= 2) & (Evaluation.status == "valid")).tuples())
    for eid, key in query:
        if key in keys:
            keys[key]["id"] = eid


def _tickets(negatives, rnd):
    from inspectapp.complaints.models import ComplaintTicket
    from inspectapp.db import db
    from inspectapp.evaluations.models import Evaluation

    rows, excluded = [], []
    for ev in negatives:
        opened = ev["submitted_at"]
        day = (opened + dt.timedelta(hours=8)).date()
        status, called = _ticket_fate(rnd)
        if status == "appeal_upheld":
            excluded.append(ev["id"])
        rows.append(dict(evaluation=ev["id"], unit=ev["unit"], hall=ev["hall"], window=ev["window"], status=status,
                         opened_at=opened, callback_days=1, close_days=5, callback_due_on=day + dt.timedelta(days=1),
                         close_due_on=day + dt.timedelta(days=7), deadline_estimated=False,
                         called_back_at=(opened + dt.timedelta(hours=called)) if called is not None else None,
                         callback_result="reached" if called is not None else "", callback_note="", outcome="",
                         outcome_note="", feedback_note="", citizen_satisfaction="", status_before_appeal="",
                         appeal_reason="", appeal_evidence="", appeal_decision_note="", updated_at=opened,
                         appeal_upheld=True if status == "appeal_upheld" else None))
    with db.atomic():
        for i in range(0, len(rows), CHUNK):
            ComplaintTicket.insert_many(rows[i:i + CHUNK]).execute()
        for i in range(0, len(excluded), CHUNK):
            Evaluation.update(is_excluded=True).where(Evaluation.id.in_(excluded[i:i + CHUNK])).execute()


def _ticket_fate(rnd):
    """(status, hours until the 回访 or None): most closed and called back within a day."""
    roll = rnd.random()
    if roll < 0.03:
        return "appeal_upheld", 3
    if roll < 0.08:
        return "open", None
    if roll < 0.15:
        return "handled", rnd.choice((2, 50))
    return "closed", rnd.choice((1, 3, 5, 20, 30))


def _inspections(org, count, start, end, rnd):
    from inspectapp.db import db
    from inspectapp.inspections.models import ChecklistTemplate
    from inspectapp.inspections.models import Finding
    from inspectapp.inspections.models import Inspection
    from inspectapp.inspections.models import InspectionMember
    from inspectapp.inspections.models import WindowVisit

    template = ChecklistTemplate.get(ChecklistTemplate.is_current == True)  # noqa: E712
    items = list(template.items)
    days = [start + dt.timedelta(days=d) for d in range((end - start).days + 1)]
    days = [d for d in days if d.weekday() < 5]
    per = count // len(days) + 1
    made = 0
    staff_by_window = {s.window_id: s.staff_no for s in org["staff"]}
    with db.atomic():
        for n, day in enumerate(days):
            if made >= count:
                break
            inspection = Inspection.create(hall=org["hall"], date=day, mode="covert", template=template, team_no=1,
                                           status="published", created_by=org["admin"], submitted_by=org["admin"],
                                           published_by=org["admin"], created_at=dt.datetime.combine(day, dt.time(1)))
            InspectionMember.create(inspection=inspection, user=org["inspectors"][n % 4])
            visited = rnd.sample(org["windows"], 30)
            WindowVisit.insert_many([dict(inspection=inspection, window=w, unit=w.unit_id, created_by=org["admin"])
                                     for w in visited]).execute()
            rows = []
            for k in range(min(per, count - made)):
                window, item = rnd.choice(visited), rnd.choice(items)
                at = dt.datetime.combine(day, dt.time(1)) + dt.timedelta(minutes=rnd.randrange(480))
                staff_no = staff_by_window.get(window.id, "") if rnd.random() < 0.5 else ""
                rows.append(dict(inspection=inspection, client_id=f"bench-{n}-{k}", item=item, window=window,
                                 unit=window.unit_id, staff_no=staff_no, severity=item.severity,
                                 deduction=item.deduction, note="", sentence_auto=True, recorded_at=at, received_at=at,
                                 updated_at=at, created_by=org["inspectors"][n % 4], status="active",
                                 sentence=f"{window.number}窗口 {item.problem}"))
            Finding.insert_many(rows).execute()
            made += len(rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="SQLite file to create")
    parser.add_argument("--ratings", type=int, default=1_000_000)
    args = parser.parse_args()
    from _common import app_on

    app = app_on(f"sqlite:///{args.db}")
    with app.app_context():
        generate(args.ratings)


if __name__ == "__main__":
    main()
