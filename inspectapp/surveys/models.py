"""Questionnaires (调查问卷) and appraisal campaigns (群众评议): the definition side.

A questionnaire keeps its identity (public token, period, scope) while its questions live in
versions. A version that has responses is never changed: editing forks the next version (copy on
write), so every response keeps the questions it was given on. Question keys ("Q3") stay the same
across versions and identify a question in results and exports.
"""
import json

from peewee import BooleanField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import FloatField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from inspectapp.auth.models import User
from inspectapp.common.timeutil import now
from inspectapp.common.tokens import new_token
from inspectapp.db import BaseModel
from inspectapp.i18n import N_
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window


class CampaignKind:
    QUESTIONNAIRE = "questionnaire"
    APPRAISAL = "appraisal"

    ALL = (QUESTIONNAIRE, APPRAISAL)
    LABELS = {QUESTIONNAIRE: N_("调查问卷"), APPRAISAL: N_("群众评议")}


class CampaignStatus:
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"

    ALL = (DRAFT, PUBLISHED, CLOSED)
    LABELS = {DRAFT: N_("草稿"), PUBLISHED: N_("已发布"), CLOSED: N_("已结束")}


class ScopeKind:
    ALL_HALLS = "all"
    HALLS = "halls"
    UNITS = "units"
    WINDOWS = "windows"

    ALL = (ALL_HALLS, HALLS, UNITS, WINDOWS)
    LABELS = {ALL_HALLS: N_("全部大厅"), HALLS: N_("指定大厅"), UNITS: N_("指定单位"), WINDOWS: N_("指定窗口")}


class SubjectKind:
    UNIT = "unit"
    STAFF = "staff"

    ALL = (UNIT, STAFF)
    LABELS = {UNIT: N_("窗口单位（民主评议机关）"), STAFF: N_("工作人员")}


class StaffMode:
    #: The respondent picks who served them and rates that person.
    SERVED = "served"
    #: The respondent rates every listed staff member of the unit (each optional).
    LIST = "list"

    ALL = (SERVED, LIST)
    LABELS = {SERVED: N_("为我服务的工作人员（选一人评价）"), LIST: N_("按单位列出全部工作人员")}


class Questionnaire(BaseModel):
    """One campaign: a questionnaire or an appraisal, with its own public link (/q/<token>)."""

    token = CharField(max_length=64, unique=True, default=new_token)
    kind = CharField(max_length=16, default=CampaignKind.QUESTIONNAIRE)
    title = CharField(max_length=100)
    title_en = CharField(max_length=200, default="")
    intro = TextField(default="")
    intro_en = TextField(default="")
    privacy_note = CharField(max_length=200, default="")
    #: Local dates, inclusive.
    opens_on = DateField()
    closes_on = DateField()
    status = CharField(max_length=16, default=CampaignStatus.DRAFT, index=True)
    scope_kind = CharField(max_length=16, default=ScopeKind.ALL_HALLS)
    #: A second response from a device that already answered is held for review (not dropped).
    one_per_device = BooleanField(default=True)
    #: Offered on the thank-you page of a 好差评 at windows in scope.
    offer_on_thanks = BooleanField(default=True)
    #: Appraisal campaigns only.
    subject_kind = CharField(max_length=16, default="")
    staff_mode = CharField(max_length=16, default=StaffMode.LIST)
    award_title = CharField(max_length=30, default="")
    #: Weights of the proposed 表扬 list, in percent (campaign score, 好评率, inspection score).
    weight_campaign = IntegerField(default=60)
    weight_rating = IntegerField(default=30)
    weight_inspection = IntegerField(default=10)
    min_ratings = IntegerField(default=5)
    award_quota = IntegerField(default=3)
    #: Next question number: keys Q1, Q2, … are never reused within a questionnaire.
    next_key = IntegerField(default=1)
    created_by = ForeignKeyField(User, backref="+", null=True)
    created_at = DateTimeField(default=now)
    published_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)

    def __str__(self):
        return self.title

    @property
    def is_appraisal(self):
        return self.kind == CampaignKind.APPRAISAL

    @property
    def kind_label(self):
        return CampaignKind.LABELS[self.kind]

    def is_open(self, today):
        return self.status == CampaignStatus.PUBLISHED and self.opens_on <= today <= self.closes_on

    def state(self, today):
        """草稿 / 未开始 / 进行中 / 已截止 / 已结束 — derived from status and the period."""
        if self.status != CampaignStatus.PUBLISHED:
            return self.status
        if today < self.opens_on:
            return "scheduled"
        return "open" if today <= self.closes_on else "expired"

    def current_version(self):
        return (QuestionnaireVersion.select()
                .where((QuestionnaireVersion.questionnaire == self) & QuestionnaireVersion.is_current).first())

    def versions(self):
        return (QuestionnaireVersion.select().where(QuestionnaireVersion.questionnaire == self)
                .order_by(QuestionnaireVersion.number))

    def scopes(self):
        return QuestionnaireScope.select().where(QuestionnaireScope.questionnaire == self)

    def subjects(self, active_only=True):
        query = AppraisalSubject.select().where(AppraisalSubject.questionnaire == self)
        if active_only:
            query = query.where(AppraisalSubject.is_active)
        return query.order_by(AppraisalSubject.position, AppraisalSubject.id)

    @classmethod
    def listed(cls):
        return cls.select().order_by(cls.opens_on.desc(), cls.id.desc())


