"""CSV/XLSX import and export of the whole org tree (halls, units, windows, staff) in one file.

One row per object, typed by the first column. Re-importing the same file changes nothing:
rows are matched by their key (hall code, unit code, hall + window number, 工号) and only
changed fields are written. Bad rows are reported by line number with the reason; good rows
are kept. Files saved by Excel in GBK/GB18030 are read as well as UTF-8 (with or without BOM),
and so are .xlsx workbooks; an exported file (CSV or XLSX) reads back unchanged.
"""
from dataclasses import dataclass
from dataclasses import field

from inspectapp.audit import services as audit
from inspectapp.common import exports
from inspectapp.common.forms import first_error
from inspectapp.common.forms import validate_row
from inspectapp.db import db
from inspectapp.orgs import forms
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window

COLUMNS = ["类型", "编码", "名称", "简称", "地址", "开放时间", "大厅", "单位", "窗口", "状态"]
KIND_HALL, KIND_UNIT, KIND_WINDOW, KIND_STAFF = "大厅", "单位", "窗口", "人员"
#: Import order, so that a file may list rows in any order.
KIND_ORDER = (KIND_HALL, KIND_UNIT, KIND_WINDOW, KIND_STAFF)
ACTIVE, INACTIVE = "启用", "停用"
MAX_ROWS = 20000


class RowError(Exception):
    pass


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # [(line, message)]

    @property
    def ok(self):
        return not self.errors


def read(raw):
    """Rows (header first) of an uploaded CSV or XLSX file. Raises RowError when it cannot be read."""
    try:
        return exports.read_table(raw)
    except exports.TableError as exc:
        raise RowError(str(exc)) from None


def _status(value):
    value = (value or "").strip()
    if value in ("", ACTIVE, "1", "active", "是"):
        return True
    if value in (INACTIVE, "0", "inactive", "否"):
        return False
    raise RowError(f"状态只能是“{ACTIVE}”或“{INACTIVE}”，不是“{value}”")


def _cell(row, column):
    return (row.get(column) or "").strip()


def _hours(value):
    """'08:30-17:30' -> ('08:30', '17:30') as typed; the hall form checks the times themselves."""
    if not value:
        return "09:00", "17:00"
    parts = value.replace("—", "-").replace("－", "-").split("-")
    if len(parts) != 2:
        raise RowError(f"开放时间格式应为 09:00-17:00，不是“{value}”")
    return parts[0].strip(), parts[1].strip()


def _validated(form_class, values, columns, **prepare):
    """The row's values checked by the same form an admin fills in (orgs/forms.py).

    `columns` maps form fields to the CSV column shown in the error message."""
    form = validate_row(form_class, values, **prepare)
    for name, column in columns.items():
        if form[name].errors:
            raise RowError(f"“{column}”：{form[name].errors[0]}")
    error = first_error(form)
    if error:
        raise RowError(f"“{error[0]}”：{error[1]}")
    return form.data


def _lookup(model, code, message, column=None):
    """The hall or unit with this code; `column` set means the cell is required."""
    if not code and column:
        raise RowError(f"“{column}”不能为空")
    row = model.get_or_none(model.code == code) if code else None
    if code and row is None:
        raise RowError(message.format(code=code))
    return row


def _flag(row):
    return "y" if _status(row.get("状态")) else None


def _hall_row(row):
    opens_at, closes_at = _hours(_cell(row, "开放时间"))
    data = _validated(forms.HallForm, {
        "code": row.get("编码"), "name": row.get("名称"), "address": row.get("地址"), "opens_at": opens_at,
        "closes_at": closes_at, "is_active": _flag(row)},
        {"code": "编码", "name": "名称", "address": "地址", "opens_at": "开放时间", "closes_at": "开放时间"})
    values = {k: data[k] for k in ("name", "address", "opens_at", "closes_at", "is_active")}
    return Hall.get_or_none(Hall.code == data["code"]), Hall, {"code": data["code"]}, values


def _unit_row(row):
    data = _validated(forms.UnitForm, {
        "code": row.get("编码"), "name": row.get("名称"), "short_name": row.get("简称"), "is_active": _flag(row)},
        {"code": "编码", "name": "名称", "short_name": "简称"})
    values = {k: data[k] for k in ("name", "short_name", "is_active")}
    return Unit.get_or_none(Unit.code == data["code"]), Unit, {"code": data["code"]}, values


def _window_row(row):
    hall = _lookup(Hall, _cell(row, "大厅"), "大厅编码“{code}”不存在", "大厅")
    unit = _lookup(Unit, _cell(row, "单位"), "单位编码“{code}”不存在", "单位")
    data = _validated(forms.WindowForm, {
        "hall": hall.id if hall else "", "unit": unit.id if unit else "", "number": row.get("编码"),
        "name": row.get("名称"), "is_active": _flag(row)},
        {"hall": "大厅", "unit": "单位", "number": "编码", "name": "名称"},
        hall={"choices": [(hall.id if hall else -1, "")]}, unit={"choices": [(unit.id if unit else -1, "")]})
    key = {"hall": hall, "number": data["number"]}
    existing = Window.get_or_none((Window.hall == hall) & (Window.number == key["number"]))
    return existing, Window, key, {"unit": unit, "name": data["name"], "is_active": data["is_active"]}


