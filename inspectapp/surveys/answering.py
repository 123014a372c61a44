"""Answering a questionnaire: where it was reached from, pages and drafts, and storing a response.

Nothing a citizen submits is dropped: a response is stored as counted or held (the same hold
mechanism as ratings, evaluations/holds.py). A double tap, a retry or a reload of the last page
stores one response: the idempotency key is unique, and a repeated key returns the first one.
"""
import datetime as dt
import json
import logging
from dataclasses import dataclass

from peewee import IntegrityError

from inspectapp.common.timeutil import LOCAL_TZ
from inspectapp.common.timeutil import now
from inspectapp.db import db
from inspectapp.evaluations import holds
from inspectapp.evaluations.models import Status
from inspectapp.evaluations.services import KEY_RE
from inspectapp.evaluations.services import device_hash
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Window
from inspectapp.surveys import campaigns
from inspectapp.surveys import definitions
from inspectapp.surveys import kinds
from inspectapp.surveys import tallies
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.models import CampaignStatus
from inspectapp.surveys.models import StaffMode
from inspectapp.surveys.response_models import Answer
from inspectapp.surveys.response_models import Channel
from inspectapp.surveys.response_models import Response
from inspectapp.surveys.response_models import ResponseDraft

log = logging.getLogger(__name__)

DRAFT_DAYS = 7
#: Responses arriving this long after the last day of the period are still taken (a citizen who
#: started before midnight must not lose what they typed).
LATE_GRACE = dt.timedelta(days=1)


@dataclass(frozen=True)
class Context:
    """Where the questionnaire was reached from (ids 0 when not known)."""

    hall_id: int = 0
    unit_id: int = 0
    window_id: int = 0
    channel: str = Channel.LINK


@dataclass(frozen=True)
class Origin:
    device_id: str = ""
    ip: str = ""
    user_agent: str = ""
    locale: str = ""


class AnswerErrors(Exception):
    """Some visible questions were answered wrongly; `page` is the first page with an error."""

    def __init__(self, states, page):
        super().__init__("answers need correcting")
        self.states = states
        self.page = page


class NotAccepting(Exception):
    """The campaign is not taking responses (closed, or long past its period)."""


def resolve_context(questionnaire, window_token="", hall_code=""):
    """Context from the link: a window token (thank-you page) or a hall code (poster). A place
    outside the campaign's scope is ignored (the response is kept, with no place)."""
    if window_token:
        window = Window.get_or_none((Window.public_token == window_token) & Window.is_active)
        if window is not None and campaigns.in_scope(questionnaire, window):
            return Context(window.hall_id, window.unit_id, window.id, Channel.THANKS)
    if hall_code:
        hall = Hall.get_or_none((Hall.code == hall_code) & Hall.is_active)
        if hall is not None and hall in campaigns.halls_in_scope(questionnaire):
            return Context(hall_id=hall.id, channel=Channel.POSTER)
    return Context()


def context_of(draft):
    return Context(draft.hall_id, draft.unit_id, draft.window_id, draft.channel)


def accepting(questionnaire, today):
    """Whether posted answers are still taken: published, period started, and at most LATE_GRACE
    past its last day (new visitors see "已结束" from the day after; `Questionnaire.is_open`)."""
    if questionnaire.status != CampaignStatus.PUBLISHED or today < questionnaire.opens_on:
        return False
    return today <= questionnaire.closes_on + LATE_GRACE


def subjects_for(questionnaire, q, ctx, all_subjects):
    """The appraisal subjects a question shows: a staff appraisal reached from a window shows the
    window's unit; otherwise every subject."""
    if q.kind != Kind.APPRAISAL:
        return ()
    if ctx.unit_id and questionnaire.subject_kind == "staff":
        mine = tuple(s for s in all_subjects if s.unit_id == ctx.unit_id)
        if mine:
            return mine
    return all_subjects


def normalise_served(questionnaire, qdefs, raw):
    """'Who served me' mode posts one pick and one level; store them as the subject's row."""
    if questionnaire.staff_mode != StaffMode.SERVED or questionnaire.subject_kind != "staff":
        return raw
    raw = dict(raw)
    for q in qdefs:
        if q.kind == Kind.APPRAISAL and f"{q.key}_pick" in raw:
            pick = kinds.first(raw, f"{q.key}_pick")
            level, reason = kinds.first(raw, f"{q.key}_level"), kinds.first(raw, f"{q.key}_reason")
            if pick:
                raw[f"{q.key}_s{pick}"] = [level]
                raw[f"{q.key}_r{pick}"] = [reason]
    return raw


class Form:
    """One questionnaire version as answered from one context: pages, states, what to show."""

    def __init__(self, questionnaire, version, ctx):
        self.questionnaire, self.version, self.ctx = questionnaire, version, ctx
        self.qdefs = definitions.definition(version)
        self.all_subjects = definitions.subjects(questionnaire) if questionnaire.is_appraisal else ()
        self.pages = kinds.static_pages(self.qdefs)

    def subjects_of(self, q):
        return subjects_for(self.questionnaire, q, self.ctx, self.all_subjects)

    def states(self, raw):
        return kinds.evaluate(self.qdefs, normalise_served(self.questionnaire, self.qdefs, raw), self.subjects_of)

    def visible_pages(self, states):
        """Indexes (1-based) of the pages with at least one visible question."""
        return [i for i, page in enumerate(self.pages, 1) if any(states[q.key].visible for q in page)] or [1]

    def page_errors(self, states, page):
        return [states[q.key] for q in self.pages[page - 1] if states[q.key].visible and states[q.key].error]

    def fields_of(self, page):
        """Field-name prefixes posted by a page (to replace them in the draft)."""
        return [q.key for q in self.pages[page - 1]]


