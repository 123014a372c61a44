"""The citizen's side of questionnaires: /q/<token> (the campaign link, its posters' codes, and the
offer on a window's thank-you page). No login, no JavaScript needed, nothing loaded from outside.

/q/<token>                      page 1 (?w=<window token> from a thank-you page, ?h=<hall> from a poster)
/q/<token>/<key>/<page>         a later page of the answers under `key` (kept across reloads)
/q/<token>/<key>/done           thank-you page (PRG target: a reload stores nothing twice)
"""
from flask import Blueprint
from flask import abort
from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _

from inspectapp.common.args import as_id
from inspectapp.common.citizen import elder_mode
from inspectapp.common.citizen import finish
from inspectapp.common.citizen import load_device
from inspectapp.common.timeutil import local_today
from inspectapp.common.tokens import new_token
from inspectapp.evaluations.models import HoldReason
from inspectapp.evaluations.services import KEY_RE
from inspectapp.extensions import csrf
from inspectapp.extensions import limiter
from inspectapp.surveys import answering
from inspectapp.surveys.flow import Flow
from inspectapp.surveys.flow import Urls
from inspectapp.surveys.models import CampaignStatus
from inspectapp.surveys.models import Questionnaire
from inspectapp.surveys.models import QuestionnaireVersion
from inspectapp.surveys.response_models import Response
from inspectapp.surveys.texts import localise

bp = Blueprint("survey", __name__)
bp.before_request(load_device)

RESUME_DAYS = 7


def _ip_limit():
    return current_app.config["SURVEY_IP_RATE_LIMIT"]


def _questionnaire(token):
    """A published (or closed) campaign by its token; drafts and unknown tokens are 404."""
    questionnaire = Questionnaire.get_or_none(Questionnaire.token == token)
    if questionnaire is None or questionnaire.status == CampaignStatus.DRAFT:
        abort(404)
    return questionnaire


def _urls(token):
    return Urls(page=lambda key, page: url_for("survey.page", token=token, key=key, page=page),
                done=lambda key: url_for("survey.done", token=token, key=key),
                first=url_for("survey.start", token=token))


def _resume_cookie(questionnaire):
    return f"sv{questionnaire.id}"


def _version(questionnaire, version_id):
    """The version a page was shown with (answers keep it), else the current one."""
    version = None
    if as_id(version_id):
        version = QuestionnaireVersion.get_or_none((QuestionnaireVersion.id == as_id(version_id))
                                                   & (QuestionnaireVersion.questionnaire == questionnaire))
    return version or questionnaire.current_version()


def _page_one_flow(questionnaire, source, version=None):
    ctx = answering.resolve_context(questionnaire, source.get("w", ""), source.get("h", ""))
    key = source.get("key", "")
    return Flow(questionnaire, version or _version(questionnaire, source.get("v", "")), ctx,
                key if KEY_RE.match(key) else new_token(), {}, _urls(questionnaire.token))


def _not_open(questionnaire, status=200):
    state = questionnaire.state(local_today())
    html = render_template("survey/closed.html", questionnaire=questionnaire, state=state, elder=elder_mode(),
                           title=localise(questionnaire.title, questionnaire.title_en, _locale()))
    return finish(current_app.make_response((html, status)))


def _locale():
    from flask_babel import get_locale

    return str(get_locale())


@bp.route("/q/<token>", methods=("GET", "POST"))
@csrf.exempt  # the flow checks the token itself and, when it expired, shows the page again with the data
@limiter.limit(_ip_limit, methods=["POST"])
def start(token):
    """Page 1 of a questionnaire (the campaign link, a poster's code, a thank-you page's offer)."""
    if request.method == "POST":
        questionnaire, version = answering.questionnaire_and_version(token, request.form.get("v", ""))
        if questionnaire is None or questionnaire.status == CampaignStatus.DRAFT:
            abort(404)
        return _post(questionnaire, _page_one_flow(questionnaire, request.form, version), 1)
    questionnaire = _questionnaire(token)
    if not questionnaire.is_open(local_today()):
        return _not_open(questionnaire)
    resumed = answering.draft(questionnaire, request.cookies.get(_resume_cookie(questionnaire), ""))
    if resumed is not None and not resumed.is_preview:
        return redirect(url_for("survey.page", token=token, key=resumed.key, page=resumed.page), code=303)
    earlier = answering.already_answered(questionnaire, request.cookies.get("ev_device", ""))
    if earlier is not None and request.args.get("again") != "1":
        again = url_for("survey.start", token=token, **{**request.args.to_dict(), "again": "1"})
        html = render_template("survey/already.html", questionnaire=questionnaire, response=earlier,
                               again_url=again, elder=elder_mode(),
                               title=localise(questionnaire.title, questionnaire.title_en, _locale()))
        return finish(current_app.make_response(html))
    return _page_one_flow(questionnaire, request.args).render(1)


