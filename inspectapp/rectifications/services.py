"""Rectification steps: issue (签发, numbered), acknowledge (签收), the unit's report and its evidence,
verify (复查销号, with a numbered 复查意见) or return, deadline extensions.

Plain functions with an explicit actor; every step goes through the workflow core (one event row per
step) and writes in one transaction. Deadlines count working days on the shared calendar.
"""
import datetime as dt
import logging
from dataclasses import dataclass

from inspectapp.audit import services as audit
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import local_today
from inspectapp.common.timeutil import now
from inspectapp.common.timeutil import to_local
from inspectapp.complaints import services as complaints
from inspectapp.db import db
from inspectapp.i18n import N_
from inspectapp.inspections import evidence as files
from inspectapp.officialdoc.numbers import issue_number
from inspectapp.rectifications.models import CaseItem
from inspectapp.rectifications.models import CaseStatus
from inspectapp.rectifications.models import RectificationCase
from inspectapp.rectifications.models import RectificationEvent
from inspectapp.rectifications.models import ReportEvidence
from inspectapp.rectifications.workflow import WORKFLOW
from inspectapp.rectifications.workflow import Action
from inspectapp.workcal import services as workcal
from inspectapp.workcal.signals import Recount

log = logging.getLogger(__name__)

SERIES_NOTICE = "rectification"
SERIES_REVIEW = "review"
MAX_EXTENSION_DAYS = 30


def _touch(case):
    case.updated_at = now()


def _required(text, message, field):
    text = (text or "").strip()
    if not text:
        raise DomainError(message, field=field)
    return text


# ---------------------------------------------------------------- 签发

def issue(case, actor, issuer, today=None, ip=""):
    """签发: allocate the 发文字号, fix the 成文日期 and the deadline (working days from today)."""
    today = today or local_today()
    deadline = workcal.working_deadline(today, case.deadline_days)

    def change(c):
        number = issue_number(issuer, SERIES_NOTICE, today.year, "rectification_case", c.id, actor)
        c.doc_no, c.issued_on, c.issued_at, c.issued_by = number.text, today, now(), actor
        c.notice_due_on = c.due_on = deadline.due_on
        c.deadline_estimated = deadline.estimated
        _touch(c)

    with db.atomic():
        WORKFLOW.run(case, Action.ISSUE, actor, change=change,
                     data={"due_on": deadline.due_on, "deadline_days": case.deadline_days,
                           "estimated": deadline.estimated})
        audit.record("rectification.issued", actor=actor, target=case, ip=ip,
                     detail={"doc_no": case.doc_no, "unit": case.unit_id})
    log.info("Issued %s to unit %s, due %s", case.doc_no, case.unit_id, case.due_on)
    return case


def issue_drafts(cases, actor, issuer, today=None, ip=""):
    """签发 several drafts in the order given (numbers follow that order); stops at the first refusal."""
    return [issue(case, actor, issuer, today, ip) for case in cases if case.status == CaseStatus.DRAFT]


# ---------------------------------------------------------------- 签收

def acknowledge(case, actor, signer=""):
    """签收 by the unit (签收人 defaults to the manager's name) or recorded by an admin from the paper 回执."""
    signer = (signer or "").strip() or (actor.display_name if actor.unit_id == case.unit_id else "")
    if not signer:
        raise DomainError(N_("请填写回执上的签收人姓名"), field="signer")

    def change(c):
        c.acknowledged_at, c.acknowledged_by, c.ack_signer = now(), actor, signer[:50]
        _touch(c)

    return WORKFLOW.run(case, Action.ACKNOWLEDGE, actor, change=change, data={"signer": signer})


# ---------------------------------------------------------------- 整改报告

@dataclass
class ItemReport:
    cause: str = ""
    measures: str = ""
    responsible: str = ""
    completed_on: dt.date | None = None


def check_can_report(case, actor):
    """The unit may write its report after 签收 and after a return, until it submits."""
    refusal = WORKFLOW.refusal(case, Action.SUBMIT_REPORT, actor)
    if refusal:
        raise DomainError(refusal)


