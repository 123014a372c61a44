"""Home pages list what waits for the user, with counts that agree with the lists they link to."""
import re

from inspectapp.auth.roles import Role
from inspectapp.common.waiting import WaitingItem
from inspectapp.core.waiting import waiting_for
from tests.complaints.conftest import rate
from tests.factories import make_hall
from tests.factories import make_user
from tests.factories import make_window


def _items(html):
    return {label: int(count) for count, label in
            re.findall(r'<span class="waiting-count">(\d+)</span><span class="waiting-label"><strong>([^<]+)', html)}


def test_unit_manager_and_admin_see_overdue_tickets_counted_like_the_overdue_tab(app, client, login_as, page):
    import datetime as dt

    hall = make_hall(opens_at=dt.time(0, 0), closes_at=dt.time(23, 59))
    mine, theirs = make_window(hall=hall), make_window(hall=hall)
    for _ in range(2):
        rate(mine)  # opened in Nov 2025: long overdue
    rate(theirs)
    login_as(make_user(Role.UNIT_MANAGER, unit=mine.unit))
    home = page("core.index")
    assert _items(home) == {"逾期的差评工单": 2}
    tab = page("complaints.index", state="overdue")
    assert len(re.findall(r'href="/complaints/\d+"', tab)) == 2
    assert "逾期 2 件" in tab
    login_as(make_user(Role.ADMIN))
    # (other providers add the admin's own items, e.g. last month's bulletin not yet issued)
    assert _items(page("core.index"))["逾期的差评工单"] == 3


def test_viewers_and_inspectors_have_nothing_waiting_from_tickets(app, client, login_as, page):
    rate(make_window(hall=make_hall()))
    for role in (Role.VIEWER, Role.INSPECTOR):
        login_as(make_user(role))
        assert 'class="waiting' not in page("core.index")


def test_providers_are_an_explicit_list_and_empty_items_are_hidden(app):
    with app.test_request_context():
        def provider(user, due):
            return [WaitingItem("甲", 0, "/a"), WaitingItem("乙", 3, "/b", "info"), WaitingItem("丙", 1, "/c",
                                                                                                "danger")]

        items = waiting_for(make_user(Role.ADMIN), providers=(provider,))
    assert [(i.label, i.count) for i in items] == [("丙", 1), ("乙", 3)]
