"""Admin pages for window QR codes: preview, SVG, PNG, A4 poster PDF, per-hall batch PDF."""
from flask import Blueprint
from flask import Response
from flask import current_app
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext as _

from inspectapp.auth import roles
from inspectapp.auth.decorators import permission_required
from inspectapp.common.errors import DomainError
from inspectapp.common.exports import content_disposition
from inspectapp.common.pdf import pdf_response
from inspectapp.common.web import get_or_404
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Window
from inspectapp.qr import services
from inspectapp.qr.links import evaluation_url

bp = Blueprint("qr", __name__)


@bp.route("/")
@permission_required(roles.can_print_qr)
def index():
    """Halls with their active windows and the print links."""
    halls = list(Hall.select().where(Hall.is_active).order_by(Hall.code))
    windows = {hall.id: services.sheet_windows(hall) for hall in halls}
    base = current_app.config["PUBLIC_BASE_URL"]
    return render_template("qr/index.html", halls=halls, windows=windows, base_url=base,
                           base_warning=services.base_warning(base))


def _window(window_id):
    return get_or_404(Window.visible_to(g.user).where(Window.is_active), window_id)


@bp.route("/windows/<int:window_id>")
@permission_required(roles.can_print_qr)
def window(window_id):
    """One window's code with its URL and download links."""
    win = _window(window_id)
    return render_template("qr/window.html", window=win, url=evaluation_url(win),
                           base_url=current_app.config["PUBLIC_BASE_URL"],
                           base_warning=services.base_warning(current_app.config["PUBLIC_BASE_URL"]))


@bp.route("/windows/<int:window_id>.svg")
@permission_required(roles.can_print_qr)
def window_svg(window_id):
    win = _window(window_id)
    return Response(services.svg(evaluation_url(win)), mimetype="image/svg+xml",
                    headers={"Content-Disposition": content_disposition(f"qr-{win.hall.code}-{win.number}.svg",
                                                                        "inline")})


@bp.route("/windows/<int:window_id>.png")
@permission_required(roles.can_print_qr)
def window_png(window_id):
    win = _window(window_id)
    return Response(services.png(evaluation_url(win), scale=12), mimetype="image/png",
                    headers={"Content-Disposition": content_disposition(f"qr-{win.hall.code}-{win.number}.png",
                                                                        "inline")})


@bp.route("/windows/<int:window_id>/poster.pdf")
@permission_required(roles.can_print_qr)
def window_poster(window_id):
    """Printable A4 poster (台卡) of one window."""
    win = _window(window_id)
    try:
        pdf = services.poster_pdf(win, evaluation_url(win), current_app.config["COMPLAINT_CLOSE_DAYS"])
    except DomainError as exc:
        flash(_(exc.message), "error")
        return redirect(url_for("qr.window", window_id=win.id))
    return pdf_response(pdf, f"qr-poster-{win.hall.code}-{win.number}.pdf")


@bp.route("/halls/<int:hall_id>/sheet.pdf")
@permission_required(roles.can_print_qr)
def hall_sheet(hall_id):
    """Batch PDF of every active window of a hall (12 per page, labels, crop marks)."""
    hall = get_or_404(Hall.select(), hall_id)
    try:
        pdf = services.sheet_pdf(hall, evaluation_url)
    except DomainError as exc:
        flash(_(exc.message), "error")
        return redirect(url_for("qr.index"))
    return pdf_response(pdf, f"qr-sheet-{hall.code}.pdf")
