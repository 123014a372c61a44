"""Covert inspections (暗访): versioned checklist templates, inspections and their team, windows
visited, findings and their evidence files.

A template version is never changed once an inspection uses it (services fork a new version),
so an inspection keeps the wording and deductions it was done with. Findings and evidence carry
the client-generated id they were created with; the unique index makes every upload idempotent.
"""
from peewee import BooleanField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import DecimalField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField
from peewee import fn

from inspectapp.auth import roles
from inspectapp.auth.models import User
from inspectapp.auth.roles import InspectionScope
from inspectapp.common.timeutil import now
from inspectapp.db import BaseModel
from inspectapp.i18n import N_
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window


class Severity:
    MINOR = "minor"
    MODERATE = "moderate"
    SERIOUS = "serious"

    ALL = (MINOR, MODERATE, SERIOUS)
    LABELS = {MINOR: N_("一般"), MODERATE: N_("较重"), SERIOUS: N_("严重")}


class Mode:
    COVERT = "covert"
    OVERT = "overt"
    VIDEO = "video_patrol"

    ALL = (COVERT, OVERT, VIDEO)
    LABELS = {COVERT: N_("暗访"), OVERT: N_("明察"), VIDEO: N_("视频巡查")}


class Status:
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"

    ALL = (DRAFT, SUBMITTED, PUBLISHED)
    LABELS = {DRAFT: N_("进行中"), SUBMITTED: N_("待审核"), PUBLISHED: N_("已发布")}


class FindingStatus:
    ACTIVE = "active"
    #: Taken back by the inspector before review (a mis-tap); kept, never counted.
    WITHDRAWN = "withdrawn"
    #: Dropped by the reviewing admin with a reason; kept, never counted or shown to units.
    DROPPED = "dropped"

    LABELS = {ACTIVE: N_("有效"), WITHDRAWN: N_("已撤回"), DROPPED: N_("已剔除")}


class DropKind:
    NOT_APPLICABLE = "not_applicable"
    UNFOUNDED = "unfounded"
    DUPLICATE = "duplicate"
    OTHER = "other"

    ALL = (NOT_APPLICABLE, UNFOUNDED, DUPLICATE, OTHER)
    LABELS = {NOT_APPLICABLE: N_("不适用"), UNFOUNDED: N_("证据不足"), DUPLICATE: N_("重复记录"),
              OTHER: N_("其他原因")}


class EvidenceKind:
    PHOTO = "photo"
    AUDIO = "audio"

    LABELS = {PHOTO: N_("照片"), AUDIO: N_("录音")}


class ChecklistTemplate(BaseModel):
    """One version of a checklist. Versions of the same template share a `key`."""

    key = CharField(max_length=32)
    name = CharField(max_length=100)
    version = IntegerField(default=1)
    #: The version new inspections get; older versions stay for the inspections that used them.
    is_current = BooleanField(default=True)
    description = TextField(default="")
    created_at = DateTimeField(default=now)
    created_by = ForeignKeyField(User, null=True, backref="+")

    class Meta:
        indexes = ((("key", "version"), True),)

    def __str__(self):
        return f"{self.name}（第{self.version}版）"

    @classmethod
    def current(cls):
        return cls.select().where(cls.is_current == True).order_by(cls.key)  # noqa: E712

    @classmethod
    def versions_of(cls, key):
        return cls.select().where(cls.key == key).order_by(cls.version.desc())

    def items_in_order(self):
        return ChecklistItem.select().where(ChecklistItem.template == self).order_by(
            ChecklistItem.position, ChecklistItem.id)

    def is_used(self):
        return Inspection.select().where(Inspection.template == self).exists()


class ChecklistItem(BaseModel):
    """One checklist line: the duty (text), the failure as tapped on the phone (problem), its
    deduction, severity, whether it is critical, and the pattern of the worded finding."""

    template = ForeignKeyField(ChecklistTemplate, backref="items", on_delete="CASCADE")
    code = CharField(max_length=16)
    category = CharField(max_length=50)
    problem = CharField(max_length=50)
    text = CharField(max_length=200)
    #: Placeholders {时间} {窗口} {工作人员}, e.g. "{时间}，{窗口}{工作人员}工作时间玩手机".
    finding_pattern = CharField(max_length=200)
    deduction = DecimalField(max_digits=5, decimal_places=1, auto_round=True)
    severity = CharField(max_length=16, default=Severity.MINOR)
    is_critical = BooleanField(default=False)
    position = IntegerField(default=0)

    class Meta:
        indexes = ((("template", "code"), True),)

    def __str__(self):
        return f"{self.code} {self.problem}"


