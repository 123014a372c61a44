import io

import pytest

from inspectapp.auth.roles import Role
from inspectapp.orgs import csvio
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window
from tests.factories import make_user


def _import(text):
    return csvio.import_csv(csvio.read(text.encode()))

GOOD = """类型,编码,名称,简称,地址,开放时间,大厅,单位,窗口,状态
人员,RS001,王芳,,,,LJ,RSJ,A01,
窗口,A01,社保窗口,,,,LJ,RSJ,,启用
单位,RSJ,临江市人力资源和社会保障局,社保,,,,,,
大厅,LJ,临江市政务服务中心,,滨江大道88号,08:30-17:30,,,,
窗口,A02,,,,,LJ,RSJ,,停用
人员,RS002,李强,,,,,RSJ,,
"""


def test_good_file_in_any_order(app):
    report = _import(GOOD)
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (6, 0, 0)
    hall = Hall.get(Hall.code == "LJ")
    assert hall.opens_at.hour == 8 and hall.closes_at.minute == 30
    assert Window.get(Window.number == "A02").is_active is False
    assert Staff.get(Staff.staff_no == "RS001").window.number == "A01"
    assert Staff.get(Staff.staff_no == "RS002").window is None


def test_second_import_changes_nothing(app):
    _import(GOOD)
    tokens = {w.id: w.public_token for w in Window.select()}
    report = _import(GOOD)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert {w.id: w.public_token for w in Window.select()} == tokens
    assert Window.select().count() == 2


def test_reimport_updates_changed_rows(app):
    _import(GOOD)
    report = _import(GOOD.replace("李强", "李小强"))
    assert (report.created, report.updated) == (0, 1)
    assert Staff.get(Staff.staff_no == "RS002").name == "李小强"


def test_export_round_trips(app):
    _import(GOOD)
    for fmt in ("csv", "xlsx"):
        exported = csvio.export_table(fmt)
        assert exported.startswith(b"\xef\xbb\xbf" if fmt == "csv" else b"PK")
        report = csvio.import_csv(csvio.read(exported))
        assert report.errors == [] and report.unchanged == 6 and report.created == 0


BAD = """类型,编码,名称,简称,地址,开放时间,大厅,单位,窗口,状态
大厅,LJ,临江市政务服务中心,,,09:00-17:00,,,,
单位,RSJ,人社局,社保,,,,,,
单位,YB,医保局,,,,,,,
窗口,A01,,,,,LJ,NOPE,,
窗口,A02,,,,,XX,RSJ,,
窗口,A03,,,,,LJ,RSJ,,也许
大厅,BAD,坏时间,,,17:00-09:00,,,,
人员,P1,张三,,,,LJ,RSJ,A99,
星球,X,火星,,,,,,,
窗口,A04,,,,,LJ,RSJ,,
"""


def test_bad_rows_are_reported_by_line_and_good_rows_kept(app):
    report = _import(BAD)
    errors = dict(report.errors)
    assert errors[4] == "“简称”不能为空"
    assert errors[5] == "单位编码“NOPE”不存在"
    assert errors[6] == "大厅编码“XX”不存在"
    assert "状态只能是" in errors[7]
    assert errors[8] == "开放时间的开始应早于结束"
    assert errors[9] == "大厅“LJ”没有窗口“A99”"
    assert "类型应为" in errors[10]
    assert len(errors) == 7
    assert report.created == 3  # hall LJ, unit RSJ, window A04
    assert [w.number for w in Window.select()] == ["A04"]


def test_missing_header_is_one_clear_error(app):
    report = _import("a,b,c\n1,2,3\n")
    assert report.errors[0][0] == 1 and "缺少列" in report.errors[0][1]


def test_gbk_file_from_excel_is_read():
    rows = csvio.read(GOOD.encode())
    assert csvio.read(GOOD.encode("gb18030")) == rows
    assert csvio.read(b"\xef\xbb\xbf" + GOOD.encode()) == rows
    assert rows[1][:3] == ["人员", "RS001", "王芳"]


@pytest.fixture
def admin(login_as):
    return login_as(make_user(Role.ADMIN))


def test_import_page_shows_report(admin, client):
    data = {"file": (io.BytesIO(BAD.encode("gb18030")), "org.csv")}
    r = client.post("/orgs/import", data=data, content_type="multipart/form-data")
    body = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "新建 3 条" in body and "错误 7 条" in body
    assert "单位编码“NOPE”不存在" in body
    assert Unit.select().count() == 1


def test_import_page_requires_a_file(admin, client):
    body = client.post("/orgs/import", data={}, content_type="multipart/form-data").get_data(as_text=True)
    assert "请选择文件" in body


def test_export_download(admin, client):
    _import(GOOD)
    r = client.get("/orgs/export.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.headers["Cache-Control"] == "no-store"
    assert "attachment" in r.headers["Content-Disposition"]
    text = r.get_data().decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(csvio.COLUMNS)
    assert "人员,RS001,王芳" in text


def test_only_admins_import_or_export(client, login_as):
    for role in (Role.VIEWER, Role.UNIT_MANAGER, Role.INSPECTOR):
        login_as(make_user(role))
        assert client.get("/orgs/export.csv").status_code == 403
        assert client.post("/orgs/import", data={}).status_code == 403
