"""Opening cases: from a published inspection (one draft per unit, after a preview) or from a 差评
ticket whose outcome is 限期整改; editing and cancelling drafts.

A draft carries no number and is invisible to the unit; `services.issue` numbers and sends it.
"""
import logging
from dataclasses import dataclass
from dataclasses import field

from peewee import IntegrityError

from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.complaints import services as complaints
from inspectapp.complaints.models import Outcome
from inspectapp.db import db
from inspectapp.evaluations.models import Level
from inspectapp.evaluations.models import ReasonOption
from inspectapp.i18n import N_
from inspectapp.inspections.models import ChecklistItem
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import Severity
from inspectapp.inspections.models import Status as InspectionStatus
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window
from inspectapp.rectifications.models import CaseItem
from inspectapp.rectifications.models import CaseStatus
from inspectapp.rectifications.models import RectificationCase
from inspectapp.rectifications.models import Source
from inspectapp.rectifications.workflow import WORKFLOW
from inspectapp.rectifications.workflow import Action

log = logging.getLogger(__name__)

MAX_DEADLINE_DAYS = 60

#: 整改要求 prefilled from the checklist item: what it failed ({problem}) and the duty it states ({duty}).
REQUIREMENT_TEMPLATES = {
    Severity.MINOR: "立即纠正“{problem}”问题，对当事工作人员进行提醒教育，督促窗口工作人员做到{duty}。",
    Severity.MODERATE: "立即纠正“{problem}”问题，对当事工作人员进行批评教育，在本单位各窗口开展自查，"
                       "督促窗口工作人员做到{duty}。",
    Severity.SERIOUS: "立即纠正“{problem}”问题，依规依纪处理当事工作人员，对本单位各窗口开展全面排查，"
                      "做到{duty}，建立长效机制并在报告中说明。",
}
COMPLAINT_REQUIREMENT = "针对群众反映的问题逐项核实整改，向评价人反馈整改结果，举一反三防止同类问题再次发生。"


def prefilled_requirement(item, severity):
    duty = item.text.strip().rstrip("。")
    template = REQUIREMENT_TEMPLATES.get(severity, REQUIREMENT_TEMPLATES[Severity.MINOR])
    return template.format(problem=item.problem, duty=f"“{duty}”")


def check_deadline_days(days):
    if days is None or not 1 <= days <= MAX_DEADLINE_DAYS:
        raise DomainError(N_("整改期限须为1至60个工作日"), field="deadline_days")
    return days


# ---------------------------------------------------------------- from an inspection

@dataclass
class UnitPreview:
    """One unit's part of a published inspection: its findings, and the case opened for it (if any)."""

    unit: Unit
    findings: list = field(default_factory=list)
    case: RectificationCase | None = None


def _unit_findings(inspection):
    return (Finding.select(Finding, ChecklistItem, Window)
            .join(ChecklistItem).switch(Finding).join(Window)
            .where((Finding.inspection == inspection) & (Finding.status == FindingStatus.ACTIVE))
            .order_by(Finding.recorded_at, Finding.id))


def preview_for_inspection(inspection):
    """[UnitPreview] of a published inspection's active findings at windows, by unit code.

    Findings in the hall's public area belong to no unit and are not part of any notice."""
    if inspection.status != InspectionStatus.PUBLISHED:
        raise DomainError(N_("检查结果发布后才能生成整改通知"))
    by_unit = {}
    for finding in _unit_findings(inspection):
        unit_id = finding.window.unit_id
        by_unit.setdefault(unit_id, UnitPreview(unit=Unit.get_by_id(unit_id))).findings.append(finding)
    cases = RectificationCase.select().where(RectificationCase.inspection == inspection)
    for case in cases:
        if case.unit_id in by_unit:
            by_unit[case.unit_id].case = case
    return sorted(by_unit.values(), key=lambda p: p.unit.code)


def open_from_inspection(inspection, unit_ids, actor, deadline_days):
    """Open a draft case for each chosen unit that has findings and no case yet. Returns the new cases."""
    check_deadline_days(deadline_days)
    previews = [p for p in preview_for_inspection(inspection) if p.unit.id in set(unit_ids) and p.case is None]
    if not previews:
        raise DomainError(N_("请选择至少一个尚未生成整改通知的单位"), field="units")
    opened = []
    try:
        with db.atomic():
            for preview in previews:
                opened.append(_open_case(inspection, preview, actor, deadline_days))
    except IntegrityError:
        raise DomainError(N_("其他管理员刚刚为同一单位生成了整改通知，请刷新后查看")) from None
    log.info("Opened %s rectification drafts for inspection %s", len(opened), inspection.id)
    return opened