def save_report(case, actor, reports, summary="", contact=""):
    """Keep what the unit typed ({item id: ItemReport}); nothing is checked for completeness yet."""
    check_can_report(case, actor)
    items = {item.id: item for item in case.items_in_order()}
    with db.atomic():
        for item_id, report in reports.items():
            item = items.get(item_id)
            if item is None:
                continue
            item.cause, item.measures = report.cause.strip(), report.measures.strip()
            item.responsible, item.completed_on = report.responsible.strip()[:100], report.completed_on
            item.save(only=item.dirty_fields)
        case.report_summary, case.report_contact = (summary or "").strip(), (contact or "").strip()[:100]
        case.report_saved_at = now()
        _touch(case)
        case.save(only=case.dirty_fields)
    return case


def _report_problem(case, item, today):
    """The first thing missing or wrong in one item's report, as (message, field), or None."""
    for name, message in (("cause", N_("请填写问题原因")), ("measures", N_("请填写整改措施")),
                          ("responsible", N_("请填写责任人"))):
        if not getattr(item, name).strip():
            return message, f"{name}_{item.id}"
    if item.completed_on is None:
        return N_("请填写完成时间"), f"completed_on_{item.id}"
    if item.completed_on > today:
        return N_("完成时间不能晚于今天，尚未完成的请完成后再报送"), f"completed_on_{item.id}"
    if item.completed_on < to_local(item.observed_at).date():
        return N_("完成时间不能早于发现问题的日期"), f"completed_on_{item.id}"
    return None


def report_evidence(case, round_=None):
    """The current round's evidence files (not withdrawn), oldest first."""
    return (ReportEvidence.select().join(CaseItem)
            .where((CaseItem.case == case) & ReportEvidence.withdrawn_at.is_null()
                   & (ReportEvidence.report_round == (round_ or case.report_round))))


def submit_report(case, actor, today=None, at=None):
    """提交整改报告: every item complete and at least one evidence file; the report is kept in the event.

    `today` and `at` (UTC) default to the clock; imports and tests pass the day it happened."""
    today = today or local_today()
    check_can_report(case, actor)
    items = list(case.items_in_order())
    for item in items:
        problem = _report_problem(case, item, today)
        if problem:
            raise DomainError(problem[0], field=problem[1])
    evidence = list(report_evidence(case))
    if not evidence:
        raise DomainError(N_("请至少上传一份佐证材料（整改后的照片、培训或制度文件的照片等）"), field="evidence")
    snapshot = {"round": case.report_round, "summary": case.report_summary, "contact": case.report_contact,
                "items": [{"item": i.id, "cause": i.cause, "measures": i.measures, "responsible": i.responsible,
                           "completed_on": i.completed_on} for i in items],
                "evidence": [e.id for e in evidence]}

    def change(c):
        c.reported_at = at or now()
        _touch(c)

    return WORKFLOW.run(case, Action.SUBMIT_REPORT, actor, change=change, data=snapshot, at=at)


def add_evidence(item, data, actor, root, limits=files.Limits(), filename=""):
    """Store a photo or audio file of an item's report, checked by the same checker as inspection
    evidence. The same file twice for the same item is stored once. Returns (evidence, created)."""
    case = item.case
    check_can_report(case, actor)
    checked = files.check_upload(data, limits)
    digest = files.sha256_of(data)
    existing = (ReportEvidence.select().where((ReportEvidence.item == item) & (ReportEvidence.sha256 == digest)
                                              & ReportEvidence.withdrawn_at.is_null()
                                              & (ReportEvidence.report_round == case.report_round)).first())
    if existing is not None:
        return existing, False
    stored = files.store(root, f"rectification/{case.id}", data, checked, limits)
    try:
        with db.atomic():
            row = ReportEvidence.create(
                item=item, report_round=case.report_round, kind=checked.kind, mime=checked.mime,
                stored_name=stored.stored_name, public_name=stored.public_name, thumb_name=stored.thumb_name,
                sha256=stored.sha256, size=stored.size, width=checked.width, height=checked.height,
                had_location=stored.had_location, original_filename=(filename or "")[:200], uploaded_by=actor)
    except Exception:
        files.remove(root, [stored.stored_name, stored.public_name, stored.thumb_name])
        raise
    return row, True


