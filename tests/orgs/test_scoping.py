"""A unit manager reaches only their own unit's rows, by any URL; viewers read but never write."""
import pytest

from inspectapp.auth.roles import Role
from inspectapp.orgs.models import Window
from tests.factories import make_staff
from tests.factories import make_user
from tests.factories import make_window


@pytest.fixture
def two_units(app):
    mine = make_window(number="A01")
    theirs = make_window(number="B07")
    return {
        "my_window": mine,
        "their_window": theirs,
        "my_staff": make_staff(window=mine, name="本单位员工"),
        "their_staff": make_staff(window=theirs, name="外单位员工"),
    }


@pytest.fixture
def manager(login_as, two_units):
    return login_as(make_user(Role.UNIT_MANAGER, unit=two_units["my_window"].unit))


def test_unit_manager_lists_only_own_windows_and_staff(manager, page, two_units):
    html = page("orgs.index", kind="windows")
    assert ">A01<" in html and ">B07<" not in html
    html = page("orgs.index", kind="staff")
    assert "本单位员工" in html and "外单位员工" not in html
    html = page("orgs.index", kind="units")
    assert two_units["my_window"].unit.name in html
    assert two_units["their_window"].unit.name not in html


def test_unit_manager_search_cannot_reach_other_units(manager, page, two_units):
    assert "外单位员工" not in page("orgs.index", kind="staff", q="外单位", status="all")
    assert ">B07<" not in page("orgs.index", kind="windows", q="B07")


def test_unit_manager_cannot_write_anything(manager, client, two_units):
    mine, theirs = two_units["my_window"], two_units["their_window"]
    for window in (mine, theirs):
        assert client.get(f"/orgs/windows/{window.id}/edit").status_code == 403
        assert client.post(f"/orgs/windows/{window.id}/deactivate").status_code == 403
        assert client.post(f"/orgs/windows/{window.id}/rotate-token", data={"reason": "x"}).status_code == 403
    assert client.get("/orgs/windows/new").status_code == 403
    assert Window.get_by_id(theirs.id).is_active is True


def test_unit_manager_without_unit_sees_nothing(login_as, page, two_units):
    user = make_user(Role.UNIT_MANAGER, unit=None)
    login_as(user)
    assert "本单位员工" not in page("orgs.index", kind="staff")
    assert "没有符合条件的记录" in page("orgs.index", kind="windows")


def test_scoped_queries_hide_foreign_rows(manager, two_units):
    assert Window.visible_to(manager).where(Window.id == two_units["their_window"].id).first() is None
    assert Window.visible_to(manager).where(Window.id == two_units["my_window"].id).first() is not None


def test_viewer_reads_all_but_cannot_write(login_as, page, client, two_units):
    login_as(make_user(Role.VIEWER))
    html = page("orgs.index", kind="windows")
    assert ">A01<" in html and ">B07<" in html
    assert "新建" not in html
    assert client.get("/orgs/windows/new").status_code == 403
    assert client.post(f"/orgs/windows/{two_units['my_window'].id}/deactivate").status_code == 403


def test_inspector_has_no_org_admin(login_as, client, two_units):
    login_as(make_user(Role.INSPECTOR))
    assert client.get("/orgs/windows/").status_code == 403
    assert client.get("/audit/").status_code == 403
