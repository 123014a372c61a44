"""Rectification (整改): a case per unit opened from a published inspection or from a 差评 ticket that
needs 限期整改, its items (the problems the notice lists, with requirements and the unit's report),
the report's evidence files and the event log.

The notice's wording is copied into the items when the case is opened, so a notice reprints the same
later even if a finding is reworded; the number, issue date and printed deadline are set once, when
the case is issued, and never change (an extension moves `due_on`, not `notice_due_on`).
"""
from peewee import BooleanField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import SmallIntegerField
from peewee import TextField

from inspectapp.auth import roles
from inspectapp.auth.models import User
from inspectapp.common.timeutil import now
from inspectapp.common.workflow import EventFields
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.db import BaseModel
from inspectapp.i18n import N_
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import Inspection
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window


class CaseStatus:
    DRAFT = "draft"
    ISSUED = "issued"
    ACKNOWLEDGED = "acknowledged"
    REPORTED = "reported"
    RETURNED = "returned"
    VERIFIED = "verified"
    CANCELLED = "cancelled"

    ALL = (DRAFT, ISSUED, ACKNOWLEDGED, REPORTED, RETURNED, VERIFIED, CANCELLED)
    #: The unit's clock runs: the case can be overdue and escalate.
    CLOCK = (ISSUED, ACKNOWLEDGED, RETURNED)
    #: Issued and not yet closed.
    OPEN = (ISSUED, ACKNOWLEDGED, REPORTED, RETURNED)
    #: What a unit ever sees (never a draft).
    ISSUED_STATES = (ISSUED, ACKNOWLEDGED, REPORTED, RETURNED, VERIFIED)
    LABELS = {
        DRAFT: N_("待签发"),
        ISSUED: N_("已下发，待签收"),
        ACKNOWLEDGED: N_("已签收，整改中"),
        REPORTED: N_("已报告，待复查"),
        RETURNED: N_("已退回，重新整改"),
        VERIFIED: N_("已复查销号"),
        CANCELLED: N_("已作废"),
    }


class Source:
    INSPECTION = "inspection"
    COMPLAINT = "complaint"

    LABELS = {INSPECTION: N_("暗访检查"), COMPLAINT: N_("差评工单")}


class Card:
    """Escalation ladder (domain.md §3.5): 提醒 → 黄牌 (限期整改) → 红牌 (通报/约谈)."""

    NONE = 0
    REMINDER = 1
    YELLOW = 2
    RED = 3

    LEVELS = (REMINDER, YELLOW, RED)
    KEYS = {REMINDER: "reminder", YELLOW: "yellow", RED: "red"}
    LABELS = {NONE: "", REMINDER: N_("提醒"), YELLOW: N_("黄牌"), RED: N_("红牌")}
    MEANINGS = {REMINDER: N_("逾期提醒"), YELLOW: N_("黄牌警示，限期整改"), RED: N_("红牌，通报批评并约谈单位负责人")}


