"""Campaign settings: creating a questionnaire or appraisal, its period and scope, its appraisal
subjects, publishing and closing; which campaign a window's thank-you page offers."""
import datetime as dt
import logging
from dataclasses import dataclass

from inspectapp.audit import services as audit
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.db import db
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.models import AppraisalSubject
from inspectapp.surveys.models import CampaignKind
from inspectapp.surveys.models import CampaignStatus
from inspectapp.surveys.models import Question
from inspectapp.surveys.models import Questionnaire
from inspectapp.surveys.models import QuestionnaireScope
from inspectapp.surveys.models import QuestionnaireVersion
from inspectapp.surveys.models import ScopeKind
from inspectapp.surveys.models import StaffMode
from inspectapp.surveys.models import SubjectKind

log = logging.getLogger(__name__)

DEFAULT_PRIVACY = "本问卷匿名填写，不收集姓名和电话，结果仅用于改进政务服务。"
AWARD_TITLES = {SubjectKind.STAFF: ("先进个人", "文明服务标兵"), SubjectKind.UNIT: ("先进窗口单位", "文明服务示范窗口")}
SETTING_FIELDS = ("title", "title_en", "intro", "intro_en", "privacy_note", "opens_on", "closes_on",
                  "one_per_device", "offer_on_thanks")
AWARD_FIELDS = ("award_title", "weight_campaign", "weight_rating", "weight_inspection", "min_ratings",
                "award_quota", "staff_mode")


@dataclass
class Settings:
    title: str
    opens_on: dt.date
    closes_on: dt.date
    title_en: str = ""
    intro: str = ""
    intro_en: str = ""
    privacy_note: str = DEFAULT_PRIVACY
    one_per_device: bool = True
    offer_on_thanks: bool = True


def _check_settings(settings):
    if not (settings.title or "").strip():
        raise DomainError("请输入标题", field="title")
    if settings.closes_on < settings.opens_on:
        raise DomainError("结束日期不能早于开始日期", field="closes_on")
    if (settings.closes_on - settings.opens_on).days > 3 * 365:
        raise DomainError("活动时间不能超过三年", field="closes_on")


def create(kind, settings, actor, subject_kind=SubjectKind.UNIT, ip=""):
    """A new campaign (draft) with version 1; an appraisal gets its rating question."""
    if kind not in CampaignKind.ALL:
        raise DomainError("类型无效", field="kind")
    _check_settings(settings)
    with db.atomic():
        questionnaire = Questionnaire(kind=kind, created_by=actor)
        _apply(questionnaire, settings)
        if kind == CampaignKind.APPRAISAL:
            if subject_kind not in SubjectKind.ALL:
                raise DomainError("请选择评议对象", field="subject_kind")
            questionnaire.subject_kind = subject_kind
            questionnaire.award_title = AWARD_TITLES[subject_kind][0]
        questionnaire.save()
        version = QuestionnaireVersion.create(questionnaire=questionnaire, number=1, created_by=actor)
        if kind == CampaignKind.APPRAISAL:
            _add_appraisal_question(questionnaire, version)
        audit.record("questionnaire.created", actor=actor, target=questionnaire, ip=ip,
                     detail={"kind": kind, "title": questionnaire.title})
    return questionnaire


TEXT_SETTINGS = ("title", "title_en", "intro", "intro_en", "privacy_note")


def _apply(questionnaire, settings):
    for name in SETTING_FIELDS:
        value = getattr(settings, name)
        if name in TEXT_SETTINGS:
            value = (value or "").strip()
        setattr(questionnaire, name, value)


def _add_appraisal_question(questionnaire, version):
    text = ("请对以下单位的服务作出评价" if questionnaire.subject_kind == SubjectKind.UNIT
            else "请对为您服务的工作人员作出评价")
    Question.create(version=version, key="Q1", position=1, kind=Kind.APPRAISAL, text=text, has_na=True,
                    is_required=True)
    questionnaire.next_key = 2
    questionnaire.save()


def update_settings(questionnaire, settings, actor, ip=""):
    """Title, texts, period and flags (not versioned: they do not change what was asked)."""
    _check_settings(settings)
    with db.atomic():
        before = {n: str(getattr(questionnaire, n)) for n in SETTING_FIELDS}
        _apply(questionnaire, settings)
        questionnaire.save()
        audit.record("questionnaire.updated", actor=actor, target=questionnaire, ip=ip,
                     detail={"before": before, "after": {n: str(getattr(questionnaire, n)) for n in SETTING_FIELDS}})
    return questionnaire


def update_award(questionnaire, values, actor, ip=""):
    """The appraisal's 表扬 formula: weights (percent), minimum ratings, quota, title, staff mode."""
    weights = [values["weight_campaign"], values["weight_rating"], values["weight_inspection"]]
    if any(w is None or w < 0 for w in weights) or sum(weights) != 100:
        raise DomainError("三项权重须为非负整数，合计100", field="weight_campaign")
    if values.get("staff_mode") not in StaffMode.ALL:
        values["staff_mode"] = questionnaire.staff_mode
    with db.atomic():
        for name in AWARD_FIELDS:
            setattr(questionnaire, name, values[name])
        questionnaire.save()
        audit.record("questionnaire.award_updated", actor=actor, target=questionnaire, ip=ip,
                     detail={n: values[n] for n in AWARD_FIELDS})
    return questionnaire


