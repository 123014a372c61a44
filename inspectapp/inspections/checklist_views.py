"""Admin pages for checklist templates. Editing a version an inspection used creates a new version."""
from itertools import groupby

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
from inspectapp.inspections import checklists as versioning
from inspectapp.inspections import forms
from inspectapp.inspections.blueprint import bp
from inspectapp.inspections.models import ChecklistItem
from inspectapp.inspections.models import ChecklistTemplate
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Severity


@bp.route("/checklists/")
@permission_required(roles.can_plan_inspections)
def checklists():
    """Checklist templates (current versions) and how many inspections used each version."""
    templates = list(ChecklistTemplate.current())
    versions = {t.key: list(ChecklistTemplate.versions_of(t.key)) for t in templates}
    used = {}
    for inspection in Inspection.select(Inspection.template):
        used[inspection.template_id] = used.get(inspection.template_id, 0) + 1
    return render_template("inspections/checklists.html", templates=templates, versions=versions, used=used)


@bp.route("/checklists/<int:template_id>")
@permission_required(roles.can_plan_inspections)
def checklist_template(template_id):
    """One version's items by category; the current version can be edited."""
    template = get_or_404(ChecklistTemplate.select(), template_id)
    items = template.items_in_order()
    return render_template("inspections/checklist_template.html", template=template,
                           groups=[(c, list(rows)) for c, rows in groupby(items, key=lambda i: i.category)],
                           versions=list(ChecklistTemplate.versions_of(template.key)),
                           used=Inspection.select().where(Inspection.template == template).count(),
                           severity_labels=Severity.LABELS,
                           form=forms.ConfirmForm())


def _saved_message(template, version):
    if version.id != template.id:
        flash(_("已保存为第 %(n)s 版；已使用旧版本的检查不受影响", n=version.version), "success")
    else:
        flash(_("已保存"), "success")


def _edit_item(template, item):
    form = forms.ItemForm(obj=item)
    if form.validate_on_submit():
        values = {name: form[name].data for name in versioning.ITEM_FIELDS}
        values["position"] = values["position"] or 0
        try:
            version, _saved = versioning.save_item(template, item, values, actor=g.user, ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            _saved_message(template, version)
            return redirect(url_for("inspections.checklist_template", template_id=version.id))
    return render_template("inspections/item_form.html", template=template, item=item, form=form)


def _current_template(template_id):
    template = get_or_404(ChecklistTemplate.select(), template_id)
    if not template.is_current:
        flash(_("只能修改当前版本的检查表"), "error")
        return None
    return template


@bp.route("/checklists/<int:template_id>/items/new", methods=("GET", "POST"))
@permission_required(roles.can_plan_inspections)
def new_item(template_id):
    template = _current_template(template_id)
    if template is None:
        return redirect(url_for("inspections.checklist_template", template_id=template_id))
    return _edit_item(template, None)


@bp.route("/checklists/<int:template_id>/items/<int:item_id>/edit", methods=("GET", "POST"))
@permission_required(roles.can_plan_inspections)
def edit_item(template_id, item_id):
    template = _current_template(template_id)
    if template is None:
        return redirect(url_for("inspections.checklist_template", template_id=template_id))
    return _edit_item(template, get_or_404(ChecklistItem.select().where(ChecklistItem.template == template), item_id))


@bp.route("/checklists/<int:template_id>/items/<int:item_id>/remove", methods=("POST",))
@permission_required(roles.can_plan_inspections)
def remove_item(template_id, item_id):
    template = _current_template(template_id)
    if template is None or not forms.ConfirmForm().validate_on_submit():
        return redirect(url_for("inspections.checklist_template", template_id=template_id))
    item = get_or_404(ChecklistItem.select().where(ChecklistItem.template == template), item_id)
    version = versioning.remove_item(template, item, actor=g.user, ip=client_ip())
    _saved_message(template, version)
    return redirect(url_for("inspections.checklist_template", template_id=version.id))


@bp.route("/checklists/<int:template_id>/copy", methods=("GET", "POST"))
@permission_required(roles.can_plan_inspections)
def copy_checklist(template_id):
    """Start a new checklist from an existing one (e.g. a version for 视频巡查)."""
    template = get_or_404(ChecklistTemplate.select(), template_id)
    form = forms.CopyTemplateForm()
    if form.validate_on_submit():
        try:
            new = versioning.copy_template(template, form.key.data, form.name.data, actor=g.user, ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("已新建检查表"), "success")
            return redirect(url_for("inspections.checklist_template", template_id=new.id))
    return render_template("inspections/copy_checklist.html", template=template, form=form)
