"""Each role's home page lists what waits for it, counted with the shared deadline window."""
import datetime as dt

from flask import g

from inspectapp.auth.roles import Role
from inspectapp.core.waiting import waiting_for
from inspectapp.reports import waiting as reports_waiting
from inspectapp.workcal import services as workcal
from tests.factories import make_user


def labels(app, user, day):
    with app.test_request_context("/"):
        g.user = user
        return {item.label: item.count for item in waiting_for(user, workcal.due_window(day))}


def test_what_waits_for_each_role(scenario, app):
    day = dt.date(2025, 12, 15)
    admin = labels(app, scenario.admin, day)
    assert admin["待审核的评价"] == 1
    assert admin["上月通报尚未签发"] == 1
    assert admin["退步最快的窗口"] >= 1  # A02: five 非常不满意 in December
    # October's and November's unfinished tickets (3) and December's six never called back.
    assert admin["逾期的差评工单"] == 9
    manager = labels(app, make_user(Role.UNIT_MANAGER, unit=scenario.u2), day)
    assert manager == {"逾期的差评工单": 1}  # only 医保's own ticket, nothing an admin does
    inspector = labels(app, scenario.team[0], day)
    assert inspector == {"尚未提交的检查": 1}
    assert labels(app, make_user(Role.VIEWER), day) == {}


def test_leaders_see_this_month_against_last_month(scenario, app):
    viewer = make_user(Role.VIEWER)
    with app.test_request_context("/"):
        figures = {h.label: h for h in reports_waiting.headline(viewer, dt.date(2025, 12, 15))}
        assert (figures["有效评价"].value, figures["有效评价"].previous) == ("6", "11")
        assert figures["差评"].change == 6 - 3 and not figures["差评"].good_up
        assert reports_waiting.headline(make_user(Role.UNIT_MANAGER, unit=scenario.u1), dt.date(2025, 12, 15)) == []
