"""Results against hand-counted answers: distributions, the tally and the answer paths agree,
cross-tabs, per day, free texts (people named: admins only), exports read back, scoping."""
import datetime as dt
import io
import random

import openpyxl
import pytest

from inspectapp.auth.roles import Role
from inspectapp.common.timeutil import local_today
from inspectapp.evaluations.holds import HoldRules
from inspectapp.surveys import answering
from inspectapp.surveys import campaigns
from inspectapp.surveys import results
from inspectapp.surveys.results import ResultFilter
from tests.factories import make_hall
from tests.factories import make_unit
from tests.factories import make_user
from tests.factories import make_window
from tests.surveys.factories import every_kind
from tests.surveys.factories import make_campaign

RULES = HoldRules(hold_non_workdays=False, hours_grace_minutes=24 * 60)


@pytest.fixture
def places(app):
    hall = make_hall(code="LJZX", name="临江市政务服务中心")
    social, tax = make_unit(name="社保局", short_name="社保"), make_unit(name="税务局", short_name="税务")
    return {"hall": hall, "social": social, "tax": tax,
            "a01": make_window(hall=hall, unit=social, number="A01"),
            "c01": make_window(hall=hall, unit=tax, number="C01")}


def store(survey, n, raw, window=None, device=None):
    ctx = answering.Context(window.hall_id, window.unit_id, window.id, "thanks") if window else answering.Context()
    form = answering.Form(survey, survey.current_version(), ctx)
    return answering.submit(form, f"key-{survey.id}-{n:06d}-abcdefgh", raw,
                            answering.Origin(device_id=device or f"phone-{n}"), RULES)[0]


@pytest.fixture
def answered(places):
    """Eight responses with hand-known answers: five at A01 (社保), three at C01 (税务)."""
    survey = every_kind(make_campaign())
    campaigns.publish(survey, survey.created_by)
    levels = [5, 5, 4, 3, 2, 5, 4, 1]
    for n, level in enumerate(levels):
        window = places["a01"] if n < 5 else places["c01"]
        store(survey, n, {"Q1": ["2" if n % 2 else "1"], "Q2": ["1", "3"] if n < 3 else ["2"], "Q3": [str(level)],
                          "Q4_1": [str(level)], "Q4_2": ["0"], "Q5": [str(10 * n)],
                          "Q6": ["王科长态度很好" if n == 1 else "材料一次说清了"]}, window)
    store(survey, 99, {"Q1": ["1"], "Q3": ["1"]}, places["a01"], device="phone-0")  # held (same phone)
    return survey


def by_key(survey, flt=ResultFilter(), scope=None):
    return {r.q.key: r for r in results.question_results(survey, flt, scope)}


def test_distributions_match_hand_counts(answered):
    r = by_key(answered)
    assert r["Q1"].answered == 8 and [(b.code, b.n) for b in r["Q1"].bars] == [(1, 4), (2, 4)]
    assert [(b.code, b.n, b.pct) for b in r["Q2"].bars] == [(1, 3, 37.5), (2, 5, 62.5), (3, 3, 37.5), (4, 0, 0.0),
                                                            (5, 0, 0.0)]
    scale = r["Q3"].rows[0]
    assert [b.n for b in scale.bars] == [3, 2, 1, 1, 1]  # levels 5,4,3,2,1
    assert scale.score == round((3 * 10 + 2 * 8 + 6 + 3 + 0) / 8, 2) and scale.satisfied == 75.0
    aspects = {row.sub: row for row in r["Q4"].rows}
    assert aspects[1].rated == 8 and aspects[2].rated == 0 and aspects[2].na == 8
    assert r["Q5"].number == {"n": 8, "mean": 35.0, "min": 0, "max": 70, "bars": r["Q5"].number["bars"]}
    assert sum(b.n for b in r["Q5"].number["bars"]) == 8
    assert r["Q6"].answered == 4  # shown only to those who answered Q1 = 2