class Inspection(BaseModel):
    """One visit: hall, date, mode, checklist version and a team shown to units only by its code."""

    hall = ForeignKeyField(Hall, backref="inspections")
    date = DateField()
    mode = CharField(max_length=16, default=Mode.COVERT)
    template = ForeignKeyField(ChecklistTemplate, backref="inspections")
    #: Shown to units as "第N检查组" instead of any inspector's name.
    team_no = IntegerField()
    #: Internal planning note (scope, floors); never shown to units.
    note = CharField(max_length=200, default="")
    status = CharField(max_length=16, default=Status.DRAFT, index=True)
    created_at = DateTimeField(default=now)
    created_by = ForeignKeyField(User, backref="+")
    submitted_at = DateTimeField(null=True)
    submitted_by = ForeignKeyField(User, null=True, backref="+")
    published_at = DateTimeField(null=True)
    published_by = ForeignKeyField(User, null=True, backref="+")

    class Meta:
        order_by = ("-date", "-id")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.team_code}"

    @property
    def team_code(self):
        return f"第{self.team_no}检查组"

    @property
    def mode_label(self):
        return Mode.LABELS[self.mode]

    @property
    def status_label(self):
        return Status.LABELS[self.status]

    def members(self):
        return (User.select().join(InspectionMember, on=(InspectionMember.user == User.id))
                .where(InspectionMember.inspection == self).order_by(User.display_name))

    def has_member(self, user):
        return InspectionMember.select().where(
            (InspectionMember.inspection == self) & (InspectionMember.user == user)).exists()

    @classmethod
    def visible_to(cls, user):
        """Admins: all; inspectors: their team's; viewers: published; unit managers: published
        inspections that visited or found something at one of their unit's windows."""
        query = cls.select(cls, Hall).join(Hall).switch(cls)
        scope = roles.inspection_scope(user)
        if scope == InspectionScope.ALL:
            return query
        if scope == InspectionScope.TEAM:
            mine = InspectionMember.select(InspectionMember.inspection).where(InspectionMember.user == user)
            return query.where(cls.id.in_(mine))
        query = query.where(cls.status == Status.PUBLISHED)
        if scope == InspectionScope.PUBLISHED:
            return query
        unit_windows = Window.select(Window.id).where(Window.unit == user.unit_scope)
        visited = WindowVisit.select(WindowVisit.inspection).where(WindowVisit.window.in_(unit_windows))
        found = Finding.select(Finding.inspection).where(
            Finding.window.in_(unit_windows) & (Finding.status == FindingStatus.ACTIVE))
        return query.where(cls.id.in_(visited) | cls.id.in_(found))


class InspectionMember(BaseModel):
    """An inspector on an inspection's team."""

    inspection = ForeignKeyField(Inspection, backref="memberships", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="inspection_memberships")

    class Meta:
        indexes = ((("inspection", "user"), True),)


class WindowVisit(BaseModel):
    """A window the team checked (with or without findings): it gets a score even with none."""

    inspection = ForeignKeyField(Inspection, backref="visits")
    window = ForeignKeyField(Window, backref="inspection_visits")
    #: The window's unit when it was visited ("谁办理、谁负责": a window that moves later keeps
    #: its history with this unit in the statistics).
    unit = ForeignKeyField(Unit, null=True, backref="+")
    created_at = DateTimeField(default=now)
    created_by = ForeignKeyField(User, backref="+")

    class Meta:
        indexes = ((("inspection", "window"), True),)