class RectificationCase(BaseModel):
    """整改通知 to one unit: from one inspection (one case per unit) or from one 差评 ticket."""

    source = CharField(max_length=16)
    inspection = ForeignKeyField(Inspection, null=True, backref="rectification_cases")
    #: A ticket may have a cancelled draft and then a new case: the latest one counts.
    ticket = ForeignKeyField(ComplaintTicket, null=True, backref="rectification_cases")
    unit = ForeignKeyField(Unit, backref="rectification_cases")
    hall = ForeignKeyField(Hall, backref="rectification_cases")
    status = CharField(max_length=16, default=CaseStatus.DRAFT, index=True)
    #: Working days the unit gets, counted from the issue date (default RECTIFICATION_DEADLINE_DAYS).
    deadline_days = SmallIntegerField()
    #: 整改要求 that apply to the whole notice (besides the per-item ones).
    general_requirement = TextField(default="")

    #: Set once when issued (签发): the 发文字号, the 成文日期 and the deadline printed in the notice.
    doc_no = CharField(max_length=40, null=True, unique=True)
    issued_on = DateField(null=True)
    issued_at = DateTimeField(null=True)
    issued_by = ForeignKeyField(User, null=True, backref="+")
    notice_due_on = DateField(null=True)
    #: The current deadline (moved by extensions); overdue is computed from it, never stored.
    due_on = DateField(null=True, index=True)
    #: The deadline crosses a year whose holidays are not confirmed (Monday–Friday estimate).
    deadline_estimated = BooleanField(default=False)

    acknowledged_at = DateTimeField(null=True)
    acknowledged_by = ForeignKeyField(User, null=True, backref="+")
    #: 签收人 as written on the 回执 (typed by the unit, or by an admin recording a paper receipt).
    ack_signer = CharField(max_length=50, default="")

    #: The report as a whole: 举一反三 / 长效机制, and who reports.
    report_summary = TextField(default="")
    report_contact = CharField(max_length=100, default="")
    report_saved_at = DateTimeField(null=True)
    reported_at = DateTimeField(null=True)
    #: 1 for the first report, 2 after one return …; evidence files belong to a round.
    report_round = SmallIntegerField(default=1)
    return_reason = TextField(default="")

    verified_at = DateTimeField(null=True)
    verified_by = ForeignKeyField(User, null=True, backref="+")
    #: 复查意见, and the number of the 复查意见书.
    review_opinion = TextField(default="")
    review_doc_no = CharField(max_length=40, null=True, unique=True)

    #: The highest escalation step reached (Card); each step is an event.
    card = SmallIntegerField(default=Card.NONE)
    card_at = DateTimeField(null=True)

    created_at = DateTimeField(default=now)
    created_by = ForeignKeyField(User, null=True, backref="+")
    updated_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("inspection", "unit"), True),)

    @property
    def status_label(self):
        return CaseStatus.LABELS[self.status]

    @property
    def card_label(self):
        return Card.LABELS[self.card]

    @property
    def is_open(self):
        return self.status in CaseStatus.OPEN

    # Deadlines, for the shared DueWindow (common/workflow.py).
    def due_on_value(self):
        return self.due_on

    def clock_running(self):
        return self.status in CaseStatus.CLOCK

    @classmethod
    def due_on_sql(cls):
        return cls.due_on

    @classmethod
    def clock_running_sql(cls):
        return cls.status.in_(CaseStatus.CLOCK)

    @classmethod
    def visible_to(cls, user):
        """Cases a user may reach: admins all; viewers issued ones; unit managers their own unit's
        issued ones; inspectors none (a case names no inspector, but it is not their business)."""
        query = cls.select(cls, Unit, Hall).join(Unit).switch(cls).join(Hall).switch(cls)
        if roles.is_admin(user):
            return query
        if roles.can_view_rectifications(user):
            query = query.where(cls.status.in_(CaseStatus.ISSUED_STATES))
            if user.unit_scope is not None:
                query = query.where(cls.unit == user.unit_scope)
            return query
        return query.where(cls.id == -1)

    def items_in_order(self):
        return CaseItem.select().where(CaseItem.case == self).order_by(CaseItem.position, CaseItem.id)


class CaseItem(BaseModel):
    """One problem the notice lists, what is required, and the unit's report on it."""

    case = ForeignKeyField(RectificationCase, backref="items", on_delete="CASCADE")
    position = IntegerField(default=0)
    finding = ForeignKeyField(Finding, null=True, backref="case_items")
    ticket = ForeignKeyField(ComplaintTicket, null=True, backref="case_items")
    window = ForeignKeyField(Window, null=True, backref="+")
    #: When the problem was seen (a finding) or rated (a 差评), UTC.
    observed_at = DateTimeField()
    #: The problem as the notice states it (copied when the case was opened).
    problem = TextField()
    #: 检查项 / 差评原因, e.g. "B1 工作时间玩手机".
    basis = CharField(max_length=200, default="")
    severity = CharField(max_length=16, default="")
    #: 整改要求, prefilled from the checklist item, editable while the case is a draft.
    requirement = TextField()

    cause = TextField(default="")
    measures = TextField(default="")
    responsible = CharField(max_length=100, default="")
    completed_on = DateField(null=True)

    class Meta:
        order_by = ("position", "id")


class ReportEvidence(BaseModel):
    """A photo or audio file of the unit's report, checked like inspection evidence and stored under
    <instance>/uploads/rectification/<case id>/ (never under static/)."""

    item = ForeignKeyField(CaseItem, backref="evidence")
    report_round = SmallIntegerField(default=1)
    kind = CharField(max_length=8)
    mime = CharField(max_length=40)
    stored_name = CharField(max_length=200)
    public_name = CharField(max_length=200)
    thumb_name = CharField(max_length=200, default="")
    sha256 = CharField(max_length=64, index=True)
    size = IntegerField()
    width = IntegerField(null=True)
    height = IntegerField(null=True)
    had_location = BooleanField(default=False)
    original_filename = CharField(max_length=200, default="")
    uploaded_by = ForeignKeyField(User, backref="+")
    received_at = DateTimeField(default=now)
    #: Taken back by the unit before submitting (kept, never shown as part of the report).
    withdrawn_at = DateTimeField(null=True)

    class Meta:
        order_by = ("received_at", "id")

    @property
    def is_photo(self):
        return self.kind == "photo"

    @classmethod
    def visible_to(cls, user):
        cases = RectificationCase.visible_to(user).select(RectificationCase.id)
        return cls.select(cls, CaseItem).join(CaseItem).where(CaseItem.case.in_(cases))


class RectificationEvent(EventFields):
    """One step of a case (who, when, what, note, data). Never edited or deleted; actor None is the
    daily escalation run."""

    case = ForeignKeyField(RectificationCase, backref="events")
    actor = ForeignKeyField(User, null=True, backref="+")

    class Meta:
        order_by = ("created_at", "id")


MODELS = [RectificationCase, CaseItem, ReportEvidence, RectificationEvent]
