"""Admins plan inspections; inspectors see only their own; nobody else sees a draft."""
import datetime as dt

from inspectapp.audit.models import AuditLog
from inspectapp.auth.roles import Role
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import InspectionMember
from inspectapp.inspections.models import Mode
from tests.factories import make_hall
from tests.factories import make_user
from tests.inspections.factories import default_template
from tests.inspections.factories import make_inspection


def _plan_data(hall, template, members, **kw):
    data = {"hall": hall.id, "date": "2026-12-01", "mode": Mode.COVERT, "template": template.id, "team_no": "3",
            "members": [m.id for m in members], "note": "二楼A、B区"}
    data.update(kw)
    return data


def test_admin_plans_an_inspection_with_a_team(world, client, login_as):
    login_as(world.admin)
    assert "张秘访（an-fang-zhang）" in client.get("/inspections/new").get_data(as_text=True)
    response = client.post("/inspections/new", data=_plan_data(world.hall, default_template(), world.team))
    assert response.status_code == 302
    inspection = Inspection.select().order_by(Inspection.id.desc()).first()
    assert inspection.date == dt.date(2026, 12, 1) and inspection.team_code == "第3检查组"
    assert {m.user_id for m in InspectionMember.select().where(InspectionMember.inspection == inspection)} == \
        {u.id for u in world.team}
    assert inspection.template == default_template()
    assert AuditLog.select().where(AuditLog.action == "inspection.planned").count() == 2  # fixture + this one
    html = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert "第3检查组：" in html and "张秘访" in html and "二楼A、B区" in html


def test_plan_validation_messages(world, client, login_as):
    login_as(world.admin)
    html = client.post("/inspections/new", data=_plan_data(world.hall, default_template(), [], team_no="")) \
        .get_data(as_text=True)
    assert "请至少选择一名暗访人员" in html and "请输入检查组编号" in html
    not_inspector = make_user(Role.VIEWER)
    html = client.post("/inspections/new", data=_plan_data(world.hall, default_template(), [not_inspector])) \
        .get_data(as_text=True)
    assert 'class="error"' in html  # only inspector accounts are offered
    assert Inspection.select().count() == 1


def test_only_admins_plan(world, client, login_as):
    for user in (world.inspector, world.manager, world.viewer):
        login_as(user)
        assert client.get("/inspections/new").status_code == 403
        assert client.post("/inspections/new", data=_plan_data(world.hall, default_template(), world.team)) \
            .status_code == 403
        assert client.get(f"/inspections/{world.inspection.id}/edit").status_code == 403


def test_inspectors_see_only_their_own_inspections(world, client, login_as):
    other = make_inspection(hall=make_hall(name="高新区中心"), members=[world.outsider])
    login_as(world.inspector)
    html = client.get("/inspections/").get_data(as_text=True)
    assert world.hall.name in html and "高新区中心" not in html
    assert client.get(f"/inspections/{other.id}").status_code == 404
    assert client.get(f"/inspections/{other.id}/checklist").status_code == 404
    login_as(world.outsider)
    assert client.get(f"/inspections/{world.inspection.id}").status_code == 404
    assert client.get(f"/inspections/{world.inspection.id}/checklist").status_code == 404


def test_units_and_viewers_see_no_draft(world, client, login_as):
    for user in (world.manager, world.viewer):
        login_as(user)
        assert world.hall.name not in client.get("/inspections/").get_data(as_text=True)
        assert client.get(f"/inspections/{world.inspection.id}").status_code == 404


def test_plan_can_change_while_in_progress_only(world, client, login_as):
    login_as(world.admin)
    data = _plan_data(world.hall, default_template(), world.team[:1], team_no="5")
    assert client.post(f"/inspections/{world.inspection.id}/edit", data=data).status_code == 302
    inspection = Inspection.get_by_id(world.inspection.id)
    assert inspection.team_no == 5 and [u.id for u in inspection.members()] == [world.team[0].id]
    login_as(world.team[0])
    client.post(f"/inspections/{inspection.id}/submit")
    login_as(world.admin)
    html = client.post(f"/inspections/{inspection.id}/edit", data=data, follow_redirects=True).get_data(as_text=True)
    assert "已提交的检查不能再修改计划" in html
