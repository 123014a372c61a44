"""Answering through the real pages, without JavaScript: pages, drafts across reloads, errors next
to their question, one response per key, holds, where it was reached from, closed campaigns."""
import re
import threading

import pytest

from inspectapp.db import db
from inspectapp.evaluations.models import Status
from inspectapp.surveys import campaigns
from inspectapp.surveys.response_models import Channel
from inspectapp.surveys.response_models import Response
from tests.evaluations.conftest import WECHAT_UA
from tests.evaluations.conftest import Citizen
from tests.factories import make_window
from tests.surveys.conftest import Respondent
from tests.surveys.conftest import hidden_fields
from tests.surveys.factories import every_kind
from tests.surveys.factories import make_campaign

PAGE1 = {"Q1": "2", "Q2": ["1", "3"], "Q3": "4"}
PAGE2 = {"Q4_1": "5", "Q4_2": "4", "Q4_3": "0", "Q4_4": "5", "Q4_5": "3", "Q5": "12", "Q6": "材料没一次说清"}


@pytest.fixture
def survey(app):
    questionnaire = every_kind(make_campaign())
    campaigns.publish(questionnaire, questionnaire.created_by)
    return questionnaire


def errors(response):
    """{question key: error message} as printed inside each question."""
    html = response.get_data(as_text=True)
    return dict(re.findall(r'<p class="err" id="(Q\d+)-err">([^<]+)</p>', html))


def answer_all(respondent, survey, **args):
    first = respondent.start(survey, PAGE1, **args)
    assert first.status_code == 303, errors(first)
    last = respondent.post(first.location, PAGE2)
    assert last.status_code == 303 and last.location.endswith("/done"), errors(last)
    return last


def test_two_pages_without_javascript_store_one_response(respondent, survey):
    page1 = respondent.open(survey).get_data(as_text=True)
    assert "第 1 / 2 页" in page1 and "<script" in page1  # a script is offered, but not needed:
    done = answer_all(respondent, survey)
    assert "提交成功" in respondent.client.get(done.location).get_data(as_text=True)
    response = Response.get()
    assert response.status == Status.VALID and response.version.number == 1
    cells = {(a.question.key, a.sub): (a.value, a.num, a.text) for a in response.answers}
    assert cells[("Q1", 0)] == (2, None, None) and cells[("Q4", 3)] == (0, None, None)
    assert cells[("Q5", 0)] == (None, 12.0, None) and cells[("Q6", 0)] == (None, None, "材料没一次说清")


def test_errors_are_shown_next_to_their_question_and_keep_what_was_typed(respondent, survey):
    response = respondent.start(survey, {"Q2": ["1", "2", "3"], "Q3": "4"})
    assert response.status_code == 400
    assert errors(response) == {"Q1": "此题为必答题", "Q2": "最多选择2项"}
    html = response.get_data(as_text=True)
    assert 'id="Q3-4" value="4" checked' in html and 'id="Q2-3" value="3" checked' in html
    assert "请按提示修改后再提交" in html


def test_reload_and_back_keep_the_answers(respondent, survey):
    first = respondent.start(survey, PAGE1)
    again = respondent.client.get(first.location).get_data(as_text=True)  # reload page 2
    assert "第 2 / 2 页" in again
    back = respondent.post(first.location, {"Q5": "30"}, nav="back")
    assert back.status_code == 303 and back.location.endswith("/1")
    page1 = respondent.client.get(back.location).get_data(as_text=True)
    assert 'id="Q1-2" value="2" checked' in page1 and 'id="Q3-4" value="4" checked' in page1
    page2 = respondent.client.get(first.location).get_data(as_text=True)
    assert 'name="Q5" aria-label="您今天排队等候了多少分钟？" value="30"' in page2


def test_reopening_the_link_resumes_the_draft(respondent, survey):
    first = respondent.start(survey, PAGE1)
    reopened = respondent.open(survey)
    assert reopened.status_code == 303 and reopened.location == first.location


def test_hidden_question_is_not_asked_and_its_answer_dropped(respondent, survey):
    first = respondent.start(survey, {**PAGE1, "Q1": "1"})
    page2 = respondent.client.get(first.location).get_data(as_text=True)
    assert "您上次办事遇到了什么问题" not in page2
    respondent.post(first.location, PAGE2)  # posts Q6 anyway: it is dropped
    assert "Q6" not in {a.question.key for a in Response.get().answers}


def test_double_tap_and_retry_store_one_response(respondent, survey):
    first = respondent.start(survey, PAGE1)
    html = respondent.client.get(first.location).get_data(as_text=True)
    data = {**hidden_fields(html), **PAGE2, "nav": "next"}
    one = respondent.client.post(first.location, data=data)
    two = respondent.client.post(first.location, data=data)  # the draft is gone: the stored response answers
    assert one.status_code == 303 and two.status_code == 303 and one.location == two.location
    assert Response.select().count() == 1