def test_tallies_and_answers_give_the_same_results(answered):
    everything = ResultFilter(from_answers=True)
    tallied, grouped = by_key(answered), by_key(answered, everything)
    assert tallied.keys() == grouped.keys()
    for key in tallied:
        assert tallied[key].answered == grouped[key].answered, key
        assert tallied[key].bars == grouped[key].bars and tallied[key].rows == grouped[key].rows, key
        assert tallied[key].number == grouped[key].number, key
    assert results.per_day(answered, ResultFilter()) == results.per_day(answered, everything)


def test_date_filter_groups_the_answers_of_those_days(answered):
    today = local_today()
    assert by_key(answered, ResultFilter(start=today - dt.timedelta(days=400), end=today + dt.timedelta(days=1)))[
        "Q1"].answered == 8
    assert by_key(answered, ResultFilter(end=today - dt.timedelta(days=2)))["Q1"].answered == 0
    assert results.per_day(answered, ResultFilter(end=today - dt.timedelta(days=2))) == []


def test_crosstab_by_window_and_unit_scope(answered, places):
    info = next(i for i in results.catalogue(answered) if i.key == "Q3")
    table = results.crosstab(answered, info, "window", ResultFilter())
    a01, c01 = table[places["a01"].id].rows[0], table[places["c01"].id].rows[0]
    assert [b.n for b in a01.bars] == [2, 1, 1, 1, 0] and [b.n for b in c01.bars] == [1, 1, 0, 0, 1]
    scoped = by_key(answered, scope=places["tax"].id)
    assert scoped["Q3"].answered == 3


def test_results_page_and_unit_manager_scope(answered, places, client, login_as):
    login_as(make_user(Role.ADMIN))
    page = client.get(f"/surveys/{answered.id}/results").get_data(as_text=True)
    assert "<svg" in page and "8人作答" in page and "待审核（不计入）" in page
    login_as(make_user(Role.UNIT_MANAGER, unit=places["tax"]))
    page = client.get(f"/surveys/{answered.id}/results").get_data(as_text=True)
    assert "3人作答" in page and "8人作答" not in page
    crosstab = client.get(f"/surveys/{answered.id}/results/crosstab?key=Q3&by=window").get_data(as_text=True)
    assert "C01" in crosstab and "A01" not in crosstab
    assert client.get(f"/surveys/{answered.id}/responses/1").status_code == 403


def test_texts_naming_people_are_for_admins_only(answered, client, login_as):
    login_as(make_user(Role.VIEWER))
    page = client.get(f"/surveys/{answered.id}/results/texts?key=Q6").get_data(as_text=True)
    assert "王科长" not in page and "涉及具体人员，仅管理员可见" in page and "材料一次说清了" in page
    search = client.get(f"/surveys/{answered.id}/results/texts?key=Q6&q=科长").get_data(as_text=True)
    assert "共 1 条" in search
    csv = client.get(f"/surveys/{answered.id}/export.csv").get_data(as_text=True)
    assert "王科长" not in csv
    login_as(make_user(Role.ADMIN))
    assert "王科长态度很好" in client.get(f"/surveys/{answered.id}/results/texts?key=Q6").get_data(as_text=True)


def test_xlsx_export_reads_back_with_codes_and_labels(answered, client, login_as):
    login_as(make_user(Role.ADMIN))
    for values, expected in (("labels", "满意"), ("codes", 4)):
        data = client.get(f"/surveys/{answered.id}/export.xlsx?values={values}").get_data()
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        assert header[:8] == ("答卷编号", "提交时间", "问卷版本", "状态", "来源", "大厅", "单位", "窗口")
        assert len(rows) == 9  # eight counted responses; the held one is not exported by default
        col = header.index("Q3 您对大厅的总体服务满意吗？")
        assert rows[3][col] == expected  # the third response: level 4
        assert isinstance(rows[1][header.index("Q5 您今天排队等候了多少分钟？")], (int, float))
        assert isinstance(rows[1][1], dt.datetime)
        assert header.count("Q4[首问负责]") == 1
    everything = client.get(f"/surveys/{answered.id}/export.xlsx?status=all").get_data()
    assert len(list(openpyxl.load_workbook(io.BytesIO(everything)).active.iter_rows())) == 10


