"""群众评议: the ranking and the proposed 表扬 list against hand-computed figures, the confirmation,
and answering an appraisal (a list per unit, or who served me)."""
import datetime as dt
import re

import pytest

from inspectapp.auth.roles import Role
from inspectapp.common.errors import DomainError
from inspectapp.common.tokens import new_token
from inspectapp.evaluations.holds import HoldRules
from inspectapp.evaluations.models import Evaluation
from inspectapp.inspections import services as inspections
from inspectapp.surveys import answering
from inspectapp.surveys import appraisal
from inspectapp.surveys import campaigns
from inspectapp.surveys.appraisal_models import Commendation
from inspectapp.surveys.models import CampaignKind
from inspectapp.surveys.models import SubjectKind
from tests.factories import make_hall
from tests.factories import make_staff
from tests.factories import make_unit
from tests.factories import make_user
from tests.factories import make_window
from tests.inspections.factories import make_finding
from tests.inspections.factories import make_inspection
from tests.surveys.factories import make_campaign

RULES = HoldRules(hold_non_workdays=False, hours_grace_minutes=24 * 60)


@pytest.fixture
def org(app):
    hall = make_hall(code="LJZX", opens_at=dt.time(0, 0), closes_at=dt.time(23, 59))
    units = [make_unit(name=n, short_name=s) for n, s in (("社保局", "社保"), ("税务局", "税务"), ("医保局", "医保"))]
    a01 = make_window(hall=hall, unit=units[0], number="A01")
    c01 = make_window(hall=hall, unit=units[1], number="C01")
    staff = [make_staff(window=a01, name="张敏", staff_no="RSJ001"), make_staff(window=a01, name="李强",
                                                                                staff_no="RSJ002"),
             make_staff(window=c01, name="王芳", staff_no="SWJ001")]
    return {"hall": hall, "units": units, "a01": a01, "c01": c01, "staff": staff}


def campaign(org, subject_kind, **award):
    survey = make_campaign(kind=CampaignKind.APPRAISAL, subject_kind=subject_kind, title="2026年度群众评议")
    campaigns.set_subjects(survey, [u.id for u in org["units"]], survey.created_by)
    values = dict(award_title=survey.award_title, weight_campaign=60, weight_rating=30, weight_inspection=10,
                  min_ratings=3, award_quota=2, staff_mode="list")
    values.update(award)
    campaigns.update_award(survey, values, survey.created_by)
    campaigns.publish(survey, survey.created_by)
    return survey


def vote(survey, levels, n=[0]):  # noqa: B006 - a counter shared by the calls of one test run
    """One response rating subjects: {subject: level}."""
    n[0] += 1
    subjects = {s.unit_id if not s.staff_id else s.staff_id: s.id for s in survey.subjects()}
    raw = {f"Q1_s{subjects[key]}": [str(level)] for key, level in levels.items()}
    form = answering.Form(survey, survey.current_version(), answering.Context())
    return answering.submit(form, f"appraisal-{n[0]:06d}-abcdef", raw, answering.Origin(device_id=f"p{n[0]}"),
                            RULES)[0]


def rate(window, level, staff=None):
    Evaluation.create(window=window, hall=window.hall_id, unit=window.unit_id, staff=staff, level=level,
                      idempotency_key=new_token())


def findings(org, *pairs):
    inspection = make_inspection(hall=org["hall"])
    for code, window, staff_no in pairs:
        make_finding(inspection, code, window=window, staff_no=staff_no)
    admin = make_user(Role.ADMIN)
    inspections.transition(inspection, "submit", inspection.members().first())
    inspections.transition(inspection, "publish", admin)


