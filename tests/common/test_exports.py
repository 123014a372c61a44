"""The one export helper: formulas never live, types kept, BOM, no-store, read back unchanged."""
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from inspectapp.common import exports
from inspectapp.common.exports import Column

COLUMNS = [Column("编号", exports.INT), Column("提交时间", exports.DATETIME), Column("日期", exports.DATE),
           Column("时间", exports.TIME), Column("扣分", exports.NUMBER), Column("意见建议")]
HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", "\n=1", "＝1", "'=1", "''x", "=cmd|' /C calc'!A0",
           '=HYPERLINK("http://evil.example","点我")']
ROWS = [(1, dt.datetime(2026, 12, 1, 2, 13, 5), dt.date(2026, 12, 1), dt.time(10, 13), -2.5, text) for text in HOSTILE]


@given(st.text())
def test_neutralise_is_reversible_and_never_a_formula(text):
    safe = exports.neutralise(text)
    assert exports.restore(safe) == text
    assert safe[:1] not in exports.FORMULA_STARTS


def test_csv_has_bom_crlf_typed_values_and_no_formula():
    data = exports.csv_bytes(COLUMNS, ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "编号,提交时间,日期,时间,扣分,意见建议"
    # naive datetimes are UTC and are shown in China Standard Time; numbers stay numbers (-2.5 is not text)
    assert lines[1] == "1,2026-12-01 10:13:05,2026-12-01,10:13,-2.5,'=1+1"
    table = exports.read_table(data)
    assert [row[5] for row in table[1:]] == HOSTILE
    import csv
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
        assert row[5][:1] not in exports.FORMULA_STARTS


def test_xlsx_cells_are_typed_and_text_is_never_a_formula():
    data = exports.xlsx_bytes(COLUMNS, ROWS + [(2, None, None, None, Decimal("1.5"), "\x00bad\x07 chars")], "评价记录")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "评价记录" and sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS] and sheet["A1"].font.b
    row = sheet[2]
    assert row[0].value == 1 and row[0].data_type == "n"
    assert row[1].value == dt.datetime(2026, 12, 1, 10, 13, 5) and row[1].is_date
    assert row[2].value.date() == dt.date(2026, 12, 1) and row[2].number_format == "yyyy-mm-dd"
    assert row[3].value == dt.time(10, 13)
    assert row[4].value == -2.5 and row[4].data_type == "n"
    for index, text in enumerate(HOSTILE, start=2):
        cell = sheet.cell(index, 6)
        # XML normalises a bare CR to LF; single-line fields cannot contain either (common/forms.py)
        assert cell.value == text.replace("\r", "\n") and cell.data_type == "s"
        assert cell.quotePrefix
    assert sheet.cell(len(HOSTILE) + 2, 6).value == "bad chars"
    assert sheet.cell(len(HOSTILE) + 2, 5).value == 1.5


def test_xlsx_reads_back_as_the_same_text():
    data = exports.xlsx_bytes(COLUMNS, ROWS)
    table = exports.read_table(data, "whatever.csv")  # recognised by content, not by name
    assert table[0] == [c.header for c in COLUMNS]
    assert [row[5] for row in table[1:]] == [text.replace("\r", "\n") for text in HOSTILE]
    assert table[1][:5] == ["1", "2026-12-01 10:13:05", "2026-12-01", "10:13", "-2.5"]


def test_wrong_types_fail_loudly():
    with pytest.raises(TypeError):
        exports.csv_bytes([Column("日期", exports.DATE)], [("2026-12-01",)])
    with pytest.raises(ValueError):
        Column("x", "money")


def test_unreadable_upload_is_a_clear_error():
    with pytest.raises(exports.TableError, match="编码"):
        exports.read_table(b"\xff\xfe\x00\xd8\x00")
    with pytest.raises(exports.TableError, match="Excel"):
        exports.read_table(b"PK\x03\x04not really a zip")


@pytest.mark.parametrize("fmt", exports.FORMATS)
def test_response_is_a_never_cached_attachment(fmt):
    response = exports.export_response(COLUMNS, ROWS, "评价-20261201", fmt)
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''%E8%AF%84%E4%BB%B7-20261201.{fmt}" in disposition
    assert response.mimetype == exports.MIME[fmt].split(";")[0]
