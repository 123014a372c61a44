"""Opening cases from an inspection (preview first), editing drafts, and the steps of the case page:
签发, 作废, 签收, 复查销号, 退回, 延期. Each step is a small form that posts to /<case>/steps/<step>."""
from flask import abort
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
from inspectapp.common.web import client_ip
from inspectapp.common.web import get_or_404
from inspectapp.common.web import show_domain_error
from inspectapp.inspections.models import Inspection
from inspectapp.officialdoc.numbers import issuer_from_config
from inspectapp.rectifications import forms
from inspectapp.rectifications import opening
from inspectapp.rectifications import services
from inspectapp.rectifications.blueprint import bp
from inspectapp.rectifications.models import CaseStatus
from inspectapp.rectifications.models import RectificationCase
from inspectapp.rectifications.panels import STEPS
from inspectapp.rectifications.views import finding_evidence
from inspectapp.rectifications.views import load_case
from inspectapp.rectifications.views import photos_of
from inspectapp.rectifications.views import render_case
from inspectapp.rectifications.workflow import WORKFLOW
from inspectapp.workcal import services as workcal


def _issuer():
    return issuer_from_config(current_app.config)


def _apply(case, step, form):
    user = g.user
    if step == "issue":
        services.issue(case, user, _issuer(), ip=client_ip())
        return _("已签发 %(no)s，单位负责人可在系统中签收", no=case.doc_no)
    if step == "cancel":
        opening.cancel_draft(case, user, form.reason.data)
        return _("已作废")
    if step == "acknowledge":
        services.acknowledge(case, user, form.signer.data)
        return _("已签收")
    if step == "verify":
        services.verify(case, user, _issuer(), form.opinion.data, ip=client_ip(),
                        feedback_days=current_app.config["COMPLAINT_FEEDBACK_DAYS_AFTER_RECTIFICATION"])
        return _("已复查销号，可打印复查意见")
    if step == "return":
        services.return_case(case, user, form.reason.data, form.extend_days.data or 0)
        return _("已退回单位重新整改")
    services.extend(case, user, form.days.data, form.reason.data)
    return _("整改期限已延长至 %(d)s", d=case.due_on.strftime("%Y-%m-%d"))


@bp.route("/<int:case_id>/steps/<step>", methods=("POST",))
@permission_required(roles.can_view_rectifications)
def step(case_id, step):
    """Take one step of the case; a refused step shows the reason and keeps what was typed."""
    case = load_case(case_id)
    if step not in STEPS:
        abort(404)
    action, form_class = STEPS[step]
    if not WORKFLOW.steps[action].permission(g.user, case):
        abort(403)
    form = form_class()
    if not form.validate():
        return render_case(case, {step: form}, status=400)
    try:
        message = _apply(case, step, form)
    except DomainError as exc:
        show_domain_error(exc, form)
        return render_case(load_case(case_id), {step: form}, status=400)
    flash(message, "success")
    return redirect(url_for("rectifications.detail", case_id=case.id))


# ---------------------------------------------------------------- opening from an inspection

def _inspection(inspection_id):
    return get_or_404(Inspection.visible_to(g.user), inspection_id)


@bp.route("/inspections/<int:inspection_id>/open", methods=("GET", "POST"))
@permission_required(roles.can_manage_rectifications)
def open_cases(inspection_id):
    """Preview of a published inspection by unit (findings with their photos), then open drafts."""
    inspection = _inspection(inspection_id)
    try:
        previews = opening.preview_for_inspection(inspection)
    except DomainError as exc:
        show_domain_error(exc)
        return redirect(url_for("inspections.detail", inspection_id=inspection.id))
    form = forms.OpenForm(deadline_days=current_app.config["RECTIFICATION_DEADLINE_DAYS"])
    form.units.choices = [(p.unit.id, p.unit.name) for p in previews if p.case is None]
    if form.validate_on_submit():
        try:
            opened = opening.open_from_inspection(inspection, form.units.data, g.user, form.deadline_days.data)
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("已生成 %(n)s 份整改通知书草稿，请核对整改要求后签发", n=len(opened)), "success")
            return redirect(url_for("rectifications.open_cases", inspection_id=inspection.id))
    elif not form.is_submitted():
        form.units.data = [choice for choice, _label in form.units.choices]
    photos = photos_of([f.id for preview in previews for f in preview.findings], g.user)
    drafts = [p.case for p in previews if p.case is not None and p.case.status == CaseStatus.DRAFT]
    return render_template("rectifications/open.html", inspection=inspection, previews=previews, form=form,
                           finding_photos=photos, drafts=drafts, issue_form=forms.ConfirmForm(formdata=None),
                           estimated=workcal.working_deadline(workcal.due_window().today,
                                                              form.deadline_days.data or 10))


@bp.route("/inspections/<int:inspection_id>/issue", methods=("POST",))
@permission_required(roles.can_manage_rectifications)
def issue_drafts(inspection_id):
    """签发 every draft of an inspection at once (numbers follow the units' order)."""
    inspection = _inspection(inspection_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    drafts = (RectificationCase.select().join(RectificationCase.unit.rel_model)
              .where((RectificationCase.inspection == inspection) & (RectificationCase.status == CaseStatus.DRAFT))
              .order_by(RectificationCase.unit.rel_model.code))
    try:
        issued = services.issue_drafts(list(drafts), g.user, _issuer(), ip=client_ip())
    except DomainError as exc:
        show_domain_error(exc)
    else:
        flash(_("已签发 %(n)s 份整改通知书", n=len(issued)), "success")
    return redirect(url_for("rectifications.open_cases", inspection_id=inspection.id))


# ---------------------------------------------------------------- drafts

@bp.route("/<int:case_id>/edit", methods=("GET", "POST"))
@permission_required(roles.can_manage_rectifications)
def edit(case_id):
    """Edit a draft: the deadline in working days, the requirements prefilled from the checklist."""
    case = load_case(case_id)
    if case.status != CaseStatus.DRAFT:
        flash(_("整改通知签发后不能再修改，如需调整期限请使用“延长整改期限”"), "error")
        return redirect(url_for("rectifications.detail", case_id=case.id))
    items = list(case.items_in_order())
    form = forms.build_draft_form(items)(data={
        "deadline_days": case.deadline_days, "general_requirement": case.general_requirement,
        **{f"requirement_{item.id}": item.requirement for item in items}})
    if form.validate_on_submit():
        requirements = {item.id: form[f"requirement_{item.id}"].data for item in items}
        try:
            opening.edit_draft(case, g.user, form.deadline_days.data, form.general_requirement.data, requirements)
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("已保存"), "success")
            return redirect(url_for("rectifications.detail", case_id=case.id))
    return render_template("rectifications/edit.html", case=case, items=items, form=form,
                           finding_photos=finding_evidence(case, g.user))
