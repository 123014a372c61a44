"""The permission world's rectification cases (整改) and questionnaire / appraisal campaigns
(调查问卷, 群众评议), built through the real services: cheap enough for a world per row."""
import datetime as dt
import uuid

from inspectapp.common.timeutil import local_today
from inspectapp.evaluations.holds import HoldRules
from inspectapp.inspections import services as inspections
from inspectapp.officialdoc.numbers import issuer_from_config
from inspectapp.rectifications import opening
from inspectapp.rectifications import services as rectifications
from inspectapp.rectifications.services import ItemReport
from inspectapp.surveys import answering
from inspectapp.surveys import builder
from inspectapp.surveys import campaigns
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.models import CampaignKind
from inspectapp.surveys.models import SubjectKind
from tests.inspections.factories import jpeg_bytes
from tests.inspections.factories import make_finding
from tests.inspections.factories import make_inspection

SURVEY_RULES = HoldRules(hold_non_workdays=False, hours_grace_minutes=24 * 60)
YES_NO = [{"code": 1, "label": "是", "label_en": "Yes"}, {"code": 2, "label": "否", "label_en": "No"}]


def add_rectifications(app, w, root):
    """w.case: issued to unit A, acknowledged, a saved report with one photo (w.report_evidence);
    w.draft_case: a draft for unit A of a second published inspection (w.inspection2)."""
    w.case = opening.open_from_inspection(w.inspection, [w.unit_a.id], w.admin, 10)[0]
    rectifications.issue(w.case, w.admin, issuer_from_config(app.config))
    rectifications.acknowledge(w.case, w.manager)
    w.case_item = w.case.items_in_order().get()
    rectifications.save_report(w.case, w.manager, {w.case_item.id: ItemReport(
        cause="制度执行不严", measures="已批评教育", responsible="王科长", completed_on=local_today())})
    w.report_evidence, _ = rectifications.add_evidence(w.case_item, jpeg_bytes(), w.manager, root, filename="a.jpg")
    w.inspection2 = make_inspection(hall=w.hall, members=[w.inspector], admin=w.admin)
    make_finding(w.inspection2, "B1", window=w.window_a, actor=w.inspector)
    inspections.transition(w.inspection2, "submit", w.inspector)
    inspections.transition(w.inspection2, "publish", w.admin)
    w.draft_case = opening.open_from_inspection(w.inspection2, [w.unit_a.id], w.admin, 10)[0]


def _settings(title):
    today = local_today()
    return campaigns.Settings(title=title, opens_on=today - dt.timedelta(days=3),
                              closes_on=today + dt.timedelta(days=30))


def add_surveys(w):
    """w.survey: a published questionnaire (Q1 required choice, Q2 text) with w.response given at
    window A, w.survey_key (a citizen's draft) and w.preview_key (the admin's preview);
    w.survey_draft: an unpublished one without questions; w.appraisal: a published appraisal of
    units A and B."""
    w.survey = campaigns.create(CampaignKind.QUESTIONNAIRE, _settings("窗口服务满意度调查"), w.admin)
    _v, w.question = builder.save_question(w.survey, None, {"kind": Kind.SINGLE, "text": "您是第一次来大厅办事吗？",
                                                            "options": YES_NO, "is_required": True}, w.admin)
    builder.save_question(w.survey, None, {"kind": Kind.TEXT, "text": "您的建议", "max_length": 50}, w.admin)
    campaigns.publish(w.survey, w.admin)
    version = w.survey.current_version()
    at_a = answering.Form(w.survey, version, answering.Context(w.hall.id, w.unit_a.id, w.window_a.id, "thanks"))
    w.response, _ = answering.submit(at_a, uuid.uuid4().hex, {"Q1": ["1"], "Q2": ["很好"]},
                                     answering.Origin(device_id="world-survey-phone"), SURVEY_RULES, had_draft=False)
    w.survey_key, w.preview_key = uuid.uuid4().hex, uuid.uuid4().hex
    answering.save_draft(at_a, w.survey_key, {"Q1": ["1"]}, answering.Origin(device_id="world-survey-2"))
    answering.save_draft(at_a, w.preview_key, {}, answering.Origin(), preview=True)
    w.survey_draft = campaigns.create(CampaignKind.QUESTIONNAIRE, _settings("未发布的问卷"), w.admin)
    w.appraisal = campaigns.create(CampaignKind.APPRAISAL, _settings("年度群众评议"), w.admin,
                                   subject_kind=SubjectKind.UNIT)
    campaigns.set_subjects(w.appraisal, [w.unit_a.id, w.unit_b.id], w.admin)
    campaigns.publish(w.appraisal, w.admin)
