"""Admin pages for halls, units, windows and staff; CSV import/export; window token rotation.

Admins manage everything; viewers read everything; unit managers read their own unit only
(scoping is in the model queries, so a foreign id is a 404 by any URL).
"""
from dataclasses import dataclass

from flask import Blueprint
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from inspectapp.auth import roles
from inspectapp.auth.decorators import permission_required
from inspectapp.common import switch
from inspectapp.common.errors import DomainError
from inspectapp.common.exports import export_response
from inspectapp.common.timeutil import local_today
from inspectapp.common.web import client_ip
from inspectapp.common.web import get_or_404
from inspectapp.common.web import paginate_request
from inspectapp.common.web import show_domain_error
from inspectapp.orgs import csvio
from inspectapp.orgs import forms
from inspectapp.orgs import services
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window

bp = Blueprint("orgs", __name__)


def _active_units(current=None):
    query = Unit.select().where(Unit.is_active | (Unit.id == (current or 0))).order_by(Unit.code)
    return [(u.id, f"{u.code} {u.name}") for u in query]


def _active_halls(current=None):
    query = Hall.select().where(Hall.is_active | (Hall.id == (current or 0))).order_by(Hall.code)
    return [(h.id, f"{h.code} {h.name}") for h in query]


def _window_choices(current=None):
    query = (Window.select(Window, Hall, Unit).join(Hall).switch(Window).join(Unit)
             .where(Window.is_active | (Window.id == (current or 0))).order_by(Hall.code, Window.number))
    return [(0, _("（未分配）"))] + [(w.id, f"{w.hall.name} {w.number} · {w.unit.short_name}") for w in query]


def _prepare_window_form(form, obj):
    form.hall.choices = _active_halls(obj.hall_id if obj else None)
    form.unit.choices = _active_units(obj.unit_id if obj else None)
    if obj is not None and request.method == "GET":
        form.hall.data, form.unit.data = obj.hall_id, obj.unit_id


def _prepare_staff_form(form, obj):
    form.unit.choices = _active_units(obj.unit_id if obj else None)
    form.window.choices = _window_choices(obj.window_id if obj else None)
    if obj is not None and request.method == "GET":
        form.unit.data, form.window.data = obj.unit_id, obj.window_id or 0


def _hall_values(form):
    return {f: form[f].data for f in ("code", "name", "address", "opens_at", "closes_at", "is_active")}


def _unit_values(form):
    return {f: form[f].data for f in ("code", "name", "short_name", "is_active")}


def _window_values(form):
    return {"hall": Hall.get_by_id(form.hall.data), "unit": Unit.get_by_id(form.unit.data),
            "number": form.number.data.strip().upper(), "name": form.name.data, "is_active": form.is_active.data}


def _staff_values(form):
    window = Window.get_or_none(Window.id == form.window.data) if form.window.data else None
    return {"staff_no": form.staff_no.data, "name": form.name.data, "unit": Unit.get_by_id(form.unit.data),
            "window": window, "is_active": form.is_active.data}


@dataclass(frozen=True)
class Entity:
    """How one kind of org row is listed, searched and edited."""

    name: str  # URL segment and endpoint prefix, e.g. "halls"
    model: type
    form: type
    title: str
    columns: tuple  # (header, function(row) -> text)
    search: tuple  # model fields searched by ?q=
    values: object  # function(form) -> dict for services.save
    prepare: object = None  # function(form, obj) filling dynamic choices
    off_effects: tuple = ()  # what switching a row off does, said on the 确认停用 page
    search_hint: str = ""  # the search box placeholder: what `search` looks in, in the users' words

    def query(self, user):
        if hasattr(self.model, "visible_to"):
            return self.model.visible_to(user)
        return self.model.select()


def _yes_no(flag):
    return _("启用") if flag else _("停用")


