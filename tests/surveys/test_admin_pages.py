"""The builder through its pages: create, every question kind, conditions, versions after answers,
the question bank, preview, publish, links."""
import re

import pytest

from inspectapp.auth.roles import Role
from inspectapp.surveys.models import CampaignStatus
from inspectapp.surveys.models import Questionnaire
from inspectapp.surveys.response_models import Response
from tests.factories import make_user
from tests.surveys.factories import every_kind
from tests.surveys.factories import make_campaign


@pytest.fixture
def admin(login_as):
    return login_as(make_user(Role.ADMIN))


def test_build_a_questionnaire_through_the_pages(admin, client):
    response = client.post("/surveys/new?kind=questionnaire", data={
        "title": "2026年窗口服务满意度调查", "intro": "占用您一分钟。", "privacy_note": "匿名填写。",
        "opens_on": "2026-01-01", "closes_on": "2026-12-31", "one_per_device": "y", "offer_on_thanks": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    survey = Questionnaire.get()
    base = f"/surveys/{survey.id}/questions/new"
    posts = [
        ("single", {"text": "您是第一次来吗？", "options": "1 是 | Yes\n2 否 | No", "is_required": "y"}),
        ("multiple", {"text": "办理了哪些业务？", "options": "社保\n医保\n不动产", "max_choices": "2"}),
        ("scale", {"text": "总体满意吗？", "is_required": "y"}),
        ("matrix", {"text": "请评价", "aspects": "首问负责\n一次性告知\n限时办结\n服务态度\n办事效率", "has_na": "y",
                    "page_break": "y"}),
        ("number", {"text": "等候了多少分钟？", "num_min": "0", "num_max": "600"}),
        ("text", {"text": "上次遇到了什么问题？", "max_length": "100", "condition": ["Q1:2"]}),
    ]
    for kind, data in posts:
        response = client.post(f"{base}?kind={kind}", data=data)
        assert response.status_code == 302, (kind, response.get_data(as_text=True))
    questions = list(survey.current_version().questions())
    assert [(q.key, q.kind) for q in questions] == [
        ("Q1", "single"), ("Q2", "multiple"), ("Q3", "scale"), ("Q4", "matrix"), ("Q5", "number"), ("Q6", "text")]
    assert questions[0].option_list == [{"code": 1, "label": "是", "label_en": "Yes"},
                                        {"code": 2, "label": "否", "label_en": "No"}]
    assert questions[5].cond_key == "Q1" and questions[5].cond_values == "2"
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "仅当Q1选择 “否” 时显示" in page and "—— 分页 ——" in page


def test_bad_question_input_keeps_what_was_typed(admin, client):
    survey = make_campaign(admin)
    response = client.post(f"/surveys/{survey.id}/questions/new?kind=single",
                           data={"text": "您是第一次来吗？", "options": "只有一个选项"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "请至少填写两个选项" in html and "您是第一次来吗？" in html
    response = client.post(f"/surveys/{survey.id}/questions/new?kind=single",
                           data={"text": "x", "options": "1 是\n1 否"})
    assert "第2行的编码 1 重复或无效" in response.get_data(as_text=True)


def test_editing_after_answers_makes_a_version_and_both_export(admin, client, app):
    survey = every_kind(make_campaign(admin))
    client.post(f"/surveys/{survey.id}/publish")
    citizen = app.test_client()
    html = citizen.get(f"/q/{survey.token}").get_data(as_text=True)
    key = re.search(r'name="key" value="([^"]+)"', html).group(1)
    citizen.post(f"/q/{survey.token}", data={"key": key, "v": survey.current_version().id, "Q1": "1", "Q3": "5",
                                             "nav": "next"})
    done = citizen.post(f"/q/{survey.token}/{key}/2", data={"Q5": "3", "nav": "next"})
    assert done.status_code == 303
    q3 = next(q for q in survey.current_version().questions() if q.key == "Q3")
    page = client.get(f"/surveys/{survey.id}/questions/{q3.id}").get_data(as_text=True)
    assert "保存后将生成新版本" in page
    client.post(f"/surveys/{survey.id}/questions/{q3.id}", data={"text": "您对窗口服务满意吗？"})
    assert survey.current_version().number == 2
    assert Response.get().version.number == 1
    export = client.get(f"/surveys/{survey.id}/export.csv").get_data(as_text=True)
    header, row = export.lstrip("\ufeff").splitlines()[:2]
    assert "Q3 您对窗口服务满意吗？" in header and "非常满意" in row and ",1," in row


def test_question_bank_and_preview(admin, client):
    source = every_kind(make_campaign(admin, title="旧问卷"))
    target = make_campaign(admin, title="新问卷")
    bank = client.get(f"/surveys/{target.id}/bank?q=排队").get_data(as_text=True)
    ids = re.findall(r'name="questions" value="(\d+)"', bank)
    assert len(ids) == 1
    client.post(f"/surveys/{target.id}/bank?q=排队", data={"questions": ids})
    assert [q.text for q in target.current_version().questions()] == ["您今天排队等候了多少分钟？"]
    preview = client.get(f"/surveys/{source.id}/preview").get_data(as_text=True)
    citizen_page = client.get(f"/surveys/{source.id}/preview").get_data(as_text=True)
    assert "预览：与群众看到的页面相同" in preview and "您是第一次来大厅办事吗？" in citizen_page
    key = re.search(r'name="key" value="([^"]+)"', preview).group(1)
    first = client.post(f"/surveys/{source.id}/preview", data={"key": key, "Q1": "1", "Q3": "4", "nav": "next"})
    assert first.status_code == 303 and "/preview/" in first.location
    last = client.post(first.location, data={"nav": "next"})
    assert last.status_code == 303 and last.location.endswith("/done")
    assert Response.select().count() == 0


def test_publish_and_close(admin, client):
    survey = make_campaign(admin)
    response = client.post(f"/surveys/{survey.id}/publish", follow_redirects=True)
    assert "问卷还没有题目" in response.get_data(as_text=True)
    every_kind(survey)
    client.post(f"/surveys/{survey.id}/publish")
    assert Questionnaire.get_by_id(survey.id).status == CampaignStatus.PUBLISHED
    client.post(f"/surveys/{survey.id}/close")
    assert Questionnaire.get_by_id(survey.id).status == CampaignStatus.CLOSED


def test_only_admins_build(client, login_as):
    survey = make_campaign()
    login_as(make_user(Role.VIEWER))
    assert client.get("/surveys/new").status_code == 403
    assert client.get(f"/surveys/{survey.id}/settings").status_code == 403
    assert client.get(f"/surveys/{survey.id}").status_code == 404  # a draft: not even its existence
    login_as(make_user(Role.INSPECTOR))
    assert client.get("/surveys/").status_code == 403
