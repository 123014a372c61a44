"""Results of a questionnaire for admins, viewers and unit managers (their own unit only):
distributions, cross-tabs, free texts, responses per day, CSV/XLSX exports; the review queue of
held responses (admins)."""
from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _

from inspectapp.auth import roles
from inspectapp.auth.decorators import permission_required
from inspectapp.common.errors import DomainError
from inspectapp.common.exports import FORMATS
from inspectapp.common.exports import export_response
from inspectapp.common.timeutil import local_today
from inspectapp.common.web import client_ip
from inspectapp.common.web import get_or_404
from inspectapp.common.web import paginate_request
from inspectapp.common.web import show_domain_error
from inspectapp.evaluations.models import HoldReason
from inspectapp.evaluations.models import Level
from inspectapp.evaluations.models import Status
from inspectapp.i18n import N_
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window
from inspectapp.surveys import charts
from inspectapp.surveys import exports
from inspectapp.surveys import freetext
from inspectapp.surveys import results as survey_results
from inspectapp.surveys import review as survey_review
from inspectapp.surveys.forms import ReviewForm
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.models import AppraisalSubject
from inspectapp.surveys.response_models import Channel
from inspectapp.surveys.response_models import Response
from inspectapp.surveys.results import ResultFilter
from inspectapp.surveys.views import load

bp = Blueprint("survey_results", __name__)


def positive_levels():
    return (5, 4, 3) if current_app.config["EVAL_POSITIVE_INCLUDES_BASIC"] else (5, 4)


def _choices():
    return {
        "halls": list(Hall.select().order_by(Hall.code)),
        "units": list(Unit.visible_to(g.user).order_by(Unit.code)),
        "windows": list(Window.visible_to(g.user).order_by(Hall.code, Window.number)),
    }


def _base(questionnaire, flt):
    return dict(questionnaire=questionnaire, flt=flt, Kind=Kind, Level=Level, charts=charts, Status=Status,
                can_manage=roles.can_manage_surveys(g.user),
                can_read_report=roles.can_read_survey_report(g.user), **_choices())


@bp.route("/<int:questionnaire_id>/results")
@permission_required(roles.can_view_survey_results)
def results(questionnaire_id):
    """Every question's distribution, responses per day, links to cross-tabs, texts, exports."""
    questionnaire = load(questionnaire_id)
    flt = ResultFilter.from_args(request.args)
    scope = g.user.unit_scope
    questions = survey_results.question_results(questionnaire, flt, scope, positive_levels())
    days = survey_results.per_day(questionnaire, flt, scope)
    held = Response.visible_to(g.user, questionnaire).where(Response.status == Status.HELD).count()
    return render_template("surveys/results.html", questions=questions, days=days, total=sum(n for _d, n in days),
                           held=held, **_base(questionnaire, flt))


GROUP_LABELS = {"hall": N_("大厅"), "unit": N_("单位"), "window": N_("窗口")}


def _group_names(group):
    if group == "hall":
        return {h.id: h.name for h in Hall.select()}
    if group == "unit":
        return {u.id: u.name for u in Unit.visible_to(g.user)}
    return {w.id: f"{w.hall.name} {w.number}（{w.unit.short_name}）" for w in Window.visible_to(g.user)}


@bp.route("/<int:questionnaire_id>/results/crosstab")
@permission_required(roles.can_view_survey_results)
def crosstab(questionnaire_id):
    """One question split by hall, unit or window."""
    questionnaire = load(questionnaire_id)
    flt = ResultFilter.from_args(request.args)
    infos = [i for i in survey_results.catalogue(questionnaire) if i.q.kind not in (Kind.TEXT, Kind.APPRAISAL)]
    info = next((i for i in infos if i.key == request.args.get("key")), infos[0] if infos else None)
    group = request.args.get("by") if request.args.get("by") in GROUP_LABELS else "hall"
    table = (survey_results.crosstab(questionnaire, info, group, flt, g.user.unit_scope, positive_levels())
             if info else {})
    return render_template("surveys/crosstab.html", infos=infos, info=info, group=group, table=table,
                           names=_group_names(group), group_labels=GROUP_LABELS, **_base(questionnaire, flt))


def _text_keys(questionnaire):
    return [i for i in survey_results.catalogue(questionnaire) if i.q.kind in (Kind.TEXT, Kind.APPRAISAL)]