def test_export_neutralises_formulas(places, client, login_as):
    survey = every_kind(make_campaign())
    store(survey, 1, {"Q1": ["2"], "Q3": ["5"], "Q6": ['=HYPERLINK("http://x","点我")']})
    login_as(make_user(Role.ADMIN))
    csv = client.get(f"/surveys/{survey.id}/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in csv
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/surveys/{survey.id}/export.xlsx").get_data())).active
    cell = [c for c in next(sheet.iter_rows(min_row=2, max_row=2)) if c.value and "HYPERLINK" in str(c.value)][0]
    assert cell.data_type == "s"


def test_review_releases_a_held_response_into_the_results(answered, client, login_as):
    from inspectapp.surveys.response_models import Response

    login_as(make_user(Role.ADMIN))
    held = Response.get(Response.status == "held")
    page = client.get(f"/surveys/{answered.id}/review").get_data(as_text=True)
    assert "同一设备短时间内重复评价同一窗口" in page
    client.post(f"/surveys/{answered.id}/responses/{held.id}/release", data={"note": "核实为家人"})
    assert by_key(answered)["Q1"].answered == 9


def test_many_random_responses_tally_equals_answers(places):
    survey = every_kind(make_campaign())
    rng = random.Random(11)
    for n in range(40):
        raw = {"Q1": [rng.choice("12")], "Q2": rng.sample(["1", "2", "3", "4", "5"], rng.randint(0, 2)),
               "Q3": [str(rng.randint(1, 5))], "Q5": [str(rng.choice([0, 5, 12.5, 30, 61]))]}
        raw.update({f"Q4_{a}": [str(rng.randint(0, 5))] for a in range(1, 6) if rng.random() < .7})
        store(survey, n, raw, rng.choice([places["a01"], places["c01"], None]))
    everything = ResultFilter(from_answers=True)
    for group in ("hall", "unit", "window"):
        for info in results.catalogue(survey):
            assert results.crosstab(survey, info, group, ResultFilter()) == \
                results.crosstab(survey, info, group, everything), (group, info.key)


def test_home_page_says_held_responses_wait(answered, client, login_as):
    login_as(make_user(Role.ADMIN))
    home = client.get("/").get_data(as_text=True)
    assert "待审核的问卷答卷" in home and f"/surveys/{answered.id}/review" in home
    login_as(make_user(Role.VIEWER))
    assert "待审核的问卷答卷" not in client.get("/").get_data(as_text=True)


def test_unit_manager_reaches_only_own_unit_by_every_url(answered, places, client, login_as):
    from inspectapp.surveys.response_models import Response

    login_as(make_user(Role.UNIT_MANAGER, unit=places["tax"]))
    csv = client.get(f"/surveys/{answered.id}/export.csv").get_data(as_text=True).lstrip("\ufeff").splitlines()
    own = Response.select().where((Response.unit == places["tax"]) & (Response.status == "valid")).count()
    assert len(csv) - 1 == own == 3 and all("社保局" not in line for line in csv)
    texts = client.get(f"/surveys/{answered.id}/results/texts?key=Q6").get_data(as_text=True)
    assert "共 2 条" in texts  # of the four Q6 texts, two were given at the tax window
    other = Response.select().where(Response.unit == places["social"]).first()
    for url in (f"/surveys/{answered.id}/responses/{other.id}", f"/surveys/{answered.id}/review",
                f"/surveys/{answered.id}/report.pdf", f"/surveys/{answered.id}/settings",
                f"/surveys/{answered.id}/qr.png"):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(f"/surveys/{answered.id}/responses/{other.id}/release").status_code in (403, 404)