ENTITIES = {
    e.name: e
    for e in (
        Entity("halls", Hall, forms.HallForm, _l("大厅"),
               ((_l("编码"), lambda h: h.code), (_l("名称"), lambda h: h.name),
                (_l("开放时间"), lambda h: f"{h.opens_at:%H:%M}-{h.closes_at:%H:%M}"),
                (_l("状态"), lambda h: _yes_no(h.is_active))),
               (Hall.code, Hall.name, Hall.address), _hall_values, search_hint=_l("搜索大厅编码、名称或地址"),
               off_effects=(_l("新建窗口、安排暗访检查、发布问卷时不再能选择这个大厅，二维码页不再列出它；"),
                            _l("大厅里的窗口不会随之停用，如需停止扫码评价，请逐个停用窗口。"))),
        Entity("units", Unit, forms.UnitForm, _l("窗口单位"),
               ((_l("编码"), lambda u: u.code), (_l("名称"), lambda u: u.name), (_l("简称"), lambda u: u.short_name),
                (_l("状态"), lambda u: _yes_no(u.is_active))),
               (Unit.code, Unit.name, Unit.short_name), _unit_values, search_hint=_l("搜索单位编码、名称或简称"),
               off_effects=(_l("新建窗口、工作人员、用户和问卷评议时不再能选择这个单位；"),
                            _l("单位的窗口和工作人员不会随之停用。"))),
        Entity("windows", Window, forms.WindowForm, _l("窗口"),
               ((_l("大厅"), lambda w: w.hall.name), (_l("窗口号"), lambda w: w.number),
                (_l("单位"), lambda w: w.unit.short_name), (_l("名称"), lambda w: w.name),
                (_l("状态"), lambda w: _yes_no(w.is_active))),
               (Window.number, Window.name, Unit.name, Unit.short_name, Hall.name), _window_values,
               _prepare_window_form, search_hint=_l("搜索窗口号、窗口名称、单位或大厅"),
               off_effects=(_l("群众扫这个窗口的二维码将无法评价，台卡请及时撤下；"),)),
        Entity("staff", Staff, forms.StaffForm, _l("工作人员"),
               ((_l("工号"), lambda s: s.staff_no), (_l("姓名"), lambda s: s.name),
                (_l("单位"), lambda s: s.unit.short_name),
                (_l("窗口"), lambda s: s.window.number if s.window_id else "—"),
                (_l("状态"), lambda s: _yes_no(s.is_active))),
               (Staff.staff_no, Staff.name, Unit.name, Unit.short_name), _staff_values, _prepare_staff_form,
               search_hint=_l("搜索工号、姓名或单位"),
               off_effects=(_l("评价页“为您服务的工作人员”中不再列出此人；"),)),
    )
}


def _entity(kind):
    entity = ENTITIES.get(kind)
    if entity is None:
        from flask import abort

        abort(404)
    return entity


@bp.route("/<kind>/")
@permission_required(roles.can_view_orgs)
def index(kind):
    """List halls, units, windows or staff with search, status filter and paging."""
    entity = _entity(kind)
    query = entity.query(g.user)
    q = request.args.get("q", "").strip()
    if q:
        condition = None
        for fld in entity.search:
            condition = fld.contains(q) if condition is None else condition | fld.contains(q)
        query = query.where(condition)
    status = request.args.get("status", "active")
    if status == "active":
        query = query.where(entity.model.is_active == True)  # noqa: E712
    elif status == "inactive":
        query = query.where(entity.model.is_active == False)  # noqa: E712
    page = paginate_request(query.order_by(entity.model.id))
    return render_template("orgs/index.html", entity=entity, page=page, q=q, status=status,
                           can_manage=roles.can_manage_orgs(g.user))


def _edit(entity, obj):
    form = entity.form(obj=obj)
    if entity.prepare:
        entity.prepare(form, obj)
    if form.validate_on_submit():
        try:
            services.save(obj or entity.model(), entity.values(form), actor=g.user, ip=client_ip())
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("已保存"), "success")
            return redirect(url_for("orgs.index", kind=entity.name))
    return render_template("orgs/form.html", entity=entity, form=form, obj=obj,
                           rotate_form=forms.RotateTokenForm() if isinstance(obj, Window) else None)


