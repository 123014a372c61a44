"""Storing citizen ratings: validation, idempotency, cool-down, holding suspicious ratings, review.

Nothing a citizen submits is dropped: a rating is stored as valid (counted) or held (waits for an
admin, not counted). A counted 差评 opens its 差评 ticket in the same transaction.
"""
import datetime as dt
import hashlib
import logging
import re
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field

from peewee import IntegrityError

from inspectapp.audit import services as audit
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.complaints import services as complaints
from inspectapp.db import db
from inspectapp.evaluations import holds
from inspectapp.evaluations import rollup
from inspectapp.evaluations.models import Evaluation
from inspectapp.evaluations.models import Level
from inspectapp.evaluations.models import ReasonOption
from inspectapp.evaluations.models import Status
from inspectapp.orgs.models import Staff

log = logging.getLogger(__name__)

KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{9,11}$")
COMMENT_MAX = 150


@dataclass(frozen=True)
class Rules(holds.HoldRules):
    """Anti-abuse settings (shared with questionnaire responses) plus the 差评 ticket deadlines."""

    callback_days: int = 1
    close_days: int = 5

    @classmethod
    def from_config(cls, config):
        return cls(**asdict(holds.HoldRules.from_config(config)), callback_days=int(config["COMPLAINT_CALLBACK_DAYS"]),
                   close_days=int(config["COMPLAINT_CLOSE_DAYS"]))


@dataclass
class Submission:
    """What the citizen sent, plus where it came from."""

    idempotency_key: str
    level: int | None
    reason_codes: list = field(default_factory=list)
    efficiency: int | None = None
    competence: int | None = None
    attitude: int | None = None
    comment: str = ""
    staff_id: int | None = None
    phone: str = ""
    phone_consent: bool = False
    device_id: str = ""
    ip: str = ""
    user_agent: str = ""
    locale: str = ""


def device_hash(device_id):
    return hashlib.sha256(device_id.encode()).hexdigest() if device_id else ""


def normalise_phone(phone):
    return re.sub(r"[\s\-()（）]", "", phone or "")


