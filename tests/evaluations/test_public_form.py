"""The citizen's evaluation form /e/<token>: the national model, validation, privacy of the page."""
import pytest
from flask import url_for

from inspectapp.auth.roles import Role
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.evaluations.models import Evaluation
from inspectapp.evaluations.models import ImmutableError
from inspectapp.evaluations.models import ReasonOption
from inspectapp.evaluations.models import Status
from inspectapp.orgs import services as orgs
from tests.evaluations.conftest import WECHAT_UA
from tests.factories import make_staff
from tests.factories import make_user
from tests.factories import make_window


def static_bytes(client, url):
    with client.get(url) as response:
        assert response.status_code == 200
        return response.get_data()


VALID = {5: ["510"], 4: ["413"], 3: [], 2: ["214"], 1: ["113", "115"]}


def test_public_url_is_the_printed_contract(app):
    with app.test_request_context():
        assert url_for("evaluate.form", token="AbC-12_x") == "/e/AbC-12_x"


def test_form_shows_what_is_rated_and_the_national_levels(citizen, window):
    other = make_window(number="B07")
    make_staff(window=other, name="李娜")
    html = citizen.open(window).get_data(as_text=True)
    assert "临江市政务服务中心" in html and "A12窗口" in html and window.unit.name in html
    for label in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert label in html
    # All 40 national reasons are in the page, grouped by level; the staff list is this window's only.
    assert html.count('name="reasons"') == 40
    assert "在办事指南之外增加新的审批条件" in html and "服务热情效率高" in html
    assert "王伟（RSJ001）" in html and "李娜" not in html
    for label in ("服务效率", "服务水平", "服务态度", "回访电话", "我同意工作人员使用此号码"):
        assert label in html


@pytest.mark.parametrize("level", [5, 4, 3, 2, 1])
def test_every_level_can_be_submitted(citizen, window, level):
    response = citizen.rate(window, level=level, reasons=VALID[level],
                            comment="窗口人员很耐心" if level > 2 else "材料要求反复变",
                            efficiency=str(level), attitude="3")
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/e/{window.public_token}/thanks?k=")
    evaluation = Evaluation.get()
    assert (evaluation.level, evaluation.codes, evaluation.status) == (level, VALID[level], Status.VALID)
    assert (evaluation.efficiency, evaluation.competence, evaluation.attitude) == (level, None, 3)
    assert evaluation.hall_id == window.hall_id and evaluation.unit_id == window.unit_id
    assert ComplaintTicket.select().count() == (1 if level <= 2 else 0)
    thanks = citizen.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "感谢您的评价" in thanks
    # A 差评 gets a reference the citizen can quote (the ticket number staff see); nobody is
    # invited to rate again; the footer says what is kept about the device and for how long.
    if level <= 2:
        assert f"受理编号 <strong>{ComplaintTicket.get().id}</strong>" in thanks
    else:
        assert "受理编号" not in thanks
    assert "再次扫码" not in thanks and "匿名" not in thanks
    assert "网络地址和浏览器型号" in thanks and "与评价记录保存同样长的时间" in thanks


@pytest.mark.parametrize("level", [2, 1])
def test_a_negative_rating_needs_a_reason_and_keeps_what_was_typed(citizen, window, level):
    response = citizen.rate(window, level=level, comment="排了两个小时", phone="13800138000", consent="y")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "请至少选择一项不满意的原因" in html
    assert "排了两个小时" in html and 'value="13800138000"' in html
    assert f'id="lv{level}" checked' in html
    assert Evaluation.select().count() == 0


def test_no_level_is_refused(citizen, window):
    response = citizen.rate(window, comment="没选等级")
    assert response.status_code == 400
    assert "请选择总体评价" in response.get_data(as_text=True)
    assert Evaluation.select().count() == 0


def test_reasons_of_another_level_are_not_stored(citizen, window):
    # The citizen ticked a 差评 reason, then changed to 非常满意: that reason was hidden, not part of it.
    assert citizen.rate(window, level=5, reasons=["214", "517"]).status_code == 303
    assert Evaluation.get().codes == ["517"]


def test_unknown_reason_code_is_refused(citizen, window):
    response = citizen.rate(window, level=2, reasons=["999"])
    assert response.status_code == 400 and "评价原因无效" in response.get_data(as_text=True)


def test_an_admin_can_switch_a_reason_off_without_code_changes(citizen, window):
    ReasonOption.update(is_active=False).where(ReasonOption.code == "214").execute()
    html = citizen.open(window).get_data(as_text=True)
    assert 'value="214"' not in html and 'value="213"' in html


def test_comment_is_limited_to_150_characters(citizen, window):
    assert citizen.rate(window, level=4, comment="好" * 151).status_code == 400
    assert citizen.rate(window, level=4, comment="好" * 150).status_code == 303


