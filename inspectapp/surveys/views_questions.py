"""Admin pages for the questions of a questionnaire: add and edit every kind, order, remove, copy
from the question bank, and the preview (the citizen's pages themselves, storing nothing)."""
from flask import Blueprint
from flask import abort
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _

from inspectapp.auth import roles
from inspectapp.auth.decorators import permission_required
from inspectapp.common.citizen import load_device
from inspectapp.common.errors import DomainError
from inspectapp.common.tokens import new_token
from inspectapp.common.web import client_ip
from inspectapp.common.web import get_or_404
from inspectapp.common.web import show_domain_error
from inspectapp.evaluations.models import Level
from inspectapp.surveys import answering
from inspectapp.surveys import builder
from inspectapp.surveys import definitions
from inspectapp.surveys import forms
from inspectapp.surveys.flow import Flow
from inspectapp.surveys.flow import Urls
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.models import Question
from inspectapp.surveys.views import load

bp = Blueprint("survey_questions", __name__)
bp.before_request(load_device)


def _question(questionnaire, question_id):
    """A question of the current version (404 otherwise)."""
    version = questionnaire.current_version()
    return get_or_404(Question.select().where(Question.version == version), question_id)


def _condition_choices(questionnaire, before=None):
    """("Q1:2", "Q1 您是第一次来大厅办事吗？ → 否") for every choice of earlier source questions."""
    choices = []
    for q in questionnaire.current_version().questions():
        if before is not None and q.position >= before.position:
            break
        if q.kind not in Kind.CONDITION_SOURCES:
            continue
        labels = ([(o["code"], o["label"]) for o in q.option_list] if q.kind != Kind.SCALE
                  else [(lv, Level.LABELS[lv]) for lv in Level.ALL])
        choices += [(f"{q.key}:{code}", f"{q.key} {q.text[:24]} → {label}") for code, label in labels]
    return choices


def _values(form, kind):
    """The form as builder values; options and aspects parsed from their lines."""
    chosen = [value.split(":", 1) for value in form.condition.data or [] if ":" in value]
    keys = {key for key, _code in chosen}
    if len(keys) > 1:
        raise DomainError("显示条件只能引用一道题", field="condition")
    values = {name: form[name].data for name in forms.kind_fields(kind) if name != "condition"}
    values.update(kind=kind, cond_key=keys.pop() if keys else "", cond_values=[code for _key, code in chosen])
    if kind in Kind.WITH_OPTIONS:
        values["options"] = definitions.parse_option_lines(form.options.data, field="options")
    if kind == Kind.MATRIX:
        values["aspects"] = definitions.parse_option_lines(form.aspects.data, field="aspects")
    return values


def _fill(form, question):
    form.options.data = definitions.option_lines(question.option_list)
    form.aspects.data = definitions.option_lines(question.aspect_list)
    form.condition.data = [f"{question.cond_key}:{v}" for v in question.cond_values.split(",") if v]


def _edit(questionnaire, question, kind):
    form = forms.QuestionForm(obj=question)
    form.condition.choices = _condition_choices(questionnaire, before=question)
    if question is not None and request.method == "GET":
        _fill(form, question)
    if form.validate_on_submit():
        try:
            builder.save_question(questionnaire, question, _values(form, kind), g.user, ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("题目已保存"), "success")
            return redirect(url_for("surveys.detail", questionnaire_id=questionnaire.id))
    return render_template("surveys/question.html", form=form, questionnaire=questionnaire, question=question,
                           kind=kind, fields=forms.kind_fields(kind), Kind=Kind,
                           answered=builder.has_responses(questionnaire.current_version()))


@bp.route("/<int:questionnaire_id>/questions/new", methods=("GET", "POST"))
@permission_required(roles.can_manage_surveys)
def new_question(questionnaire_id):
    """Add a question of ?kind= to the current version."""
    questionnaire = load(questionnaire_id, manage=True)
    kind = request.args.get("kind", "")
    if kind not in Kind.ALL or (kind == Kind.APPRAISAL and not questionnaire.is_appraisal):
        abort(404)
    return _edit(questionnaire, None, kind)


@bp.route("/<int:questionnaire_id>/questions/<int:question_id>", methods=("GET", "POST"))
@permission_required(roles.can_manage_surveys)
def edit_question(questionnaire_id, question_id):
    """Change a question (after answers: in a new version; answers keep theirs)."""
    questionnaire = load(questionnaire_id, manage=True)
    question = _question(questionnaire, question_id)
    return _edit(questionnaire, question, question.kind)


