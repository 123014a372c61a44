"""Demo questionnaires for `flask seed-demo`, built and answered through the real services:

- an open 2026年窗口服务满意度调查 for the first hall, so its windows' thank-you pages offer it,
  with two weeks of responses (thank-you pages, the hall's poster, the link);
- a closed 群众评议 of the first hall's staff with its votes and a confirmed 表扬 list.
"""
import datetime as dt

from inspectapp.common.timeutil import local_today
from inspectapp.common.timeutil import utc_of
from inspectapp.evaluations.holds import HoldRules
from inspectapp.surveys import answering
from inspectapp.surveys import appraisal
from inspectapp.surveys import builder
from inspectapp.surveys import campaigns
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.models import CampaignKind
from inspectapp.surveys.models import ScopeKind
from inspectapp.surveys.models import SubjectKind
from inspectapp.surveys.response_models import Channel
from inspectapp.workcal import services as workcal


def _options(*labels):
    return [{"code": n, "label": label, "label_en": ""} for n, label in enumerate(labels, 1)]


QUESTIONS = [
    (Kind.SCALE, "您对今天在大厅办事的总体感受是？", {"is_required": True,
                                                      "text_en": "How was your visit today overall?"}),
    (Kind.MATRIX, "请对窗口服务的以下方面作出评价", {"aspects": _options("首问负责", "一次性告知", "限时办结",
                                                                         "服务态度",
                                                                  "办事效率"), "has_na": True}),
    (Kind.SINGLE, "您今天办的事一次办成了吗？", {"options": _options("一次办成", "需要再来一次", "跑了三次及以上"),
                                           "is_required": True}),
    (Kind.MULTIPLE, "您最希望大厅在哪些方面改进？（最多两项）", {"options": _options(
        "减少排队等候", "材料清单说清楚", "增加导办人员", "网上能办的事更多", "停车更方便"), "max_choices": 2,
        "page_break": True}),
    (Kind.NUMBER, "今天从取号到办完，大约用了多少分钟？", {"num_min": 0, "num_max": 480}),
    (Kind.TEXT, "“跑了多次”的主要原因是什么？", {"max_length": 100, "cond_key": "Q3", "cond_values": ["2", "3"]}),
    (Kind.TEXT, "您还有什么意见建议？", {"max_length": 200}),
]
SUGGESTIONS = ["希望增加自助填表机", "周末能开放半天就好了", "导办员很热情", "", "", "", "叫号屏字太小，老年人看不清"]
REASONS_AGAIN = ["材料清单没有一次说清", "系统故障让改天再来", "缺少一份证明"]
SCORES = [5] * 7 + [4] * 4 + [3] * 2 + [2]


def _utc(day, hour, minute):
    return utc_of(day, dt.time(hour, minute))


def _workdays(start, end):
    day = start
    while day <= end:
        if workcal.is_workday(day):
            yield day
        day += dt.timedelta(days=1)


def seed_demo_surveys(hall, windows, rng, admin):
    """Returns (questionnaires, responses) created."""
    rules = HoldRules()
    survey = _satisfaction_survey(hall, admin)
    counter = [0]
    windows = [w for w in windows if w.hall_id == hall.id]
    today = local_today()
    for day in _workdays(today - dt.timedelta(days=14), today - dt.timedelta(days=1)):
        for window in rng.sample(windows, k=min(len(windows), 6)):
            _answer_survey(survey, window, day, rng, rules, counter, Channel.THANKS)
        _answer_survey(survey, windows[0], day, rng, rules, counter, Channel.POSTER)
    appraisal_campaign = _staff_appraisal(hall, windows, rng, admin, rules, counter)
    return [survey, appraisal_campaign], counter[0]


def _satisfaction_survey(hall, admin):
    today = local_today()
    settings = campaigns.Settings(
        title="2026年窗口服务满意度调查", title_en="2026 Service Hall Satisfaction Survey",
        intro="为持续改进窗口服务，请您用1分钟回答几个问题。问卷匿名，不需要填写姓名和电话。",
        opens_on=today - dt.timedelta(days=14), closes_on=today + dt.timedelta(days=45))
    survey = campaigns.create(CampaignKind.QUESTIONNAIRE, settings, admin)
    campaigns.set_scope(survey, ScopeKind.HALLS, [hall.id], admin)
    for kind, text, values in QUESTIONS:
        builder.save_question(survey, None, {"kind": kind, "text": text, **values}, admin)
    campaigns.publish(survey, admin)
    return survey


