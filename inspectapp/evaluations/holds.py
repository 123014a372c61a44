"""The one mechanism that decides whether something a citizen submitted is held for review.

Citizen ratings (好差评) and questionnaire responses (调查问卷) go through the same checks, each
against its own table:

- cool-down (一次一评): the same device submitted to the same target recently;
- burst: too many submissions to one place (a window) within a few minutes;
- off-hours: submitted outside the hall's opening hours (± grace) or on a non-working day;
- device: too many submissions from one device within 24 hours.

A held row is stored and kept, never dropped; it is left out of every figure until an admin
releases it (`mark_reviewed`). The caller says what "target" and "place" mean for its table.
"""
import datetime as dt
from dataclasses import dataclass

from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.common.timeutil import to_local
from inspectapp.db import db
from inspectapp.evaluations.models import HoldReason
from inspectapp.evaluations.models import Status
from inspectapp.workcal import services as workcal

#: Never a hex digest: matches no stored device hash (PostgreSQL rejects NUL in text).
NO_DEVICE = "-"


@dataclass(frozen=True)
class HoldRules:
    """The anti-abuse settings (EVAL_* in config.py), shared by ratings and responses."""

    cooldown_minutes: int = 10
    burst_limit: int = 5
    burst_minutes: int = 10
    device_daily_limit: int = 6
    hours_grace_minutes: int = 30
    hold_non_workdays: bool = True

    @classmethod
    def from_config(cls, config):
        return cls(
            cooldown_minutes=int(config["EVAL_COOLDOWN_MINUTES"]),
            burst_limit=int(config["EVAL_BURST_LIMIT"]),
            burst_minutes=int(config["EVAL_BURST_MINUTES"]),
            device_daily_limit=int(config["EVAL_DEVICE_DAILY_LIMIT"]),
            hours_grace_minutes=int(config["EVAL_HOURS_GRACE_MINUTES"]),
            hold_non_workdays=bool(config["EVAL_HOLD_NON_WORKDAYS"]),
        )


@dataclass(frozen=True)
class HoldCheck:
    """What to check one submission against.

    :param table: the table the submissions are stored in (a constant, never user input).
    :param target: (column, value) pairs naming what one device may submit to once per
        cool-down (a window for ratings; a questionnaire for responses).
    :param place: (column, value) pairs naming where bursts are counted, or () for no burst
        check (a campaign link shared in a WeChat group legitimately gets bursts).
    :param hall: the hall whose opening hours apply, or None (answered away from the counter).
    :param cool_since: start of the cool-down; None means `at - cooldown_minutes`.
    """

    table: str
    target: tuple
    place: tuple = ()
    hall: object = None
    cool_since: dt.datetime | None = None


def _match(pairs):
    p = db.param
    return " AND ".join(f"{column} = {p}" for column, _value in pairs), [value for _c, value in pairs]


def recent_counts(check, dev_hash, at, rules):
    """(same device on target within the cool-down, submissions at the place within the burst
    window, submissions from the device in 24 hours) — one aggregate query, one round trip."""
    p = db.param
    cool_since = check.cool_since or at - dt.timedelta(minutes=rules.cooldown_minutes)
    burst_since = at - dt.timedelta(minutes=rules.burst_minutes)
    day_since = at - dt.timedelta(hours=24)
    target_sql, target_params = _match(check.target)
    place_sql, place_params = _match(check.place) if check.place else ("1 = 0", [])
    device = dev_hash or NO_DEVICE
    sql = (f"SELECT COALESCE(SUM(CASE WHEN {target_sql} AND device_hash = {p} AND submitted_at >= {p} "
           f"THEN 1 ELSE 0 END), 0), "
           f"COALESCE(SUM(CASE WHEN {place_sql} AND submitted_at >= {p} THEN 1 ELSE 0 END), 0), "
           f"COALESCE(SUM(CASE WHEN device_hash = {p} AND submitted_at >= {p} THEN 1 ELSE 0 END), 0) "
           f"FROM {check.table} WHERE ({place_sql} AND submitted_at >= {p}) "
           f"OR (device_hash = {p} AND submitted_at >= {p})")
    params = (*target_params, device, cool_since, *place_params, burst_since, device, day_since,
              *place_params, burst_since, device, min(cool_since, day_since))
    return db.execute_sql(sql, params).fetchone()


def hold_reasons(check, dev_hash, at, rules):
    """Why a submission arriving at `at` looks suspicious (empty list: count it)."""
    same_device_here, at_place, from_device = recent_counts(check, dev_hash, at, rules)
    reasons = []
    if dev_hash and same_device_here:
        reasons.append(HoldReason.COOLDOWN)
    if check.place and at_place >= rules.burst_limit:
        reasons.append(HoldReason.BURST)
    if check.hall is not None and off_hours(check.hall, at, rules):
        reasons.append(HoldReason.OFF_HOURS)
    if dev_hash and from_device >= rules.device_daily_limit:
        reasons.append(HoldReason.DEVICE)
    return reasons


def off_hours(hall, at, rules):
    local = to_local(at)
    grace = dt.timedelta(minutes=rules.hours_grace_minutes)
    opens = dt.datetime.combine(local.date(), hall.opens_at, local.tzinfo) - grace
    closes = dt.datetime.combine(local.date(), hall.closes_at, local.tzinfo) + grace
    if not opens <= local <= closes:
        return True
    return rules.hold_non_workdays and not workcal.is_workday(local.date())


def check_held(row):
    if row.status != Status.HELD:
        raise DomainError("该评价已审核")


def mark_reviewed(row, status, actor, note):
    """Release (status VALID) or reject (REJECTED) a held row: the moderation fields only."""
    check_held(row)
    if status == Status.REJECTED and not (note or "").strip():
        raise DomainError("驳回须填写理由", field="note")
    row.status = status
    row.reviewed_by = actor
    row.reviewed_at = now()
    row.review_note = (note or "").strip()[:200]
    row.save()
    return row
