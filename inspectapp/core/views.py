"""Home page, language switch and the load-balancer health check."""
from flask import Blueprint
from flask import current_app
from flask import g
from flask import jsonify
from flask import redirect
from flask import render_template
from flask import request
from peewee import PeeweeException

from inspectapp.auth import roles
from inspectapp.auth.decorators import login_required
from inspectapp.common.web import safe_redirect_target
from inspectapp.core.nav import tiles_for
from inspectapp.core.waiting import waiting_for
from inspectapp.db import ping
from inspectapp.extensions import limiter
from inspectapp.i18n import LANG_COOKIE
from inspectapp.reports import waiting as reports_waiting
from inspectapp.workcal import services as workcal

bp = Blueprint("core", __name__)


@bp.route("/")
@login_required
def index():
    """Start page: what waits for this user (counts and links), then what they can do."""
    due = workcal.due_window()
    return render_template("core/index.html", user=g.user, waiting=waiting_for(g.user, due),
                           headline=reports_waiting.headline(g.user, due.today),
                           show_outbox=roles.can_record_findings(g.user), tiles=tiles_for(g.user))


@bp.route("/lang/<code>", methods=("POST",))
def set_language(code):
    """Remember the chosen language in a cookie for a year and go back."""
    response = redirect(safe_redirect_target(request.form.get("next")))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """200 with {"status": "ok"} when the database answers, else 503."""
    try:
        ping()
    except (PeeweeException, OSError) as exc:
        current_app.logger.warning("healthz: database check failed: %s", exc)
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