def test_unit_ranking_and_proposal_by_hand(org):
    social, tax, health = org["units"]
    survey = campaign(org, SubjectKind.UNIT)
    for levels in ({social.id: 5, tax.id: 5, health.id: 3}, {social.id: 5, tax.id: 5, health.id: 2},
                   {social.id: 4, tax.id: 5, health.id: 0}, {tax.id: 4}):
        vote(survey, levels)
    for level in (5, 4, 3, 1):
        rate(org["a01"], level)
    for level in (5, 5):
        rate(org["c01"], level)
    findings(org, ("B1", org["a01"], ""), ("D4", org["c01"], ""))  # 1 point; 3 points and 严重
    rows = {r.subject.unit_id: r for r in appraisal.standings(survey)}
    s, t, h = rows[social.id], rows[tax.id], rows[health.id]
    assert (s.votes, round(s.campaign_score, 2), s.rating_rate, s.inspection_score) == (3, 93.33, 75.0, 99.0)
    assert s.composite == 88.40  # (60×93.333 + 30×75 + 10×99) ÷ 100
    assert (t.votes, t.campaign_score, t.rating_rate, t.inspection_score) == (4, 95.0, 100.0, 97.0)
    assert t.composite == 96.70 and t.serious == 1 and not t.eligible and not t.proposed
    assert (h.votes, h.na, h.campaign_score, h.rating_rate) == (2, 1, 45.0, None)
    assert h.inspection_score is None  # not inspected in the period
    assert h.composite == 45.0  # 60×45 ÷ 60: no 好差评 and no inspection in the period, their weights drop out
    assert not h.eligible and h.reason == "有效评议票不足"
    assert [(r.subject.unit_id, r.rank, r.proposed) for r in appraisal.standings(survey)] == [
        (tax.id, 1, False), (social.id, 2, True), (health.id, 3, False)]


def test_staff_ranking_never_proposes_a_serious_finding(org):
    zhang, li, wang = org["staff"]
    survey = campaign(org, SubjectKind.STAFF, min_ratings=2)
    for levels in ({zhang.id: 5, li.id: 4, wang.id: 5}, {zhang.id: 4, li.id: 4, wang.id: 5},
                   {li.id: 4, wang.id: 5}):
        vote(survey, levels)
    rate(org["a01"], 5, zhang)
    rate(org["a01"], 5, zhang)
    rate(org["a01"], 2, li)
    findings(org, ("B1", org["a01"], "RSJ001"), ("D4", org["c01"], "SWJ001"))
    rows = appraisal.standings(survey)
    figures = [(r.subject.staff_id, r.rank, r.composite, r.proposed) for r in rows]
    assert figures == [(wang.id, 1, 99.57, False), (zhang.id, 2, 93.90, True), (li.id, 3, 58.00, True)]


def test_confirmation_rules(org, client, login_as):
    social, tax, health = org["units"]
    survey = campaign(org, SubjectKind.UNIT, min_ratings=1, award_quota=1)
    vote(survey, {social.id: 5, tax.id: 4, health.id: 3})
    admin = make_user(Role.ADMIN)
    subject = {s.unit_id: s.id for s in survey.subjects()}
    with pytest.raises(DomainError, match="评议尚未结束"):
        appraisal.confirm(survey, [subject[social.id]], "", admin)
    campaigns.close(survey, admin)
    with pytest.raises(DomainError, match="请填写说明"):
        appraisal.confirm(survey, [subject[tax.id]], "", admin)
    login_as(admin)
    page = client.get(f"/surveys/{survey.id}/ranking").get_data(as_text=True)
    assert "综合得分 =（评议得分 × 60 + 好评率 × 30 + 暗访得分 × 10）÷ 100" in page
    client.post(f"/surveys/{survey.id}/ranking/confirm",
                data={"subjects": [subject[social.id], subject[tax.id]], "note": "两家并列表扬"})
    commendation = Commendation.get()
    assert sorted(e.subject_id for e in commendation.entries() if e.is_commended) == sorted(
        [subject[social.id], subject[tax.id]])
    assert [e.was_proposed for e in commendation.entries()] == [True, False, False]
    with pytest.raises(DomainError, match="已确认"):
        appraisal.confirm(survey, [subject[social.id]], "", admin)
    assert "已确认的表扬名单" in client.get(f"/surveys/{survey.id}/ranking").get_data(as_text=True)