def test_concurrent_retries_of_the_last_page_store_one_response(app, respondent, survey):
    first = respondent.start(survey, PAGE1)
    data = {**hidden_fields(respondent.client.get(first.location).get_data(as_text=True)), **PAGE2, "nav": "next"}
    statuses = []

    def retry():  # the same page posted again and again, from fresh connections (a flaky network)
        statuses.append(app.test_client().post(first.location, data=data).status_code)

    threads = [threading.Thread(target=retry) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(statuses) == {303}, statuses
    assert Response.select().count() == 1


def test_second_response_from_the_same_phone_is_held_not_dropped(respondent, survey):
    answer_all(respondent, survey)
    already = respondent.open(survey).get_data(as_text=True)
    assert "您已参加过本次调查" in already
    done = answer_all(respondent, survey, again="1")
    assert "这份答卷也已保存" in respondent.client.get(done.location).get_data(as_text=True)
    statuses = sorted(r.status for r in Response.select())
    assert statuses == [Status.HELD, Status.VALID]


def test_window_and_hall_context_are_kept_with_the_response(new_respondent, survey, window):
    answer_all(new_respondent(), survey, w=window.public_token)
    answer_all(new_respondent(), survey, h=window.hall.code)
    answer_all(new_respondent(), survey)
    rows = [(r.channel, r.window_id, r.unit_id, r.hall_id) for r in Response.select().order_by(Response.id)]
    assert rows == [(Channel.THANKS, window.id, window.unit_id, window.hall_id),
                    (Channel.POSTER, None, None, window.hall_id), (Channel.LINK, None, None, None)]


def test_window_outside_the_scope_is_ignored(new_respondent, survey, window):
    campaigns.set_scope(survey, "halls", [window.hall_id], survey.created_by)
    elsewhere = make_window(number="Z01")
    answer_all(new_respondent(), survey, w=elsewhere.public_token)
    assert Response.get().window_id is None


def test_closed_draft_and_unknown_campaigns(respondent, survey, app):
    assert respondent.client.get("/q/no-such-token").status_code == 404
    draft = make_campaign(survey.created_by, title="未发布")
    assert respondent.open(draft).status_code == 404
    first = respondent.start(survey, PAGE1)
    campaigns.close(survey, survey.created_by)
    assert "本次调查已结束" in respondent.client.get(f"/q/{survey.token}").get_data(as_text=True)
    late = respondent.post(first.location, PAGE2)
    assert late.status_code == 410 and Response.select().count() == 0


def test_wechat_browser_gets_the_same_page(respondent, survey):
    page = respondent.client.get(f"/q/{survey.token}", headers={"User-Agent": WECHAT_UA})
    assert page.status_code == 200 and "您是第一次来大厅办事吗" in page.get_data(as_text=True)
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', page.get_data(as_text=True))  # nothing from outside


def test_traditional_chinese_and_english(respondent, survey):
    respondent.client.set_cookie("lang", "zh_Hant")
    hant = respondent.open(survey).get_data(as_text=True)
    assert "您是第一次來大廳辦事嗎" in hant
    respondent.client.set_cookie("lang", "en")
    survey.title_en = "2026 Service Satisfaction Survey"
    survey.save()
    english = respondent.open(survey).get_data(as_text=True)
    assert "2026 Service Satisfaction Survey" in english and "Yes" in english


def test_elder_mode_keeps_the_window(respondent, survey, window):
    page = respondent.open(survey, w=window.public_token).get_data(as_text=True)
    link = re.search(r'<a class="mode" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert f"w={window.public_token}" in link and "elder=1" in link
    elder = respondent.client.get(link).get_data(as_text=True)
    assert 'class="ev elder"' in elder and "A12" in elder


def test_csrf_expired_shows_the_page_again_with_the_answers(app, survey):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    html = client.get(f"/q/{survey.token}").get_data(as_text=True)
    data = {**hidden_fields(html), **PAGE1, "csrf_token": "expired", "nav": "next"}
    response = client.post(f"/q/{survey.token}", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "页面已过期" in page and 'id="Q3-4" value="4" checked' in page
    data["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"/q/{survey.token}", data=data).status_code == 303
    db.close()


def test_thank_you_page_offers_the_questionnaire_of_the_window_scope(app, survey, window):
    campaigns.set_scope(survey, "halls", [window.hall_id], survey.created_by)
    citizen = Citizen(app.test_client())
    thanks = citizen.client.get(citizen.rate(window, level="5", reasons="517").location).get_data(as_text=True)
    assert "愿意再用1分钟回答几个问题吗？" in thanks
    link = re.search(r'<a class="btn offer-go" href="([^"]+)"', thanks).group(1).replace("&amp;", "&")
    assert link == f"/q/{survey.token}?w={window.public_token}"
    page = citizen.client.get(link).get_data(as_text=True)
    assert "A12" in page and f'name="w" value="{window.public_token}"' in page
    # Answered once: the next thank-you page does not offer it again.
    answer_all(Respondent(citizen.client), survey, w=window.public_token)
    assert Response.get().channel == Channel.THANKS
    app.config["EVAL_COOLDOWN_MINUTES"] = 0
    again = citizen.client.get(citizen.rate(window, level="4", reasons="411").location).get_data(as_text=True)
    assert "愿意再用1分钟" not in again


def test_no_offer_outside_the_scope_or_when_closed(app, survey, window):
    other = make_window(number="B07")
    campaigns.set_scope(survey, "windows", [other.id], survey.created_by)
    citizen = Citizen(app.test_client())
    thanks = citizen.client.get(citizen.rate(window, level="5", reasons="517").location).get_data(as_text=True)
    assert "愿意再用1分钟" not in thanks
    campaigns.set_scope(survey, "all", [], survey.created_by)
    campaigns.close(survey, survey.created_by)
    app.config["EVAL_COOLDOWN_MINUTES"] = 0
    thanks = citizen.client.get(citizen.rate(window, level="4", reasons="411").location).get_data(as_text=True)
    assert "愿意再用1分钟" not in thanks