@pytest.mark.parametrize("phone, consent, message", [
    ("13800138000", None, "如需回访，请勾选同意"),
    ("", "y", "请填写联系电话"),
    ("12345", "y", "请填写正确的手机号码"),
])
def test_phone_needs_consent_and_a_real_number(citizen, window, phone, consent, message):
    response = citizen.rate(window, level=2, reasons=["214"], phone=phone, consent=consent)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert Evaluation.select().count() == 0


def test_phone_with_consent_is_stored_for_the_callback(citizen, window):
    assert citizen.rate(window, level=1, reasons=["115"], phone="138 0013 8000", consent="y").status_code == 303
    evaluation = Evaluation.get()
    assert evaluation.phone == "13800138000" and evaluation.phone_consent


def test_who_served_me_must_be_staff_of_this_window(citizen, window):
    stranger = make_staff(window=make_window(number="C01"))
    response = citizen.rate(window, level=5, staff=str(stranger.id))
    assert response.status_code == 400 and "所选工作人员不在本窗口" in response.get_data(as_text=True)
    mine = window.staff.get()
    assert citizen.rate(window, level=5, staff=str(mine.id)).status_code == 303
    assert Evaluation.get().staff_id == mine.id


def test_retired_token_gets_a_friendly_410(citizen, window):
    old = window.public_token
    orgs.rotate_token(window, "贴纸被替换", actor=make_user())
    response = citizen.client.get(f"/e/{old}")
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "此二维码已停用" in html and "A12窗口" in html
    assert citizen.client.post(f"/e/{old}", data={"level": "5"}).status_code == 410
    assert citizen.open(window).status_code == 200  # the new token works


def test_unknown_token_is_404(citizen, window):
    response = citizen.client.get("/e/no-such-token-at-all")
    assert response.status_code == 404
    assert "未找到评价页面" in response.get_data(as_text=True)


def test_inactive_window_is_404(citizen, window):
    window.is_active = False
    window.save()
    assert citizen.open(window).status_code == 404


def test_inspector_is_sent_to_the_inspection_scan(client, login_as, window):
    login_as(make_user(Role.INSPECTOR))
    response = client.get(f"/e/{window.public_token}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/inspections/scan/{window.public_token}"


@pytest.mark.parametrize("role", [Role.ADMIN, Role.UNIT_MANAGER, Role.VIEWER])
def test_other_logged_in_users_get_the_rating_form(client, login_as, window, role):
    login_as(make_user(role))
    response = client.get(f"/e/{window.public_token}")
    assert response.status_code == 200 and "提交评价" in response.get_data(as_text=True)


def test_wechat_in_app_browser(citizen, window):
    headers = {"User-Agent": WECHAT_UA}
    assert citizen.open(window, headers=headers).status_code == 200
    assert citizen.rate(window, headers=headers, level=4, reasons=["411"]).status_code == 303
    assert "MicroMessenger" in Evaluation.get().user_agent


@pytest.mark.parametrize("lang, expected", [
    ("zh_Hans", ["非常满意", "提交评价", "服务态度差效率低"]),
    ("zh_Hant", ["非常滿意", "提交評價", "服務態度差效率低"]),
    ("en", ["Very satisfied", "Submit", "Poor attitude and low efficiency"]),
])
def test_three_languages(citizen, window, lang, expected):
    citizen.client.set_cookie("lang", lang)
    html = citizen.open(window).get_data(as_text=True)
    for text in expected:
        assert text in html


def test_elder_mode_is_one_tap_and_sticks(citizen, window):
    html = citizen.open(window).get_data(as_text=True)
    assert 'class="ev"' in html and "?elder=1" in html
    html = citizen.open(window, query_string={"elder": "1"}).get_data(as_text=True)
    assert 'class="ev elder"' in html
    assert 'class="ev elder"' in citizen.open(window).get_data(as_text=True)  # cookie remembered
    assert 'class="ev"' in citizen.open(window, query_string={"elder": "0"}).get_data(as_text=True)


def test_page_has_no_inline_code_and_no_external_request(client, citizen, window):
    response = citizen.open(window)
    html = response.get_data(as_text=True)
    assert "<style" not in html and " style=" not in html and "<script>" not in html
    assert "http://" not in html and "https://" not in html and "//" not in html.replace("://", "")
    css = static_bytes(client, "/static/css/evaluate.css").decode()
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    # Without JavaScript the reasons of the chosen level are shown by CSS sibling rules.
    assert "#lv2:checked~.reasons .g2" in css


def test_page_weight_is_at_most_30_kb(client, citizen, window):
    import re

    html = citizen.open(window).get_data()
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    assert {a.rsplit(b".", 1)[1] for a in assets} == {b"css", b"js"}
    total = len(html) + sum(len(static_bytes(client, a.decode())) for a in assets)
    assert total <= 30 * 1024, total


def test_ratings_are_immutable(citizen, window):
    citizen.rate(window, level=5)
    evaluation = Evaluation.get()
    evaluation.level = 1
    with pytest.raises(ImmutableError):
        evaluation.save()
    evaluation = Evaluation.get()
    evaluation.comment = "改过"
    with pytest.raises(ImmutableError):
        evaluation.save()
    assert Evaluation.get().level == 5