def _staff_window(row, unit):
    number = _cell(row, "窗口")
    if not number:
        return None
    hall = _lookup(Hall, _cell(row, "大厅"), "大厅编码“{code}”不存在", "大厅")
    window = Window.get_or_none((Window.hall == hall) & (Window.number == number.upper()))
    if window is None:
        raise RowError(f"大厅“{hall.code}”没有窗口“{number}”")
    if unit is not None and window.unit_id != unit.id:
        raise RowError(f"窗口“{number}”不属于单位“{unit.code}”")
    return window


def _staff_row(row):
    unit = _lookup(Unit, _cell(row, "单位"), "单位编码“{code}”不存在", "单位")
    window = _staff_window(row, unit)
    data = _validated(forms.StaffForm, {
        "staff_no": row.get("编码"), "name": row.get("名称"), "unit": unit.id if unit else "",
        "window": window.id if window else 0, "is_active": _flag(row)},
        {"staff_no": "编码", "name": "名称", "unit": "单位"},
        unit={"choices": [(unit.id if unit else -1, "")]}, window={"choices": [(0, ""), (window.id if window else -1,
                                                                                         "")]})
    values = {"name": data["name"], "unit": unit, "window": window, "is_active": data["is_active"]}
    return Staff.get_or_none(Staff.staff_no == data["staff_no"]), Staff, {"staff_no": data["staff_no"]}, values


_PARSERS = {KIND_HALL: _hall_row, KIND_UNIT: _unit_row, KIND_WINDOW: _window_row, KIND_STAFF: _staff_row}


def _same(current, new):
    if hasattr(new, "id") and new is not None:
        return getattr(current, "id", None) == new.id
    return current == new


def _upsert(row, report):
    existing, model, key, values = _PARSERS[row["类型"].strip()](row)
    if existing is None:
        model.create(**key, **values)
        report.created += 1
        return
    changed = {name: value for name, value in values.items() if not _same(getattr(existing, name), value)}
    if not changed:
        report.unchanged += 1
        return
    for name, value in changed.items():
        setattr(existing, name, value)
    existing.save()
    report.updated += 1


def _records(table):
    """The header and the data rows of a table as dicts keyed by column name."""
    header = [h.strip() for h in (table[0] if table else [])]
    return header, (dict(zip(header, row)) for row in table[1:])


def import_csv(table, actor=None, ip=""):
    """Import an org table (rows from `read`). Returns an ImportReport; good rows saved, bad rows reported."""
    report = ImportReport()
    header, records = _records(table)
    missing = [c for c in ("类型", "编码", "名称") if c not in header]
    if missing:
        report.errors.append((1, "缺少列：" + "、".join(missing) + "（第一行应为表头：" + ",".join(COLUMNS) + "）"))
        return report
    rows = []
    for index, row in enumerate(records, start=2):
        if index > MAX_ROWS + 1:
            report.errors.append((index, f"文件超过 {MAX_ROWS} 行，其余行未导入"))
            break
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        kind = (row.get("类型") or "").strip()
        if kind not in _PARSERS:
            report.errors.append((index, f"类型应为 {'/'.join(KIND_ORDER)}，不是“{kind}”"))
            continue
        rows.append((KIND_ORDER.index(kind), index, row))
    with db.atomic():
        for _order, line, row in sorted(rows, key=lambda r: (r[0], r[1])):
            try:
                with db.atomic():
                    _upsert(row, report)
            except RowError as exc:
                report.errors.append((line, str(exc)))
        audit.record("orgs.imported", actor=actor, ip=ip,
                     detail={"created": report.created, "updated": report.updated,
                             "unchanged": report.unchanged, "errors": len(report.errors)})
    report.errors.sort()
    return report


def export_rows():
    """Every hall, unit, window and staff row in import format (active and inactive)."""
    def status(obj):
        return ACTIVE if obj.is_active else INACTIVE

    for h in Hall.select().order_by(Hall.code):
        hours = f"{h.opens_at.strftime('%H:%M')}-{h.closes_at.strftime('%H:%M')}"
        yield [KIND_HALL, h.code, h.name, "", h.address, hours, "", "", "", status(h)]
    for u in Unit.select().order_by(Unit.code):
        yield [KIND_UNIT, u.code, u.name, u.short_name, "", "", "", "", "", status(u)]
    windows = Window.select(Window, Hall, Unit).join(Hall).switch(Window).join(Unit).order_by(Hall.code, Window.number)
    for w in windows:
        yield [KIND_WINDOW, w.number, w.name, "", "", "", w.hall.code, w.unit.code, "", status(w)]
    staff = Staff.select(Staff, Unit).join(Unit).order_by(Staff.staff_no)
    for s in staff:
        hall_code = s.window.hall.code if s.window_id else ""
        number = s.window.number if s.window_id else ""
        yield [KIND_STAFF, s.staff_no, s.name, "", "", "", hall_code, s.unit.code, number, status(s)]


EXPORT_COLUMNS = [exports.Column(name) for name in COLUMNS]


def export_table(fmt="csv"):
    """The org tree as CSV (UTF-8 with BOM) or XLSX bytes, in the import format."""
    return exports.table_bytes(EXPORT_COLUMNS, export_rows(), fmt, title="组织机构")
