"""A small hall in October–December 2025 whose statistics were computed by hand (see
test_statistics.py for the answers). Ratings, tickets and inspections go through the real services.

Hall 临江市政务服务中心, open all day. Units 人社局 (社保, U1) and 医保局 (医保, U2).
Windows: A01 and A02 (U1), A03 (U1 until 15 Nov, then U2), B01 (U2, never rated), B09 (inactive).
"""
import datetime as dt
import itertools
from types import SimpleNamespace

import pytest

from inspectapp import create_app
from inspectapp.auth.roles import Role
from inspectapp.complaints import services as complaints
from inspectapp.db import db
from inspectapp.evaluations import services as evaluations
from inspectapp.evaluations.services import Rules
from inspectapp.evaluations.services import Submission
from inspectapp.inspections import services as inspections
from inspectapp.models import init_db
from tests.factories import make_hall
from tests.factories import make_staff
from tests.factories import make_unit
from tests.factories import make_user
from tests.factories import make_window
from tests.inspections.factories import make_finding
from tests.inspections.factories import make_inspection

CST = dt.timezone(dt.timedelta(hours=8))
RULES = Rules(hold_non_workdays=False)
_keys = itertools.count(1)
LONG_AGO = dt.datetime(2025, 1, 1)


def utc(local):
    return local.replace(tzinfo=CST).astimezone(dt.UTC).replace(tzinfo=None)


def rate(window, level, at, device=None, codes=None):
    """A rating at local time `at`; a repeated `device` within 10 minutes is held (cool-down)."""
    codes = codes or {1: ["115"], 2: ["207"]}.get(level, [])
    sub = Submission(idempotency_key=f"report-test-{next(_keys):06d}", level=level, reason_codes=codes,
                     device_id=device or f"dev-{next(_keys)}", ip="198.51.100.7")
    evaluation, _ = evaluations.submit(window, sub, RULES, at=utc(at))
    return evaluation


def ticket_of(evaluation):
    return evaluation.tickets.get()


def call_back(ticket, actor, at):
    return complaints.record_callback(ticket, actor, at, "reached", "已电话回访")


def publish(inspection, admin):
    inspections.transition(inspection, "submit", inspection.members().first())
    inspections.transition(inspection, "publish", admin)
    return inspection


def build_scenario():
    hall = make_hall(code="LJZX", name="临江市政务服务中心", opens_at=dt.time(0, 0), closes_at=dt.time(23, 59),
                     created_at=LONG_AGO)
    u1 = make_unit(code="RSJ", name="临江市人力资源和社会保障局", short_name="社保", created_at=LONG_AGO)
    u2 = make_unit(code="YBJ", name="临江市医疗保障局", short_name="医保", created_at=LONG_AGO)
    w = {n: make_window(hall=hall, unit=u, number=n, created_at=LONG_AGO)
         for n, u in (("A01", u1), ("A02", u1), ("A03", u1), ("B01", u2), ("B09", u2))}
    w["B09"].is_active = False
    w["B09"].save()
    staff = [make_staff(window=w["A01"], name="王晓丽", staff_no="RSJ001"),
             make_staff(window=w["A03"], name="陈建国", staff_no="RSJ003")]
    admin = make_user(Role.ADMIN, username="du-cha-zhou", display_name="周督查")
    team = [make_user(Role.INSPECTOR, username="an-fang-zhang", display_name="张秘访"),
            make_user(Role.INSPECTOR, username="an-fang-li", display_name="李秘访")]
    s = SimpleNamespace(hall=hall, u1=u1, u2=u2, w=w, staff=staff, admin=admin, team=team)
    _october(s)
    _november_ratings(s)
    _november_inspections(s)
    _december(s)
    return s


def _october(s):
    a01 = s.w["A01"]
    rate(a01, 1, dt.datetime(2025, 10, 15, 10, 0))  # a 差评 in October, never handled
    rate(a01, 5, dt.datetime(2025, 10, 31, 23, 50))  # just before 1 November (local time)


