"""A hall with two units' windows, an admin, a team of two inspectors and an outsider inspector."""
from types import SimpleNamespace

import pytest

from inspectapp.auth.roles import Role
from tests.factories import make_hall
from tests.factories import make_unit
from tests.factories import make_user
from tests.factories import make_window
from tests.inspections.factories import make_inspection


@pytest.fixture
def world(app):
    hall = make_hall(name="临江市政务服务中心")
    social, estate = make_unit(short_name="社保", name="人社局"), make_unit(short_name="不动产", name="不动产中心")
    team = [make_user(Role.INSPECTOR, username="an-fang-zhang", display_name="张秘访"),
            make_user(Role.INSPECTOR, username="an-fang-li", display_name="李秘访")]
    admin = make_user(Role.ADMIN, display_name="周督查")
    inspection = make_inspection(hall=hall, members=team, admin=admin, team_no=2)
    return SimpleNamespace(
        hall=hall, social=social, estate=estate, admin=admin, team=team, inspector=team[0], inspection=inspection,
        a12=make_window(hall=hall, unit=social, number="A12"), b03=make_window(hall=hall, unit=estate, number="B03"),
        outsider=make_user(Role.INSPECTOR, username="other-inspector", display_name="王外组"),
        manager=make_user(Role.UNIT_MANAGER, unit=social, display_name="社保负责人"),
        estate_manager=make_user(Role.UNIT_MANAGER, unit=estate, display_name="不动产负责人"),
        viewer=make_user(Role.VIEWER, display_name="分管领导"),
    )
