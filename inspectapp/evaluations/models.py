"""Citizen evaluations (好差评) on the national model, and the editable reason list."""
import datetime as dt

from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import SmallIntegerField

from inspectapp.auth.models import User
from inspectapp.common.timeutil import now
from inspectapp.common.timeutil import utc_of
from inspectapp.db import BaseModel
from inspectapp.evaluations import reasons
from inspectapp.i18n import N_
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window


class Level:
    """The five national levels: 5 非常满意 … 1 非常不满意; levels 2 and 1 are 差评."""

    ALL = (5, 4, 3, 2, 1)
    LABELS = {5: N_("非常满意"), 4: N_("满意"), 3: N_("基本满意"), 2: N_("不满意"), 1: N_("非常不满意")}
    #: Score on the 10/8/6/3/0 scale used for published averages (Guangdong/Guangxi).
    SCORES = {5: 10, 4: 8, 3: 6, 2: 3, 1: 0}
    NEGATIVE = (2, 1)

    @staticmethod
    def stars(level):
        return "★" * level + "☆" * (5 - level)


class ReasonOption(BaseModel):
    """One coded reason (评价内容) offered for one level. National codes are loaded by init-db; an
    admin may edit texts, switch options off, or add local codes."""

    code = CharField(max_length=8, unique=True)
    level = SmallIntegerField(index=True)
    text = CharField(max_length=60)
    sort_order = IntegerField(default=0)
    #: National codes must stay intact and exportable; local ones are added by an admin.
    is_national = BooleanField(default=False)
    is_active = BooleanField(default=True)
    updated_at = DateTimeField(default=now)

    class Meta:
        order_by = ("level", "sort_order", "code")

    @classmethod
    def active_for(cls, level):
        return cls.select().where((cls.level == level) & cls.is_active).order_by(cls.sort_order, cls.code)

    @classmethod
    def active(cls):
        return cls.select().where(cls.is_active).order_by(cls.level.desc(), cls.sort_order, cls.code)

    @property
    def label(self):
        """What to show: the national wording in the reader's language, an admin's own text as typed.

        The text itself is data and never a message id (a msgid's translation is trusted markup)."""
        return reasons.national_label(self.code, self.text)


class Status:
    VALID = "valid"  # counted in statistics
    HELD = "held"  # suspicious: waits for an admin, not counted
    REJECTED = "rejected"  # an admin judged a held rating not genuine; kept, never counted

    ALL = (VALID, HELD, REJECTED)
    LABELS = {VALID: N_("有效"), HELD: N_("待审核"), REJECTED: N_("已驳回")}


class HoldReason:
    COOLDOWN = "cooldown"
    BURST = "burst"
    OFF_HOURS = "off_hours"
    DEVICE = "device"
    #: Same address and same browser within the cool-down: a phone that cleared its cookie.
    NETWORK = "network"

    LABELS = {
        COOLDOWN: N_("同一设备短时间内重复评价同一窗口"),
        NETWORK: N_("同一网络和浏览器短时间内重复评价同一窗口"),
        BURST: N_("同一窗口短时间内评价过多"),
        OFF_HOURS: N_("非大厅开放时间提交"),
        DEVICE: N_("同一设备当日评价过多"),
    }


class SubRating:
    """Optional second-level indicators of the offline (window) model."""

    FIELDS = ("efficiency", "competence", "attitude")
    LABELS = {"efficiency": N_("服务效率"), "competence": N_("服务水平"), "attitude": N_("服务态度")}


class ImmutableError(RuntimeError):
    """What a citizen submitted is never changed; only the moderation fields may be."""


class Evaluation(BaseModel):
    """One citizen rating of one window. Immutable: corrections are new records; only the review
    fields (status, review, exclusion after an upheld appeal) change, each change audit-logged."""

    window = ForeignKeyField(Window, backref="evaluations")
    #: Hall and unit at the time of rating ("谁办理、谁负责"), kept even if the window moves.
    hall = ForeignKeyField(Hall, backref="evaluations")
    unit = ForeignKeyField(Unit, backref="evaluations")
    staff = ForeignKeyField(Staff, backref="evaluations", null=True)
    level = SmallIntegerField()
    #: National reason codes joined by "|" (the format evaluator devices report upward).
    reason_codes = CharField(max_length=200, default="")
    efficiency = SmallIntegerField(null=True)
    competence = SmallIntegerField(null=True)
    attitude = SmallIntegerField(null=True)
    comment = CharField(max_length=150, default="")
    #: Only with explicit consent, only for 回访; shown to the 差评 handler, every view logged.
    phone = CharField(max_length=20, default="")
    phone_consent = BooleanField(default=False)
    submitted_at = DateTimeField(default=now, index=True)
    #: From the form: a double tap or a resubmitted form stores one rating.
    idempotency_key = CharField(max_length=64, unique=True)
    #: SHA-256 of the long-lived random device cookie (no personal data); admins only.
    device_hash = CharField(max_length=64, default="", index=True)
    ip = CharField(max_length=64, default="")
    user_agent = CharField(max_length=300, default="")
    locale = CharField(max_length=10, default="")

    status = CharField(max_length=10, default=Status.VALID, index=True)
    hold_reasons = CharField(max_length=100, default="")
    reviewed_by = ForeignKeyField(User, null=True, backref="+")
    reviewed_at = DateTimeField(null=True)
    review_note = CharField(max_length=200, default="")
    #: Set when an appeal against this 差评 is upheld: kept, counted separately, out of the rates.
    is_excluded = BooleanField(default=False)

    MUTABLE = frozenset({"status", "reviewed_by", "reviewed_at", "review_note", "is_excluded"})

    class Meta:
        only_save_dirty = True
        indexes = ((("window", "submitted_at"), False), (("device_hash", "submitted_at"), False))

    def save(self, *args, **kwargs):
        if self.id is not None:
            changed = {f.name for f in self.dirty_fields} - self.MUTABLE
            if changed:
                raise ImmutableError(f"evaluation fields are immutable: {sorted(changed)}")
        return super().save(*args, **kwargs)

    @property
    def is_negative(self):
        return self.level in Level.NEGATIVE

    @property
    def is_counted(self):
        return self.status == Status.VALID and not self.is_excluded

    @property
    def score(self):
        return Level.SCORES[self.level]

    @property
    def codes(self):
        return [c for c in self.reason_codes.split("|") if c]

    @property
    def hold_reason_list(self):
        return [c for c in self.hold_reasons.split(",") if c]

    @property
    def masked_phone(self):
        if not self.phone:
            return ""
        return self.phone[:3] + "*" * max(0, len(self.phone) - 7) + self.phone[-4:]

    @classmethod
    def visible_to(cls, user):
        """Ratings a user may list: unit managers only their unit's."""
        query = cls.select(cls, Window, Hall, Unit).join(Window).switch(cls).join(Hall).switch(cls).join(Unit)
        if user.unit_scope is not None:
            query = query.where(cls.unit == user.unit_scope)
        return query

    @classmethod
    def counted(cls):
        """The ratings statistics use: valid and not excluded by an upheld appeal."""
        return (cls.status == Status.VALID) & (cls.is_excluded == False)  # noqa: E712

    @classmethod
    def in_period(cls, start=None, end=None):
        """Condition: submitted on local dates start..end (inclusive); None leaves that side open."""
        cond = cls.id.is_null(False)
        if start:
            cond &= cls.submitted_at >= utc_of(start)
        if end:
            cond &= cls.submitted_at < utc_of(end + dt.timedelta(days=1))
        return cond


MODELS = [ReasonOption, Evaluation]
