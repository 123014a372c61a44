"""The phone checklist without JavaScript: plain GETs and form posts record findings and photos."""
import io
import re

from inspectapp.inspections.models import Evidence
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Severity
from inspectapp.inspections.models import Status
from inspectapp.inspections.models import WindowVisit
from tests.inspections.factories import exif_with_gps
from tests.inspections.factories import item
from tests.inspections.factories import jpeg_bytes


def _hidden(html, name):
    return re.search(rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"', html).group(1)


def test_choose_window_then_tap_records_a_worded_finding(world, client, login_as):
    login_as(world.inspector)
    url = f"/inspections/{world.inspection.id}/checklist"
    html = client.get(url).get_data(as_text=True)
    assert "A12 · 社保" in html and "B03 · 不动产" in html
    assert "ck-need-window" in html  # items appear once a window is chosen
    html = client.get(f"{url}?window={world.a12.id}").get_data(as_text=True)
    assert "ck-need-window" not in html and "A12窗口（社保）" in html
    assert "玩手机" in html and "第2检查组" in html
    client_id = _hidden(html, "client_id")
    data = {"client_id": client_id, "window": str(world.a12.id), "item": str(item("B1").id)}
    response = client.post(url, data=data)
    assert response.status_code == 302 and f"/findings/{client_id}" in response.location
    # A double tap (the same rendered form posted twice) does not create a second finding.
    assert client.post(url, data=data).status_code == 302
    finding = Finding.get(Finding.client_id == client_id)
    assert Finding.select().count() == 1
    assert re.fullmatch(r"\d{1,2}:\d\d，A12窗口（社保）工作人员工作时间玩手机", finding.sentence)
    assert finding.created_by_id == world.inspector.id and finding.window_id == world.a12.id
    assert WindowVisit.select().count() == 1
    listing = client.get(f"{url}?window={world.a12.id}").get_data(as_text=True)
    assert finding.sentence in listing and "已保存" in listing
    assert _hidden(listing, "client_id") != client_id  # each render gets a fresh id


def test_finding_details_and_photo_by_form_post(world, client, login_as, app):
    login_as(world.inspector)
    base = f"/inspections/{world.inspection.id}"
    client.post(f"{base}/checklist", data={"client_id": "nojs-0001", "window": str(world.a12.id),
                                           "item": str(item("C1").id)})
    html = client.get(f"{base}/findings/nojs-0001").get_data(as_text=True)
    assert 'capture="environment"' in html and 'accept="image/*"' in html
    form = {"rev": _hidden(html, "rev"), "photo_client_id": _hidden(html, "photo_client_id"),
            "audio_client_id": _hidden(html, "audio_client_id"), "sentence": Finding.get().sentence,
            "staff_no": "S0012", "severity": Severity.MODERATE, "note": "背对群众"}
    photo = jpeg_bytes((1200, 900), exif=exif_with_gps())
    response = client.post(f"{base}/findings/nojs-0001", content_type="multipart/form-data",
                           data=dict(form, photo=(io.BytesIO(photo), "IMG_1.jpg")))
    assert response.status_code == 302
    finding = Finding.get()
    assert finding.staff_no == "S0012" and finding.severity == Severity.MODERATE and finding.note == "背对群众"
    assert "工作人员（工号S0012）未佩戴工牌" in finding.sentence  # auto wording follows the 工号
    ev = Evidence.get()
    assert ev.finding_id == finding.id and ev.kind == "photo" and ev.had_location
    # The browser re-sends the same form (back button, flaky network): nothing is duplicated.
    client.post(f"{base}/findings/nojs-0001", content_type="multipart/form-data",
                data=dict(form, photo=(io.BytesIO(photo), "IMG_1.jpg")))
    assert Evidence.select().count() == 1 and Finding.select().count() == 1


def test_a_text_file_named_jpg_is_refused_with_a_message(world, client, login_as):
    login_as(world.inspector)
    base = f"/inspections/{world.inspection.id}"
    client.post(f"{base}/checklist", data={"client_id": "nojs-0002", "window": str(world.a12.id),
                                           "item": str(item("B1").id)})
    html = client.get(f"{base}/findings/nojs-0002").get_data(as_text=True)
    form = {"rev": _hidden(html, "rev"), "photo_client_id": _hidden(html, "photo_client_id"),
            "audio_client_id": _hidden(html, "audio_client_id"), "sentence": "", "staff_no": "A7",
            "severity": Severity.MINOR, "note": "",
            "photo": (io.BytesIO("不是图片".encode() * 100), "fake.jpg")}
    response = client.post(f"{base}/findings/nojs-0002", content_type="multipart/form-data", data=form)
    assert response.status_code == 200
    assert "文件不是可识别的照片" in response.get_data(as_text=True)
    assert Evidence.select().count() == 0
    assert Finding.get().staff_no == "A7"  # the rest of the form was not lost


def test_withdraw_clean_window_and_submit(world, client, login_as):
    login_as(world.inspector)
    base = f"/inspections/{world.inspection.id}"
    client.post(f"{base}/checklist", data={"client_id": "nojs-0003", "window": str(world.a12.id),
                                           "item": str(item("D1").id)})
    assert client.post(f"{base}/findings/nojs-0003/withdraw").status_code == 302
    assert Finding.get().status == FindingStatus.WITHDRAWN
    assert "冷：爱答不理" not in client.get(f"{base}/checklist").get_data(as_text=True).split("已记录")[1]
    client.post(f"{base}/checklist/visit", data={"window": str(world.b03.id)})
    assert {v.window_id for v in WindowVisit.select()} == {world.a12.id, world.b03.id}
    assert client.post(f"{base}/submit").status_code == 302
    assert Inspection.get_by_id(world.inspection.id).status == Status.SUBMITTED


def test_teammates_cannot_edit_each_others_findings(world, client, login_as):
    login_as(world.inspector)
    base = f"/inspections/{world.inspection.id}"
    client.post(f"{base}/checklist", data={"client_id": "nojs-0004", "window": str(world.a12.id),
                                           "item": str(item("B1").id)})
    login_as(world.team[1])
    assert client.get(f"{base}/findings/nojs-0004").status_code == 404
    assert client.post(f"{base}/findings/nojs-0004/withdraw").status_code == 404


def test_non_inspectors_have_no_checklist(world, client, login_as):
    for user in (world.admin, world.manager, world.viewer):
        login_as(user)
        assert client.get(f"/inspections/{world.inspection.id}/checklist").status_code == 403
