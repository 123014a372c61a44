import pytest

from inspectapp.audit.models import AuditLog
from inspectapp.auth.roles import Role
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import RetiredToken
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window
from tests.factories import make_hall
from tests.factories import make_staff
from tests.factories import make_unit
from tests.factories import make_user
from tests.factories import make_window


@pytest.fixture
def admin(login_as):
    return login_as(make_user(Role.ADMIN))


@pytest.mark.parametrize("kind", ["halls", "units", "windows", "staff"])
def test_every_list_and_form_page_renders(admin, page, kind):
    make_staff(window=make_window())
    assert "<table" in page("orgs.index", kind=kind)
    assert "<form" in page("orgs.new", kind=kind)


def test_unknown_kind_is_404(admin, page):
    page("orgs.index", kind="planets", _status=404)


def test_create_edit_deactivate_hall(admin, client):
    r = client.post("/orgs/halls/new", data={"code": "SZX", "name": "市民中心", "address": "人民路1号",
                                             "opens_at": "08:30", "closes_at": "17:30", "is_active": "y"})
    assert r.status_code == 302
    hall = Hall.get(Hall.code == "SZX")
    assert hall.opens_at.hour == 8 and hall.opens_at.minute == 30
    r = client.post(f"/orgs/halls/{hall.id}/edit", data={"code": "SZX", "name": "市民服务中心",
                                                          "opens_at": "09:00", "closes_at": "17:00",
                                                          "is_active": "y"})
    assert r.status_code == 302 and Hall.get_by_id(hall.id).name == "市民服务中心"
    assert client.post(f"/orgs/halls/{hall.id}/deactivate").status_code == 302
    assert Hall.get_by_id(hall.id).is_active is False
    assert AuditLog.select().where(AuditLog.action == "hall.deactivated").count() == 1


def test_hall_form_errors_save_nothing(admin, client):
    body = client.post("/orgs/halls/new", data={"code": "有 空格", "name": "", "opens_at": "25:00",
                                                "closes_at": ""}).get_data(as_text=True)
    assert "编码只能包含字母" in body and "请输入名称" in body
    assert Hall.select().count() == 0


def test_duplicate_codes_are_form_errors(admin, client):
    make_hall(code="H1")
    make_unit(code="U1")
    body = client.post("/orgs/halls/new", data={"code": "H1", "name": "x", "opens_at": "09:00",
                                                "closes_at": "17:00"}).get_data(as_text=True)
    assert "大厅编码已存在" in body
    body = client.post("/orgs/units/new", data={"code": "U1", "name": "x", "short_name": "x"}).get_data(as_text=True)
    assert "单位编码已存在" in body
    assert Hall.select().count() == 1 and Unit.select().count() == 1


def test_create_window_and_number_unique_per_hall(admin, client):
    hall, unit = make_hall(), make_unit()
    data = {"hall": hall.id, "unit": unit.id, "number": "a12", "name": "社保窗口", "is_active": "y"}
    assert client.post("/orgs/windows/new", data=data).status_code == 302
    window = Window.get(Window.number == "A12")  # stored upper-case
    assert len(window.public_token) >= 16
    body = client.post("/orgs/windows/new", data=data).get_data(as_text=True)
    assert "该大厅已有相同窗口号" in body
    other_hall = make_hall()
    assert client.post("/orgs/windows/new", data=dict(data, hall=other_hall.id)).status_code == 302
    assert Window.select().count() == 2


def test_window_tokens_are_random_and_long(app):
    tokens = {make_window().public_token for _ in range(20)}
    assert len(tokens) == 20
    # token_urlsafe(16): 128 bits of entropy, at least the 96 the product requires.
    assert all(len(t) >= 22 for t in tokens)


def test_staff_window_must_belong_to_staff_unit(admin, client):
    window = make_window()
    other_unit = make_unit()
    body = client.post("/orgs/staff/new", data={"staff_no": "G001", "name": "李明", "unit": other_unit.id,
                                                "window": window.id, "is_active": "y"}).get_data(as_text=True)
    assert "所选窗口不属于该人员的单位" in body
    assert Staff.select().count() == 0
    r = client.post("/orgs/staff/new", data={"staff_no": "G001", "name": "李明", "unit": window.unit_id,
                                             "window": window.id, "is_active": "y"})
    assert r.status_code == 302
    staff = Staff.get(Staff.staff_no == "G001")
    assert staff.window_id == window.id
    # Moving to no window.
    r = client.post(f"/orgs/staff/{staff.id}/edit", data={"staff_no": "G001", "name": "李明", "unit": window.unit_id,
                                                          "window": "0", "is_active": "y"})
    assert r.status_code == 302 and Staff.get_by_id(staff.id).window_id is None


