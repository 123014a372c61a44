"""Review: the inspection's status transitions (submit, return, publish) and the admin's edits of
single findings (edit, drop, restore), each audited."""


from inspectapp.audit import services as audit
from inspectapp.audit.models import AuditLog
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.db import db
from inspectapp.inspections import rollup
from inspectapp.inspections.errors import Conflict
from inspectapp.inspections.models import DropKind
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import Severity
from inspectapp.inspections.models import Status

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


def _save_review(finding, event, actor, ip, detail, **changes):
    """An admin's review change to one finding: set the fields, stamp the review, save and audit it
    in one transaction."""
    with db.atomic():
        for name, value in changes.items():
            setattr(finding, name, value)
        finding.reviewed_at = finding.updated_at = now()
        finding.save()
        audit.record(event, actor=actor, target=finding, ip=ip, detail=detail)
    return finding


def edit_finding(finding, sentence, severity, actor, ip=""):
    """An admin rewords a finding or changes its severity before publication; logged with before/after."""
    _check_reviewable(finding)
    if severity not in Severity.ALL:
        raise DomainError("严重程度无效", field="severity")
    sentence = sentence.strip()
    if not sentence:
        raise DomainError("问题描述不能为空", field="sentence")
    detail = {"before": {"sentence": finding.sentence, "severity": finding.severity},
              "after": {"sentence": sentence, "severity": severity}}
    return _save_review(finding, "finding.edited", actor, ip, detail,
                        sentence=sentence, severity=severity, sentence_auto=False)


def drop_finding(finding, kind, reason, actor, ip=""):
    """An admin takes a finding out of the result (kept, logged, never shown to the unit)."""
    _check_reviewable(finding)
    if kind not in DropKind.ALL:
        raise DomainError("请选择剔除原因", field="kind")
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写剔除理由", field="reason")
    return _save_review(finding, "finding.dropped", actor, ip, {"kind": kind, "reason": reason},
                        status=FindingStatus.DROPPED, drop_kind=kind, drop_reason=reason)


def finding_history(finding):
    """Review actions on a finding (edits with before/after, drops, restores), oldest first."""
    return (AuditLog.select().where((AuditLog.target_type == "finding") & (AuditLog.target_id == finding.id))
            .order_by(AuditLog.created_at, AuditLog.id))


def restore_finding(finding, actor, ip=""):
    """An admin puts a dropped finding back into the result."""
    _check_reviewable(finding)
    return _save_review(finding, "finding.restored", actor, ip, None,
                        status=FindingStatus.ACTIVE, drop_kind="", drop_reason="")
