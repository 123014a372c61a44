"""Admin pages of questionnaires and appraisal campaigns: the list, settings, scope, appraisal
subjects and 表扬 formula, publishing and closing. Questions: views_questions.py; results:
views_results.py; the citizen's pages: views_public.py."""
from flask import Blueprint
from flask import abort
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from peewee import fn

from inspectapp.auth import roles
from inspectapp.auth.decorators import permission_required
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import local_today
from inspectapp.common.web import client_ip
from inspectapp.common.web import get_or_404
from inspectapp.common.web import show_domain_error
from inspectapp.evaluations.models import Status
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window
from inspectapp.surveys import campaigns
from inspectapp.surveys import forms
from inspectapp.surveys.builder import has_responses
from inspectapp.surveys.definitions import qdef
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.models import CAMPAIGN_STATE_LABELS
from inspectapp.surveys.models import CampaignKind
from inspectapp.surveys.models import CampaignStatus
from inspectapp.surveys.models import Questionnaire
from inspectapp.surveys.models import ScopeKind
from inspectapp.surveys.models import StaffMode
from inspectapp.surveys.models import SubjectKind
from inspectapp.surveys.response_models import Response

bp = Blueprint("surveys", __name__)


def load(questionnaire_id, manage=False):
    """A campaign the user may see (404 otherwise); drafts only for those who build them."""
    query = Questionnaire.select()
    if not roles.can_manage_surveys(g.user):
        if manage:
            abort(403)
        query = query.where(Questionnaire.status != CampaignStatus.DRAFT)
    return get_or_404(query, questionnaire_id)


def _counts():
    rows = (Response.select(Response.questionnaire, Response.status, fn.COUNT(Response.id))
            .group_by(Response.questionnaire, Response.status).tuples())
    counts = {}
    for qid, status, n in rows:
        counts.setdefault(qid, {})[status] = n
    return counts


@bp.route("/")
@permission_required(roles.can_view_survey_results)
def index():
    """Questionnaires and appraisal campaigns, newest first."""
    query = Questionnaire.listed()
    if not roles.can_manage_surveys(g.user):
        query = query.where(Questionnaire.status != CampaignStatus.DRAFT)
    return render_template("surveys/index.html", campaigns=list(query), counts=_counts(), today=local_today(),
                           state_labels=CAMPAIGN_STATE_LABELS, Status=Status,
                           can_manage=roles.can_manage_surveys(g.user))


def _settings(form):
    return campaigns.Settings(**{name: form[name].data for name in campaigns.SETTING_FIELDS})


@bp.route("/new", methods=("GET", "POST"))
@permission_required(roles.can_manage_surveys)
def new():
    """A new questionnaire (?kind=questionnaire) or appraisal campaign (?kind=appraisal)."""
    kind = request.args.get("kind", CampaignKind.QUESTIONNAIRE)
    if kind not in CampaignKind.ALL:
        abort(404)
    form = (forms.NewAppraisalForm if kind == CampaignKind.APPRAISAL else forms.SettingsForm)()
    if request.method == "GET":
        form.privacy_note.data = campaigns.DEFAULT_PRIVACY
        form.opens_on.data = local_today()
    if form.validate_on_submit():
        try:
            subject_kind = form.subject_kind.data if kind == CampaignKind.APPRAISAL else SubjectKind.UNIT
            questionnaire = campaigns.create(kind, _settings(form), g.user, subject_kind=subject_kind,
                                             ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("已创建，请添加题目并设置范围"), "success")
            return redirect(url_for("surveys.detail", questionnaire_id=questionnaire.id))
    return render_template("surveys/settings.html", form=form, questionnaire=None, kind=kind,
                           CampaignKind=CampaignKind)


@bp.route("/<int:questionnaire_id>")
@permission_required(roles.can_view_survey_results)
def detail(questionnaire_id):
    """The builder: settings, scope, questions of the current version, links, actions."""
    questionnaire = load(questionnaire_id)
    if not roles.can_manage_surveys(g.user):
        return redirect(url_for("survey_results.results", questionnaire_id=questionnaire.id))
    version = questionnaire.current_version()
    questions = list(version.questions())
    return render_template(
        "surveys/detail.html", questionnaire=questionnaire, version=version, questions=questions,
        conditions=_condition_texts(questions),
        versions=list(questionnaire.versions()), answered=has_responses(version), Kind=Kind,
        state=questionnaire.state(local_today()), state_labels=CAMPAIGN_STATE_LABELS,
        scope=_scope_labels(questionnaire), subjects=list(questionnaire.subjects()), ScopeKind=ScopeKind,
        SubjectKind=SubjectKind, StaffMode=StaffMode, CampaignStatus=CampaignStatus,
        halls=campaigns.halls_in_scope(questionnaire), counts=_counts().get(questionnaire.id, {}), Status=Status)


def _condition_texts(questions):
    """{question key: "否、不确定"}: the labels of the answers that show a conditional question."""
    qdefs = {q.key: qdef(q) for q in questions}
    texts = {}
    for q in questions:
        if q.cond_key in qdefs:
            labels = qdefs[q.cond_key].labels()
            codes = [int(v) for v in q.cond_values.split(",") if v]
            texts[q.key] = "、".join(f"“{labels.get(c, c)}”" for c in codes)
    return texts