def test_search_and_status_filter(admin, page):
    make_unit(code="RSJ", name="人力资源和社会保障局", short_name="社保")
    make_unit(code="YB", name="医疗保障局", short_name="医保", is_active=False)
    html = page("orgs.index", kind="units", q="社保")
    assert "人力资源和社会保障局" in html
    assert "医疗保障局" not in page("orgs.index", kind="units")
    assert "医疗保障局" in page("orgs.index", kind="units", status="inactive")
    assert "医疗保障局" in page("orgs.index", kind="units", status="all")


def test_rotate_token_retires_old_one_and_is_audited(admin, client):
    window = make_window()
    old = window.public_token
    body = client.post(f"/orgs/windows/{window.id}/rotate-token", data={"reason": ""},
                       follow_redirects=True).get_data(as_text=True)
    assert "请填写停用原因" in body
    assert Window.get_by_id(window.id).public_token == old
    client.post(f"/orgs/windows/{window.id}/rotate-token", data={"reason": "二维码被翻拍冒用"})
    window = Window.get_by_id(window.id)
    assert window.public_token != old
    retired = RetiredToken.get(RetiredToken.token == old)
    assert retired.window_id == window.id and retired.reason == "二维码被翻拍冒用"
    entry = AuditLog.get(AuditLog.action == "window.rotate_token")
    assert entry.target_id == window.id and "翻拍" in entry.detail


def test_resolve_token(app):
    from inspectapp.orgs.services import TokenStatus
    from inspectapp.orgs.services import resolve_token
    from inspectapp.orgs.services import rotate_token

    window = make_window()
    old = window.public_token
    assert resolve_token(old) == (TokenStatus.ACTIVE, window)
    rotate_token(window, "test", actor=None)
    assert resolve_token(old)[0] == TokenStatus.RETIRED
    assert resolve_token(window.public_token)[0] == TokenStatus.ACTIVE
    assert resolve_token("no-such-token") == (TokenStatus.UNKNOWN, None)


def test_nothing_can_be_deleted(admin, client):
    window = make_window()
    assert client.delete(f"/orgs/windows/{window.id}/edit").status_code == 405
    assert client.post(f"/orgs/windows/{window.id}/delete").status_code == 404


def test_new_hall_form_prefills_office_hours(admin, page):
    html = page("orgs.new", kind="halls")
    assert 'value="09:00"' in html and 'value="17:00"' in html


@pytest.mark.parametrize("kind, make, name", [
    ("halls", lambda: make_window().hall, lambda row: row.name),
    ("units", lambda: make_window().unit, lambda row: row.name),
    ("windows", make_window, lambda row: row.label),
    ("staff", lambda: make_staff(name="王伟", staff_no="RSJ009"), lambda row: "王伟（RSJ009）"),
])
def test_deactivating_asks_first_says_what_was_switched_off_and_offers_to_switch_it_back(admin, client, kind,
                                                                                         make, name):
    row = make()
    model = type(row)
    ask = client.get(f"/orgs/{kind}/{row.id}/deactivate").get_data(as_text=True)
    assert f"“{name(row)}”？" in ask and "确认停用" in ask and "已有的评价、工单、检查记录全部保留" in ask
    assert f'action="/orgs/{kind}/{row.id}/deactivate"' in ask
    assert model.get_by_id(row.id).is_active is True  # asking changes nothing
    done = client.post(f"/orgs/{kind}/{row.id}/deactivate", follow_redirects=True).get_data(as_text=True)
    assert model.get_by_id(row.id).is_active is False
    assert "已停用" in done and f"“{name(row)}”" in done
    assert f'action="/orgs/{kind}/{row.id}/activate"' in done and "重新启用" in done
    again = client.post(f"/orgs/{kind}/{row.id}/activate", follow_redirects=True).get_data(as_text=True)
    assert model.get_by_id(row.id).is_active is True and "已重新启用" in again
    events = [a.action for a in AuditLog.select().order_by(AuditLog.id)]
    assert events[-2:] == [f"{model.__name__.lower()}.deactivated", f"{model.__name__.lower()}.activated"]
