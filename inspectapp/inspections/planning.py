"""Planning a covert inspection: date, mode, checklist, team; which visit a scanned window belongs to.

Plain functions with an explicit `actor`; no Flask request state."""
import datetime as dt
from dataclasses import dataclass

from inspectapp.audit import services as audit
from inspectapp.auth.models import User
from inspectapp.auth.roles import Role
from inspectapp.common.errors import DomainError
from inspectapp.db import db
from inspectapp.inspections.errors import Conflict
from inspectapp.inspections.models import ChecklistTemplate
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import InspectionMember
from inspectapp.inspections.models import Mode
from inspectapp.inspections.models import Status


@dataclass
class Plan:
    hall: object
    date: dt.date
    mode: str
    template: ChecklistTemplate
    team_no: int
    members: list
    note: str = ""


def next_team_no(date):
    taken = Inspection.select(Inspection.team_no).where(Inspection.date == date)
    return max([i.team_no for i in taken], default=0) + 1


def _check_plan(plan, inspection=None):
    if plan.mode not in Mode.ALL:
        raise DomainError("检查方式无效", field="mode")
    if not plan.members:
        raise DomainError("请至少选择一名暗访人员", field="members")
    for user in plan.members:
        if user.role != Role.INSPECTOR or not user.is_active:
            raise DomainError("只能选择在用的暗访人员账号", field="members")
    if not plan.hall.is_active:
        raise DomainError("该大厅已停用", field="hall")
    same_template = inspection is not None and inspection.template_id == plan.template.id
    if not plan.template.is_current and not same_template:
        raise DomainError("请选择检查表的当前版本", field="template")
    if inspection is not None and not same_template and inspection.findings.count():
        raise DomainError("已有问题记录，不能更换检查表", field="template")
    if plan.team_no < 1:
        raise DomainError("检查组编号须为正整数", field="team_no")


def save_plan(inspection, plan, actor, ip=""):
    """Create (inspection None) or change the plan of an inspection that is still in progress."""
    if inspection is not None and inspection.status != Status.DRAFT:
        raise Conflict("已提交的检查不能再修改计划")
    _check_plan(plan, inspection)
    creating = inspection is None
    inspection = inspection or Inspection(created_by=actor)
    with db.atomic():
        for name in ("hall", "date", "mode", "template", "team_no", "note"):
            setattr(inspection, name, getattr(plan, name))
        inspection.save()
        InspectionMember.delete().where(InspectionMember.inspection == inspection).execute()
        for user in plan.members:
            InspectionMember.create(inspection=inspection, user=user)
        audit.record("inspection.planned" if creating else "inspection.plan_changed", actor=actor,
                     target=inspection, ip=ip,
                     detail={"date": plan.date.isoformat(), "hall": plan.hall.id, "mode": plan.mode,
                             "template": plan.template.id, "team_no": plan.team_no,
                             "members": [u.id for u in plan.members]})
    return inspection


def active_inspectors():
    return User.select().where((User.role == Role.INSPECTOR) & (User.is_active == True)).order_by(  # noqa: E712
        User.display_name)


def inspection_for_scan(user, window, today):
    """The user's inspection in progress today in this window's hall, or None."""
    mine = InspectionMember.select(InspectionMember.inspection).where(InspectionMember.user == user)
    return (Inspection.select()
            .where(Inspection.id.in_(mine) & (Inspection.hall == window.hall_id) & (Inspection.date == today)
                   & (Inspection.status == Status.DRAFT))
            .order_by(Inspection.id.desc()).first())
