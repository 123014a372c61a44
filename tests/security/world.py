"""One small hall with two units, every kind of row, and one user per identity of the
permission table: the world the permission, fuzzing and injection tests run in."""
import datetime as dt
import os
import uuid
from types import SimpleNamespace

from inspectapp.auth.roles import Role
from inspectapp.evaluations import services as evaluations
from inspectapp.evaluations.models import ReasonOption
from inspectapp.inspections import services as inspections
from inspectapp.workcal.models import CalendarDay
from tests.factories import make_hall
from tests.factories import make_staff
from tests.factories import make_unit
from tests.factories import make_user
from tests.factories import make_window
from tests.inspections.factories import jpeg_bytes
from tests.inspections.factories import make_finding
from tests.inspections.factories import make_inspection
from tests.security.world_more import add_rectifications
from tests.security.world_more import add_surveys

#: The identities of the permission table, in the order their requests are made.
IDENTITIES = ("anon", "inspector", "manager", "other_manager", "viewer", "admin")
RULES = evaluations.Rules(hours_grace_minutes=24 * 60, hold_non_workdays=False)


def build_world(app):
    w = SimpleNamespace()
    w.hall = make_hall(name="临江市政务服务中心", opens_at=dt.time(0, 0), closes_at=dt.time(23, 59))
    w.unit_a, w.unit_b = make_unit(short_name="社保"), make_unit(short_name="不动产")
    w.window_a = make_window(hall=w.hall, unit=w.unit_a, number="A12")
    w.window_b = make_window(hall=w.hall, unit=w.unit_b, number="B03")
    w.staff_a = make_staff(window=w.window_a)
    w.admin = make_user(Role.ADMIN)
    w.inspector = make_user(Role.INSPECTOR)
    w.manager = make_user(Role.UNIT_MANAGER, unit=w.unit_a)
    w.other_manager = make_user(Role.UNIT_MANAGER, unit=w.unit_b)
    w.viewer = make_user(Role.VIEWER)
    w.victim = make_user(Role.INSPECTOR)
    w.evaluation, _ = evaluations.submit(w.window_a, evaluations.Submission(
        idempotency_key=uuid.uuid4().hex, level=1, reason_codes=["115"], phone="13800138000", phone_consent=True,
        device_id="world-phone"), RULES)
    w.ticket = w.evaluation.tickets.get()
    w.held, _ = evaluations.submit(w.window_a, evaluations.Submission(  # the same phone again: held
        idempotency_key=uuid.uuid4().hex, level=4, device_id="world-phone"), RULES)
    w.reason = ReasonOption.get(ReasonOption.code == "115")
    root = os.path.join(app.instance_path, "uploads")
    w.inspection = make_inspection(hall=w.hall, members=[w.inspector], admin=w.admin)
    w.finding = make_finding(w.inspection, "B1", window=w.window_a, actor=w.inspector)
    w.evidence, _ = inspections.add_evidence(w.finding, jpeg_bytes(), uuid.uuid4().hex, w.inspector, root)
    inspections.transition(w.inspection, "submit", w.inspector)
    inspections.transition(w.inspection, "publish", w.admin)
    w.draft = make_inspection(hall=w.hall, members=[w.inspector], admin=w.admin)
    w.draft_finding = make_finding(w.draft, "A3", window=w.window_a, actor=w.inspector)
    w.template = w.inspection.template
    w.item = w.template.items.first()
    w.day = CalendarDay.create(day=dt.date(2031, 1, 2) + dt.timedelta(days=CalendarDay.select().count()),
                               is_workday=False, name="测试假日")
    add_rectifications(app, w, root)
    add_surveys(w)
    return w
