"""The citizen's side: /e/<token> — a printed contract (QR stickers), so its shape never changes.

Works with no JavaScript (the reason list for the chosen level is shown by CSS), at 320 px, in
WeChat's browser; loads only its own small stylesheet and script; no external request.
"""
from flask import Blueprint
from flask import abort
from flask import current_app
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from peewee import InternalError
from peewee import OperationalError

from inspectapp.auth import roles
from inspectapp.common.citizen import DEVICE_COOKIE
from inspectapp.common.citizen import elder_mode
from inspectapp.common.citizen import finish
from inspectapp.common.citizen import load_device
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import local_today
from inspectapp.common.tokens import new_token
from inspectapp.common.web import client_ip
from inspectapp.db import db
from inspectapp.errors import database_unavailable
from inspectapp.evaluations import services
from inspectapp.evaluations.forms import EvaluationForm
from inspectapp.evaluations.models import Evaluation
from inspectapp.evaluations.models import Level
from inspectapp.evaluations.models import ReasonOption
from inspectapp.evaluations.models import Status
from inspectapp.evaluations.models import SubRating
from inspectapp.extensions import csrf
from inspectapp.extensions import limiter
from inspectapp.orgs.models import Staff
from inspectapp.orgs.services import TokenStatus
from inspectapp.orgs.services import active_window_to_rate
from inspectapp.orgs.services import resolve_token
from inspectapp.surveys.answering import answered_from
from inspectapp.surveys.campaigns import offer_for

bp = Blueprint("evaluate", __name__)

bp.before_request(load_device)


def _ip_limit():
    return current_app.config["EVAL_IP_RATE_LIMIT"]


def _window_limit():
    return current_app.config["EVAL_WINDOW_RATE_LIMIT"]


def _window_key():
    return "ev-window:" + (request.view_args or {}).get("token", "")


def _rules():
    return services.Rules.from_config(current_app.config)


def _active_window(token):
    """The window of an active token; 410 for a retired one, 404 for an unknown one."""
    status, window = resolve_token(token)
    if status == TokenStatus.RETIRED:
        abort(410)
    if status != TokenStatus.ACTIVE or not window.is_active:
        abort(404)
    return window


def _window_to_rate(token):
    """Just what storing a rating needs (ids, hall hours), in one narrow query on the hot path;
    anything else (retired, unknown, inactive) goes through `_active_window` for its error page."""
    return active_window_to_rate(token) or _active_window(token)


def _render(window, form, status=200, banner=None):
    reasons = list(ReasonOption.active())
    staff = list(Staff.select().where((Staff.window == window) & Staff.is_active).order_by(Staff.staff_no))
    form.set_choices(reasons, staff)
    by_level = {lv: [r for r in reasons if r.level == lv] for lv in Level.ALL}
    html = render_template("evaluate/form.html", window=window, form=form, by_level=by_level, staff=staff,
                           Level=Level, SubRating=SubRating, elder=elder_mode(), banner=banner)
    return finish(current_app.make_response((html, status)))


def _submission(form):
    def data(name):
        return form[name].data if not form[name].errors else None

    return services.Submission(
        idempotency_key=form.key.data or "",
        level=form.level.data if form.level.data in Level.ALL else None,
        reason_codes=request.form.getlist("reasons"),
        efficiency=data("efficiency"), competence=data("competence"), attitude=data("attitude"),
        comment=form.comment.data or "", staff_id=data("staff"), phone=form.phone.data or "",
        phone_consent=bool(form.consent.data), device_id=g.device_id, ip=client_ip(),
        user_agent=request.user_agent.string, locale=str(get_locale()),
    )