def _november_ratings(s):
    a01, a02, a03 = s.w["A01"], s.w["A02"], s.w["A03"]
    rate(a01, 5, dt.datetime(2025, 11, 1, 0, 5))  # just after midnight: November
    rate(a01, 5, dt.datetime(2025, 11, 3, 9, 0))
    rate(a01, 4, dt.datetime(2025, 11, 3, 9, 30))
    rate(a01, 3, dt.datetime(2025, 11, 3, 11, 0))
    upheld = ticket_of(rate(a01, 1, dt.datetime(2025, 11, 3, 15, 0)))
    call_back(upheld, s.admin, dt.datetime(2025, 11, 3, 16, 0))
    complaints.appeal(upheld, unit_manager_of(upheld), "评价人未在本窗口办事", "监控记录")
    complaints.decide_appeal(upheld, s.admin, True, "申诉成立")
    explained = ticket_of(rate(a01, 2, dt.datetime(2025, 11, 6, 10, 0)))
    call_back(explained, s.admin, dt.datetime(2025, 11, 6, 15, 0))
    complaints.record_outcome(explained, s.admin, "explain", "已解释政策")
    complaints.give_feedback(explained, s.admin, "已反馈", "satisfied")
    complaints.close(explained, s.admin)

    rate(a02, 5, dt.datetime(2025, 11, 4, 9, 0), device="phone-x")
    rate(a02, 5, dt.datetime(2025, 11, 4, 9, 5), device="phone-x")  # held (cool-down), stays held
    late = ticket_of(rate(a02, 2, dt.datetime(2025, 11, 4, 10, 0)))
    call_back(late, s.admin, dt.datetime(2025, 11, 12, 10, 0))  # a week late
    complaints.record_outcome(late, s.admin, "fix_now", "当场整改")
    rate(a02, 4, dt.datetime(2025, 11, 7, 9, 0), device="phone-y")
    rejected = rate(a02, 1, dt.datetime(2025, 11, 7, 9, 3), device="phone-y")  # held, then rejected
    evaluations.reject(rejected, s.admin, "同一设备重复评价")

    rate(a03, 5, dt.datetime(2025, 11, 5, 10, 0))  # under 社保
    a03.unit = s.u2  # A03 moves to 医保 on 15 November
    a03.save()
    rate(a03, 4, dt.datetime(2025, 11, 20, 10, 0))
    rate(a03, 1, dt.datetime(2025, 11, 24, 10, 0))  # ticket never handled

    rate(s.w["A01"], 1, dt.datetime(2025, 12, 1, 0, 10))  # just after midnight: December


def _november_inspections(s):
    a01, a02, a03 = s.w["A01"], s.w["A02"], s.w["A03"]
    a03.unit = s.u1  # the first inspection happened while A03 was still 社保's
    a03.save()
    first = make_inspection(hall=s.hall, members=s.team, admin=s.admin, date=dt.date(2025, 11, 10), team_no=1)
    make_finding(first, "B1", a01, staff_no="RSJ001")
    make_finding(first, "C1", a01)
    make_finding(first, "D4", a03, staff_no="RSJ003")
    make_finding(first, "G1", None)
    inspections.mark_window_checked(first, a02.id, s.team[0])
    publish(first, s.admin)
    a03.unit = s.u2
    a03.save()
    second = make_inspection(hall=s.hall, members=s.team, admin=s.admin, date=dt.date(2025, 11, 20), team_no=1)
    make_finding(second, "A3", a03)
    inspections.mark_window_checked(second, a01.id, s.team[0])
    publish(second, s.admin)
    unpublished = make_inspection(hall=s.hall, members=s.team, admin=s.admin, date=dt.date(2025, 11, 25), team_no=2)
    make_finding(unpublished, "E1", a02)
    s.inspections = [first, second, unpublished]


def _december(s):
    for day in (2, 3, 4, 5, 8):
        rate(s.w["A02"], 1, dt.datetime(2025, 12, day, 10, 0))


@pytest.fixture
def scenario(app):
    """The scenario on the test's own fresh database (for tests that change data)."""
    return build_scenario()


@pytest.fixture(scope="module")
def shared_scenario(tmp_path_factory):
    """The scenario built once per test module, for tests that only read it."""
    from tests.conftest import PG_URL
    from tests.conftest import _reset_postgres
    from tests.conftest import base_config

    tmp = tmp_path_factory.mktemp("scenario")
    app = create_app(base_config(tmp))
    app.instance_path = str(tmp / "instance")
    with app.app_context():
        if PG_URL:
            _reset_postgres()
        init_db()
        db.connect(reuse_if_open=True)
        s = build_scenario()
        s.app = app
        yield s
        if not db.is_closed():
            db.close()


@pytest.fixture(scope="module")
def shared_issued(shared_scenario):
    """One bulletin issued once for the tests that only read it (a module uses either the shared
    fixtures or the per-test `app`: both point the one database proxy at their own database)."""
    from tests.reports.bulletin_helpers import issue_first
    from tests.reports.bulletin_helpers import login

    s = shared_scenario
    s.client = s.app.test_client()
    login(s.client, s.admin)
    return issue_first(s, s.client)


def unit_manager_of(ticket):
    """Only the ticket's unit appeals (its manager); an admin then decides."""
    return make_user(Role.UNIT_MANAGER, unit=ticket.unit)