def merge(draft_raw, posted, prefixes):
    """The draft with the fields of one page replaced by what was just posted."""
    def mine(name):
        return any(name == p or name.startswith(p + "_") for p in prefixes)

    merged = {k: v for k, v in draft_raw.items() if not mine(k)}
    merged.update({k: v for k, v in posted.items() if mine(k)})
    return merged


def save_draft(form, key, raw, origin, page=1, preview=False):
    """Create or update the draft under the response's key (a retried page post is harmless)."""
    data = json.dumps(raw, ensure_ascii=False)
    at = now()
    updated = (ResponseDraft.update(data=data, page=page, updated_at=at)
               .where((ResponseDraft.key == key) & (ResponseDraft.questionnaire == form.questionnaire)).execute())
    if updated:
        return
    ctx = form.ctx
    try:
        with db.atomic():
            ResponseDraft.create(key=key, questionnaire=form.questionnaire, version=form.version, data=data,
                                 hall_id=ctx.hall_id, unit_id=ctx.unit_id, window_id=ctx.window_id,
                                 channel=ctx.channel, page=page, is_preview=preview, device_hash=device_hash(origin.device_id),
                                 started_at=at, updated_at=at)
    except IntegrityError:
        ResponseDraft.update(data=data, page=page, updated_at=at).where(ResponseDraft.key == key).execute()
    _prune(at)


def _prune(at):
    ResponseDraft.delete().where(ResponseDraft.updated_at < at - dt.timedelta(days=DRAFT_DAYS)).execute()


def draft(questionnaire, key):
    if not KEY_RE.match(key or ""):
        return None
    return ResponseDraft.get_or_none((ResponseDraft.key == key) & (ResponseDraft.questionnaire == questionnaire))


def already_answered(questionnaire, device_id):
    """The response this device gave, if the campaign allows one per device."""
    return answered_from(questionnaire, device_id) if questionnaire.one_per_device else None


def answered_from(questionnaire, device_id):
    """The latest response this device gave to the questionnaire, if any."""
    dev_hash = device_hash(device_id)
    if not dev_hash:
        return None
    return (Response.select().where((Response.questionnaire == questionnaire) & (Response.device_hash == dev_hash))
            .order_by(Response.id.desc()).first())


def _hold_check(form):
    questionnaire, ctx = form.questionnaire, form.ctx
    place = (("questionnaire_id", questionnaire.id), ("window_id", ctx.window_id)) if ctx.window_id else ()
    hall = Hall.get_by_id(ctx.hall_id) if ctx.channel == Channel.THANKS and ctx.hall_id else None
    cool_since = None
    if questionnaire.one_per_device:
        cool_since = dt.datetime.combine(questionnaire.opens_on, dt.time(), LOCAL_TZ).astimezone(dt.UTC)
        cool_since = cool_since.replace(tzinfo=None)
    return holds.HoldCheck(table="survey_response", target=(("questionnaire_id", questionnaire.id),),
                           place=place, hall=hall, cool_since=cool_since)


def check_all(form, raw):
    """{key: QState} of a complete answer set; raises AnswerErrors at the first page with errors."""
    states = form.states(raw)
    for page in form.visible_pages(states):
        if form.page_errors(states, page):
            raise AnswerErrors(states, page)
    return states


def submit(form, key, raw, origin, rules, at=None, started_at=None):
    """Store one response with its answers; returns (response, created).

    :raises AnswerErrors: a visible question is unanswered or wrongly answered.
    """
    states = check_all(form, raw)
    at = at or now()
    dev_hash = device_hash(origin.device_id)
    held = holds.hold_reasons(_hold_check(form), dev_hash, at, rules)
    ctx = form.ctx
    response = Response(
        questionnaire=form.questionnaire, version=form.version, hall=ctx.hall_id or None,
        unit=ctx.unit_id or None, window=ctx.window_id or None, channel=ctx.channel,
        started_at=started_at or at, submitted_at=at, idempotency_key=key, device_hash=dev_hash,
        ip=origin.ip[:64], user_agent=(origin.user_agent or "")[:300], locale=origin.locale[:10],
        status=Status.HELD if held else Status.VALID, hold_reasons=",".join(held))
    cells = [(state.q.id, *row) for state in states.values() if state.visible
             for row in kinds.rows(state.q, state.value)]
    try:
        with db.atomic():
            response.save(force_insert=True)
            _insert_answers(response, cells)
            if response.is_counted:
                tallies.add(response, cells)
            ResponseDraft.delete().where(ResponseDraft.key == key).execute()
    except IntegrityError:
        existing = Response.get_or_none(Response.idempotency_key == key)
        if existing is None:
            raise
        return existing, False
    log.info("Response %s stored for questionnaire %s (%s)", response.id, form.questionnaire.id, response.status)
    return response, True


def _insert_answers(response, cells):
    if cells:
        Answer.insert_many([(response.id, qid, sub, value, num, text) for qid, sub, value, num, text in cells],
                           fields=[Answer.response, Answer.question, Answer.sub, Answer.value, Answer.num,
                                   Answer.text]).execute()