def _submit(questionnaire, ctx, raw, at, rng, rules, counter):
    counter[0] += 1
    form = answering.Form(questionnaire, questionnaire.current_version(), ctx)
    origin = answering.Origin(device_id=f"demo-survey-{rng.getrandbits(48):x}", ip=f"10.30.0.{rng.randint(2, 250)}",
                              user_agent="Mozilla/5.0 (Linux; Android 13) MicroMessenger/8.0.47", locale="zh_Hans")
    answering.submit(form, f"demo-sv-{counter[0]:06d}-{rng.getrandbits(40):010x}", raw, origin, rules, at=at)


def _answer_survey(survey, window, day, rng, rules, counter, channel):
    level = rng.choice(SCORES)
    visits = "1" if level >= 4 else rng.choice("123")
    raw = {"Q1": [str(level)], "Q3": [visits], "Q2_1": [str(min(5, level + rng.choice((0, 0, 1))))],
           "Q2_2": [str(max(1, level - rng.choice((0, 0, 1))))], "Q2_3": [str(rng.choice((level, 4, 0)))],
           "Q2_4": [str(level)], "Q2_5": [str(rng.choice((level, 4)))],
           "Q4": [str(c) for c in rng.sample(range(1, 6), k=rng.choice((1, 2)))],
           "Q5": [str(rng.choice((8, 15, 20, 35, 60)))],
           "Q7": [rng.choice(SUGGESTIONS)]}
    if visits != "1":
        raw["Q6"] = [rng.choice(REASONS_AGAIN)]
    if channel == Channel.THANKS:
        ctx = answering.Context(window.hall_id, window.unit_id, window.id, Channel.THANKS)
    else:
        ctx = answering.Context(hall_id=window.hall_id, channel=Channel.POSTER)
    at = _utc(day, rng.randint(window.hall.opens_at.hour, window.hall.closes_at.hour - 1), rng.randint(0, 59))
    _submit(survey, ctx, raw, at, rng, rules, counter)


def _staff_appraisal(hall, windows, rng, admin, rules, counter):
    """Last month's 群众评议 of the first hall's staff: voted, closed, 表扬 list confirmed."""
    today = local_today()
    settings = campaigns.Settings(title="2026年度窗口工作人员群众评议", opens_on=today - dt.timedelta(days=21),
                                  closes_on=today - dt.timedelta(days=1),
                                  intro="请对为您服务过的窗口工作人员作出评价，评议结果作为评选“先进个人”的依据。")
    campaign = campaigns.create(CampaignKind.APPRAISAL, settings, admin, subject_kind=SubjectKind.STAFF)
    campaigns.set_subjects(campaign, sorted({w.unit_id for w in windows}), admin)
    campaigns.update_award(campaign, {"award_title": "先进个人", "weight_campaign": 60, "weight_rating": 30,
                                      "weight_inspection": 10, "min_ratings": 3, "award_quota": 3,
                                      "staff_mode": "list"}, admin)
    builder.save_question(campaign, None, {"kind": Kind.TEXT, "text": "您对窗口工作人员还有什么意见建议？",
                                           "max_length": 200},
                          admin)
    campaigns.publish(campaign, admin)
    subjects = list(campaign.subjects())
    favourites = {s.id: rng.choice((5, 5, 4, 4, 4, 3)) for s in subjects}
    for day in _workdays(campaign.opens_on, campaign.closes_on):
        for window in rng.sample(windows, k=min(len(windows), 10)):
            mine = [s for s in subjects if s.unit_id == window.unit_id]
            here = [s for s in mine if s.staff.window_id == window.id]
            raw = {}
            for subject in set(rng.sample(here, k=min(len(here), 2)) + rng.sample(mine, k=1)):
                level = favourites[subject.id] if rng.random() < .7 else rng.choice(SCORES)
                raw[f"Q1_s{subject.id}"] = [str(level)]
                if level <= 2 or rng.random() < .1:
                    raw[f"Q1_r{subject.id}"] = ["办事耐心细致" if level >= 4 else "解释不够清楚"]
            ctx = answering.Context(window.hall_id, window.unit_id, window.id, Channel.THANKS)
            at = _utc(day, rng.randint(window.hall.opens_at.hour, window.hall.closes_at.hour - 1), rng.randint(0, 59))
            _submit(campaign, ctx, raw, at, rng, rules, counter)
    campaigns.close(campaign, admin)
    proposed = [row.subject.id for row in appraisal.standings(campaign) if row.proposed]
    appraisal.confirm(campaign, proposed, "按系统拟定名单确认", admin)
    return campaign