def _own_subjects(questionnaire):
    if g.user.unit_scope is None:
        return None
    return [s.id for s in AppraisalSubject.select().where((AppraisalSubject.questionnaire == questionnaire)
                                                          & (AppraisalSubject.unit == g.user.unit_scope))]


@bp.route("/<int:questionnaire_id>/results/texts")
@permission_required(roles.can_view_survey_results)
def texts(questionnaire_id):
    """The free texts of one question (appraisal: the reasons), searchable."""
    questionnaire = load(questionnaire_id)
    infos = _text_keys(questionnaire)
    info = next((i for i in infos if i.key == request.args.get("key")), infos[0] if infos else None)
    search = request.args.get("q", "").strip()[:50]
    page = None
    if info is not None:
        subs = _own_subjects(questionnaire) if info.q.kind == Kind.APPRAISAL else None
        page = paginate_request(freetext.text_answers(questionnaire, info.ids, search, g.user.unit_scope,
                                                      info.q.kind, subs))
    can_read = roles.can_read_named_texts(g.user)
    names = [] if can_read else freetext.person_names()
    staff_reasons = questionnaire.subject_kind == "staff"
    about_staff = staff_reasons and info is not None and info.q.kind == Kind.APPRAISAL
    hidden = {a.id for a in (page.items if page else [])
              if not can_read and (about_staff or freetext.names_person(a.text, names))}
    subjects = {s.id: s.label for s in AppraisalSubject.select().where(AppraisalSubject.questionnaire == questionnaire)}
    return render_template("surveys/texts.html", infos=infos, info=info, page=page, search=search, hidden=hidden,
                           subjects=subjects, **_base(questionnaire, ResultFilter()))


@bp.route("/<int:questionnaire_id>/export.<fmt>")
@permission_required(roles.can_view_survey_results)
def export(questionnaire_id, fmt):
    """One row per response, one column per question; ?values=codes for codes instead of labels."""
    if fmt not in FORMATS:
        abort(404)
    questionnaire = load(questionnaire_id)
    codes = request.args.get("values") == "codes"
    query = Response.visible_to(g.user, questionnaire)
    if not (roles.can_manage_surveys(g.user) and request.args.get("status") == "all"):
        query = query.where(Response.status == Status.VALID)
    rows = exports.rows(questionnaire, query, codes, roles.can_read_named_texts(g.user))
    stem = f"survey-{questionnaire.id}-{'codes' if codes else 'labels'}-{local_today():%Y%m%d}"
    return export_response(exports.columns(questionnaire, codes), rows, stem, fmt, title="答卷")


@bp.route("/<int:questionnaire_id>/review")
@permission_required(roles.can_manage_surveys)
def review(questionnaire_id):
    """Held responses waiting for an admin: release (counted) or reject (kept, never counted)."""
    questionnaire = load(questionnaire_id, manage=True)
    page = paginate_request(survey_review.held(questionnaire))
    return render_template("surveys/review.html", page=page, form=ReviewForm(), HoldReason=HoldReason,
                           Channel=Channel, **_base(questionnaire, ResultFilter()))


@bp.route("/<int:questionnaire_id>/responses/<int:response_id>")
@permission_required(roles.can_manage_surveys)
def response_detail(questionnaire_id, response_id):
    """One response with its answers, as given on its version (admins: texts may name people)."""
    questionnaire = load(questionnaire_id, manage=True)
    response = get_or_404(Response.of(questionnaire), response_id)
    answers = list(response.answers)
    meta = {q.id: q for q in response.version.questions()}
    return render_template("surveys/response.html", response=response, answers=answers, meta=meta,
                           HoldReason=HoldReason, Channel=Channel, form=ReviewForm(),
                           subjects={s.id: s.label for s in questionnaire.subjects(active_only=False)},
                           **_base(questionnaire, ResultFilter()))


@bp.route("/<int:questionnaire_id>/responses/<int:response_id>/<any(release, reject):decision>", methods=("POST",))
@permission_required(roles.can_manage_surveys)
def decide(questionnaire_id, response_id, decision):
    questionnaire = load(questionnaire_id, manage=True)
    response = get_or_404(Response.of(questionnaire), response_id)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            action = survey_review.release if decision == "release" else survey_review.reject
            action(response, g.user, form.note.data or "", ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc)
        else:
            flash(_("已放行，计入结果") if decision == "release" else _("已驳回，不计入结果"), "success")
    return redirect(url_for("survey_results.review", questionnaire_id=questionnaire.id))
