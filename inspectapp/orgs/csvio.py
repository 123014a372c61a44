"""CSV/XLSX import and export of the whole org tree (halls, units, windows, staff) in one file.

One row per object, typed by the first column. Re-importing the same file changes nothing:
rows are matched by their key (hall code, unit code, hall + window number, 工号) and only
changed fields are written. Bad rows are reported by line number with the reason; good rows
are kept. Files saved by Excel in GBK/GB18030 are read as well as UTF-8 (with or without BOM),
and so are .xlsx workbooks; an exported file (CSV or XLSX) reads back unchanged.
"""
import datetime as dt
from dataclasses import dataclass
from dataclasses import field

from inspectapp.audit import services as audit
from inspectapp.common import exports
from inspectapp.db import db
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


def _required(row, column, max_length):
    value = (row.get(column) or "").strip()
    if not value:
        raise RowError(f"“{column}”不能为空")
    if len(value) > max_length:
        raise RowError(f"“{column}”过长（最多 {max_length} 个字符）")
    return value


def _hours(value):
    value = (value or "").strip()
    if not value:
        return dt.time(9, 0), dt.time(17, 0)
    try:
        start, end = (dt.datetime.strptime(p.strip(), "%H:%M").time() for p in value.replace("—", "-").split("-"))
    except ValueError:
        raise RowError(f"开放时间格式应为 09:00-17:00，不是“{value}”") from None
    if start >= end:
        raise RowError("开放时间的开始应早于结束")
    return start, end


def _unit(code):
    unit = Unit.get_or_none(Unit.code == code)
    if unit is None:
        raise RowError(f"单位编码“{code}”不存在")
    return unit


def _hall(code):
    hall = Hall.get_or_none(Hall.code == code)
    if hall is None:
        raise RowError(f"大厅编码“{code}”不存在")
    return hall


def _hall_row(row):
    opens_at, closes_at = _hours(row.get("开放时间"))
    key = {"code": _required(row, "编码", 32)}
    values = {"name": _required(row, "名称", 100), "address": (row.get("地址") or "").strip()[:200],
              "opens_at": opens_at, "closes_at": closes_at, "is_active": _status(row.get("状态"))}
    return Hall.get_or_none(Hall.code == key["code"]), Hall, key, values


def _unit_row(row):
    key = {"code": _required(row, "编码", 32)}
    values = {"name": _required(row, "名称", 100), "short_name": _required(row, "简称", 20),
              "is_active": _status(row.get("状态"))}
    return Unit.get_or_none(Unit.code == key["code"]), Unit, key, values


def _window_row(row):
    hall = _hall(_required(row, "大厅", 32))
    key = {"hall": hall, "number": _required(row, "编码", 16)}
    values = {"unit": _unit(_required(row, "单位", 32)), "name": (row.get("名称") or "").strip()[:100],
              "is_active": _status(row.get("状态"))}
    existing = Window.get_or_none((Window.hall == hall) & (Window.number == key["number"]))
    return existing, Window, key, values


def _staff_row(row):
    unit = _unit(_required(row, "单位", 32))
    window = None
    number = (row.get("窗口") or "").strip()
    if number:
        hall = _hall(_required(row, "大厅", 32))
        window = Window.get_or_none((Window.hall == hall) & (Window.number == number))
        if window is None:
            raise RowError(f"大厅“{hall.code}”没有窗口“{number}”")
        if window.unit_id != unit.id:
            raise RowError(f"窗口“{number}”不属于单位“{unit.code}”")
    key = {"staff_no": _required(row, "编码", 32)}
    values = {"name": _required(row, "名称", 50), "unit": unit, "window": window,
              "is_active": _status(row.get("状态"))}
    return Staff.get_or_none(Staff.staff_no == key["staff_no"]), Staff, key, values


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
