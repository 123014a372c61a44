"""Demo rectification cases for `seed-demo`, through the real services: a case in every state (draft,
issued, acknowledged, reported, returned, verified), overdue cases with a 提醒, a 黄牌 and a 红牌, and
two 差评 tickets whose 限期整改 became a case. Steps are then dated to tell a believable story (the
services stamp the seeding moment)."""
import datetime as dt
import io
import os

from flask import current_app
from PIL import Image
from PIL import ImageDraw

from inspectapp.auth.models import User
from inspectapp.common.timeutil import local_today
from inspectapp.common.timeutil import utc_of
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.complaints.models import TicketStatus
from inspectapp.evaluations.demo import stamp_ticket
from inspectapp.inspections import services as inspections
from inspectapp.inspections.models import ChecklistTemplate
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Mode
from inspectapp.inspections.models import Status as InspectionStatus
from inspectapp.inspections.reference import DEFAULT_KEY
from inspectapp.officialdoc.numbers import issuer_from_config
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Window
from inspectapp.rectifications import escalation
from inspectapp.rectifications import opening
from inspectapp.rectifications import services
from inspectapp.rectifications.models import RectificationCase
from inspectapp.rectifications.models import RectificationEvent
from inspectapp.rectifications.services import ItemReport
from inspectapp.workcal import services as workcal

#: An older visit whose notices are long due: (window, item code, local time).
OLD_FINDINGS = [("A03", "B2", "9:20"), ("B03", "E3", "10:05"), ("C05", "D1", "10:40"), ("A07", "A3", "14:10"),
                ("D03", "C1", "15:00")]
#: What each unit's case of the two visits becomes: (visit, unit short name) -> plan.
PLANS = {
    ("recent", "社保"): "issued", ("recent", "不动产"): "reported", ("recent", "公积金"): "acknowledged",
    ("recent", "出入境"): "draft",
    ("old", "社保"): "returned", ("old", "不动产"): "verified", ("old", "税务"): "red",
    ("old", "医保"): "yellow", ("old", "民政"): "reminder",
}
#: Working days overdue today of the cases that show each card.
LATE = {"red": 8, "yellow": 3, "reminder": 1}
REPORT = ItemReport(cause="窗口人员纪律意识淡薄，科室日常督促不到位",
                    measures="已对当事人批评教育，科室全员学习窗口服务规范并签订承诺书",
                    responsible="科室负责人")


def _utc(day, hour, minute=0):
    return utc_of(day, dt.time(hour, minute))


def _local(day, hhmm):
    hour, minute = (int(x) for x in hhmm.split(":"))
    return _utc(day, hour, minute)


def _working_days_back(day, n):
    while n:
        day -= dt.timedelta(days=1)
        if workcal.is_workday(day):
            n -= 1
    return day


def _dated(case, day, hour, events=1, **fields):
    """Date the case's last `events` events (and the given timestamp columns) at `day` `hour`:00 local time."""
    at = _utc(day, hour)
    last = (RectificationEvent.select(RectificationEvent.id).where(RectificationEvent.case == case)
            .order_by(RectificationEvent.id.desc()).limit(events))
    RectificationEvent.update(created_at=at).where(RectificationEvent.id.in_([e.id for e in last])).execute()
    if fields:
        RectificationCase.update(**dict.fromkeys(fields, at)).where(RectificationCase.id == case.id).execute()
    return RectificationCase.get_by_id(case.id)


def _photo(text):
    image = Image.new("RGB", (1200, 900), (214, 228, 238))
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 80, 1120, 820), outline=(60, 90, 120), width=8)
    draw.text((120, 120), text, fill=(30, 40, 50))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _report(case, manager, day):
    root = current_app.config["UPLOAD_FOLDER"] or os.path.join(current_app.instance_path, "uploads")
    items = list(case.items_in_order())
    completed = max(day - dt.timedelta(days=1), case.issued_on)
    services.save_report(case, manager, {i.id: ItemReport(REPORT.cause, REPORT.measures, REPORT.responsible,
                                                          completed) for i in items},
                         summary="每日开门前由科室负责人巡查窗口，纳入月度考核", contact=f"{manager.display_name}")
    services.add_evidence(items[0], _photo(f"rectified {case.id}"), manager, root, filename="整改后.jpg")
    services.submit_report(case, manager, today=day)
    return _dated(case, day, 16, reported_at=True)


def _old_visit(admin, team, day):
    template = ChecklistTemplate.get((ChecklistTemplate.key == DEFAULT_KEY) & ChecklistTemplate.is_current)
    hall = Hall.get(Hall.code == "LJZX")
    windows = {w.number: w for w in Window.select().where(Window.hall == hall)}
    items = {i.code: i for i in template.items}
    visit = inspections.save_plan(None, inspections.Plan(hall=hall, date=day, mode=Mode.COVERT, template=template,
                                                         team_no=3, members=team, note="上月回头看"), admin)
    for n, (number, code, hhmm) in enumerate(OLD_FINDINGS):
        data = inspections.FindingInput(client_id=f"demo-old-{visit.id}-{n:03d}", item_id=items[code].id,
                                        window_id=windows[number].id, recorded_at=_local(day, hhmm))
        inspections.record_finding(visit, data, team[n % 2])
    inspections.transition(visit, "submit", team[0])
    inspections.transition(visit, "publish", admin)
    return visit


