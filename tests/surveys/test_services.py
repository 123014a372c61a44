"""The questionnaire engine without HTTP: kinds, conditions, pages, versions, tallies, holds."""
import threading

import pytest

from inspectapp.common.errors import DomainError
from inspectapp.db import db
from inspectapp.evaluations.holds import HoldRules
from inspectapp.evaluations.models import HoldReason
from inspectapp.evaluations.models import Status
from inspectapp.surveys import answering
from inspectapp.surveys import builder
from inspectapp.surveys import kinds
from inspectapp.surveys import review
from inspectapp.surveys import tallies
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.response_models import Answer
from inspectapp.surveys.response_models import DayTally
from inspectapp.surveys.response_models import Response
from inspectapp.surveys.response_models import Tally
from inspectapp.surveys.store import ANSWERED
from tests.surveys.factories import ASPECTS
from tests.surveys.factories import YES_NO
from tests.surveys.factories import add
from tests.surveys.factories import every_kind
from tests.surveys.factories import make_campaign

RULES = HoldRules(hold_non_workdays=False, hours_grace_minutes=24 * 60)
GOOD = {"Q1": ["2"], "Q2": ["1", "3"], "Q3": ["4"], "Q4_1": ["5"], "Q4_2": ["4"], "Q4_3": ["0"], "Q4_4": ["5"],
        "Q4_5": ["3"], "Q5": ["15"], "Q6": ["材料要求没有一次说清"]}


@pytest.fixture
def survey(app):
    return every_kind(make_campaign())


def form_of(survey, ctx=answering.Context()):
    return answering.Form(survey, survey.current_version(), ctx)


def key(n):
    return f"test-key-{n:08d}-abcdef"


def test_every_kind_parses_to_its_value(survey):
    states = form_of(survey).states(GOOD)
    values = {k: s.value for k, s in states.items()}
    assert values == {"Q1": 2, "Q2": (1, 3), "Q3": 4, "Q4": {1: 5, 2: 4, 3: 0, 4: 5, 5: 3}, "Q5": 15.0,
                      "Q6": "材料要求没有一次说清"}
    assert all(s.error is None and s.visible for s in states.values())


@pytest.mark.parametrize("field, value, message", [
    ("Q1", [], "此题为必答题"),
    ("Q1", ["9"], "所选选项无效，请重新选择"),
    ("Q2", ["1", "2", "3"], "最多选择%(n)s项"),
    ("Q3", ["6"], "所选选项无效，请重新选择"),
    ("Q4_3", ["7"], "所选选项无效，请重新选择"),
    ("Q5", ["十五"], "请输入数字"),
    ("Q5", ["-1"], "请输入不小于%(n)s的数字"),
    ("Q5", ["601"], "请输入不大于%(n)s的数字"),
    ("Q6", ["很" * 51], "不能超过%(n)s字（现在%(count)s字）"),
])
def test_bad_answers_have_their_message(survey, field, value, message):
    states = form_of(survey).states({**GOOD, field: value})
    errors = {k: s.error.message for k, s in states.items() if s.error}
    assert errors == {field.split("_")[0]: message}


def test_condition_hides_question_and_drops_its_answer(survey):
    states = form_of(survey).states({**GOOD, "Q1": ["1"]})
    assert not states["Q6"].visible and states["Q6"].value is None
    assert kinds.condition_met(states["Q6"].q, {"Q1": 2})
    assert not kinds.condition_met(states["Q6"].q, {})


def test_required_matrix_needs_every_aspect(survey):
    version, question = builder.save_question(survey, builder_question(survey, "Q4"),
                                              {"kind": Kind.MATRIX, "text": "请评价", "aspects": ASPECTS,
                                               "is_required": True, "has_na": True}, survey.created_by)
    states = form_of(survey).states({k: v for k, v in GOOD.items() if k != "Q4_5"})
    assert states["Q4"].error.message == "请对每一项作出评价"


def builder_question(survey, key):
    return next(q for q in survey.current_version().questions() if q.key == key)