@bp.route("/q/<token>/<key>/<int:page>", methods=("GET", "POST"))
@csrf.exempt
@limiter.limit(_ip_limit, methods=["POST"])
def page(token, key, page):
    """A page of the answers kept under `key`: values come back from the draft on every visit."""
    questionnaire = _questionnaire(token)
    draft = answering.draft(questionnaire, key)
    if draft is None or draft.is_preview:
        if Response.get_or_none(Response.idempotency_key == key) is not None:
            return redirect(url_for("survey.done", token=token, key=key), code=303)
        abort(404)
    flow = Flow(questionnaire, draft.version, answering.context_of(draft), key, draft.raw, _urls(token),
                has_draft=True)
    if page < 1 or page > len(flow.form.pages):
        abort(404)
    if request.method == "POST":
        return _post(questionnaire, flow, page)
    return flow.render(page)


def _post(questionnaire, flow, page):
    try:
        response = flow.post(page)
    except answering.NotAccepting:
        return _not_open(questionnaire, status=410)
    if flow.has_draft and response.status_code == 303 and "/done" not in response.location:
        response.set_cookie(_resume_cookie(questionnaire), flow.key, max_age=RESUME_DAYS * 86400, httponly=True,
                            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"],
                            path=url_for("survey.start", token=questionnaire.token))
    return response


@bp.route("/q/<token>/<key>/done")
def done(token, key):
    """Thank-you page after a questionnaire."""
    questionnaire = _questionnaire(token)
    response = Response.get_or_none((Response.idempotency_key == key) & (Response.questionnaire == questionnaire))
    if response is None:
        abort(404)
    html = render_template("survey/done.html", questionnaire=questionnaire, response=response,
                           repeated=HoldReason.COOLDOWN in response.hold_reason_list, elder=elder_mode(),
                           title=localise(questionnaire.title, questionnaire.title_en, _locale()))
    out = finish(current_app.make_response(html))
    out.delete_cookie(_resume_cookie(questionnaire), path=url_for("survey.start", token=token))
    return out


@bp.errorhandler(429)
def _too_many(exc):
    """Rate limited: the page again with what was typed; nothing was stored."""
    args = request.view_args or {}
    questionnaire = Questionnaire.get_or_none(Questionnaire.token == args.get("token", ""))
    if questionnaire is None or request.method != "POST":
        html = render_template("evaluate/error.html", code=429, window=None, elder=elder_mode())
        return finish(current_app.make_response((html, 429)))
    draft = answering.draft(questionnaire, args.get("key", ""))
    if draft is not None:
        flow = Flow(questionnaire, draft.version, answering.context_of(draft), draft.key, draft.raw,
                    _urls(questionnaire.token), has_draft=True)
    else:
        flow = _page_one_flow(questionnaire, request.form)
    page = args.get("page", 1)
    posted = {k: v for k, v in request.form.to_dict(flat=False).items() if k not in ("csrf_token", "nav")}
    raw = answering.merge(flow.raw, posted, flow.form.fields_of(page))
    return flow.render(page, status=429, raw=raw, banner=_("提交过于频繁，本页内容尚未保存，请稍后再提交"))


@bp.errorhandler(404)
def _not_found(exc):
    html = render_template("evaluate/error.html", code=404, window=None, elder=elder_mode())
    return finish(current_app.make_response((html, 404)))
