"""A campaign's link as a QR code (SVG, PNG) and the A4 poster of each hall (PDF)."""
from flask import Blueprint
from flask import Response
from flask import current_app
from flask import flash
from flask import redirect
from flask import request
from flask import url_for

from inspectapp.auth import roles
from inspectapp.auth.decorators import permission_required
from inspectapp.common.errors import DomainError
from inspectapp.common.pdf import pdf_response
from inspectapp.common.web import domain_message
from inspectapp.common.web import get_or_404
from inspectapp.orgs.models import Hall
from inspectapp.qr import services as qr
from inspectapp.surveys import posters
from inspectapp.surveys.views import load

bp = Blueprint("survey_links", __name__)


def campaign_url(questionnaire, hall_code=""):
    """What the printed code carries: PUBLIC_BASE_URL + /q/<token> (+ ?h=<hall code>)."""
    args = {"h": hall_code} if hall_code else {}
    return current_app.config["PUBLIC_BASE_URL"] + url_for("survey.start", token=questionnaire.token, **args)


def _hall_code():
    code = request.args.get("hall", "")
    return code if Hall.select().where(Hall.code == code).exists() else ""


def _inline(questionnaire, code, ext):
    name = f"survey-{questionnaire.id}" + (f"-{code}" if code else "")
    return {"Content-Disposition": f'inline; filename="{name}.{ext}"'}


@bp.route("/<int:questionnaire_id>/qr.svg")
@permission_required(roles.can_manage_surveys)
def qr_svg(questionnaire_id):
    questionnaire = load(questionnaire_id, manage=True)
    code = _hall_code()
    return Response(qr.svg(campaign_url(questionnaire, code)), mimetype="image/svg+xml",
                    headers=_inline(questionnaire, code, "svg"))


@bp.route("/<int:questionnaire_id>/qr.png")
@permission_required(roles.can_manage_surveys)
def qr_png(questionnaire_id):
    questionnaire = load(questionnaire_id, manage=True)
    code = _hall_code()
    return Response(qr.png(campaign_url(questionnaire, code), scale=12), mimetype="image/png",
                    headers=_inline(questionnaire, code, "png"))


@bp.route("/<int:questionnaire_id>/halls/<int:hall_id>/poster.pdf")
@permission_required(roles.can_manage_surveys)
def poster(questionnaire_id, hall_id):
    """A4 poster of the campaign for one hall (its code counts responses for that hall)."""
    questionnaire = load(questionnaire_id, manage=True)
    hall = get_or_404(Hall.select(), hall_id)
    try:
        pdf = posters.poster_pdf(questionnaire, hall, campaign_url(questionnaire, hall.code), questionnaire.title,
                                 questionnaire.intro)
    except DomainError as exc:
        flash(domain_message(exc), "error")
        return redirect(url_for("surveys.detail", questionnaire_id=questionnaire.id))
    return pdf_response(pdf, f"survey-poster-{questionnaire.id}-{hall.code}.pdf")