def test_pages_break_explicitly_and_before_a_same_page_condition(survey):
    pages = [[slot.q.key for slot in page] for page in form_of(survey).pages]
    # Q4 starts a page; Q6's condition tests Q1, which is on an earlier page: no extra break.
    assert pages == [["Q1", "Q2", "Q3"], ["Q4", "Q5", "Q6"]]
    add(survey, Kind.SINGLE, "是否需要回访？", options=YES_NO)  # Q7
    add(survey, Kind.TEXT, "回访时间", cond_key="Q7", cond_values=["1"])  # Q8 tests Q7 on its page
    pages = [[slot.q.key for slot in page] for page in form_of(survey).pages]
    assert pages == [["Q1", "Q2", "Q3"], ["Q4", "Q5", "Q6", "Q7"], ["Q8"]]


def test_hidden_pages_are_skipped(survey):
    add(survey, Kind.SINGLE, "是否需要回访？", options=YES_NO)  # Q7
    add(survey, Kind.TEXT, "回访时间", cond_key="Q7", cond_values=["1"])  # Q8, a page of its own
    form = form_of(survey)
    assert form.visible_pages(form.states({**GOOD, "Q7": ["2"]})) == [1, 2]
    assert form.visible_pages(form.states({**GOOD, "Q7": ["1"]})) == [1, 2, 3]


def test_condition_must_point_back_at_a_choice_question(survey):
    with pytest.raises(DomainError):
        add(survey, Kind.TEXT, "x", cond_key="Q5", cond_values=["1"])  # a number question
    with pytest.raises(DomainError):
        add(survey, Kind.TEXT, "x", cond_key="Q1", cond_values=["3"])  # no such option
    with pytest.raises(DomainError):
        builder.remove_question(survey, builder_question(survey, "Q1"), survey.created_by)  # Q6 depends on it
    for _ in range(4):  # Q6 moves up past Q5, Q4, Q3, Q2 …
        builder.move_question(survey, builder_question(survey, "Q6"), -1, survey.created_by)
    assert [q.key for q in survey.current_version().questions()] == ["Q1", "Q6", "Q2", "Q3", "Q4", "Q5"]
    with pytest.raises(DomainError):  # … but not above Q1, which its condition tests
        builder.move_question(survey, builder_question(survey, "Q6"), -1, survey.created_by)


def submit(survey, n, raw=GOOD, ctx=answering.Context(), device="phone-1", at=None):
    form = answering.Form(survey, survey.current_version(), ctx)
    return answering.submit(form, key(n), raw, answering.Origin(device_id=device), RULES, at=at)


def test_submit_stores_answers_and_tallies(survey):
    response, created = submit(survey, 1)
    assert created and response.status == Status.VALID
    cells = sorted((a.question.key, a.sub, a.value, a.num, a.text) for a in Answer.select())
    assert ("Q2", 0, 1, None, None) in cells and ("Q2", 0, 3, None, None) in cells
    assert ("Q4", 3, 0, None, None) in cells and ("Q5", 0, None, 15.0, None) in cells
    assert len(cells) == 1 + 2 + 1 + 5 + 1 + 1
    assert sum(t.n for t in Tally.select().where(Tally.sub != ANSWERED)) == len(cells)
    assert sum(t.n for t in Tally.select().where(Tally.sub == ANSWERED)) == 6  # six questions answered


def test_same_key_stores_one_response(survey):
    first, created = submit(survey, 1)
    again, created_again = submit(survey, 1)
    assert created and not created_again and again.id == first.id
    assert Response.select().count() == 1


def test_one_per_device_second_response_is_held_and_kept_out_of_tallies(survey):
    submit(survey, 1)
    second, _ = submit(survey, 2)
    assert second.status == Status.HELD and second.hold_reason_list == [HoldReason.COOLDOWN]
    assert Response.select().count() == 2
    q1 = Tally.question_id == builder_question(survey, "Q1").id
    counted = sum(t.n for t in Tally.select().where(q1 & (Tally.sub == 0)))
    assert counted == 1
    review.release(second, survey.created_by, "同一家庭两人使用同一手机")
    assert sum(t.n for t in Tally.select().where(q1 & (Tally.sub == 0))) == 2


