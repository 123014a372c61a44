"""/inspections/scan/<token>: an inspector who scanned a window's QR code lands on today's checklist."""
import datetime as dt

from inspectapp.common.timeutil import local_today
from inspectapp.orgs.services import rotate_token
from tests.factories import make_hall
from tests.factories import make_window
from tests.inspections.factories import make_inspection


def test_scan_opens_todays_checklist_with_the_window(world, client, login_as):
    login_as(world.inspector)
    response = client.get(f"/inspections/scan/{world.b03.public_token}")
    assert response.status_code == 302
    assert response.location.endswith(f"/inspections/{world.inspection.id}/checklist?window={world.b03.id}")
    html = client.get(response.location).get_data(as_text=True)
    assert "B03窗口（不动产）" in html


def test_scan_without_a_matching_inspection_explains(world, client, login_as):
    elsewhere = make_window(hall=make_hall(name="高新区中心"), number="C01")
    login_as(world.inspector)
    html = client.get(f"/inspections/scan/{elsewhere.public_token}").get_data(as_text=True)
    assert "今天没有您在此大厅的检查任务" in html and "C01" in html
    # Yesterday's inspection in the same hall does not count either.
    make_inspection(hall=elsewhere.hall, members=[world.inspector], date=local_today() - dt.timedelta(days=1))
    assert "今天没有您" in client.get(f"/inspections/scan/{elsewhere.public_token}").get_data(as_text=True)


def test_scan_statuses(world, client, login_as):
    login_as(world.inspector)
    assert client.get("/inspections/scan/no-such-token").status_code == 404
    old = world.a12.public_token
    rotate_token(world.a12, "贴纸被替换", actor=world.admin)
    assert client.get(f"/inspections/scan/{old}").status_code == 410
    for user in (world.admin, world.manager, world.viewer):
        login_as(user)
        assert client.get(f"/inspections/scan/{world.a12.public_token}").status_code == 403


def test_submitted_inspection_is_not_offered(world, client, login_as):
    login_as(world.inspector)
    client.post(f"/inspections/{world.inspection.id}/submit")
    assert "今天没有您" in client.get(f"/inspections/scan/{world.a12.public_token}").get_data(as_text=True)