def _clean(window, sub):
    """Validate a submission against the national model; return the column values. Raises DomainError."""
    if not KEY_RE.match(sub.idempotency_key or ""):
        raise DomainError("页面已过期，请重新提交", field="key")
    if sub.level not in Level.ALL:
        raise DomainError("请选择总体评价", field="level")
    codes = _clean_reasons(sub.level, sub.reason_codes)
    for name in ("efficiency", "competence", "attitude"):
        if getattr(sub, name) not in (None, *Level.ALL):
            raise DomainError("分项评价无效", field=name)
    comment = (sub.comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise DomainError("评价内容不能超过150字", field="comment")
    staff = None
    if sub.staff_id:
        staff = Staff.get_or_none((Staff.id == sub.staff_id) & (Staff.window == window) & Staff.is_active)
        if staff is None:
            raise DomainError("所选工作人员不在本窗口，请重新选择", field="staff")
    phone = normalise_phone(sub.phone)
    if phone and not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        raise DomainError("请填写正确的手机号码或带区号的固定电话", field="phone")
    if phone and not sub.phone_consent:
        raise DomainError("如需回访，请勾选同意工作人员与您联系", field="consent")
    if sub.phone_consent and not phone:
        raise DomainError("您勾选了同意回访，请填写联系电话", field="phone")
    return {
        "level": sub.level, "reason_codes": "|".join(codes), "efficiency": sub.efficiency,
        "competence": sub.competence, "attitude": sub.attitude, "comment": comment, "staff": staff,
        "phone": phone, "phone_consent": bool(phone),
    }


def _clean_reasons(level, codes):
    """Reason codes of the chosen level, in code order. Codes of other levels were hidden when the
    citizen changed the level and are not part of the rating; unknown codes are an error."""
    codes = [c for c in dict.fromkeys(codes or []) if c]
    levels = _reason_levels(codes)
    if len(levels) != len(codes):
        raise DomainError("评价原因无效，请重新选择", field="reasons")
    chosen = sorted((c for c in codes if levels[c] == level), key=lambda c: (len(c), c))
    if level in Level.NEGATIVE and not chosen:
        raise DomainError("请至少选择一项不满意的原因", field="reasons")
    return chosen


#: code -> level of every reason option seen. A code's level never changes (its first digit), and
#: options are never deleted, so this per-process memo cannot go stale; unknown codes are looked up.
_REASON_LEVELS = {}


def _reason_levels(codes):
    missing = [c for c in codes if c not in _REASON_LEVELS]
    if missing:
        query = ReasonOption.select(ReasonOption.code, ReasonOption.level).where(ReasonOption.code.in_(missing))
        _REASON_LEVELS.update(dict(query.tuples()))
    return {c: _REASON_LEVELS[c] for c in codes if c in _REASON_LEVELS}


def hold_reasons(window, dev_hash, at, rules):
    """Why a rating arriving now looks suspicious (empty list: count it): the shared hold mechanism,
    with the window as both the cool-down target and the place where bursts are counted."""
    place = (("window_id", window.id),)
    check = holds.HoldCheck(table="evaluation", target=place, place=place, hall=window.hall)
    return holds.hold_reasons(check, dev_hash, at, rules)


def recent_rating(window, device_id, rules, at=None):
    """The rating this device gave this window within the cool-down, if any (shown instead of the form)."""
    dev_hash = device_hash(device_id)
    if not dev_hash:
        return None
    since = (at or now()) - dt.timedelta(minutes=rules.cooldown_minutes)
    return (Evaluation.select()
            .where((Evaluation.window == window) & (Evaluation.device_hash == dev_hash)
                   & (Evaluation.submitted_at >= since))
            .order_by(Evaluation.submitted_at.desc()).first())


def submit(window, sub, rules, at=None):
    """Store one rating. Returns (evaluation, created); a repeated idempotency key returns the first.

    Everything that only reads (validation, the hold checks, the ticket deadlines) happens before
    the write transaction, so the database write lock is held for the inserts alone: on SQLite all
    writers queue for that one lock.

    :raises DomainError: the submission does not fit the national model (field names the form field).
    """
    values = _clean(window, sub)
    at = at or now()
    dev_hash = device_hash(sub.device_id)
    held = hold_reasons(window, dev_hash, at, rules)
    evaluation = Evaluation(
        window=window, hall=window.hall_id, unit=window.unit_id, submitted_at=at,
        idempotency_key=sub.idempotency_key, device_hash=dev_hash, ip=sub.ip[:64],
        user_agent=(sub.user_agent or "")[:300], locale=sub.locale[:10],
        status=Status.HELD if held else Status.VALID, hold_reasons=",".join(held), **values,
    )
    opens_ticket = evaluation.is_counted and evaluation.is_negative
    deadlines = complaints.plan_deadlines(at, rules.callback_days, rules.close_days) if opens_ticket else None
    try:
        with db.atomic():
            evaluation.save(force_insert=True)
            rollup.touch(window.id, at)
            if opens_ticket:
                complaints.open_for_evaluation(evaluation, rules.callback_days, rules.close_days, at=at,
                                               new=True, deadlines=deadlines)
    except IntegrityError:
        # The idempotency key is unique: a double tap or a resubmitted form stored it already.
        existing = Evaluation.get_or_none(Evaluation.idempotency_key == sub.idempotency_key)
        if existing is None:
            raise
        return existing, False
    log.info("Evaluation %s stored for window %s (level %s, %s)", evaluation.id, window.id, evaluation.level,
             evaluation.status)
    return evaluation, True


def release(evaluation, actor, note, rules, ip=""):
    """Count a held rating after review; a released 差评 opens its ticket now."""
    with db.atomic():
        _review(evaluation, Status.VALID, actor, note)
        audit.record("evaluation.released", actor=actor, target=evaluation,
                     detail={"note": note, "hold_reasons": evaluation.hold_reasons}, ip=ip)
        if evaluation.is_negative:
            complaints.open_for_evaluation(evaluation, rules.callback_days, rules.close_days)
    return evaluation


def reject(evaluation, actor, note, ip=""):
    """Keep a held rating out of all statistics for good (it stays stored)."""
    with db.atomic():
        _review(evaluation, Status.REJECTED, actor, note)
        audit.record("evaluation.rejected", actor=actor, target=evaluation,
                     detail={"note": note, "hold_reasons": evaluation.hold_reasons}, ip=ip)
    return evaluation


def _review(evaluation, status, actor, note):
    """The shared review step, then the daily rollup of the rating's window and day is recounted."""
    holds.mark_reviewed(evaluation, status, actor, note)
    rollup.touch(evaluation.window_id, evaluation.submitted_at)


def save_reason(reason, code, text, sort_order, is_active, actor, ip=""):
    """Create a local reason option or edit one (a national option keeps its code)."""
    creating = reason.id is None
    if creating:
        if ReasonOption.get_or_none(ReasonOption.code == code) is not None:
            raise DomainError("该编码已存在", field="code")
        reason.code, reason.level, reason.is_national = code, int(code[0]), False
    reason.text, reason.sort_order, reason.is_active = text.strip(), sort_order or 0, is_active
    reason.updated_at = now()
    with db.atomic():
        reason.save()
        audit.record("reason.created" if creating else "reason.updated", actor=actor, target=reason,
                     detail={"code": reason.code, "text": reason.text, "is_active": reason.is_active}, ip=ip)
    return reason