def test_tallies_rebuild_to_the_same_counts(survey, window):
    ctx = answering.Context(window.hall_id, window.unit_id, window.id, "thanks")
    for n in range(6):
        raw = {**GOOD, "Q3": [str(1 + n % 5)], "Q5": [str(12.5 + n * 7.25)], "Q2": [str(1 + n % 5)]}
        submit(survey, n, raw=raw, device=f"phone-{n}", ctx=ctx if n % 2 else answering.Context())
    submit(survey, 99, device="phone-0")  # held: in neither
    before = sorted((t.question_id, t.sub, t.value, t.hall_id, t.window_id, t.n, t.total) for t in Tally.select())
    days = sorted((str(t.day), t.unit_id, t.n) for t in DayTally.select())
    tallies.rebuild(survey)
    assert before == sorted((t.question_id, t.sub, t.value, t.hall_id, t.window_id, t.n,
                             t.total) for t in Tally.select())
    assert days == sorted((str(t.day), t.unit_id, t.n) for t in DayTally.select())


def test_edit_after_answers_forks_a_version_and_old_answers_keep_theirs(survey):
    response, _ = submit(survey, 1)
    v1 = survey.current_version()
    builder.save_question(survey, builder_question(survey, "Q3"), {"kind": Kind.SCALE, "text": "您对窗口服务满意吗？",
                                                                    "is_required": True}, survey.created_by)
    v2 = survey.current_version()
    assert v2.number == 2 and v1.number == 1
    assert response.version_id == v1.id
    assert [q.text for q in v1.questions() if q.key == "Q3"] == ["您对大厅的总体服务满意吗？"]
    assert [q.text for q in v2.questions() if q.key == "Q3"] == ["您对窗口服务满意吗？"]
    # A second edit before new answers changes v2 in place.
    builder.save_question(survey, builder_question(survey, "Q3"), {"kind": Kind.SCALE, "text": "满意吗？"},
                          survey.created_by)
    assert survey.current_version().id == v2.id


def test_question_bank_copies_into_another_questionnaire(survey):
    other = make_campaign(survey.created_by, title="另一份问卷")
    copied = builder.copy_from_bank(other, [builder_question(survey, "Q4"), builder_question(survey, "Q6")],
                                    survey.created_by)
    assert [(q.key, q.kind, q.cond_key) for q in copied] == [("Q1", Kind.MATRIX, ""), ("Q2", Kind.TEXT, "")]
    assert [q.text for q in builder.bank(other, "排队")] == ["您今天排队等候了多少分钟？"]


def test_concurrent_retries_store_one_response(app, survey):
    results, errors = [], []

    def post():
        try:
            with db.connection_context():
                results.append(submit(survey, 7)[0].id)
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=post) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(results)) == 1
    assert Response.select().count() == 1
    q1 = Tally.question_id == builder_question(survey, "Q1").id
    assert sum(t.n for t in Tally.select().where(q1 & (Tally.sub == 0))) == 1


def test_cli_retally_and_prune(runner, survey):
    import datetime as dt

    from inspectapp.surveys.response_models import ResponseDraft

    submit(survey, 1)
    before = sorted((t.question_id, t.sub, t.value, t.n) for t in Tally.select())
    result = runner.invoke(args=["surveys", "retally", str(survey.id)])
    assert result.exit_code == 0 and "answer cells tallied" in result.output
    assert before == sorted((t.question_id, t.sub, t.value, t.n) for t in Tally.select())
    form = answering.Form(survey, survey.current_version(), answering.Context())
    answering.save_draft(form, key(5), {"Q1": ["1"]}, answering.Origin())
    ResponseDraft.update(updated_at=dt.datetime(2020, 1, 1)).execute()
    result = runner.invoke(args=["surveys", "prune-drafts"])
    assert "Deleted 1 drafts" in result.output and ResponseDraft.select().count() == 0