@bp.route("/<kind>/new", methods=("GET", "POST"))
@permission_required(roles.can_manage_orgs)
def new(kind):
    """Create a hall, unit, window or staff member."""
    return _edit(_entity(kind), None)


@bp.route("/<kind>/<int:row_id>/edit", methods=("GET", "POST"))
@permission_required(roles.can_manage_orgs)
def edit(kind, row_id):
    """Edit one row."""
    entity = _entity(kind)
    return _edit(entity, get_or_404(entity.query(g.user), row_id))


def _name(obj):
    return getattr(obj, "label", None) or str(obj)


@bp.route("/<kind>/<int:row_id>/deactivate", methods=("GET", "POST"))
@permission_required(roles.can_manage_orgs)
def deactivate(kind, row_id):
    """Ask first (GET), then deactivate, never delete (POST); the message offers to switch it back on."""
    entity = _entity(kind)
    obj = get_or_404(entity.query(g.user), row_id)
    back = url_for("orgs.index", kind=entity.name)
    if request.method == "GET":
        return switch.confirm_page(switch.Consequence(entity.title, _name(obj), entity.off_effects),
                                   url_for("orgs.deactivate", kind=kind, row_id=row_id), back)
    services.set_active(obj, False, actor=g.user, ip=client_ip())
    switch.flash_switched_off(_("已停用%(kind)s“%(name)s”", kind=entity.title, name=_name(obj)),
                              url_for("orgs.activate", kind=kind, row_id=row_id))
    return redirect(back)


@bp.route("/<kind>/<int:row_id>/activate", methods=("POST",))
@permission_required(roles.can_manage_orgs)
def activate(kind, row_id):
    """Switch a deactivated row back on."""
    entity = _entity(kind)
    obj = get_or_404(entity.query(g.user), row_id)
    services.set_active(obj, True, actor=g.user, ip=client_ip())
    flash(_("已重新启用%(kind)s“%(name)s”", kind=entity.title, name=_name(obj)), "success")
    return redirect(url_for("orgs.index", kind=entity.name))


@bp.route("/windows/<int:window_id>/rotate-token", methods=("POST",))
@permission_required(roles.can_manage_orgs)
def rotate_token(window_id):
    """Retire a window's QR token (leaked or abused code) and issue a new one."""
    window = get_or_404(Window.visible_to(g.user), window_id)
    form = forms.RotateTokenForm()
    if form.validate_on_submit():
        services.rotate_token(window, form.reason.data, actor=g.user, ip=client_ip())
        flash(_("已更换二维码，旧二维码已停用，请重新打印张贴"), "success")
    else:
        flash(_("请填写停用原因"), "error")
    return redirect(url_for("orgs.edit", kind="windows", row_id=window.id))


@bp.route("/import", methods=("GET", "POST"))
@permission_required(roles.can_manage_orgs)
def import_csv():
    """Import the org tree from CSV or XLSX; shows a row-by-row report."""
    form = forms.ImportForm()
    report = None
    if form.validate_on_submit():
        try:
            table = csvio.read(form.file.data.read())
        except csvio.RowError as exc:
            form.file.errors = [*form.file.errors, _(str(exc))]
        else:
            report = csvio.import_csv(table, actor=g.user, ip=client_ip())
    return render_template("orgs/import.html", form=form, report=report, columns=csvio.COLUMNS)


@bp.route("/export.csv", defaults={"fmt": "csv"})
@bp.route("/export.xlsx", defaults={"fmt": "xlsx"})
@permission_required(roles.can_manage_orgs)
def export_csv(fmt):
    """Download the whole org tree as CSV or XLSX (the import format)."""
    return export_response(csvio.EXPORT_COLUMNS, csvio.export_rows(), f"orgs-{local_today():%Y%m%d}", fmt,
                           title="组织机构")
