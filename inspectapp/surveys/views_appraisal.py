"""群众评议 ranking and the 表扬 list (proposed, then confirmed by an admin), and the results
report of any campaign (HTML preview and PDF)."""
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
from inspectapp.common.args import as_id
from inspectapp.common.errors import DomainError
from inspectapp.common.web import client_ip
from inspectapp.common.web import show_domain_error
from inspectapp.surveys import appraisal
from inspectapp.surveys import report
from inspectapp.surveys.views import load
from inspectapp.surveys.views_results import positive_levels

bp = Blueprint("survey_appraisal", __name__)


def _visible(rows):
    """A unit manager sees only their own unit's subjects."""
    scope = g.user.unit_scope
    return rows if scope is None else [r for r in rows if r.subject.unit_id == scope]


@bp.route("/<int:questionnaire_id>/ranking")
@permission_required(roles.can_view_survey_results)
def ranking(questionnaire_id):
    """The ranking with every figure, the formula, the proposed or confirmed 表扬 list."""
    questionnaire = load(questionnaire_id)
    if not questionnaire.is_appraisal:
        abort(404)
    rows = _visible(appraisal.standings(questionnaire, positive_levels()))
    commendation = appraisal.confirmed(questionnaire)
    entries = list(commendation.entries()) if commendation else []
    if g.user.unit_scope is not None:
        entries = [e for e in entries if e.subject.unit_id == g.user.unit_scope]
    return render_template("surveys/ranking.html", questionnaire=questionnaire, rows=rows,
                           commendation=commendation, entries=entries, can_confirm=appraisal.can_confirm(questionnaire),
                           may_confirm=roles.can_confirm_commendation(g.user),
                           can_manage=roles.can_manage_surveys(g.user))


@bp.route("/<int:questionnaire_id>/ranking/confirm", methods=("POST",))
@permission_required(roles.can_confirm_commendation)
def confirm(questionnaire_id):
    """Confirm the 表扬 list (the ticked subjects; a change from the proposal needs a note)."""
    questionnaire = load(questionnaire_id, manage=True)
    chosen = [as_id(v) for v in request.form.getlist("subjects") if as_id(v)]
    try:
        appraisal.confirm(questionnaire, chosen, request.form.get("note", ""), g.user, positive_levels(),
                          ip=client_ip())
    except DomainError as exc:
        show_domain_error(exc)
    else:
        flash(_("表扬名单已确认"), "success")
    return redirect(url_for("survey_appraisal.ranking", questionnaire_id=questionnaire.id))


@bp.route("/<int:questionnaire_id>/report")
@permission_required(roles.can_manage_surveys)
def report_html(questionnaire_id):
    """The results report as HTML (the same data as the PDF)."""
    questionnaire = load(questionnaire_id, manage=True)
    return render_template("surveys/report.html", **report.report_data(questionnaire, positive_levels()))


@bp.route("/<int:questionnaire_id>/report.pdf")
@permission_required(roles.can_manage_surveys)
def report_pdf(questionnaire_id):
    """The results report on the official-document base (with the 表扬 list of an appraisal)."""
    questionnaire = load(questionnaire_id, manage=True)
    try:
        return report.pdf_response_for(questionnaire, positive_levels())
    except DomainError as exc:
        show_domain_error(exc)
        return redirect(url_for("survey_results.results", questionnaire_id=questionnaire.id))
