"""差评工单: the ticket every counted 不满意 / 非常不满意 opens for the window's unit, and its event log."""
from peewee import BooleanField
from peewee import Case
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import SmallIntegerField
from peewee import TextField

from inspectapp.auth.models import User
from inspectapp.common.timeutil import now
from inspectapp.common.timeutil import to_local
from inspectapp.common.workflow import EventFields
from inspectapp.db import BaseModel
from inspectapp.evaluations.models import Evaluation
from inspectapp.i18n import N_
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window


class TicketStatus:
    OPEN = "open"
    CALLED_BACK = "called_back"
    RECTIFYING = "rectifying"
    HANDLED = "handled"
    FEEDBACK_GIVEN = "feedback_given"
    CLOSED = "closed"
    APPEALED = "appealed"
    APPEAL_UPHELD = "appeal_upheld"

    ALL = (OPEN, CALLED_BACK, RECTIFYING, HANDLED, FEEDBACK_GIVEN, CLOSED, APPEALED, APPEAL_UPHELD)
    TERMINAL = (CLOSED, APPEAL_UPHELD)
    LABELS = {
        OPEN: N_("待回访"),
        CALLED_BACK: N_("已回访，待处理"),
        RECTIFYING: N_("限期整改中（待整改通知销号）"),
        HANDLED: N_("已处理，待反馈"),
        FEEDBACK_GIVEN: N_("已反馈，待办结"),
        CLOSED: N_("已办结"),
        APPEALED: N_("申诉待裁定"),
        APPEAL_UPHELD: N_("申诉成立，评价不计入"),
    }


class CallbackResult:
    REACHED = "reached"
    UNREACHABLE = "unreachable"
    NO_CONTACT = "no_contact"

    LABELS = {
        REACHED: N_("已联系上评价人"),
        UNREACHABLE: N_("多次联系未接通"),
        NO_CONTACT: N_("评价人未留联系方式，已现场核实"),
    }


class Outcome:
    FIX_NOW = "fix_now"
    FIX_BY_DEADLINE = "fix_by_deadline"
    EXPLAIN = "explain"

    LABELS = {FIX_NOW: N_("立行立改"), FIX_BY_DEADLINE: N_("限期整改"), EXPLAIN: N_("解释说明")}


class Satisfaction:
    """How the citizen rated the handling, when asked during feedback."""

    LABELS = {"": N_("未表态"), "satisfied": N_("满意"), "basic": N_("基本满意"), "dissatisfied": N_("不满意")}


class ComplaintTicket(BaseModel):
    """差评工单. Owned by the unit of the rated window; every step is a ComplaintEvent row.

    Deadlines are stored (working days from opening, counted when the ticket opened); overdue is
    computed. `deadline_estimated` marks deadlines that used the Monday–Friday fallback."""

    evaluation = ForeignKeyField(Evaluation, unique=True, backref="tickets")
    unit = ForeignKeyField(Unit, backref="complaint_tickets")
    hall = ForeignKeyField(Hall, backref="complaint_tickets")
    window = ForeignKeyField(Window, backref="complaint_tickets")
    status = CharField(max_length=16, default=TicketStatus.OPEN, index=True)
    opened_at = DateTimeField(default=now, index=True)
    callback_days = SmallIntegerField()
    close_days = SmallIntegerField()
    callback_due_on = DateField(index=True)
    close_due_on = DateField(index=True)
    deadline_estimated = BooleanField(default=False)

    called_back_at = DateTimeField(null=True)
    callback_result = CharField(max_length=16, default="")
    callback_note = TextField(default="")
    outcome = CharField(max_length=16, default="")
    outcome_note = TextField(default="")
    fix_due_on = DateField(null=True)
    rectified_at = DateTimeField(null=True)
    feedback_at = DateTimeField(null=True)
    feedback_note = TextField(default="")
    citizen_satisfaction = CharField(max_length=16, default="")
    closed_at = DateTimeField(null=True)

    status_before_appeal = CharField(max_length=16, default="")
    appealed_at = DateTimeField(null=True)
    appealed_by = ForeignKeyField(User, null=True, backref="+")
    appeal_reason = TextField(default="")
    appeal_evidence = TextField(default="")
    appeal_decided_at = DateTimeField(null=True)
    appeal_decided_by = ForeignKeyField(User, null=True, backref="+")
    appeal_upheld = BooleanField(null=True)
    appeal_decision_note = TextField(default="")
    updated_at = DateTimeField(default=now)

    class Meta:
        #: Covering index for the period statistics (reports/queries.py: tickets opened in a period).
        indexes = ((("opened_at", "hall", "unit", "window", "status", "status_before_appeal", "called_back_at",
                     "callback_due_on", "close_due_on"), False),)

    @property
    def is_open(self):
        return self.status not in TicketStatus.TERMINAL

    # Deadlines, for the shared DueWindow (common/workflow.py): the current deadline is the 回访
    # deadline until the citizen is called back, then the closing deadline. Overdue is computed.
    def due_on_value(self):
        return self.callback_due_on if self.called_back_at is None else self.close_due_on

    def clock_running(self):
        """While the ticket waits on its rectification case, the case's own deadline runs instead."""
        return self.is_open and self.status != TicketStatus.RECTIFYING

    @classmethod
    def due_on_sql(cls):
        return Case(None, ((cls.called_back_at.is_null(), cls.callback_due_on),), cls.close_due_on)

    @classmethod
    def clock_running_sql(cls):
        return cls.status.not_in((*TicketStatus.TERMINAL, TicketStatus.RECTIFYING))

    def callback_clock_running(self):
        """The 回访 deadline runs until the citizen is called back (marks beside that date)."""
        return self.called_back_at is None and self.clock_running()

    def called_back_late(self):
        """Called back after the day the 回访 was due (a fact of history, shown beside 已于…回访)."""
        return self.called_back_at is not None and to_local(self.called_back_at).date() > self.callback_due_on

    def closed_late(self):
        return self.closed_at is not None and to_local(self.closed_at).date() > self.close_due_on

    @classmethod
    def visible_to(cls, user):
        """Tickets a user may see: unit managers only their own unit's."""
        query = (cls.select(cls, Evaluation, Window, Unit, Hall)
                 .join(Evaluation).switch(cls).join(Window).switch(cls).join(Unit).switch(cls).join(Hall))
        if user.unit_scope is not None:
            query = query.where(cls.unit == user.unit_scope)
        return query


class ComplaintEvent(EventFields):
    """One step of a ticket: who did what, when, with which note. Never edited or deleted.
    (action, from_status, to_status, created_at, note and data come from EventFields.)"""

    ticket = ForeignKeyField(ComplaintTicket, backref="events")
    actor = ForeignKeyField(User, null=True, backref="+")

    class Meta:
        order_by = ("created_at", "id")


MODELS = [ComplaintTicket, ComplaintEvent]
