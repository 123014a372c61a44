"""The escalation ladder for overdue cases: 提醒 → 黄牌 (限期整改) → 红牌 (通报/约谈).

A case `n` working days past its deadline (and still with the unit: issued, acknowledged or returned)
deserves the highest card whose threshold `n` has reached (RECTIFICATION_CARD_THRESHOLDS, default 1, 3
and 5 working days). `escalate(today)` gives every such case that card:

- idempotent: a second run on the same day finds nothing to do;
- catch-up once: after days without a run a case jumps straight to the card it deserves, with one
  event that records the skipped steps, never one event per missed day;
- safe when the cron job and an admin's button run at the same moment: the card is raised by a
  conditional UPDATE, so only one of them writes the event.
Cards are never lowered: an extension stops the clock, the card stays on the record.
"""
import logging
from dataclasses import dataclass
from dataclasses import field

from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.rectifications.models import Card
from inspectapp.rectifications.models import RectificationCase
from inspectapp.rectifications.workflow import WORKFLOW
from inspectapp.rectifications.workflow import Action
from inspectapp.workcal import services as workcal

log = logging.getLogger(__name__)

DEFAULT_THRESHOLDS = (1, 3, 5)


class _AlreadyRaised(Exception):
    """Someone else raised the card between our read and our write."""


@dataclass
class EscalationRun:
    today: object
    #: {Card level: [case ids]} raised in this run.
    raised: dict = field(default_factory=lambda: {level: [] for level in Card.LEVELS})

    @property
    def total(self):
        return sum(len(ids) for ids in self.raised.values())


def card_for(overdue_days, thresholds=DEFAULT_THRESHOLDS):
    """The card a case `overdue_days` working days late deserves."""
    card = Card.NONE
    for level, threshold in zip(Card.LEVELS, thresholds):
        if overdue_days >= threshold:
            card = level
    return card


def overdue_working_days(case, today):
    """Working days past the deadline (0 when not overdue)."""
    if not case.clock_running() or case.due_on is None or today <= case.due_on:
        return 0
    return workcal.working_days_between(case.due_on, today)


def escalate(today=None, actor=None, thresholds=DEFAULT_THRESHOLDS):
    """Raise the card of every overdue case that deserves a higher one. Returns an EscalationRun."""
    due = workcal.due_window(today)
    run = EscalationRun(today=due.today)
    overdue = RectificationCase.select().where(due.overdue(RectificationCase) & (RectificationCase.card < Card.RED))
    for case in overdue.order_by(RectificationCase.due_on, RectificationCase.id):
        days = overdue_working_days(case, due.today)
        target = card_for(days, thresholds)
        if target > case.card and _raise(case, target, days, actor):
            run.raised[target].append(case.id)
    log.info("Escalation on %s: %s cases raised", due.today, run.total)
    return run


def _raise(case, target, days, actor):
    previous = case.card
    skipped = [Card.KEYS[level] for level in Card.LEVELS if previous < level < target]

    def claim(c):
        rows = (RectificationCase.update(card=target, card_at=now())
                .where((RectificationCase.id == c.id) & (RectificationCase.card < target)).execute())
        if not rows:
            raise _AlreadyRaised
        c.card, c.card_at = target, now()

    note = f"逾期{days}个工作日：{Card.MEANINGS[target]}"
    try:
        WORKFLOW.run(case, Action.ESCALATE, actor, note=note, change=claim,
                     data={"from": Card.KEYS.get(previous, ""), "to": Card.KEYS[target], "overdue_days": days,
                           "skipped": skipped})
    except (_AlreadyRaised, DomainError):
        return False
    return True
