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

from inspectapp.common.args import as_id
from inspectapp.common.timeutil import now
from inspectapp.common.timeutil import utc_of
from inspectapp.db import columns_of
from inspectapp.db import db
from inspectapp.db import model_from_row
from inspectapp.evaluations import holds
from inspectapp.evaluations.models import Status
from inspectapp.evaluations.services import KEY_RE
from inspectapp.evaluations.services import device_hash
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Window
from inspectapp.surveys import campaigns
from inspectapp.surveys import kinds
from inspectapp.surveys import store
from inspectapp.surveys.form import Context
from inspectapp.surveys.form import Form  # noqa: F401  (the answering API: Form, Context, merge)
from inspectapp.surveys.form import merge  # noqa: F401
from inspectapp.surveys.models import CampaignStatus
from inspectapp.surveys.models import Questionnaire
from inspectapp.surveys.models import QuestionnaireVersion
from inspectapp.surveys.response_models import Channel
from inspectapp.surveys.response_models import Response
from inspectapp.surveys.response_models import ResponseDraft

log = logging.getLogger(__name__)

DRAFT_DAYS = 7
#: Responses arriving this long after the last day of the period are still taken (a citizen who
#: started before midnight must not lose what they typed).
LATE_GRACE = dt.timedelta(days=1)


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
        window = _window_of(window_token)
        if window is not None and campaigns.in_scope(questionnaire, window):
            return Context(window.hall_id, window.unit_id, window.id, Channel.THANKS,
                           (window.hall.opens_at, window.hall.closes_at))
    if hall_code:
        hall = Hall.get_or_none((Hall.code == hall_code) & Hall.is_active)
        if hall is not None and hall in campaigns.halls_in_scope(questionnaire):
            return Context(hall_id=hall.id, channel=Channel.POSTER)
    return Context()


def questionnaire_and_version(token, version_id):
    """(questionnaire, version) of a posted page in one query: the version the page was shown
    with when it belongs to the questionnaire, else the current one; (None, None) if unknown."""
    p = db.param
    wanted = as_id(version_id) or 0
    width = len(Questionnaire._meta.sorted_fields)
    row = db.execute_sql(
        f"SELECT {columns_of(Questionnaire, 'q')}, {columns_of(QuestionnaireVersion, 'v')} FROM questionnaire AS q "
        f"JOIN questionnaire_version AS v ON v.questionnaire_id = q.id WHERE q.token = {p} "
        f"AND (v.id = {p} OR v.is_current = {p}) ORDER BY CASE WHEN v.id = {p} THEN 0 ELSE 1 END LIMIT 1",
        (token, wanted, True, wanted)).fetchone()
    if row is None:
        return None, None
    questionnaire = model_from_row(Questionnaire, row[:width])
    version = model_from_row(QuestionnaireVersion, row[width:])
    version.questionnaire = questionnaire
    return questionnaire, version


def _window_of(token):
    """An active window by its public token, with its hall's hours, in one narrow query (this runs
    on every submission from a thank-you page)."""
    p = db.param
    row = db.execute_sql(
        f'SELECT w.id, w.hall_id, w.unit_id, h.opens_at, h.closes_at FROM "window" AS w JOIN "hall" AS h '
        f"ON h.id = w.hall_id WHERE w.public_token = {p} AND w.is_active", (token,)).fetchone()
    if row is None:
        return None
    window_id, hall_id, unit_id, opens_at, closes_at = row
    hall = Hall(id=hall_id, opens_at=Hall.opens_at.python_value(opens_at),
                closes_at=Hall.closes_at.python_value(closes_at))
    return Window(id=window_id, hall=hall, unit=unit_id, public_token=token, is_active=True)


def context_of(draft):
    return Context(draft.hall_id, draft.unit_id, draft.window_id, draft.channel)


def accepting(questionnaire, today):
    """Whether posted answers are still taken: published, period started, and at most LATE_GRACE
    past its last day (new visitors see "已结束" from the day after; `Questionnaire.is_open`)."""
    if questionnaire.status != CampaignStatus.PUBLISHED or today < questionnaire.opens_on:
        return False
    return today <= questionnaire.closes_on + LATE_GRACE


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
                                 channel=ctx.channel, page=page, is_preview=preview,
                                 device_hash=device_hash(origin.device_id), started_at=at, updated_at=at)
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
    hall = None
    if ctx.channel == Channel.THANKS and ctx.hall_id:
        hall = Hall(opens_at=ctx.hours[0], closes_at=ctx.hours[1]) if ctx.hours else Hall.get_by_id(ctx.hall_id)
    cool_since = None
    if questionnaire.one_per_device:
        cool_since = utc_of(questionnaire.opens_on)
    return holds.HoldCheck(table="survey_response", target=(("questionnaire_id", questionnaire.id),),
                           place=place, hall=hall, cool_since=cool_since)


def check_all(form, raw):
    """{key: QState} of a complete answer set; raises AnswerErrors at the first page with errors."""
    states = form.states(raw)
    for page in form.visible_pages(states):
        if form.page_errors(states, page, raw):
            raise AnswerErrors(states, page)
    return states


def submit(form, key, raw, origin, rules, at=None, started_at=None, had_draft=True):
    """Store one response with its answers; returns (response, created).

    :param had_draft: whether answers were kept in a draft under `key` (deleted once stored).
    :raises AnswerErrors: a visible question is unanswered or wrongly answered.
    """
    states = check_all(form, raw)
    at = at or now()
    dev_hash = device_hash(origin.device_id)
    held = holds.hold_reasons(_hold_check(form), dev_hash, at, rules)
    ctx = form.ctx
    values = dict(
        questionnaire_id=form.questionnaire.id, version_id=form.version.id, hall_id=ctx.hall_id or None,
        unit_id=ctx.unit_id or None, window_id=ctx.window_id or None, channel=ctx.channel,
        started_at=started_at or at, submitted_at=at, idempotency_key=key, device_hash=dev_hash,
        ip=origin.ip[:64], user_agent=(origin.user_agent or "")[:300], locale=origin.locale[:10],
        status=Status.HELD if held else Status.VALID, hold_reasons=",".join(held), review_note="")
    cells = [(state.q.id, *row) for state in states.values() if state.visible
             for row in kinds.rows(state.q, state.value)]
    try:
        with db.atomic():
            response_id = store.insert_response(values)
            store.insert_answers(response_id, cells)
            if not held:
                store.add_tallies(form.questionnaire.id, (ctx.hall_id, ctx.unit_id, ctx.window_id), at, cells)
            if had_draft:
                ResponseDraft.delete().where(ResponseDraft.key == key).execute()
    except IntegrityError:
        existing = Response.get_or_none(Response.idempotency_key == key)
        if existing is None:
            raise
        return existing, False
    log.info("Response %s stored for questionnaire %s (%s)", response_id, form.questionnaire.id, values["status"])
    return _stored(response_id, values), True


def _stored(response_id, values):
    """The stored row as a model instance, without reading it back."""
    response = Response(id=response_id, **values)
    response._dirty.clear()
    return response
