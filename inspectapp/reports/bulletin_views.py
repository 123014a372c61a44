"""Bulletin pages: the archive, the preview where a supervisor edits the texts and issues, an
issued bulletin in either version (HTML and PDF)."""
import uuid

from flask import abort
from flask import current_app
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from inspectapp.auth import roles
from inspectapp.auth.decorators import permission_required
from inspectapp.common.errors import DomainError
from inspectapp.common.pdf import pdf_response
from inspectapp.common.timeutil import local_today
from inspectapp.common.web import client_ip
from inspectapp.common.web import get_or_404
from inspectapp.common.web import paginate_request
from inspectapp.common.web import show_domain_error
from inspectapp.orgs.models import Hall
from inspectapp.reports import bulletin_content
from inspectapp.reports import bulletins
from inspectapp.reports import dashboard
from inspectapp.reports import rendering
from inspectapp.reports.blueprint import bp
from inspectapp.reports.blueprint import settings
from inspectapp.reports.forms import BulletinTextsForm
from inspectapp.reports.models import Bulletin
from inspectapp.reports.models import Version


def _hall_arg():
    hall_id = dashboard.int_arg(request.args, "hall")
    if hall_id is None:
        return None
    hall = Hall.get_or_none(Hall.id == hall_id)
    if hall is None:
        abort(404)
    return hall


@bp.route("/bulletins/")
@permission_required(roles.can_read_bulletins)
def bulletins_index():
    """通报 archive: every issued bulletin, newest first."""
    page = paginate_request(bulletins.archive(dashboard.int_arg(request.args, "hall")))
    return render_template("reports/bulletins/index.html", page=page, halls=list(Hall.select().order_by(Hall.code)),
                           can_issue=roles.can_issue_bulletins(g.user), Version=Version)


@bp.route("/bulletins/new", methods=("GET", "POST"))
@permission_required(roles.can_issue_bulletins)
def bulletin_new():
    """Preview a bulletin for a period and hall, edit its texts, save the draft or issue it."""
    today = local_today()
    period, error = dashboard.period_from_args(request.args, today)
    if error:
        flash(error, "error")
    hall = _hall_arg()
    issuer = rendering.issuer_name(current_app.config)
    form = BulletinTextsForm()
    if not form.issue_key.data:
        form.issue_key.data = uuid.uuid4().hex
    if request.method == "GET":
        form.load(bulletins.draft_texts(period, hall, issuer, today, current_app.config["REPORT_RECTIFY_DAYS"]))
    elif form.validate_on_submit():
        texts = form.texts()
        try:
            if request.form.get("action") == "issue":
                bulletin = rendering.issue(period, hall, texts, settings(), g.user, today, client_ip(),
                                           issue_key=form.issue_key.data)
                flash(f"已签发 {bulletin.doc_no}", "success")
                return redirect(url_for("reports.bulletin", bulletin_id=bulletin.id))
            bulletins.check_texts(texts, today)
            bulletins.save_draft(period, hall, texts, g.user)
            flash("草稿已保存", "success")
        except DomainError as exc:
            show_domain_error(exc, form)
    texts = form.texts() if form.deadline.data else None
    preview = (bulletin_content.build(period, hall, texts, settings(), today, issuer) if texts else None)
    return render_template("reports/bulletins/new.html", form=form, preview=preview, period=period, hall=hall,
                           issued=bulletins.issued_for(period, hall), charts=rendering.charts_of,
                           choices=dashboard.period_choices(today), halls=list(Hall.select().order_by(Hall.code)),
                           version=request.args.get("version", Version.INTERNAL), Version=Version)


def _version():
    version = request.args.get("version", Version.INTERNAL)
    if version not in Version.ALL:
        abort(404)
    return version


@bp.route("/bulletins/<int:bulletin_id>")
@permission_required(roles.can_read_bulletins)
def bulletin(bulletin_id):
    """An issued bulletin as HTML, from its frozen snapshot (?version=public for the public one)."""
    row = get_or_404(Bulletin.select(), bulletin_id)
    version = _version()
    return render_template("reports/bulletins/detail.html", bulletin=row, data=row.data, b=row.payload(version),
                           version=version, charts=rendering.charts_of, Version=Version)


@bp.route("/bulletins/<int:bulletin_id>.pdf")
@permission_required(roles.can_read_bulletins)
def bulletin_pdf(bulletin_id):
    """The PDF of an issued bulletin, exactly as it was rendered when it was issued."""
    row = get_or_404(Bulletin.select(), bulletin_id)
    version = _version()
    pdf = bulletins.pdf_of(row, version, rendering.render_pdf)
    suffix = "" if version == Version.INTERNAL else "-public"
    return pdf_response(pdf, f"bulletin-{row.year}-{row.serial}{suffix}.pdf")
