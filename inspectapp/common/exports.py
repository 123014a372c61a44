"""Every CSV and XLSX the app hands out, and the tables it reads back, go through here.

One table = a list of `Column` (a header and a kind) and an iterable of rows (one value per
column). The same table becomes a CSV (UTF-8 with a BOM so Excel picks the encoding, CRLF) or
an XLSX (typed cells, header row frozen, auto-filter):

- text is never a formula: a cell that a spreadsheet would evaluate (it starts with = + - @,
  a tab, CR or LF, or their full-width forms) is written with a leading apostrophe in CSV and as
  a quote-prefixed string in XLSX. A text that itself starts with an apostrophe gets one more,
  so `restore()` gives back exactly what was exported (the org import reads its exports);
- numbers are numbers, dates and times are dates and times (naive datetimes are UTC, the app's
  storage convention, and are shown in China Standard Time);
- every response is `Cache-Control: no-store` (exports carry personal or internal data).

    from inspectapp.common.exports import Column, export_response
    columns = [Column("编号", "int"), Column("提交时间", "datetime"), Column("意见建议")]
    rows = ((e.id, e.submitted_at, e.comment) for e in query)
    return export_response(columns, rows, "ratings-20261201", fmt)     # fmt: "csv" or "xlsx"
"""
import csv
import datetime as dt
import decimal
import io
from dataclasses import dataclass
from urllib.parse import quote

from flask import Response
from werkzeug.http import dump_options_header

from inspectapp.common.timeutil import to_local

#: Column kinds; a value of None is an empty cell in every kind.
TEXT, INT, NUMBER, DATE, DATETIME, TIME = "text", "int", "number", "date", "datetime", "time"
KINDS = (TEXT, INT, NUMBER, DATE, DATETIME, TIME)
FORMATS = ("csv", "xlsx")
MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: First characters that make Excel, LibreOffice or WPS evaluate a cell (or start DDE).
FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")
XLSX_NUMBER_FORMATS = {DATE: "yyyy-mm-dd", DATETIME: "yyyy-mm-dd hh:mm:ss", TIME: "hh:mm", INT: "0"}
CSV_FORMATS = {DATE: "%Y-%m-%d", DATETIME: "%Y-%m-%d %H:%M:%S", TIME: "%H:%M"}
XLSX_MAX_TEXT = 32767


class TableError(ValueError):
    """An uploaded table cannot be read; the message says why (shown to the user)."""


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    #: XLSX column width in characters (None: from the header).
    width: int | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def neutralise(text):
    """Text that no spreadsheet evaluates, and that `restore()` turns back into `text`."""
    text = "" if text is None else str(text)
    if text[:1] in FORMULA_STARTS or text[:1] == "'":
        return "'" + text
    return text


def restore(text):
    """The inverse of `neutralise` for a cell read back from one of our CSV exports."""
    if text[:1] == "'" and (text[1:2] in FORMULA_STARTS or text[1:2] == "'"):
        return text[1:]
    return text


def _local(value):
    """A datetime as naive China Standard Time; naive input is UTC (how every *_at column is stored)."""
    return to_local(value if value.tzinfo is None else value.astimezone(dt.UTC).replace(tzinfo=None)).replace(
        tzinfo=None)


def _typed(column, value):
    """The Python value of one cell (raises TypeError for a value that does not fit the kind)."""
    if value is None or value == "":
        return None
    kind = column.kind
    if kind == TEXT:
        return str(value)
    if kind == INT:
        return int(value)
    if kind == NUMBER:
        return value if isinstance(value, (int, float, decimal.Decimal)) else float(value)
    if kind == DATETIME:
        if not isinstance(value, dt.datetime):
            raise TypeError(f"{column.header}: expected a datetime, got {value!r}")
        return _local(value)
    expected = dt.date if kind == DATE else dt.time
    if not isinstance(value, expected) or (kind == DATE and isinstance(value, dt.datetime)):
        raise TypeError(f"{column.header}: expected a {kind}, got {value!r}")
    return value