def withdraw_evidence(evidence, actor):
    """The unit takes back a file before submitting (kept on disk and in the database)."""
    check_can_report(evidence.item.case, actor)
    if evidence.report_round != evidence.item.case.report_round:
        raise DomainError(N_("已报送的佐证材料不能撤回"))
    evidence.withdrawn_at = now()
    evidence.save(only=evidence.dirty_fields)
    return evidence


# ---------------------------------------------------------------- 复查

def verify(case, actor, issuer, opinion, today=None, ip="", feedback_days=2):
    """复查销号 with a 复查意见 (numbered in its own series). A 差评 ticket waiting on the case moves on,
    with at least `feedback_days` working days to give its feedback and close."""
    opinion = _required(opinion, N_("请填写复查意见"), "opinion")
    today = today or local_today()

    def change(c):
        number = issue_number(issuer, SERIES_REVIEW, today.year, "rectification_review", c.id, actor)
        c.verified_at, c.verified_by, c.review_opinion, c.review_doc_no = now(), actor, opinion, number.text
        _touch(c)

    with db.atomic():
        WORKFLOW.run(case, Action.VERIFY, actor, note=opinion, change=change)
        if case.ticket_id:
            complaints.resume_after_rectification(case.ticket, actor, case.doc_no, today, feedback_days)
        audit.record("rectification.verified", actor=actor, target=case, ip=ip,
                     detail={"doc_no": case.doc_no, "review_doc_no": case.review_doc_no})
    return case


def return_case(case, actor, reason, extend_days=0, today=None):
    """退回重新整改 with reasons; optionally extend the deadline in the same breath (its own event)."""
    reason = _required(reason, N_("请填写退回理由，说明哪些问题整改不到位"), "reason")

    def change(c):
        c.return_reason = reason
        c.report_round += 1
        _touch(c)

    with db.atomic():
        WORKFLOW.run(case, Action.RETURN, actor, note=reason, change=change)
        if extend_days:
            extend(case, actor, extend_days, N_("退回重新整改，延长整改期限"), today)
    return case


def extend(case, actor, days, reason, today=None):
    """延长整改期限 by `days` working days from the current deadline (or from today if it passed)."""
    refusal = WORKFLOW.refusal(case, Action.EXTEND, actor)
    if refusal:
        raise DomainError(refusal)
    if not days or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise DomainError(N_("延长的期限须为1至30个工作日"), field="days")
    reason = _required(reason, N_("请填写延期理由"), "reason")
    start = max(case.due_on, today or local_today())
    deadline = workcal.working_deadline(start, days)
    old = case.due_on

    def change(c):
        c.due_on, c.deadline_estimated = deadline.due_on, deadline.estimated
        _touch(c)

    return WORKFLOW.run(case, Action.EXTEND, actor, note=reason, change=change,
                        data={"old_due_on": old, "due_on": deadline.due_on, "days": days})


# ---------------------------------------------------------------- calendar

def refresh_estimated_deadlines(actor=None):
    """Recount deadlines counted with the Monday–Friday fallback (the calendar changed).

    The current deadline moves; the date printed in the notice (`notice_due_on`) stays what the unit
    was told. A deadline an admin set by extending is kept."""
    changed = 0
    extended = RectificationEvent.select(RectificationEvent.case).where(RectificationEvent.action == Action.EXTEND)
    query = RectificationCase.select().where(RectificationCase.deadline_estimated
                                             & RectificationCase.status.in_(CaseStatus.OPEN)
                                             & RectificationCase.id.not_in(extended))
    for case in query:
        deadline = workcal.working_deadline(case.issued_on, case.deadline_days)
        if (deadline.due_on, deadline.estimated) == (case.due_on, case.deadline_estimated):
            continue
        with db.atomic():
            old = case.due_on
            case.due_on, case.deadline_estimated = deadline.due_on, deadline.estimated
            case.save(only=case.dirty_fields)
            WORKFLOW.record_event(case, Action.DEADLINE_REFRESH, actor, case.status, case.status,
                                  data={"old_due_on": old, "due_on": deadline.due_on, "estimated": deadline.estimated})
        changed += 1
    return changed


def on_calendar_changed(sender, actor=None, years=()):
    """Receiver of workcal.signals.calendar_changed (connected in create_app)."""
    return Recount(N_("整改通知"), refresh_estimated_deadlines(actor))
