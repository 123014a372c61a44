"""Inspection rules: planning, recording findings and evidence idempotently, review, scores.

Plain functions with an explicit `actor`; no Flask request state. Every write that touches more
than one row runs in `db.atomic()`. A retried upload (same client id) returns the row it created
the first time instead of creating a second one.
"""
import datetime as dt
import logging
from dataclasses import dataclass
from dataclasses import field

from peewee import JOIN
from peewee import IntegrityError

from inspectapp.audit import services as audit
from inspectapp.audit.models import AuditLog
from inspectapp.auth.models import User
from inspectapp.auth.roles import Role
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.common.timeutil import to_local
from inspectapp.db import db
from inspectapp.inspections import evidence as files
from inspectapp.inspections import rollup
from inspectapp.inspections import scoring
from inspectapp.inspections.models import ChecklistItem
from inspectapp.inspections.models import ChecklistTemplate
from inspectapp.inspections.models import DropKind
from inspectapp.inspections.models import Evidence
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import InspectionMember
from inspectapp.inspections.models import Mode
from inspectapp.inspections.models import Severity
from inspectapp.inspections.models import Status
from inspectapp.inspections.models import WindowVisit
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window

log = logging.getLogger(__name__)

#: Phone clocks are trusted for the moment of a finding only within this window into the past.
MAX_CLIENT_AGE = dt.timedelta(days=30)
HALL_AREA = "大厅公共区域"


class Conflict(DomainError):
    """The request is well-formed but the record's state forbids it (HTTP 409)."""


# ---------------------------------------------------------------- planning

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


# ---------------------------------------------------------------- recording findings

def word_finding(pattern, recorded_at, window, staff_no):
    """"10:13，A12窗口（社保）工作人员工作时间玩手机" — the same rule as static/js/inspections.js."""
    local = to_local(recorded_at)
    staff = f"工作人员（工号{staff_no}）" if staff_no else "工作人员"
    return (pattern.replace("{时间}", f"{local.hour}:{local.minute:02d}")
            .replace("{窗口}", window.label if window is not None else HALL_AREA)
            .replace("{工作人员}", staff))


def anchor_client_time(recorded_ms, sent_ms, server_now):
    """When a finding was seen, on the server's clock: the phone's time of the tap, shifted by how far
    the phone's clock was off when it sent the request; never in the future, at most 30 days back."""
    if recorded_ms is None:
        return server_now
    recorded = from_ms(recorded_ms)
    if sent_ms is not None:
        recorded += server_now - from_ms(sent_ms)
    return max(min(recorded, server_now), server_now - MAX_CLIENT_AGE)


def from_ms(ms):
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).replace(tzinfo=None)


def to_ms(value):
    """Naive UTC datetime -> milliseconds since the epoch (JavaScript time)."""
    return int(value.replace(tzinfo=dt.UTC).timestamp() * 1000)


@dataclass
class FindingInput:
    """What the phone (or the server-rendered form) sends for one finding, keyed by its client id."""

    client_id: str
    item_id: int
    window_id: int | None
    rev: int = 1
    staff_no: str = ""
    severity: str | None = None
    note: str = ""
    sentence: str | None = None
    sentence_auto: bool = True
    withdrawn: bool = False
    recorded_at: dt.datetime | None = None


def check_can_record(inspection, actor):
    if not inspection.has_member(actor):
        raise Conflict("您不是该检查组成员")
    if inspection.status == Status.PUBLISHED:
        raise Conflict("检查结果已发布，不能再修改，请联系督查管理员")


def _window_for(inspection, window_id):
    if window_id is None:
        return None
    window = Window.select(Window, Unit).join(Unit).where(
        (Window.id == window_id) & (Window.hall == inspection.hall_id)).first()
    if window is None:
        raise DomainError("窗口不属于本次检查的大厅", field="window")
    return window