@bp.route("/<int:questionnaire_id>/questions/<int:question_id>/move", methods=("POST",))
@permission_required(roles.can_manage_surveys)
def move_question(questionnaire_id, question_id):
    questionnaire = load(questionnaire_id, manage=True)
    question = _question(questionnaire, question_id)
    try:
        builder.move_question(questionnaire, question, -1 if request.form.get("d") == "up" else 1, g.user)
    except DomainError as exc:
        show_domain_error(exc)
    return redirect(url_for("surveys.detail", questionnaire_id=questionnaire.id) + "#questions")


@bp.route("/<int:questionnaire_id>/questions/<int:question_id>/remove", methods=("POST",))
@permission_required(roles.can_manage_surveys)
def remove_question(questionnaire_id, question_id):
    questionnaire = load(questionnaire_id, manage=True)
    question = _question(questionnaire, question_id)
    try:
        builder.remove_question(questionnaire, question, g.user, ip=client_ip())
    except DomainError as exc:
        show_domain_error(exc)
    else:
        flash(_("题目已删除（已有答卷的旧版本仍保留该题）"), "success")
    return redirect(url_for("surveys.detail", questionnaire_id=questionnaire.id) + "#questions")


@bp.route("/<int:questionnaire_id>/bank", methods=("GET", "POST"))
@permission_required(roles.can_manage_surveys)
def bank(questionnaire_id):
    """The question bank: questions of other questionnaires, copied into this one."""
    questionnaire = load(questionnaire_id, manage=True)
    search = request.args.get("q", "").strip()
    rows = list(builder.bank(questionnaire, search).limit(200))
    form = forms.BankForm()
    form.questions.choices = [(q.id, q.text) for q in rows]
    if form.validate_on_submit():
        chosen = [q for q in rows if q.id in set(form.questions.data or ())]  # none ticked: None
        if not chosen:
            flash(_("请勾选要复制的题目"), "error")
        else:
            copied = builder.copy_from_bank(questionnaire, chosen, g.user, ip=client_ip())
            flash(_("已复制%(n)s道题", n=len(copied)), "success")
            return redirect(url_for("surveys.detail", questionnaire_id=questionnaire.id) + "#questions")
    return render_template("surveys/bank.html", form=form, questionnaire=questionnaire, rows=rows, search=search,
                           Kind=Kind)


def _preview_urls(questionnaire_id):
    return Urls(page=lambda key, page: url_for("survey_questions.preview_page", questionnaire_id=questionnaire_id,
                                               key=key, page=page),
                done=lambda key: url_for("survey_questions.preview_done", questionnaire_id=questionnaire_id, key=key),
                first=url_for("survey_questions.preview", questionnaire_id=questionnaire_id))


@bp.route("/<int:questionnaire_id>/preview", methods=("GET", "POST"))
@permission_required(roles.can_manage_surveys)
def preview(questionnaire_id):
    """Page 1 exactly as a citizen sees it (the same code and template); nothing is stored."""
    questionnaire = load(questionnaire_id, manage=True)
    key = request.form.get("key") or new_token()
    flow = Flow(questionnaire, questionnaire.current_version(), answering.Context(), key, {},
                _preview_urls(questionnaire.id), preview=True)
    return flow.post(1) if request.method == "POST" else flow.render(1)


@bp.route("/<int:questionnaire_id>/preview/<key>/<int:page>", methods=("GET", "POST"))
@permission_required(roles.can_manage_surveys)
def preview_page(questionnaire_id, key, page):
    questionnaire = load(questionnaire_id, manage=True)
    draft = answering.draft(questionnaire, key)
    if draft is None or not draft.is_preview:
        abort(404)
    flow = Flow(questionnaire, draft.version, answering.Context(), key, draft.raw, _preview_urls(questionnaire.id),
                preview=True, has_draft=True)
    if not 1 <= page <= len(flow.form.pages):
        abort(404)
    return flow.post(page) if request.method == "POST" else flow.render(page)


@bp.route("/<int:questionnaire_id>/preview/<key>/done")
@permission_required(roles.can_manage_surveys)
def preview_done(questionnaire_id, key):
    questionnaire = load(questionnaire_id, manage=True)
    return render_template("surveys/preview_done.html", questionnaire=questionnaire, key=key)
