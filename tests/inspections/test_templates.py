"""Checklist templates are versioned: an inspection keeps the version it was done with, forever."""
from decimal import Decimal

from inspectapp.inspections.models import ChecklistItem
from inspectapp.inspections.models import ChecklistTemplate
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.reference import DEFAULT_KEY
from tests.inspections.factories import default_template
from tests.inspections.factories import item
from tests.inspections.factories import make_finding
from tests.inspections.factories import make_inspection


def _item_data(it, **kw):
    data = {f: getattr(it, f) for f in ("code", "category", "problem", "text", "finding_pattern", "severity",
                                         "position")}
    data.update(deduction=str(it.deduction), is_critical="y" if it.is_critical else "")
    data.update(kw)
    return {k: v for k, v in data.items() if v != ""}


def test_editing_a_used_template_creates_a_new_version(world, client, login_as):
    v1 = default_template()
    finding = make_finding(world.inspection, "B1", window=world.a12)
    login_as(world.admin)
    b1 = item("B1", v1)
    response = client.post(f"/inspections/checklists/{v1.id}/items/{b1.id}/edit",
                           data=_item_data(b1, deduction="2", finding_pattern="{时间}，{窗口}{工作人员}上班时间刷手机"))
    assert response.status_code == 302
    v2 = default_template()
    assert v2.version == 2 and v2.id != v1.id and f"/checklists/{v2.id}" in response.location
    assert not ChecklistTemplate.get_by_id(v1.id).is_current
    # The old version and the inspection that used it are untouched.
    assert ChecklistItem.get_by_id(b1.id).deduction == Decimal("1")
    assert Inspection.get_by_id(world.inspection.id).template_id == v1.id
    assert Finding.get_by_id(finding.id).deduction == Decimal("1")
    assert item("B1", v2).deduction == Decimal("2") and v2.items.count() == v1.items.count()
    # New inspections get the new version.
    later = make_inspection(hall=world.hall)
    assert later.template_id == v2.id
    assert "刷手机" in make_finding(later, "B1", window=world.a12).sentence
    html = client.get(f"/inspections/checklists/{v1.id}").get_data(as_text=True)
    assert "历史版本，只读" in html and "上班时间刷手机" not in html


def test_editing_an_unused_version_edits_in_place(world, client, login_as):
    login_as(world.admin)
    fresh = make_inspection(hall=world.hall)  # uses v1 too
    Inspection.delete().execute()  # no inspection uses the template any more
    v1 = default_template()
    c4 = item("C4", v1)
    client.post(f"/inspections/checklists/{v1.id}/items/{c4.id}/edit", data=_item_data(c4, deduction="1"))
    assert default_template().id == v1.id and item("C4", v1).deduction == Decimal("1")
    assert fresh.id


def test_add_and_remove_items_and_validation(world, client, login_as):
    login_as(world.admin)
    make_finding(world.inspection, "B1", window=world.a12)
    v1 = default_template()
    new = {"code": "B6", "category": "B 工作纪律", "problem": "大声喧哗", "text": "不大声喧哗",
           "finding_pattern": "{时间}，{窗口}{工作人员}在窗口大声喧哗", "deduction": "1", "severity": "minor",
           "position": "65"}
    html = client.post(f"/inspections/checklists/{v1.id}/items/new", data=dict(new, finding_pattern="没有时间"),
                       follow_redirects=True).get_data(as_text=True)
    assert "问题描述模板需包含 {时间}" in html
    html = client.post(f"/inspections/checklists/{v1.id}/items/new", data=dict(new, code="B1"),
                       follow_redirects=True).get_data(as_text=True)
    assert "编号不能重复" in html
    client.post(f"/inspections/checklists/{v1.id}/items/new", data=new)
    current = ChecklistTemplate.get((ChecklistTemplate.key == DEFAULT_KEY) & ChecklistTemplate.is_current)
    assert item("B6", current).problem == "大声喧哗" and not v1.items.where(ChecklistItem.code == "B6").exists()
    client.post(f"/inspections/checklists/{current.id}/items/{item('G4', current).id}/remove")
    assert not current.items.where(ChecklistItem.code == "G4").exists()
    assert v1.items.where(ChecklistItem.code == "G4").exists()


def test_old_versions_are_read_only(world, client, login_as):
    login_as(world.admin)
    make_finding(world.inspection, "B1", window=world.a12)
    v1 = default_template()
    b1 = item("B1", v1)
    client.post(f"/inspections/checklists/{v1.id}/items/{b1.id}/edit", data=_item_data(b1, deduction="3"))
    response = client.post(f"/inspections/checklists/{v1.id}/items/{b1.id}/edit", data=_item_data(b1, deduction="9"))
    assert response.status_code == 302
    assert ChecklistItem.get_by_id(b1.id).deduction == Decimal("1")
    assert ChecklistTemplate.select().where(ChecklistTemplate.key == DEFAULT_KEY).count() == 2


def test_copy_template_and_pages(world, client, login_as):
    login_as(world.admin)
    v1 = default_template()
    client.post(f"/inspections/checklists/{v1.id}/copy", data={"key": "video", "name": "视频巡查检查表"})
    copy = ChecklistTemplate.get(ChecklistTemplate.key == "video")
    assert copy.items.count() == v1.items.count()
    html = client.get("/inspections/checklists/").get_data(as_text=True)
    assert "视频巡查检查表" in html and "窗口服务暗访检查表" in html
    for user in (world.inspector, world.manager, world.viewer):
        login_as(user)
        assert client.get("/inspections/checklists/").status_code == 403
