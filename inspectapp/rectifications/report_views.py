"""The unit's 整改报告 on a phone or a desktop: one form with every item (cause, measures, responsible
person, completion date, files). Every button saves what was typed first — 保存, 提交整改报告 and
撤回 a file — so nothing is lost when a file is refused or the report is incomplete; files are
checked by the same checker as inspection evidence (inspections/evidence.py)."""
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
from inspectapp.common.args import as_id
from inspectapp.common.errors import DomainError
from inspectapp.common.web import show_domain_error
from inspectapp.common.web import upload_root
from inspectapp.inspections import evidence as files
from inspectapp.rectifications import forms
from inspectapp.rectifications import services
from inspectapp.rectifications.blueprint import bp
from inspectapp.rectifications.models import ReportEvidence
from inspectapp.rectifications.notice import notice_items
from inspectapp.rectifications.services import ItemReport
from inspectapp.rectifications.views import load_case
from inspectapp.rectifications.views import photos_of
from inspectapp.rectifications.views import report_files
from inspectapp.rectifications.workflow import WORKFLOW
from inspectapp.rectifications.workflow import Action


def upload_limits():
    cfg, mb = current_app.config, files.MB
    return files.Limits(max_image_bytes=cfg["EVIDENCE_MAX_IMAGE_MB"] * mb,
                        max_audio_bytes=cfg["EVIDENCE_MAX_AUDIO_MB"] * mb, max_pixels=cfg["EVIDENCE_MAX_PIXELS"])


def _saved_data(case, items):
    data = {"summary": case.report_summary, "contact": case.report_contact}
    for item in items:
        for name in ("cause", "measures", "responsible", "completed_on"):
            data[f"{name}_{item.id}"] = getattr(item, name)
    return data


def _reports(form, items):
    return {item.id: ItemReport(cause=form[f"cause_{item.id}"].data or "",
                                measures=form[f"measures_{item.id}"].data or "",
                                responsible=form[f"responsible_{item.id}"].data or "",
                                completed_on=form[f"completed_on_{item.id}"].data) for item in items}


def _store_files(form, items):
    """Store the chosen files of every item; a refused file is reported on its field, the rest kept."""
    refused = False
    for item in items:
        field = form[f"files_{item.id}"]
        for upload in field.data or []:
            if not getattr(upload, "filename", ""):
                continue
            try:
                services.add_evidence(item, upload.read(), g.user, upload_root(), upload_limits(), upload.filename)
            except DomainError as exc:
                field.errors = [*field.errors, _("“%(name)s”未保存：%(why)s", name=upload.filename, why=_(exc.message))]
                refused = True
    return refused


def _withdraw(case, action):
    evidence_id = as_id(action.split("-", 1)[1]) or 0
    evidence = ReportEvidence.visible_to(g.user).where(ReportEvidence.id == evidence_id).first()
    if evidence is None or evidence.item.case_id != case.id:
        abort(404)
    services.withdraw_evidence(evidence, g.user)
    flash(_("已撤回该文件"), "info")


def _render(case, items, form, status=200):
    return render_template("rectifications/report.html", case=case, items=items, form=form,
                           files=report_files(case),
                           statements={r["item"].id: r["statement"] for r in notice_items(case)},
                           finding_photos=photos_of([i.finding_id for i in items if i.finding_id], g.user)), status


@bp.route("/<int:case_id>/report", methods=("GET", "POST"))
@permission_required(roles.can_view_rectifications)
def report(case_id):
    """整改报告: save as often as needed, then submit once every item is complete."""
    case = load_case(case_id)
    if not roles.can_report_rectification(g.user, case):
        abort(403)
    items = list(case.items_in_order())
    form_class = forms.build_report_form(items)
    if request.method == "GET":
        return _render(case, items, form_class(data=_saved_data(case, items)))
    form = form_class()
    refusal = WORKFLOW.refusal(case, Action.SUBMIT_REPORT, g.user)
    if refusal:
        flash(_(refusal), "error")
        return _render(case, items, form, 409)
    if not form.validate():
        return _render(case, items, form, 400)
    return _save_then(case, items, form, request.form.get("action", "save"))


def _save_then(case, items, form, action):
    """Save what was typed and the chosen files, then withdraw a file, stay, or submit."""
    services.save_report(case, g.user, _reports(form, items), form.summary.data, form.contact.data)
    refused = _store_files(form, items)
    if action.startswith("withdraw-"):
        _withdraw(case, action)
        return redirect(url_for("rectifications.report", case_id=case.id))
    if refused:
        flash(_("报告内容已保存，但有文件未能保存，请查看提示"), "error")
        return _render(case, items, form, 400)
    if action != "submit":
        flash(_("已保存，可随时继续填写"), "success")
        return redirect(url_for("rectifications.report", case_id=case.id))
    return _submit(case, items, form)


def _submit(case, items, form):
    try:
        services.submit_report(case, g.user)
    except DomainError as exc:
        if exc.field == "evidence":
            form[f"files_{items[0].id}"].errors = [_(exc.message)]
        else:
            show_domain_error(exc, form)
        return _render(case, items, form, 400)
    flash(_("整改报告已提交，等待督查管理员复查"), "success")
    return redirect(url_for("rectifications.detail", case_id=case.id))