def _csv_text(column, value):
    value = _typed(column, value)
    if value is None:
        return ""
    if column.kind == TEXT:
        return neutralise(value)
    if column.kind in CSV_FORMATS:
        return value.strftime(CSV_FORMATS[column.kind])
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def csv_bytes(columns, rows):
    """The table as CSV bytes: UTF-8 with BOM, CRLF line ends, header row first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c.header) for c in columns])
    for row in rows:
        writer.writerow([_csv_text(c, v) for c, v in zip(columns, row, strict=True)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_cell(sheet, column, value):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _typed(column, value)
    if column.kind == TEXT and value is not None:
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_MAX_TEXT]
    cell = WriteOnlyCell(sheet, value=value)
    if column.kind == TEXT and value is not None:
        # A string cell, never a formula; quotePrefix keeps it text when someone edits it in Excel.
        cell.data_type = "s"
        if value[:1] in FORMULA_STARTS or value[:1] == "'":
            cell.quotePrefix = True
    elif column.kind in XLSX_NUMBER_FORMATS:
        cell.number_format = XLSX_NUMBER_FORMATS[column.kind]
    return cell


def xlsx_bytes(columns, rows, title="Sheet1"):
    """The table as an XLSX workbook with one sheet: typed cells, bold frozen header, auto-filter."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    for index, column in enumerate(columns, start=1):
        width = column.width or max(10, 2 * len(column.header) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.data_type, cell.font = "s", Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, c, v) for c, v in zip(columns, row, strict=True)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(columns)))}{count + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title):
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return (title.strip() or "Sheet1")[:31]


def table_bytes(columns, rows, fmt, title="Sheet1"):
    if fmt == "csv":
        return csv_bytes(columns, rows)
    if fmt == "xlsx":
        return xlsx_bytes(columns, rows, title)
    raise ValueError(f"unknown export format {fmt!r}")


def export_response(columns, rows, filename_stem, fmt="csv", title="Sheet1"):
    """A download of the table as `<filename_stem>.csv` or `.xlsx`, never cached."""
    data = table_bytes(columns, rows, fmt, title)
    response = Response(data, mimetype=MIME[fmt])
    filename = f"{filename_stem}.{fmt}"
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    response.headers["Content-Disposition"] = dump_options_header(
        "attachment", {"filename": ascii_name, "filename*": "UTF-8''" + quote(filename)})
    response.headers["Cache-Control"] = "no-store"
    return response


def read_table(raw, filename=""):
    """An uploaded CSV or XLSX as a list of rows of text (header row first).

    CSV may be UTF-8 (with or without BOM) or GB18030 (Excel on Chinese Windows); cells written by
    `neutralise` are restored. XLSX is recognised by its content (a zip), whatever its name.
    :raises TableError: the file is neither.
    """
    if raw[:4] == b"PK\x03\x04":
        return _read_xlsx(raw)
    text = _decode(raw)
    try:
        return [[restore(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise TableError(f"CSV 文件格式有误：{exc}") from None


def _decode(raw):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("无法识别文件编码，请另存为 UTF-8 编码的 CSV 或 Excel 工作簿（.xlsx）")


def _read_xlsx(raw):
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise TableError("无法读取该 Excel 文件，请另存为 .xlsx 或 CSV 后再上传") from None
    try:
        sheet = book.worksheets[0]
        return [[_xlsx_text(cell) for cell in row] for row in sheet.iter_rows()]
    finally:
        book.close()


def _xlsx_text(cell):
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        date_only = "h" not in (cell.number_format or "").lower()
        return value.strftime(CSV_FORMATS[DATE if date_only else DATETIME])
    if isinstance(value, dt.date):
        return value.strftime(CSV_FORMATS[DATE])
    if isinstance(value, dt.time):
        return value.strftime(CSV_FORMATS[TIME])
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