def _open_case(inspection, preview, actor, deadline_days):
    case = RectificationCase.create(
        source=Source.INSPECTION, inspection=inspection, unit=preview.unit, hall=inspection.hall_id,
        deadline_days=deadline_days, created_by=actor)
    for position, finding in enumerate(preview.findings, 1):
        CaseItem.create(case=case, position=position, finding=finding, window=finding.window_id,
                        observed_at=finding.recorded_at, problem=finding.sentence,
                        basis=f"{finding.item.code} {finding.item.problem}", severity=finding.severity,
                        requirement=prefilled_requirement(finding.item, finding.severity))
    WORKFLOW.record_event(case, Action.OPEN, actor, "", CaseStatus.DRAFT,
                          data={"inspection": inspection.id, "findings": [f.id for f in preview.findings]})
    return case


# ---------------------------------------------------------------- from a 差评 ticket

def complaint_problem(ticket):
    """The problem as the notice states it (after the date and time of the rating): which window,
    what the citizen said, what the callback found."""
    evaluation = ticket.evaluation
    reasons = [r.text for r in ReasonOption.select().where(ReasonOption.code.in_(evaluation.codes))]
    text = f"{ticket.window.number}窗口收到群众“{Level.LABELS[evaluation.level]}”评价"
    if reasons:
        text += "，反映" + "、".join(reasons)
    if evaluation.comment:
        text += f"：“{evaluation.comment}”"
    if ticket.callback_note:
        text += f"。经回访核实：{ticket.callback_note}"
    return text.rstrip("。") + "。"


def open_from_ticket(ticket, actor, note, deadline_days, ip=""):
    """限期整改: record the outcome on the ticket and open the draft case it waits on, in one transaction.

    The ticket stays 限期整改中 until the case is verified (services.verify moves it on)."""
    check_deadline_days(deadline_days)
    with db.atomic():
        complaints.record_outcome(ticket, actor, Outcome.FIX_BY_DEADLINE, note, ip=ip, for_case=True)
        case = RectificationCase.create(
            source=Source.COMPLAINT, ticket=ticket, unit=ticket.unit_id, hall=ticket.hall_id,
            deadline_days=deadline_days, created_by=actor)
        CaseItem.create(case=case, position=1, ticket=ticket, window=ticket.window_id,
                        observed_at=ticket.evaluation.submitted_at, problem=complaint_problem(ticket),
                        basis=f"差评工单 #{ticket.id}", requirement=f"{note.strip()}。{COMPLAINT_REQUIREMENT}"
                        .replace("。。", "。"))
        WORKFLOW.record_event(case, Action.OPEN, actor, "", CaseStatus.DRAFT, note=note, data={"ticket": ticket.id})
    return case


# ---------------------------------------------------------------- drafts

def edit_draft(case, actor, deadline_days, general_requirement, requirements):
    """Change a draft's deadline, general requirement and per-item requirements ({item id: text})."""
    if case.status != CaseStatus.DRAFT:
        raise DomainError(N_("整改通知签发后不能再修改，如需调整期限请使用“延长整改期限”"))
    check_deadline_days(deadline_days)
    items = list(case.items_in_order())
    missing = [item for item in items if not (requirements.get(item.id) or "").strip()]
    if missing:
        raise DomainError(N_("每个问题都须填写整改要求"), field=f"requirement_{missing[0].id}")
    with db.atomic():
        for item in items:
            item.requirement = requirements[item.id].strip()
            item.save(only=item.dirty_fields)
        case.deadline_days, case.general_requirement = deadline_days, (general_requirement or "").strip()
        case.updated_at = now()
        case.save(only=case.dirty_fields)
        WORKFLOW.record_event(case, Action.EDIT, actor, case.status, case.status,
                              data={"deadline_days": deadline_days})
    return case


def cancel_draft(case, actor, reason):
    """作废 a draft (no number was used). A ticket waiting on it goes back to choosing an outcome."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(N_("请填写作废理由"), field="reason")
    with db.atomic():
        WORKFLOW.run(case, Action.CANCEL, actor, note=reason)
        if case.ticket_id:
            complaints.reopen_after_cancelled_rectification(case.ticket, actor, reason)
    return case
