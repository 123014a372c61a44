"""Blueprint "inspections": lists, planning, detail with scores, review and publication, evidence files.

The phone checklist and its sync API are in phone_views.py, checklist templates in
checklist_views.py, the findings list in findings_views.py; all add their routes to `bp`
(blueprint.py). Row scoping is in the model queries
(`Inspection.visible_to`, `Finding.visible_to`): a foreign id is a 404 by any URL.
"""
import io
from collections import defaultdict

from flask import abort
from flask import current_app
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import send_file
from flask import url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from inspectapp.auth import roles
from inspectapp.auth.decorators import permission_required
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import local_today
from inspectapp.common.web import client_ip
from inspectapp.common.web import get_or_404
from inspectapp.common.web import paginate_request
from inspectapp.common.web import send_private_file
from inspectapp.common.web import show_domain_error
from inspectapp.common.web import upload_root
from inspectapp.inspections import audio_clean
from inspectapp.inspections import evidence as files
from inspectapp.inspections import forms
from inspectapp.inspections import scoring
from inspectapp.inspections import services
from inspectapp.inspections.blueprint import bp
from inspectapp.inspections.models import ChecklistTemplate
from inspectapp.inspections.models import DropKind
from inspectapp.inspections.models import Evidence
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Status
from inspectapp.orgs.models import Hall