def set_scope(questionnaire, scope_kind, ids, actor, ip=""):
    """All halls, or the chosen halls / units / windows."""
    column = {ScopeKind.HALLS: "hall", ScopeKind.UNITS: "unit", ScopeKind.WINDOWS: "window"}.get(scope_kind)
    if scope_kind not in ScopeKind.ALL:
        raise DomainError("范围无效", field="scope_kind")
    if column and not ids:
        raise DomainError("请至少选择一项", field="scope_ids")
    with db.atomic():
        questionnaire.scope_kind = scope_kind
        questionnaire.save()
        QuestionnaireScope.delete().where(QuestionnaireScope.questionnaire == questionnaire).execute()
        for row_id in sorted(set(ids or [])) if column else []:
            QuestionnaireScope.create(questionnaire=questionnaire, **{column: row_id})
        audit.record("questionnaire.scope", actor=actor, target=questionnaire, ip=ip,
                     detail={"scope_kind": scope_kind, "ids": sorted(set(ids or []))})
    return questionnaire


def in_scope(questionnaire, window):
    """Whether a window belongs to the campaign's scope."""
    kind = questionnaire.scope_kind
    if kind == ScopeKind.ALL_HALLS:
        return True
    column = {ScopeKind.HALLS: QuestionnaireScope.hall, ScopeKind.UNITS: QuestionnaireScope.unit,
              ScopeKind.WINDOWS: QuestionnaireScope.window}[kind]
    value = {ScopeKind.HALLS: window.hall_id, ScopeKind.UNITS: window.unit_id, ScopeKind.WINDOWS: window.id}[kind]
    return questionnaire.scopes().where(column == value).exists()


def halls_in_scope(questionnaire):
    """Halls that get a poster: every active hall, or those the scope reaches."""
    halls = Hall.select().where(Hall.is_active).order_by(Hall.code)
    kind = questionnaire.scope_kind
    if kind == ScopeKind.ALL_HALLS:
        return list(halls)
    scope = questionnaire.scopes()
    if kind == ScopeKind.HALLS:
        return list(halls.where(Hall.id.in_(scope.select(QuestionnaireScope.hall))))
    windows = Window.select(Window.hall).where(Window.is_active)
    if kind == ScopeKind.UNITS:
        windows = windows.where(Window.unit.in_(scope.select(QuestionnaireScope.unit)))
    else:
        windows = windows.where(Window.id.in_(scope.select(QuestionnaireScope.window)))
    return list(halls.where(Hall.id.in_(windows)))


def set_subjects(questionnaire, unit_ids, actor, ip=""):
    """Appraisal subjects: the chosen units, or every active staff member of the chosen units.
    Subjects no longer chosen are deactivated (kept: they may have answers)."""
    if not unit_ids:
        raise DomainError("请至少选择一个单位", field="units")
    units = list(Unit.select().where(Unit.id.in_(unit_ids)).order_by(Unit.code))
    wanted = []
    for unit in units:
        if questionnaire.subject_kind == SubjectKind.UNIT:
            wanted.append((unit.id, None))
        else:
            staff = Staff.select().where((Staff.unit == unit) & Staff.is_active).order_by(Staff.staff_no)
            wanted += [(unit.id, s.id) for s in staff]
    with db.atomic():
        existing = {(s.unit_id, s.staff_id): s for s in questionnaire.subjects(active_only=False)}
        for position, pair in enumerate(wanted, 1):
            subject = existing.pop(pair, None) or AppraisalSubject(questionnaire=questionnaire, unit=pair[0],
                                                                   staff=pair[1])
            subject.position, subject.is_active = position, True
            subject.save()
        for subject in existing.values():
            subject.is_active = False
            subject.save()
        _touch_current(questionnaire)
        audit.record("questionnaire.subjects", actor=actor, target=questionnaire, ip=ip,
                     detail={"units": [u.id for u in units], "subjects": len(wanted)})
    return len(wanted)


def _touch_current(questionnaire):
    version = questionnaire.current_version()
    version.edited_at = now()
    version.save()


def publish(questionnaire, actor, ip=""):
    version = questionnaire.current_version()
    if not version.questions().exists():
        raise DomainError("问卷还没有题目，不能发布")
    if questionnaire.is_appraisal and not questionnaire.subjects().exists():
        raise DomainError("请先选择评议对象")
    return _set_status(questionnaire, CampaignStatus.PUBLISHED, "questionnaire.published", actor, ip)


def close(questionnaire, actor, ip=""):
    return _set_status(questionnaire, CampaignStatus.CLOSED, "questionnaire.closed", actor, ip)


def _set_status(questionnaire, status, action, actor, ip):
    with db.atomic():
        questionnaire.status = status
        if status == CampaignStatus.PUBLISHED and questionnaire.published_at is None:
            questionnaire.published_at = now()
        if status == CampaignStatus.CLOSED:
            questionnaire.closed_at = now()
        questionnaire.save()
        audit.record(action, actor=actor, target=questionnaire, ip=ip)
    log.info("Questionnaire %s: %s", questionnaire.id, status)
    return questionnaire


def open_for_window(window, today):
    """The campaigns a window's thank-you page may offer: open, offered on thanks, in scope;
    the most recently opened first."""
    query = (Questionnaire.select()
             .where((Questionnaire.status == CampaignStatus.PUBLISHED) & Questionnaire.offer_on_thanks
                    & (Questionnaire.opens_on <= today) & (Questionnaire.closes_on >= today))
             .order_by(Questionnaire.opens_on.desc(), Questionnaire.id.desc()))
    return [q for q in query if in_scope(q, window)]


def offer_for(window, answered_by_device, today):
    """The campaign a window's thank-you page offers ("愿意再用1分钟回答几个问题吗？"): the newest
    open one in scope that this phone has not answered yet (`answered_by_device(q)`), or None."""
    for questionnaire in open_for_window(window, today):
        if not answered_by_device(questionnaire):
            return questionnaire
    return None