def _play(case, plan, users, issuer, today):
    admin, manager = users["admin"], User.get_or_none((User.unit == case.unit) & (User.role == "unit_manager"))
    manager = manager or admin
    issued_on = case.inspection.date + dt.timedelta(days=1)
    case = _dated(case, issued_on, 8, created_at=True)  # opened the morning after the visit
    if plan == "draft":
        return case
    if plan in LATE:  # a deadline that passed LATE[plan] working days ago
        case.deadline_days = max(1, workcal.working_days_between(issued_on, _working_days_back(today, LATE[plan])))
        case.save(only=case.dirty_fields)
    services.issue(case, admin, issuer, today=issued_on)
    case = _dated(case, issued_on, 9, issued_at=True)
    if plan == "issued" or plan in LATE:
        return case
    # A unit without an account in the demo sent the paper 回执 back; the admin records it.
    services.acknowledge(case, manager, "" if manager != admin else f"{case.unit.short_name}办公室（纸质回执）")
    case = _dated(case, issued_on, 14, acknowledged_at=True)
    if plan == "acknowledged":
        return case
    case = _report(case, manager, min(today, issued_on + dt.timedelta(days=4)))
    return _review(case, plan, admin, issuer, today)


def _review(case, plan, admin, issuer, today):
    """The admin's verdict on a reported case: returned (with more time) or verified."""
    if plan == "returned":
        returned_on = today - dt.timedelta(days=3)
        # The new deadline lies a few working days ahead: the unit is redoing it, not late.
        days = min(30, workcal.working_days_between(max(case.due_on, returned_on), today) + 4)
        services.return_case(case, admin, "整改措施未落实到人，缺少培训签到表照片，请补充后重新报送", extend_days=days,
                             today=returned_on)
        return _dated(case, returned_on, 11, events=2)
    if plan == "verified":
        verified_on = case.issued_on + dt.timedelta(days=6)
        services.verify(case, admin, issuer, "经现场复查，窗口人员在岗在位，问题已整改到位。", today=verified_on)
        return _dated(case, verified_on, 10, verified_at=True)
    return case


def _ticket_cases(users, issuer, today):
    """差评 tickets whose 限期整改 became a case: one verified (the ticket moves on), one issued."""
    managed = User.select(User.unit).where((User.role == "unit_manager") & User.unit.is_null(False))
    tickets = list(ComplaintTicket.select().where((ComplaintTicket.status == TicketStatus.CALLED_BACK)
                                                  & ComplaintTicket.unit.in_(managed))
                   .order_by(ComplaintTicket.opened_at).limit(2))
    cases = []
    for n, ticket in enumerate(tickets):
        manager = User.get_or_none((User.unit == ticket.unit) & (User.role == "unit_manager")) or users["admin"]
        case = opening.open_from_ticket(ticket, manager, "修订一次性告知单并组织窗口人员培训", 5)
        issued_on = today - dt.timedelta(days=6 - n * 5)
        stamp_ticket(ticket, dt.datetime.combine(issued_on, dt.time(7, 50)))  # the 限期整改 step
        case = _dated(case, issued_on, 8, created_at=True)
        services.issue(case, users["admin"], issuer, today=issued_on)
        case = _dated(case, issued_on, 9, issued_at=True)
        if n == 0:
            services.acknowledge(case, manager)
            case = _report(RectificationCase.get_by_id(case.id), manager, today - dt.timedelta(days=2))
            services.verify(case, users["admin"], issuer, "告知单已修订上墙，经回访群众满意。", today=today)
        cases.append(case)
    return cases


def seed_demo_rectifications(users):
    """Cases in every state; returns how many were created."""
    today = local_today()
    issuer = issuer_from_config(current_app.config)
    team = [users["inspector"], users["inspector2"]]
    recent = (Inspection.select().where(Inspection.status == InspectionStatus.PUBLISHED)
              .order_by(Inspection.date.desc()).first())
    old = _old_visit(users["admin"], team, today - dt.timedelta(days=35))
    for name, visit in (("old", old), ("recent", recent)):  # numbers follow the order of issue
        previews = opening.preview_for_inspection(visit)
        cases = opening.open_from_inspection(visit, [p.unit.id for p in previews], users["admin"], 10)
        for case in cases:
            _play(case, PLANS.get((name, case.unit.short_name), "issued"), users, issuer, today)
    _ticket_cases(users, issuer, today)
    escalation.escalate(today, thresholds=current_app.config["RECTIFICATION_CARD_THRESHOLDS"])
    return RectificationCase.select().count()
