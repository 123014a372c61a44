"""Questionnaires built through the real builder services."""
import datetime as dt

from inspectapp.auth.roles import Role
from inspectapp.common.timeutil import local_today
from inspectapp.surveys import builder
from inspectapp.surveys import campaigns
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.models import CampaignKind
from inspectapp.surveys.models import SubjectKind
from tests.factories import make_user

YES_NO = [{"code": 1, "label": "是", "label_en": "Yes"}, {"code": 2, "label": "否", "label_en": "No"}]
SERVICES = [{"code": c, "label": label, "label_en": ""} for c, label in
            [(1, "社保"), (2, "医保"), (3, "不动产"), (4, "公积金"), (5, "税务")]]
ASPECTS = [{"code": c, "label": label, "label_en": ""} for c, label in
           [(1, "首问负责"), (2, "一次性告知"), (3, "限时办结"), (4, "服务态度"), (5, "办事效率")]]


def admin_user():
    return make_user(Role.ADMIN)


def make_campaign(actor=None, kind=CampaignKind.QUESTIONNAIRE, subject_kind=SubjectKind.UNIT, publish=False,
                  title="2026年窗口服务满意度调查", **settings):
    actor = actor or admin_user()
    today = local_today()
    values = dict(title=title, opens_on=today - dt.timedelta(days=3), closes_on=today + dt.timedelta(days=30),
                  intro="感谢您抽出一分钟参与。")
    values.update(settings)
    questionnaire = campaigns.create(kind, campaigns.Settings(**values), actor, subject_kind=subject_kind)
    return questionnaire


def add(questionnaire, kind, text, actor=None, **values):
    """One question through the builder; returns the saved Question."""
    actor = actor or questionnaire.created_by
    values = {"kind": kind, "text": text, **values}
    _version, question = builder.save_question(questionnaire, None, values, actor)
    return question


def every_kind(questionnaire):
    """Q1 single (是/否), Q2 multiple (≤ 2), Q3 scale, Q4 matrix, Q5 number, Q6 text (shown when Q1=否)."""
    add(questionnaire, Kind.SINGLE, "您是第一次来大厅办事吗？", options=YES_NO, is_required=True)
    add(questionnaire, Kind.MULTIPLE, "您今天办理了哪些业务？", options=SERVICES, max_choices=2)
    add(questionnaire, Kind.SCALE, "您对大厅的总体服务满意吗？", is_required=True)
    add(questionnaire, Kind.MATRIX, "请对以下方面作出评价", aspects=ASPECTS, has_na=True, page_break=True)
    add(questionnaire, Kind.NUMBER, "您今天排队等候了多少分钟？", num_min=0, num_max=600)
    add(questionnaire, Kind.TEXT, "您上次办事遇到了什么问题？", max_length=50, cond_key="Q1", cond_values=["2"])
    return questionnaire
