"""The calendar admin page: enter a later year's holidays, confirm it, and open tickets are recounted."""
import datetime as dt
import re

from inspectapp.auth.roles import Role
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.workcal.models import CalendarDay
from tests.complaints.conftest import rate
from tests.factories import make_hall
from tests.factories import make_user
from tests.factories import make_window


def test_admin_enters_and_confirms_a_year(login_as, client, page):
    login_as(make_user(Role.ADMIN))
    window = make_window(hall=make_hall(opens_at=dt.time(0, 0), closes_at=dt.time(23, 59)))
    ticket = rate(window, at=dt.datetime(2027, 9, 30, 10, 0)).tickets.get()
    html = page("workcal.index", year=2027)
    assert "未录入，按周一至周五估算" in html and "系统内置" in html
    for day in range(1, 8):
        response = client.post("/workcal/?year=2027", data={"day": f"2027-10-0{day}", "kind": "holiday",
                                                             "name": "国庆节"})
        assert response.status_code == 302
    client.post("/workcal/?year=2027", data={"day": "2027-10-09", "kind": "workday", "name": "国庆节调休上班"})
    assert CalendarDay.select().count() == 8
    response = client.post("/workcal/years/2027/confirm", follow_redirects=True)
    assert "已按新日历重算 1 个差评工单的期限" in response.get_data(as_text=True)
    ticket = ComplaintTicket.get_by_id(ticket.id)
    assert not ticket.deadline_estimated and ticket.callback_due_on == dt.date(2027, 10, 8)
    assert "已录入并确认" in page("workcal.index", year=2027)


def test_confirming_an_empty_year_is_refused(login_as, client):
    login_as(make_user(Role.ADMIN))
    response = client.post("/workcal/years/2029/confirm", follow_redirects=True)
    assert "请先录入该年度的法定节假日" in response.get_data(as_text=True)


def test_removing_an_entry(login_as, client, page):
    login_as(make_user(Role.ADMIN))
    client.post("/workcal/", data={"day": "2028-01-03", "kind": "holiday", "name": "元旦"})
    row = CalendarDay.get()
    client.post(f"/workcal/days/{row.id}/remove")
    assert CalendarDay.select().count() == 0


def test_only_admins(login_as, client):
    for role in (Role.UNIT_MANAGER, Role.VIEWER, Role.INSPECTOR):
        login_as(make_user(role))
        assert client.get("/workcal/").status_code == 403


def test_a_built_in_year_lists_its_holidays_instead_of_an_empty_table(login_as, page):
    login_as(make_user(Role.ADMIN))
    html = page("workcal.index", year=2026)
    assert "未录入</td>" not in html
    assert re.search(r"国庆节</td>\s*<td[^>]*>10-01 – 10-0\d</td>\s*<td[^>]*>放假 \d 天", html)
    assert "调休上班" in html and "春节" in html


def test_the_coming_year_without_holidays_is_a_loud_warning_in_december(login_as, page, monkeypatch):
    from inspectapp.workcal import services
    from inspectapp.workcal import views

    year = next(y for y in range(2027, 2100) if not services.builtin_knows(y))
    login_as(make_user(Role.ADMIN))
    monkeypatch.setattr(views, "local_today", lambda: dt.date(year - 1, 12, 1))
    html = page("workcal.index", year=year - 1)
    assert 'class="flash flash-error" role="alert"' in html
    assert f"{year} 年节假日尚未录入：还有 31 天就到 {year} 年" in html
    assert f'href="/workcal/?year={year}"' in html
    monkeypatch.setattr(views, "local_today", lambda: dt.date(year - 1, 6, 1))  # too early to ask
    assert 'role="alert"' not in page("workcal.index", year=year - 1)