def record_finding(inspection, data, actor):
    """Create or update the finding with this client id. Returns (finding, created); the finding is
    None for one withdrawn on the phone before it was ever stored.

    Idempotent: a repeated request (same client id, same or older revision) changes nothing and
    returns the stored row, so retries after a lost response never create a duplicate.
    """
    check_can_record(inspection, actor)
    existing = Finding.get_or_none(Finding.client_id == data.client_id)
    if existing is not None:
        return _update_finding(existing, inspection, data, actor), False
    if data.withdrawn:
        # Taken back on the phone before the server ever saw it: there is nothing to store.
        return None, False
    # Validate (read) before the transaction: on SQLite a read transaction that later writes
    # fails at once with "database is locked" if another upload committed in between.
    values = _new_finding_values(inspection, data)
    try:
        with db.atomic():
            finding = Finding.create(inspection=inspection, created_by=actor, **values)
            if finding.window is not None:
                _visit(inspection, finding.window, actor)
    except IntegrityError:
        # The same client id arrived twice at once: the other request created it.
        existing = Finding.get_or_none(Finding.client_id == data.client_id)
        if existing is None:
            raise
        return _update_finding(existing, inspection, data, actor), False
    log.info("Finding %s recorded in inspection %s", finding.id, inspection.id)
    return finding, True


def _new_finding_values(inspection, data):
    item = ChecklistItem.get_or_none((ChecklistItem.id == data.item_id)
                                     & (ChecklistItem.template == inspection.template_id))
    if item is None:
        raise DomainError("检查项不在本次检查的检查表中", field="item")
    window = _window_for(inspection, data.window_id)
    severity = data.severity or item.severity
    if severity not in Severity.ALL:
        raise DomainError("严重程度无效", field="severity")
    recorded_at, staff_no = data.recorded_at or now(), data.staff_no.strip()
    auto = data.sentence_auto or not (data.sentence or "").strip()
    return dict(client_id=data.client_id, client_rev=data.rev, item=item, window=window,
                unit=window.unit_id if window else None, staff_no=staff_no,
                severity=severity, deduction=item.deduction, note=data.note.strip(), sentence_auto=auto,
                recorded_at=recorded_at, status=FindingStatus.ACTIVE,
                sentence=(word_finding(item.finding_pattern, recorded_at, window, staff_no) if auto
                          else data.sentence.strip()))


def _update_finding(finding, inspection, data, actor):
    if finding.inspection_id != inspection.id or finding.created_by_id != actor.id:
        raise Conflict("此记录编号已被其他记录使用")
    if data.rev <= finding.client_rev:
        return finding
    if finding.reviewed_at is not None:
        raise Conflict("督查管理员已审核此条，不能再修改")
    window = _window_for(inspection, data.window_id)
    severity = data.severity or finding.severity
    if severity not in Severity.ALL:
        raise DomainError("严重程度无效", field="severity")
    finding.window, finding.staff_no, finding.severity = window, data.staff_no.strip(), severity
    finding.unit = window.unit_id if window else None
    finding.note = data.note.strip()
    finding.sentence_auto = data.sentence_auto or not (data.sentence or "").strip()
    finding.sentence = (word_finding(finding.item.finding_pattern, finding.recorded_at, window, finding.staff_no)
                        if finding.sentence_auto else data.sentence.strip())
    finding.status = FindingStatus.WITHDRAWN if data.withdrawn else FindingStatus.ACTIVE
    finding.client_rev, finding.updated_at = data.rev, now()
    with db.atomic():
        finding.save()
        if window is not None:
            _visit(inspection, window, actor)
    return finding


def _visit(inspection, window, actor):
    if WindowVisit.get_or_none((WindowVisit.inspection == inspection) & (WindowVisit.window == window)):
        return
    try:
        with db.atomic():
            WindowVisit.create(inspection=inspection, window=window, unit=window.unit_id, created_by=actor)
    except IntegrityError:
        pass


