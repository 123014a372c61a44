"""The one workflow mechanism: a transition table, the permission that may take each action, one
event row per step, a Chinese refusal that says why, and deadlines that are computed, never stored.

A feature declares its steps and gets a `Workflow`:

    WORKFLOW = Workflow(
        "rectification", STATUS_LABELS, event_model=RectificationEvent, subject_field="case",
        steps=[
            Step("acknowledge", ("issued",), "acknowledged", roles.can_acknowledge, "签收",
                 denied="只有被通知单位的负责人可以签收"),
            …
        ])
    WORKFLOW.run(case, "acknowledge", actor, note="", data={...}, change=lambda c: ...)

`run` checks the table, the permission and the feature's guard, applies `change`, moves the status,
saves and writes the event row, all in one transaction. `target` may be `SAME` (a step that changes
something but not the status: a deadline extension, an escalation) or `PREVIOUS` (resume the status
the record had before, read through `previous`).

Deadlines: `DueWindow` is the single definition of overdue / due today / due soon. Models expose
`due_on_sql()` and `clock_running_sql()` (and the same as instance values); every count, list and badge
asks the window, so no two pages can disagree.
"""
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from peewee import CharField
from peewee import DateTimeField
from peewee import TextField

from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.db import BaseModel
from inspectapp.db import db
from inspectapp.db import is_sqlite

#: Target of a step that keeps the status.
SAME = "<same>"
#: Target of a step that resumes the status the record had before (e.g. after an appeal).
PREVIOUS = "<previous>"


class EventFields(BaseModel):
    """Columns every workflow event table has; a feature's event model adds its subject and actor
    (`ForeignKeyField`s) and inherits these. Never created as a table of its own."""

    action = CharField(max_length=20)
    from_status = CharField(max_length=16, default="")
    to_status = CharField(max_length=16)
    created_at = DateTimeField(default=now)
    note = TextField(default="")
    #: JSON with the step's data (dates, outcome, old and new deadlines …).
    data = TextField(default="")

    @property
    def data_dict(self):
        return json.loads(self.data) if self.data else {}


@dataclass(frozen=True)
class Step:
    action: str
    sources: tuple
    target: str
    #: permission(user, record) -> bool; a pure function from auth/roles.py.
    permission: Callable
    label: str
    #: Why the permission says no, in words the user understands.
    denied: str = "您无权执行此操作"


class Workflow:
    def __init__(self, name, status_labels, steps, event_model, subject_field, guard=None, previous=None):
        self.name = name
        self.status_labels = status_labels
        self.steps = {step.action: step for step in steps}
        self.event_model = event_model
        self.subject_field = subject_field
        #: guard(record, action) -> refusal text or None: rules the table cannot express.
        self.guard = guard
        #: previous(record) -> the status a PREVIOUS step resumes.
        self.previous = previous
        self.transitions = {(source, step.action): step.target for step in steps for source in step.sources}

    def label(self, action):
        return self.steps[action].label

    def status_label(self, status):
        return self.status_labels.get(status, status)

    def refusal(self, record, action, user):
        """Why `user` may not take `action` on `record` now, or None if they may."""
        step = self.steps.get(action)
        if step is None:
            return "没有这项操作"
        if record.status not in step.sources:
            allowed = "、".join(f"「{self.status_label(s)}」" for s in step.sources)
            return (f"当前状态为「{self.status_label(record.status)}」，不能{step.label}："
                    f"只有在{allowed}时才可以{step.label}")
        if not step.permission(user, record):
            return f"您无权{step.label}：{step.denied}" if step.denied != Step.denied else step.denied
        return self.guard(record, action) if self.guard else None

    def allowed_actions(self, record, user):
        """Actions `user` may take on `record` now, in the order the steps were declared."""
        return [action for action in self.steps if self.refusal(record, action, user) is None]

    def target_of(self, record, action):
        target = self.steps[action].target
        if target == SAME:
            return record.status
        if target == PREVIOUS:
            return self.previous(record)
        return target

    def run(self, record, action, actor, note="", data=None, change=None, at=None):
        """Take one step: check, change, move the status, save, write the event — one transaction.

        The status is read again inside the transaction (locked on PostgreSQL; SQLite write
        transactions are exclusive), so two people acting on the same record at once cannot both
        take a step from the same state; only the fields this step changed are written.

        :raises DomainError: with the reason, when the step is not allowed now or not to this actor.
        """
        refusal = self.refusal(record, action, actor)
        if refusal:
            raise DomainError(refusal)
        with db.atomic():
            self._refresh_status(record)
            refusal = self.refusal(record, action, actor)
            if refusal:
                raise DomainError(refusal)
            from_status = record.status
            target = self.target_of(record, action)
            if change is not None:
                change(record)
            record.status = target
            dirty = getattr(record, "dirty_fields", None)
            record.save(only=dirty) if dirty else record.save()
            self.record_event(record, action, actor, from_status, target, note, data, at)
        return record

    @staticmethod
    def _refresh_status(record):
        model = type(record)
        if not hasattr(model, "select"):
            return
        query = model.select(model.status).where(model.id == record.id)
        if not is_sqlite():
            query = query.for_update()
        current = query.scalar()
        if current is not None and current != record.status:
            record.status = current

    def record_event(self, record, action, actor, from_status, to_status, note="", data=None, at=None):
        """Write an event row (also for steps outside the table: opening a record, a recount)."""
        return self.event_model.create(
            **{self.subject_field: record}, action=action, from_status=from_status or "", to_status=to_status,
            actor=actor, created_at=at or now(), note=note or "",
            data=json.dumps(data, ensure_ascii=False, default=str, sort_keys=True) if data else "")


class DueState:
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"

    LABELS = {OVERDUE: "已逾期", DUE_TODAY: "今日到期", DUE_SOON: "即将到期"}


@dataclass(frozen=True)
class DueWindow:
    """Where deadlines stand today. Built by `workcal.services.due_window()` from the calendar:

    - overdue: the clock runs and the due date is before today;
    - due today: the clock runs and the due date is today;
    - due soon: the clock runs and the due date is after today, at most `soon_until`
      (today + SOON_WORKING_DAYS working days).
    """

    today: dt.date
    soon_until: dt.date

    def state(self, record):
        """DueState of a record's current deadline (None when its clock is stopped or the date is far)."""
        return self.date_state(record.due_on_value(), record.clock_running())

    def date_state(self, due_on, running=True):
        """DueState of one deadline date: the one comparison every badge, mark, count and tab shares."""
        if not running or due_on is None:
            return None
        if due_on < self.today:
            return DueState.OVERDUE
        if due_on == self.today:
            return DueState.DUE_TODAY
        if due_on <= self.soon_until:
            return DueState.DUE_SOON
        return None

    def overdue(self, model):
        return model.clock_running_sql() & (model.due_on_sql() < self.today)

    def due_today(self, model):
        return model.clock_running_sql() & (model.due_on_sql() == self.today)

    def due_soon(self, model):
        return model.clock_running_sql() & (model.due_on_sql() > self.today) & (model.due_on_sql() <= self.soon_until)

    def upcoming(self, model):
        """Due today or soon: "due within N working days" on the home pages."""
        return model.clock_running_sql() & model.due_on_sql().between(self.today, self.soon_until)

    def where(self, model, state):
        return {DueState.OVERDUE: self.overdue, DueState.DUE_TODAY: self.due_today,
                DueState.DUE_SOON: self.due_soon}[state](model)