CAMPAIGN_STATE_LABELS = {
    CampaignStatus.DRAFT: N_("草稿"), "scheduled": N_("未开始"), "open": N_("进行中"),
    "expired": N_("已截止"), CampaignStatus.CLOSED: N_("已结束"),
}


class QuestionnaireScope(BaseModel):
    """One hall, unit or window the questionnaire is meant for (scope_kind says which column)."""

    questionnaire = ForeignKeyField(Questionnaire, backref="scope_rows", on_delete="CASCADE")
    hall = ForeignKeyField(Hall, null=True, backref="+")
    unit = ForeignKeyField(Unit, null=True, backref="+")
    window = ForeignKeyField(Window, null=True, backref="+")


class QuestionnaireVersion(BaseModel):
    questionnaire = ForeignKeyField(Questionnaire, backref="version_rows")
    number = IntegerField()
    is_current = BooleanField(default=True)
    created_at = DateTimeField(default=now)
    created_by = ForeignKeyField(User, backref="+", null=True)
    #: Bumped by every edit of a version that has no responses yet (the definition cache key).
    edited_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("questionnaire", "number"), True),)

    def __str__(self):
        return f"v{self.number}"

    def questions(self):
        return Question.select().where(Question.version == self).order_by(Question.position, Question.id)


class Question(BaseModel):
    """One question of one version. Options and aspects are JSON lists of {code, label, label_en}."""

    version = ForeignKeyField(QuestionnaireVersion, backref="question_rows", on_delete="CASCADE")
    key = CharField(max_length=8)
    position = IntegerField(default=0)
    kind = CharField(max_length=16)
    text = CharField(max_length=300)
    text_en = CharField(max_length=300, default="")
    help = CharField(max_length=200, default="")
    is_required = BooleanField(default=False)
    options = TextField(default="[]")
    aspects = TextField(default="[]")
    min_choices = IntegerField(null=True)
    max_choices = IntegerField(null=True)
    num_min = FloatField(null=True)
    num_max = FloatField(null=True)
    max_length = IntegerField(default=200)
    #: Matrix and appraisal rows offer 不了解 (stored as level 0, never counted in a score).
    has_na = BooleanField(default=False)
    #: This question starts a new page.
    page_break = BooleanField(default=False)
    #: Shown only when question `cond_key` was answered with one of `cond_values` (codes, "1,3").
    cond_key = CharField(max_length=8, default="")
    cond_values = CharField(max_length=100, default="")

    class Meta:
        indexes = ((("version", "key"), True),)

    @property
    def option_list(self):
        return json.loads(self.options or "[]")

    @property
    def aspect_list(self):
        return json.loads(self.aspects or "[]")


class AppraisalSubject(BaseModel):
    """One unit or staff member rated in an appraisal campaign (kept when removed: is_active)."""

    questionnaire = ForeignKeyField(Questionnaire, backref="subject_rows")
    unit = ForeignKeyField(Unit, backref="+")
    staff = ForeignKeyField(Staff, null=True, backref="+")
    position = IntegerField(default=0)
    is_active = BooleanField(default=True)

    @property
    def label(self):
        if self.staff_id:
            return f"{self.staff.name}（{self.staff.staff_no}）"
        return self.unit.name


MODELS = [Questionnaire, QuestionnaireScope, QuestionnaireVersion, Question, AppraisalSubject]