def mark_window_checked(inspection, window_id, actor):
    """The team checked this window and found nothing (it is scored 100 unless findings follow)."""
    check_can_record(inspection, actor)
    window = _window_for(inspection, window_id)
    if window is None:
        raise DomainError("请选择窗口", field="window")
    _visit(inspection, window, actor)
    return window


def add_evidence(finding, data, client_id, actor, root, limits=files.Limits(), filename="", captured_at=None):
    """Store a photo or audio note of a finding. Returns (evidence, created); idempotent by client id."""
    existing = Evidence.get_or_none(Evidence.client_id == client_id)
    if existing is not None:
        if existing.finding_id != finding.id:
            raise Conflict("此文件编号已被其他记录使用")
        return existing, False
    check_can_record(finding.inspection, actor)
    checked = files.check_upload(data, limits)
    stored = files.store(root, f"evidence/{finding.inspection_id}", data, checked, limits)
    try:
        with db.atomic():
            row = Evidence.create(
                finding=finding, client_id=client_id, kind=checked.kind, mime=checked.mime,
                stored_name=stored.stored_name, public_name=stored.public_name, thumb_name=stored.thumb_name,
                sha256=stored.sha256, size=stored.size, width=checked.width, height=checked.height,
                had_location=stored.had_location, original_filename=(filename or "")[:200],
                captured_at=captured_at, uploaded_by=actor)
    except IntegrityError:
        files.remove(root, [stored.stored_name, stored.public_name, stored.thumb_name])
        existing = Evidence.get_or_none(Evidence.client_id == client_id)
        if existing is None:
            raise
        return existing, False
    log.info("Evidence %s (%s, %s bytes) stored for finding %s", row.id, row.kind, row.size, finding.id)
    return row, True


# ---------------------------------------------------------------- review

#: (status, action) -> new status. Submit: the team; return and publish: an admin.
TRANSITIONS = {
    (Status.DRAFT, "submit"): Status.SUBMITTED,
    (Status.SUBMITTED, "return"): Status.DRAFT,
    (Status.SUBMITTED, "publish"): Status.PUBLISHED,
}


def transition(inspection, action, actor, note="", ip=""):
    new_status = TRANSITIONS.get((inspection.status, action))
    if new_status is None:
        raise Conflict("当前状态不能执行此操作")
    if action == "submit" and not inspection.has_member(actor):
        raise Conflict("只有检查组成员可以提交")
    with db.atomic():
        old = inspection.status
        inspection.status = new_status
        if action == "submit":
            inspection.submitted_at, inspection.submitted_by = now(), actor
        elif action == "publish":
            inspection.published_at, inspection.published_by = now(), actor
        inspection.save()
        if action == "publish":
            rollup.published(inspection)  # a published inspection is frozen: roll it up once
        audit.record(f"inspection.{action}", actor=actor, target=inspection, ip=ip,
                     detail={"from": old, "to": new_status, "note": note})
    return inspection


def _check_reviewable(finding):
    if finding.inspection.status != Status.SUBMITTED:
        raise Conflict("只有待审核的检查可以修改问题")


def edit_finding(finding, sentence, severity, actor, ip=""):
    """An admin rewords a finding or changes its severity before publication; logged with before/after."""
    _check_reviewable(finding)
    if severity not in Severity.ALL:
        raise DomainError("严重程度无效", field="severity")
    sentence = sentence.strip()
    if not sentence:
        raise DomainError("问题描述不能为空", field="sentence")
    before = {"sentence": finding.sentence, "severity": finding.severity}
    with db.atomic():
        finding.sentence, finding.severity, finding.sentence_auto = sentence, severity, False
        finding.reviewed_at = finding.updated_at = now()
        finding.save()
        audit.record("finding.edited", actor=actor, target=finding, ip=ip,
                     detail={"before": before, "after": {"sentence": sentence, "severity": severity}})
    return finding