def test_unit_manager_sees_only_own_unit_in_the_ranking(org, client, login_as):
    social, tax, _health = org["units"]
    survey = campaign(org, SubjectKind.UNIT, min_ratings=1)
    vote(survey, {social.id: 5, tax.id: 4})
    login_as(make_user(Role.UNIT_MANAGER, unit=tax))
    page = client.get(f"/surveys/{survey.id}/ranking").get_data(as_text=True)
    assert "税务局" in page and "社保局" not in page
    results = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "税务局" in results and "社保局" not in results


def test_answering_a_staff_list_from_a_window_shows_its_unit(org, client):
    survey = campaign(org, SubjectKind.STAFF)
    page = client.get(f"/q/{survey.token}?w={org['c01'].public_token}").get_data(as_text=True)
    assert "王芳" in page and "张敏" not in page
    everyone = client.get(f"/q/{survey.token}").get_data(as_text=True)
    assert "王芳" in everyone and "张敏" in everyone and "社保局" in everyone  # grouped by unit


def test_who_served_me_mode(org, app):
    zhang = org["staff"][0]
    survey = campaign(org, SubjectKind.STAFF, staff_mode="served")
    subject = next(s for s in survey.subjects() if s.staff_id == zhang.id)
    client = app.test_client()
    page = client.get(f"/q/{survey.token}?w={org['a01'].public_token}").get_data(as_text=True)
    assert 'name="Q1_pick"' in page and "王芳" not in page
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    done = client.post(f"/q/{survey.token}", data={"key": key, "w": org["a01"].public_token, "Q1_pick": subject.id,
                                                   "Q1_level": "5", "Q1_reason": "耐心", "nav": "next"})
    assert done.status_code == 303, done.get_data(as_text=True)
    row = next(r for r in appraisal.standings(survey) if r.subject.id == subject.id)
    assert row.votes == 1 and row.campaign_score == 100.0




def test_a_long_staff_list_is_spread_over_pages_and_every_vote_kept(org, app):
    from tests.surveys.conftest import Respondent

    unit = org["units"][2]
    window = make_window(hall=org["hall"], unit=unit, number="D01")
    people = [make_staff(window=window, name=f"员工{n:02d}", staff_no=f"YB{n:03d}") for n in range(14)]
    survey = campaign(org, SubjectKind.STAFF, min_ratings=1)
    ids = {s.staff_id: s.id for s in survey.subjects()}
    phone = Respondent(app.test_client())
    first = phone.start(survey, {f"Q1_s{ids[people[0].id]}": "5"}, w=window.public_token)
    assert first.status_code == 303 and first.location.endswith("/2")  # 14 people: pages of six
    page2 = phone.client.get(first.location).get_data(as_text=True)
    assert "第 2 / 3 页" in page2 and "员工06" in page2 and "员工00" not in page2
    second = phone.post(first.location, {f"Q1_s{ids[people[7].id]}": "4", f"Q1_r{ids[people[7].id]}": "耐心"})
    back = phone.post(second.location, {}, nav="back")
    assert f'id="Q1_s{ids[people[7].id]}-4" value="4" checked' in phone.client.get(back.location).get_data(as_text=True)
    done = phone.post(second.location, {f"Q1_s{ids[people[13].id]}": "3"})
    assert done.location.endswith("/done")
    votes = {r.subject.staff_id: r.votes for r in appraisal.standings(survey)}
    assert votes[people[0].id] == votes[people[7].id] == votes[people[13].id] == 1 and votes[people[1].id] == 0


def test_rate_at_least_one_is_asked_on_the_last_page_only(org, app):
    from tests.surveys.conftest import Respondent

    unit = org["units"][2]
    window = make_window(hall=org["hall"], unit=unit, number="D02")
    for n in range(8):
        make_staff(window=window, name=f"人员{n}", staff_no=f"YC{n:03d}")
    survey = campaign(org, SubjectKind.STAFF)
    phone = Respondent(app.test_client())
    first = phone.start(survey, {}, w=window.public_token)
    assert first.status_code == 303  # nobody rated on page 1: fine, page 2 may have them
    last = phone.post(first.location, {})
    assert last.status_code == 400 and "请至少评价一个对象" in last.get_data(as_text=True)
