"""Demo inspections for `seed-demo`: one published last week with findings and scores, and one in
progress today for the demo inspector (so the phone checklist can be tried at once)."""
import datetime as dt

from inspectapp.audit.models import AuditLog
from inspectapp.auth.models import User
from inspectapp.common.timeutil import local_today
from inspectapp.common.timeutil import utc_of
from inspectapp.inspections import services
from inspectapp.inspections.models import ChecklistTemplate
from inspectapp.inspections.models import Evidence
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Mode
from inspectapp.inspections.reference import DEFAULT_KEY
from inspectapp.inspections.reference import load_default_template
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Window
from inspectapp.workcal import services as workcal

#: (window, item code, 工号, local time, note) of last week's visit.
PAST_FINDINGS = [
    ("A01", "B1", "RSJ001", "9:42", "低头刷短视频约5分钟，窗口前有群众等候"),
    ("A01", "C1", "RSJ001", "9:44", ""),
    ("B02", "D3", "", "10:13", "群众询问材料时答“墙上有，自己看”"),
    ("C03", "A3", "", "10:31", "窗口无人约20分钟，未放暂离牌"),
    ("D01", "E2", "", "11:05", "未告知需补充的材料，群众被要求下次再来"),
    ("B04", "G4", "", "11:20", ""),
]
CLEAN_WINDOWS = ["A02", "A06", "B01", "C01", "C04", "D03"]


def _at(day, hhmm):
    hour, minute = (int(x) for x in hhmm.split(":"))
    return utc_of(day, dt.time(hour, minute))


def seed_demo_inspections():
    load_default_template()
    template = ChecklistTemplate.get((ChecklistTemplate.key == DEFAULT_KEY) & ChecklistTemplate.is_current)
    admin = User.get(User.username == "admin")
    team = [User.get(User.username == "inspector"), User.get(User.username == "inspector2")]
    hall = Hall.get(Hall.code == "LJZX")
    windows = {w.number: w for w in Window.select().where(Window.hall == hall)}
    items = {i.code: i for i in template.items}
    day = local_today() - dt.timedelta(days=7)
    past = services.save_plan(None, services.Plan(hall=hall, date=day, mode=Mode.COVERT, template=template, team_no=1,
                                                  members=team, note="一楼、二楼全部窗口"), admin)
    for n, (number, code, staff_no, hhmm, note) in enumerate(PAST_FINDINGS):
        data = services.FindingInput(client_id=f"demo-{past.id}-{n:03d}", item_id=items[code].id,
                                     window_id=windows[number].id, staff_no=staff_no, note=note,
                                     recorded_at=_at(day, hhmm))
        services.record_finding(past, data, team[n % 2])
    for number in CLEAN_WINDOWS:
        services.mark_window_checked(past, windows[number].id, team[0])
    services.transition(past, "submit", team[0])
    services.transition(past, "publish", admin)
    _date_history(past, day)
    services.save_plan(None, services.Plan(hall=hall, date=local_today(), mode=Mode.COVERT, template=template,
                                           team_no=2, members=team[:1]), admin)


def _date_history(inspection, day):
    """Give the seeded visit the times it would really have: each finding reaches the server a
    minute or two after it was noted (one from a phone that was offline, after the team had
    submitted: a genuinely late upload), submitted before noon, published next working day."""
    submitted, published = _at(day, "11:42"), _at(_next_workday(day), "09:26")
    findings = list(Finding.select().where(Finding.inspection == inspection).order_by(Finding.recorded_at))
    for n, finding in enumerate(findings):
        received = submitted + dt.timedelta(minutes=38) if n == 1 else finding.recorded_at + dt.timedelta(minutes=2)
        Finding.update(received_at=received).where(Finding.id == finding.id).execute()
        Evidence.update(received_at=received).where(Evidence.finding == finding.id).execute()
    planned = _at(day, "08:05") - dt.timedelta(days=3)
    Inspection.update(submitted_at=submitted, published_at=published, created_at=planned).where(
        Inspection.id == inspection.id).execute()
    for action, at in (("inspection.planned", planned), ("inspection.submit", submitted),
                       ("inspection.publish", published)):
        AuditLog.update(created_at=at).where((AuditLog.action == action) & (AuditLog.target_type == "inspection")
                                             & (AuditLog.target_id == inspection.id)).execute()


def _next_workday(day):
    day += dt.timedelta(days=1)
    while not workcal.is_workday(day):
        day += dt.timedelta(days=1)
    return day