def drop_finding(finding, kind, reason, actor, ip=""):
    """An admin takes a finding out of the result (kept, logged, never shown to the unit)."""
    _check_reviewable(finding)
    if kind not in DropKind.ALL:
        raise DomainError("请选择剔除原因", field="kind")
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写剔除理由", field="reason")
    with db.atomic():
        finding.status, finding.drop_kind, finding.drop_reason = FindingStatus.DROPPED, kind, reason
        finding.reviewed_at = finding.updated_at = now()
        finding.save()
        audit.record("finding.dropped", actor=actor, target=finding, ip=ip, detail={"kind": kind, "reason": reason})
    return finding


def finding_history(finding):
    """Review actions on a finding (edits with before/after, drops, restores), oldest first."""
    return (AuditLog.select().where((AuditLog.target_type == "finding") & (AuditLog.target_id == finding.id))
            .order_by(AuditLog.created_at, AuditLog.id))


def withdraw_finding(finding, actor):
    """The inspector takes back a mis-tapped finding (server-rendered page); kept, never counted."""
    data = FindingInput(client_id=finding.client_id, item_id=finding.item_id, window_id=finding.window_id,
                        rev=finding.client_rev + 1, staff_no=finding.staff_no, severity=finding.severity,
                        note=finding.note, sentence=finding.sentence, sentence_auto=finding.sentence_auto,
                        withdrawn=True)
    return record_finding(finding.inspection, data, actor)[0]


def restore_finding(finding, actor, ip=""):
    _check_reviewable(finding)
    with db.atomic():
        finding.status, finding.drop_kind, finding.drop_reason = FindingStatus.ACTIVE, "", ""
        finding.reviewed_at = finding.updated_at = now()
        finding.save()
        audit.record("finding.restored", actor=actor, target=finding, ip=ip)
    return finding


# ---------------------------------------------------------------- scores

@dataclass
class ScoreSheet:
    windows: list = field(default_factory=list)  # [(Window, Score)]
    units: list = field(default_factory=list)  # [(Unit, Score)]
    hall_findings: int = 0


def to_result(finding):
    """A finding as a scoring result, or None if it does not count at all."""
    if finding.status == FindingStatus.ACTIVE:
        outcome = scoring.Outcome.FAIL
    elif finding.status == FindingStatus.DROPPED and finding.drop_kind == DropKind.NOT_APPLICABLE:
        outcome = scoring.Outcome.NOT_APPLICABLE
    else:
        return None
    window = finding.window
    return scoring.Result(code=finding.item.code, deduction=finding.deduction, outcome=outcome,
                          is_critical=finding.item.is_critical, window_id=window.id if window else None,
                          unit_id=window.unit_id if window else None)


def score_sheet(inspection, thresholds=scoring.Thresholds(), unit_id=None):
    """Scores per window and per unit of one inspection (a unit manager: only their unit)."""
    findings = (Finding.select(Finding, ChecklistItem, Window).join(ChecklistItem).switch(Finding)
                .join(Window, JOIN.LEFT_OUTER).where(Finding.inspection == inspection))
    results = [r for r in map(to_result, findings) if r is not None]
    visited = list(Window.select(Window, Unit).join(Unit).where(
        Window.id.in_(WindowVisit.select(WindowVisit.window).where(WindowVisit.inspection == inspection))
        | Window.id.in_([r.window_id for r in results if r.window_id])))
    if unit_id is not None:
        visited = [w for w in visited if w.unit_id == unit_id]
        results = [r for r in results if r.unit_id == unit_id]
    by_window = scoring.scores_by(results, "window_id", [w.id for w in visited], thresholds)
    by_unit = scoring.scores_by(results, "unit_id", [w.unit_id for w in visited], thresholds)
    units = {w.unit_id: w.unit for w in visited}
    return ScoreSheet(
        windows=[(w, by_window[w.id]) for w in sorted(visited, key=lambda w: w.number)],
        units=[(units[uid], by_unit[uid]) for uid in sorted(by_unit, key=lambda uid: units[uid].name)],
        hall_findings=sum(1 for r in results if r.window_id is None and r.outcome == scoring.Outcome.FAIL),
    )
