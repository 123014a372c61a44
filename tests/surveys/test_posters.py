"""Campaign codes: the SVG/PNG and each hall's A4 poster decode with zbar to exactly the link."""
import pytest

from inspectapp.auth.roles import Role
from inspectapp.surveys import campaigns
from tests.factories import make_hall
from tests.factories import make_user
from tests.qr.test_qr import decode_image
from tests.qr.test_qr import decode_pdf
from tests.qr.test_qr import pdf_text
from tests.surveys.factories import every_kind
from tests.surveys.factories import make_campaign

BASE = "https://zwfw.example.gov.cn"


@pytest.fixture
def survey(app, login_as):
    admin = login_as(make_user(Role.ADMIN))
    questionnaire = every_kind(make_campaign(admin))
    campaigns.publish(questionnaire, admin)
    return questionnaire


def test_each_hall_poster_decodes_to_its_link(client, survey, tmp_path):
    halls = [make_hall(code="LJZX", name="临江市政务服务中心"), make_hall(code="GXQ", name="临江高新区政务服务中心")]
    make_hall(code="OLD", name="旧大厅", is_active=False)
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "旧大厅" not in page
    for hall in halls:
        response = client.get(f"/surveys/{survey.id}/halls/{hall.id}/poster.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        pdf = response.get_data()
        assert decode_pdf(pdf, tmp_path, name=hall.code) == [f"{BASE}/q/{survey.token}?h={hall.code}"]
        text = pdf_text(pdf, tmp_path)
        assert hall.name in text and "2026年窗口服务满意度调查" in text


def test_poster_link_counts_for_its_hall(client, survey, app):
    hall = make_hall(code="LJZX")
    page = app.test_client().get(f"/q/{survey.token}?h={hall.code}").get_data(as_text=True)
    assert hall.name in page and f'name="h" value="{hall.code}"' in page


def test_campaign_code_images_decode(client, survey, tmp_path):
    png = tmp_path / "code.png"
    png.write_bytes(client.get(f"/surveys/{survey.id}/qr.png").get_data())
    assert decode_image(png) == [f"{BASE}/q/{survey.token}"]
    svg = client.get(f"/surveys/{survey.id}/qr.svg?hall=NOPE").get_data(as_text=True)
    assert svg.startswith("<svg") and "viewBox" in svg


def test_scope_limits_the_posters(client, survey):
    inside, outside = make_hall(code="LJZX"), make_hall(code="GXQ")
    campaigns.set_scope(survey, "halls", [inside.id], survey.created_by)
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert f"/halls/{inside.id}/poster.pdf" in page and f"/halls/{outside.id}/poster.pdf" not in page