@bp.app_template_filter("points")
def format_points(value):
    """Decimal points without a useless ".0": 97.5, 100."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def thresholds():
    return scoring.Thresholds.of(current_app.config["INSPECTION_GRADE_THRESHOLDS"])


def evidence_by_finding(findings, user):
    grouped = defaultdict(list)
    ids = [f.id for f in findings]
    if ids:
        for ev in Evidence.visible_to(user).where(Evidence.finding.in_(ids)):
            grouped[ev.finding_id].append(ev)
    return grouped


# ---------------------------------------------------------------- lists and detail

@bp.route("/")
@permission_required(roles.can_view_inspections)
def index():
    """Inspections this user may see: admins all, inspectors their own, units published ones."""
    query = Inspection.visible_to(g.user)
    status = request.args.get("status", "")
    if status in Status.ALL:
        query = query.where(Inspection.status == status)
    page = paginate_request(query.order_by(Inspection.date.desc(), Inspection.id.desc()))
    counts = Finding.visible_to(g.user).where(Finding.inspection.in_([i.id for i in page.items]))
    found = defaultdict(int)
    for finding in counts:
        found[finding.inspection_id] += finding.is_active
    return render_template("inspections/index.html", page=page, status=status, found=found, today=local_today(),
                           status_labels=Status.LABELS,
                           can_plan=roles.can_plan_inspections(g.user),
                           can_record=roles.can_record_findings(g.user))


@bp.route("/<int:inspection_id>")
@permission_required(roles.can_view_inspections)
def detail(inspection_id):
    """One inspection: plan, scores per window and unit, findings with evidence, review actions."""
    inspection = get_or_404(Inspection.visible_to(g.user), inspection_id)
    unit_id = g.user.unit_scope
    findings = list(Finding.visible_to(g.user).where(Finding.inspection == inspection)
                    .order_by(Finding.recorded_at, Finding.id))
    return render_template(
        "inspections/detail.html", inspection=inspection, findings=findings,
        evidence=evidence_by_finding(findings, g.user),
        sheet=services.score_sheet(inspection, thresholds(), unit_id=unit_id),
        show_team=roles.can_see_inspectors(g.user), can_review=roles.can_plan_inspections(g.user),
        is_member=inspection.has_member(g.user), drop_labels=DropKind.LABELS)


# ---------------------------------------------------------------- planning

def _plan_choices(form, inspection=None):
    current = inspection.hall_id if inspection else 0
    halls = Hall.select().where(Hall.is_active | (Hall.id == current)).order_by(Hall.code)
    form.hall.choices = [SelectChoice(h.id, f"{h.code} {h.name}") for h in halls]
    templates = list(ChecklistTemplate.current())
    if inspection is not None and not inspection.template.is_current:
        templates.insert(0, inspection.template)
    form.template.choices = [SelectChoice(t.id, str(t)) for t in templates]
    form.members.choices = [SelectChoice(u.id, f"{u.display_name}（{u.username}）")
                           for u in services.active_inspectors()]
    if inspection is not None and request.method == "GET":
        form.hall.data, form.template.data = inspection.hall_id, inspection.template_id
        form.members.data = [u.id for u in inspection.members()]


def _plan_of(form):
    from inspectapp.auth.models import User

    return services.Plan(hall=Hall.get_by_id(form.hall.data), date=form.date.data, mode=form.mode.data,
                         template=ChecklistTemplate.get_by_id(form.template.data), team_no=form.team_no.data,
                         members=list(User.select().where(User.id.in_(form.members.data))), note=form.note.data or "")


def _edit_plan(inspection):
    form = forms.PlanForm(obj=inspection)
    _plan_choices(form, inspection)
    if inspection is None and request.method == "GET":
        form.date.data = local_today()
        form.team_no.data = services.next_team_no(form.date.data)
    if form.validate_on_submit():
        try:
            inspection = services.save_plan(inspection, _plan_of(form), actor=g.user, ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("已保存检查计划"), "success")
            return redirect(url_for("inspections.detail", inspection_id=inspection.id))
    return render_template("inspections/plan.html", form=form, inspection=inspection)


@bp.route("/new", methods=("GET", "POST"))
@permission_required(roles.can_plan_inspections)
def new():
    """Plan an inspection: hall, date, mode, checklist, team."""
    return _edit_plan(None)


@bp.route("/<int:inspection_id>/edit", methods=("GET", "POST"))
@permission_required(roles.can_plan_inspections)
def edit(inspection_id):
    """Change the plan while the inspection is in progress."""
    return _edit_plan(get_or_404(Inspection.visible_to(g.user), inspection_id))


# ---------------------------------------------------------------- status changes and review

ACTION_POLICY = {"submit": roles.can_record_findings, "return": roles.can_plan_inspections,
                 "publish": roles.can_plan_inspections}
ACTION_DONE = {"submit": "已提交，等待督查管理员审核", "return": "已退回检查组",
               "publish": "已发布，相关单位现在可以看到结果"}


@bp.route("/<int:inspection_id>/<any(submit, return, publish):action>", methods=("POST",))
@permission_required(roles.can_view_inspections)
def change_status(inspection_id, action):
    """Submit (the team), return or publish (an admin)."""
    inspection = get_or_404(Inspection.visible_to(g.user), inspection_id)
    if not ACTION_POLICY[action](g.user):
        abort(403)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        try:
            services.transition(inspection, action, g.user, note=form.note.data or "", ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc)
        else:
            flash(_(ACTION_DONE[action]), "success")
    return redirect(url_for("inspections.detail", inspection_id=inspection.id))


def _reviewable_finding(finding_id):
    return get_or_404(Finding.visible_to(g.user), finding_id)


@bp.route("/findings/<int:finding_id>/review", methods=("GET", "POST"))
@permission_required(roles.can_plan_inspections)
def review_finding(finding_id):
    """Reword a finding, change its severity, drop it with a reason, or restore it."""
    finding = _reviewable_finding(finding_id)
    form = forms.ReviewForm(obj=finding)
    drop_form = forms.DropForm(prefix="drop")
    if form.validate_on_submit():
        try:
            services.edit_finding(finding, form.sentence.data, form.severity.data, actor=g.user, ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("已修改"), "success")
            return redirect(url_for("inspections.detail", inspection_id=finding.inspection_id))
    return render_template("inspections/review_finding.html", finding=finding, form=form, drop_form=drop_form,
                           history=services.finding_history(finding),
                           evidence=evidence_by_finding([finding], g.user)[finding.id])


@bp.route("/findings/<int:finding_id>/drop", methods=("POST",))
@permission_required(roles.can_plan_inspections)
def drop_finding(finding_id):
    finding = _reviewable_finding(finding_id)
    form = forms.DropForm(prefix="drop")
    if form.validate_on_submit():
        try:
            services.drop_finding(finding, form.kind.data, form.reason.data, actor=g.user, ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc)
        else:
            flash(_("已剔除该问题"), "success")
            return redirect(url_for("inspections.detail", inspection_id=finding.inspection_id))
    else:
        flash(_("请选择剔除原因并填写理由"), "error")
    return redirect(url_for("inspections.review_finding", finding_id=finding.id))


@bp.route("/findings/<int:finding_id>/restore", methods=("POST",))
@permission_required(roles.can_plan_inspections)
def restore_finding(finding_id):
    finding = _reviewable_finding(finding_id)
    if forms.ConfirmForm().validate_on_submit():
        try:
            services.restore_finding(finding, actor=g.user, ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc)
        else:
            flash(_("已恢复该问题"), "success")
    return redirect(url_for("inspections.detail", inspection_id=finding.inspection_id))


# ---------------------------------------------------------------- evidence files

def _send_evidence(evidence_id, variant):
    ev = get_or_404(Evidence.visible_to(g.user), evidence_id)
    original_allowed = roles.can_see_original_evidence(g.user)
    if not original_allowed and variant != "thumb" and ev.public_name == ev.stored_name:
        return _cleaned_on_the_fly(ev)  # audio stored before copies without tags existed
    name, mime = files.served_copy(ev, variant, original_allowed)
    ext = name.rsplit(".", 1)[-1]
    return send_private_file(files.path_of(upload_root(), name), mime, f"evidence-{ev.id}.{ext}")


def _cleaned_on_the_fly(ev):
    ext = ev.stored_name.rsplit(".", 1)[-1]
    with open(files.path_of(upload_root(), ev.stored_name), "rb") as fh:
        try:
            data = audio_clean.clean(ext, fh.read())
        except audio_clean.AudioDamaged:
            abort(404)
    response = send_file(io.BytesIO(data), mimetype=ev.mime, download_name=f"evidence-{ev.id}.{ext}", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/evidence/<int:evidence_id>")
@permission_required(roles.can_view_inspections)
def evidence_file(evidence_id):
    """A photo or audio note: the original for admins, the copy without EXIF for everyone else."""
    return _send_evidence(evidence_id, "full")


@bp.route("/evidence/<int:evidence_id>/thumb")
@permission_required(roles.can_view_inspections)
def evidence_thumb(evidence_id):
    return _send_evidence(evidence_id, "thumb")