@bp.route("/e/<token>", methods=("GET", "POST"))
@csrf.exempt  # the form checks its own token and, when it expired, shows the form again with the data
@limiter.limit(_ip_limit, methods=["POST"])
@limiter.limit(_window_limit, methods=["POST"], key_func=_window_key)
def form(token):
    """The evaluation form of one window (the URL every printed QR code carries)."""
    if roles.is_inspector(g.user):
        return redirect(f"/inspections/scan/{token}", code=302)
    rules = _rules()
    form = EvaluationForm()
    if request.method == "GET":
        window = _active_window(token)
        recent = services.recent_rating(window, request.cookies.get(DEVICE_COOKIE, ""), rules)
        if recent is not None:
            html = render_template("evaluate/already.html", window=window, recent=recent,
                                   minutes=rules.cooldown_minutes, elder=elder_mode(), Level=Level)
            return finish(current_app.make_response(html))
        form.key.data = new_token()
        return _render(window, form)
    if not form.validate():
        banner = _("页面已过期，请再次点击“提交评价”") if "csrf_token" in form.errors else _("请按提示修改后再提交")
        form.key.data = form.key.data or new_token()
        return _render(_active_window(token), form, status=400, banner=banner)
    try:
        evaluation, _created = services.submit(_window_to_rate(token), _submission(form), rules)
    except DomainError as exc:
        _attach(form, exc)
        return _render(_active_window(token), form, status=400, banner=_("请按提示修改后再提交"))
    thanks = url_for("evaluate.thanks", token=token, k=evaluation.idempotency_key, _anchor="top")
    return finish(redirect(thanks, code=303))


def _attach(form, exc):
    name = {"key": "key", "consent": "consent"}.get(exc.field, exc.field)
    message = _(exc.message)
    if name in form:
        form[name].errors = [*form[name].errors, message]
    else:
        form.form_errors.append(message)


@bp.route("/e/<token>/thanks")
def thanks(token):
    """Thank-you page after a rating (PRG target)."""
    window = _active_window(token)
    evaluation = Evaluation.get_or_none((Evaluation.idempotency_key == request.args.get("k", ""))
                                        & (Evaluation.window == window))
    if evaluation is None:
        abort(404)
    rules = _rules()
    html = render_template("evaluate/thanks.html", window=window, evaluation=evaluation, Level=Level,
                           Status=Status, rules=rules, elder=elder_mode(), survey=_survey_offer(window),
                           ticket=evaluation.tickets.first())
    return finish(current_app.make_response(html))


def _survey_offer(window):
    """The questionnaire this window's thank-you page offers, if any."""
    device = request.cookies.get(DEVICE_COOKIE, "")
    return offer_for(window, lambda q: answered_from(q, device) is not None, local_today())


@bp.errorhandler(404)
@bp.errorhandler(410)
def _public_error(exc):
    """Friendly pages in the citizen layout: unknown code (404), retired code (410)."""
    window = None
    if exc.code == 410:
        _status, window = resolve_token((request.view_args or {}).get("token", ""))
    html = render_template("evaluate/error.html", code=exc.code, window=window, elder=elder_mode())
    return finish(current_app.make_response((html, exc.code)))


@bp.errorhandler(429)
def _too_many(exc):
    """Rate limited: show the form again with what the citizen entered, and say nothing was stored."""
    token = (request.view_args or {}).get("token", "")
    status, window = resolve_token(token)
    if request.method == "POST" and status == TokenStatus.ACTIVE:
        form = EvaluationForm()
        form.validate()
        return _render(window, form, status=429, banner=_("提交过于频繁，本次评价尚未保存，请稍后再点击“提交评价”"))
    html = render_template("evaluate/error.html", code=429, window=None, elder=elder_mode())
    return finish(current_app.make_response((html, 429)))


@bp.errorhandler(OperationalError)
@bp.errorhandler(InternalError)
def _database_busy(exc):
    """Locked or read-only database: the form again with everything the citizen chose, nothing
    stored (the write transaction rolled back), and "请稍后再试". The same key makes the retry
    post once."""
    token = (request.view_args or {}).get("token", "")
    try:
        if db.in_transaction():
            db.rollback()
        status, window = resolve_token(token)
        if request.method != "POST" or status != TokenStatus.ACTIVE:
            raise exc
        form = EvaluationForm()
        form.validate()
        return _render(window, form, status=503, banner=_("系统繁忙，本次评价尚未保存，请稍后再点击“提交评价”"))
    except (OperationalError, InternalError):
        return database_unavailable(exc)  # cannot even read: the plain 503 page
