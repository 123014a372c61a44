"""The JSON sync API used by inspections.js: one finding or file per request, idempotent by client id."""
import hashlib
import io
import time

import pytest

from inspectapp.common.timeutil import now
from inspectapp.inspections.models import Evidence
from inspectapp.inspections.models import Finding
from tests.inspections.factories import item
from tests.inspections.factories import jpeg_bytes


def _finding(world, client_id="11111111-aaaa-4bbb-8ccc-000000000001", rev=1, **kw):
    now_ms = int(time.time() * 1000)
    data = {"client_id": client_id, "rev": rev, "item": item("B1").id, "window": world.a12.id, "staff_no": "",
            "severity": None, "note": "", "sentence": "", "sentence_auto": True, "withdrawn": False,
            "recorded_at": now_ms - 60_000, "sent_at": now_ms}
    data.update(kw)
    return data


@pytest.fixture
def api(world, client, login_as):
    login_as(world.inspector)
    return f"/inspections/{world.inspection.id}/api"


def test_retried_finding_is_stored_once(world, client, api):
    payload = _finding(world)
    first = client.post(f"{api}/findings", json=payload)
    assert first.status_code == 201
    body = first.get_json()
    assert body["saved"] and body["rev"] == 1 and "A12窗口（社保）工作人员工作时间玩手机" in body["sentence"]
    for _ in range(3):  # the response was lost; the phone retries
        again = client.post(f"{api}/findings", json=payload)
        assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    assert Finding.select().count() == 1


def test_update_by_revision_and_stale_revision_ignored(world, client, api):
    client.post(f"{api}/findings", json=_finding(world))
    client.post(f"{api}/findings", json=_finding(world, rev=2, staff_no="S0012", severity="moderate"))
    stale = client.post(f"{api}/findings", json=_finding(world, rev=1, staff_no="WRONG"))
    assert stale.status_code == 200 and stale.get_json()["rev"] == 2
    finding = Finding.get()
    assert finding.staff_no == "S0012" and finding.severity == "moderate" and "工号S0012" in finding.sentence


def test_phone_time_is_corrected_by_its_clock_offset(world, client, api):
    now_ms = int(time.time() * 1000)
    fast = 3_600_000  # the phone is an hour ahead
    client.post(f"{api}/findings", json=_finding(world, recorded_at=now_ms + fast - 120_000, sent_at=now_ms + fast))
    finding = Finding.get()
    age = (now() - finding.recorded_at).total_seconds()
    assert 100 < age < 180


def test_bad_requests_are_refused_with_reasons(world, client, api):
    assert client.post(f"{api}/findings", data="not json", content_type="application/json").status_code == 400
    bad_id = client.post(f"{api}/findings", json=_finding(world, client_id="x y"))
    assert bad_id.status_code == 400 and "client_id" in bad_id.get_json()["fields"]
    other_hall = client.post(f"{api}/findings", json=_finding(world, window=999999))
    assert other_hall.status_code == 400 and "窗口不属于" in other_hall.get_json()["error"]
    assert Finding.select().count() == 0


def test_evidence_upload_is_idempotent_and_checked(world, client, api):
    fid = "11111111-aaaa-4bbb-8ccc-000000000001"
    photo = jpeg_bytes((1000, 750))
    # The file arrives before its finding (the queue reordered): 409, the phone sends the finding first.
    early = client.post(f"{api}/findings/{fid}/evidence",
                        data={"client_id": "photo-0001", "file": (io.BytesIO(photo), "p.jpg")})
    assert early.status_code == 409 and early.get_json()["code"] == "finding_unknown"
    client.post(f"{api}/findings", json=_finding(world, client_id=fid))
    first = client.post(f"{api}/findings/{fid}/evidence",
                        data={"client_id": "photo-0001", "file": (io.BytesIO(photo), "p.jpg")})
    assert first.status_code == 201 and first.get_json()["sha256"] == hashlib.sha256(photo).hexdigest()
    retry = client.post(f"{api}/findings/{fid}/evidence",
                        data={"client_id": "photo-0001", "file": (io.BytesIO(photo), "p.jpg")})
    assert retry.status_code == 200 and retry.get_json()["id"] == first.get_json()["id"]
    assert Evidence.select().count() == 1
    fake = client.post(f"{api}/findings/{fid}/evidence",
                       data={"client_id": "photo-0002", "file": (io.BytesIO(b"hello" * 100), "x.jpg")})
    assert fake.status_code == 400 and "照片" in fake.get_json()["error"]
    assert Evidence.select().count() == 1


def test_state_lists_what_the_server_holds(world, client, api):
    fid = "11111111-aaaa-4bbb-8ccc-000000000002"
    client.post(f"{api}/findings", json=_finding(world, client_id=fid))
    client.post(f"{api}/findings/{fid}/evidence",
                data={"client_id": "photo-0003", "file": (io.BytesIO(jpeg_bytes()), "p.jpg")})
    state = client.get(f"{api}/state").get_json()
    assert state["status"] == "draft" and state["csrf_token"]
    [row] = state["findings"]
    assert row["client_id"] == fid and row["rev"] == 1 and row["evidence"] == ["photo-0003"] and row["mine"]


def test_published_inspection_refuses_uploads_with_409(world, client, api, login_as):
    client.post(f"{api}/submit".replace("/api", ""))
    login_as(world.admin)
    client.post(f"/inspections/{world.inspection.id}/publish")
    login_as(world.inspector)
    late = client.post(f"{api}/findings", json=_finding(world))
    assert late.status_code == 409 and "已发布" in late.get_json()["error"]


def test_outsiders_cannot_use_the_api(world, client, login_as, api):
    login_as(world.outsider)
    assert client.post(f"{api}/findings", json=_finding(world)).status_code == 404
    login_as(world.manager)
    assert client.post(f"{api}/findings", json=_finding(world)).status_code == 403
    assert Finding.select().count() == 0


class TestCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return dict(app_config, WTF_CSRF_ENABLED=True)

    def test_api_needs_the_csrf_header(self, world, client, api):
        assert client.post(f"{api}/findings", json=_finding(world)).status_code == 400
        token = client.get(f"{api}/state").get_json()["csrf_token"]
        ok = client.post(f"{api}/findings", json=_finding(world), headers={"X-CSRFToken": token})
        assert ok.status_code == 201


def test_finding_withdrawn_before_the_server_saw_it_is_not_stored(world, client, api):
    response = client.post(f"{api}/findings", json=_finding(world, rev=2, withdrawn=True))
    assert response.status_code == 200 and response.get_json()["status"] == "withdrawn"
    assert Finding.select().count() == 0


def test_clean_window_visit_is_idempotent(world, client, api):
    from inspectapp.inspections.models import WindowVisit

    for _ in range(2):
        response = client.post(f"{api}/visits", json={"window": world.b03.id})
        assert response.status_code == 200 and response.get_json()["saved"]
    assert WindowVisit.select().count() == 1
    assert client.post(f"{api}/visits", json={"window": "B03"}).status_code == 400
    assert client.post(f"{api}/visits", json={"window": 999999}).status_code == 400