class Finding(BaseModel):
    """问题: a failed checklist item at a window (or in the hall's public area), worded as a sentence."""

    inspection = ForeignKeyField(Inspection, backref="findings")
    #: Generated on the phone (or in the server-rendered form); a retried upload finds this row.
    client_id = CharField(max_length=64, unique=True)
    client_rev = IntegerField(default=0)
    item = ForeignKeyField(ChecklistItem, backref="findings")
    #: None: the hall's public area (signage, guides), not a window.
    window = ForeignKeyField(Window, null=True, backref="findings")
    #: The window's unit when the finding was recorded (None in the hall's public area).
    unit = ForeignKeyField(Unit, null=True, backref="+")
    staff_no = CharField(max_length=32, default="")
    severity = CharField(max_length=16)
    #: Copied from the item when recorded: the score never moves when a template changes.
    deduction = DecimalField(max_digits=5, decimal_places=1, auto_round=True)
    note = TextField(default="")
    sentence = TextField()
    #: True while the sentence is the generated wording (it follows time, window and 工号 changes).
    sentence_auto = BooleanField(default=True)
    #: When it was seen (server clock; phone times are corrected by the phone's clock offset).
    recorded_at = DateTimeField()
    #: When the server first received it.
    received_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    created_by = ForeignKeyField(User, backref="+")
    status = CharField(max_length=16, default=FindingStatus.ACTIVE, index=True)
    drop_kind = CharField(max_length=20, default="")
    drop_reason = CharField(max_length=200, default="")
    #: Set when an admin changed the wording or dropped it; the inspector can no longer edit it.
    reviewed_at = DateTimeField(null=True)

    class Meta:
        order_by = ("recorded_at", "id")
        #: Covering index for the statistics (findings of the inspections of a period).
        indexes = ((("inspection", "status", "window", "unit", "item", "severity", "deduction"), False),)

    @property
    def severity_label(self):
        return Severity.LABELS[self.severity]

    @property
    def is_active(self):
        return self.status == FindingStatus.ACTIVE

    @property
    def is_late(self):
        """Received after the team submitted the inspection (shown to the reviewer)."""
        submitted = self.inspection.submitted_at
        return submitted is not None and self.received_at > submitted

    @classmethod
    def visible_to(cls, user):
        """Findings on the inspections a user may see; units and viewers only active, published ones
        (units: of their own windows)."""
        query = (cls.select(cls, ChecklistItem, Inspection, Hall)
                 .join(ChecklistItem).switch(cls)
                 .join(Inspection).join(Hall).switch(cls))
        scope = roles.inspection_scope(user)
        if scope == InspectionScope.ALL:
            return query
        if scope == InspectionScope.TEAM:
            mine = InspectionMember.select(InspectionMember.inspection).where(InspectionMember.user == user)
            return query.where(cls.inspection.in_(mine))
        query = query.where((Inspection.status == Status.PUBLISHED) & (cls.status == FindingStatus.ACTIVE))
        if scope == InspectionScope.PUBLISHED:
            return query
        unit_windows = Window.select(Window.id).where(Window.unit == user.unit_scope)
        return query.where(cls.window.in_(unit_windows))


class Evidence(BaseModel):
    """A photo or audio note of a finding, stored under <instance>/uploads (never under static/)."""

    finding = ForeignKeyField(Finding, backref="evidence")
    client_id = CharField(max_length=64, unique=True)
    kind = CharField(max_length=8)
    mime = CharField(max_length=40)
    #: Paths relative to the upload folder: the file as received, the copy for everyone but
    #: admins (photos: EXIF stripped), and a small preview (photos only).
    stored_name = CharField(max_length=200)
    public_name = CharField(max_length=200)
    thumb_name = CharField(max_length=200, default="")
    sha256 = CharField(max_length=64, index=True)
    size = IntegerField()
    width = IntegerField(null=True)
    height = IntegerField(null=True)
    had_location = BooleanField(default=False)
    original_filename = CharField(max_length=200, default="")
    captured_at = DateTimeField(null=True)
    received_at = DateTimeField(default=now)
    uploaded_by = ForeignKeyField(User, backref="+")

    class Meta:
        order_by = ("received_at", "id")

    @property
    def is_photo(self):
        return self.kind == EvidenceKind.PHOTO

    @classmethod
    def visible_to(cls, user):
        return cls.select(cls).join(Finding).where(
            Finding.id.in_(Finding.visible_to(user).select(Finding.id)))

    @classmethod
    def counts_for(cls, findings):
        """{finding id: number of evidence files} for findings (instances or ids); absent means none."""
        ids = [getattr(f, "id", f) for f in findings]
        if not ids:
            return {}
        query = (cls.select(cls.finding, fn.COUNT(cls.id).alias("n")).where(cls.finding.in_(ids))
                 .group_by(cls.finding).tuples())
        return dict(query)


MODELS = [ChecklistTemplate, ChecklistItem, Inspection, InspectionMember, WindowVisit, Finding, Evidence]