def _scope_labels(questionnaire):
    labels = []
    for row in questionnaire.scopes():
        if row.hall_id:
            labels.append(row.hall.name)
        elif row.unit_id:
            labels.append(row.unit.name)
        elif row.window_id:
            labels.append(f"{row.window.hall.name} {row.window.number}")
    return labels


@bp.route("/<int:questionnaire_id>/settings", methods=("GET", "POST"))
@permission_required(roles.can_manage_surveys)
def settings(questionnaire_id):
    """Title, texts, period and options."""
    questionnaire = load(questionnaire_id, manage=True)
    form = forms.SettingsForm(obj=questionnaire)
    if form.validate_on_submit():
        try:
            campaigns.update_settings(questionnaire, _settings(form), g.user, ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("已保存"), "success")
            return redirect(url_for("surveys.detail", questionnaire_id=questionnaire.id))
    return render_template("surveys/settings.html", form=form, questionnaire=questionnaire,
                           kind=questionnaire.kind, CampaignKind=CampaignKind)


def _scope_choices(form):
    form.halls.choices = [(h.id, h.name) for h in Hall.select().where(Hall.is_active).order_by(Hall.code)]
    form.units.choices = [(u.id, u.name) for u in Unit.select().where(Unit.is_active).order_by(Unit.code)]
    windows = (Window.select(Window, Hall, Unit).join(Hall).switch(Window).join(Unit)
               .where(Window.is_active).order_by(Hall.code, Window.number))
    form.windows.choices = [(w.id, f"{w.hall.name} {w.number}（{w.unit.short_name}）") for w in windows]


@bp.route("/<int:questionnaire_id>/scope", methods=("GET", "POST"))
@permission_required(roles.can_manage_surveys)
def scope(questionnaire_id):
    """Which halls, units or windows the campaign is for (thank-you offers and posters)."""
    questionnaire = load(questionnaire_id, manage=True)
    form = forms.ScopeForm()
    _scope_choices(form)
    if request.method == "GET":
        form.scope_kind.data = questionnaire.scope_kind
        rows = list(questionnaire.scopes())
        form.halls.data = [r.hall_id for r in rows if r.hall_id]
        form.units.data = [r.unit_id for r in rows if r.unit_id]
        form.windows.data = [r.window_id for r in rows if r.window_id]
    if form.validate_on_submit():
        ids = {ScopeKind.HALLS: form.halls.data, ScopeKind.UNITS: form.units.data,
               ScopeKind.WINDOWS: form.windows.data}.get(form.scope_kind.data, [])
        try:
            campaigns.set_scope(questionnaire, form.scope_kind.data, ids, g.user, ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("范围已保存"), "success")
            return redirect(url_for("surveys.detail", questionnaire_id=questionnaire.id))
    return render_template("surveys/scope.html", form=form, questionnaire=questionnaire)


@bp.route("/<int:questionnaire_id>/subjects", methods=("GET", "POST"))
@permission_required(roles.can_manage_surveys)
def subjects(questionnaire_id):
    """Appraisal subjects: units, or the staff of the chosen units."""
    questionnaire = load(questionnaire_id, manage=True)
    if not questionnaire.is_appraisal:
        abort(404)
    form = forms.SubjectsForm()
    form.units.choices = [(u.id, u.name) for u in Unit.select().where(Unit.is_active).order_by(Unit.code)]
    if request.method == "GET":
        form.units.data = sorted({s.unit_id for s in questionnaire.subjects()})
    if form.validate_on_submit():
        try:
            count = campaigns.set_subjects(questionnaire, form.units.data, g.user, ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("评议对象已保存：%(n)s个", n=count), "success")
            return redirect(url_for("surveys.detail", questionnaire_id=questionnaire.id))
    return render_template("surveys/subjects.html", form=form, questionnaire=questionnaire)


@bp.route("/<int:questionnaire_id>/award", methods=("GET", "POST"))
@permission_required(roles.can_manage_surveys)
def award(questionnaire_id):
    """The 表扬 formula: weights, minimum votes, quota, title."""
    questionnaire = load(questionnaire_id, manage=True)
    if not questionnaire.is_appraisal:
        abort(404)
    form = forms.AwardForm(obj=questionnaire)
    if form.validate_on_submit():
        try:
            campaigns.update_award(questionnaire, {n: form[n].data for n in campaigns.AWARD_FIELDS}, g.user,
                                   ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("已保存"), "success")
            return redirect(url_for("surveys.detail", questionnaire_id=questionnaire.id))
    return render_template("surveys/award.html", form=form, questionnaire=questionnaire, SubjectKind=SubjectKind)


@bp.route("/<int:questionnaire_id>/publish", methods=("POST",))
@permission_required(roles.can_manage_surveys)
def publish(questionnaire_id):
    questionnaire = load(questionnaire_id, manage=True)
    try:
        campaigns.publish(questionnaire, g.user, ip=client_ip())
    except DomainError as exc:
        show_domain_error(exc)
    else:
        flash(_("已发布"), "success")
    return redirect(url_for("surveys.detail", questionnaire_id=questionnaire.id))


@bp.route("/<int:questionnaire_id>/close", methods=("POST",))
@permission_required(roles.can_manage_surveys)
def close(questionnaire_id):
    questionnaire = load(questionnaire_id, manage=True)
    campaigns.close(questionnaire, g.user, ip=client_ip())
    flash(_("已结束，不再接收新的答卷"), "success")
    return redirect(url_for("surveys.detail", questionnaire_id=questionnaire.id))
