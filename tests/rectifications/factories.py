"""Rectification test data through the real services: a published inspection with findings at two
units' windows, cases opened from it, reports completed with a real photo."""
import datetime as dt
from types import SimpleNamespace

from inspectapp.auth.roles import Role
from inspectapp.common.timeutil import LOCAL_TZ
from inspectapp.inspections import services as inspections
from inspectapp.officialdoc.numbers import Issuer
from inspectapp.rectifications import opening
from inspectapp.rectifications import services
from inspectapp.rectifications.services import ItemReport
from tests.factories import make_hall
from tests.factories import make_unit
from tests.factories import make_user
from tests.factories import make_window
from tests.inspections.factories import jpeg_bytes
from tests.inspections.factories import make_finding
from tests.inspections.factories import make_inspection

ISSUER = Issuer(name="临江市政务服务管理办公室", mark="临江市政务服务管理办公室", code="临政服",
                series_codes={"rectification": "临政服改", "review": "临政服复"})
#: Monday 23 Nov 2026: the inspection; the notices are issued the next day.
INSPECTED_ON = dt.date(2026, 11, 23)
ISSUED_ON = dt.date(2026, 11, 24)


def utc(day, hour, minute):
    local = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL_TZ)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def make_world(day=INSPECTED_ON):
    """A hall, two units (社保 with two findings, 不动产 with one), their managers, an admin, a viewer
    and a published inspection by a team of two named inspectors."""
    hall = make_hall(name="临江市政务服务中心")
    social = make_unit(short_name="社保", name="临江市人力资源和社会保障局")
    estate = make_unit(short_name="不动产", name="临江市不动产登记中心")
    team = [make_user(Role.INSPECTOR, username="anfang-zhang", display_name="张秘访"),
            make_user(Role.INSPECTOR, username="anfang-li", display_name="李秘访")]
    admin = make_user(Role.ADMIN, display_name="周督查")
    a12 = make_window(hall=hall, unit=social, number="A12")
    b03 = make_window(hall=hall, unit=estate, number="B03")
    inspection = make_inspection(hall=hall, members=team, admin=admin, team_no=2, date=day)
    findings = [
        make_finding(inspection, "B1", a12, staff_no="RSJ001", recorded_at=utc(day, 10, 13), note="刷短视频"),
        make_finding(inspection, "D3", a12, recorded_at=utc(day, 10, 40)),
        make_finding(inspection, "A3", b03, recorded_at=utc(day, 11, 5)),
    ]
    inspections.transition(inspection, "submit", team[0])
    inspections.transition(inspection, "publish", admin)
    return SimpleNamespace(
        hall=hall, social=social, estate=estate, team=team, admin=admin, a12=a12, b03=b03, inspection=inspection,
        findings=findings, viewer=make_user(Role.VIEWER, display_name="分管领导"),
        manager=make_user(Role.UNIT_MANAGER, unit=social, display_name="社保王科长"),
        estate_manager=make_user(Role.UNIT_MANAGER, unit=estate, display_name="不动产刘主任"))


def published_inspection_of(world, n_units, code="B2"):
    """Another published inspection of the world's hall with one finding at each of n new units."""
    units = [make_unit() for _ in range(n_units)]
    inspection = make_inspection(hall=world.hall, members=world.team, admin=world.admin, date=INSPECTED_ON)
    for n, unit in enumerate(units):
        make_finding(inspection, code, make_window(hall=world.hall, unit=unit), recorded_at=utc(INSPECTED_ON, 14, n))
    inspections.transition(inspection, "submit", world.team[0])
    inspections.transition(inspection, "publish", world.admin)
    return inspection, units


def open_cases(world, days=10):
    """Drafts for both units, social first."""
    cases = opening.open_from_inspection(world.inspection, [world.social.id, world.estate.id], world.admin, days)
    return sorted(cases, key=lambda c: c.unit_id != world.social.id)


def issued_case(world, today=ISSUED_ON):
    case = open_cases(world)[0]
    return services.issue(case, world.admin, ISSUER, today=today)


def complete_report(case, manager, root, today=None, photo=None):
    """Fill every item, attach one photo, submit."""
    today = today or case.issued_on + dt.timedelta(days=2)
    items = list(case.items_in_order())
    reports = {item.id: ItemReport(cause="制度执行不严", measures="已批评教育并组织全员培训",
                                   responsible="王科长", completed_on=today) for item in items}
    services.save_report(case, manager, reports, summary="举一反三，建立每日巡查制度", contact="王科长 0571-1234")
    services.add_evidence(items[0], photo or jpeg_bytes(), manager, str(root), filename="after.jpg")
    return services.submit_report(case, manager, today=today, at=utc(today, 16, 0))
