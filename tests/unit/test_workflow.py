"""The shared workflow core: table, permissions, refusals that say why, events, and one definition
of overdue / due today / due soon."""
import datetime as dt
import itertools

import pytest

from inspectapp.common.errors import DomainError
from inspectapp.common.workflow import PREVIOUS
from inspectapp.common.workflow import SAME
from inspectapp.common.workflow import DueState
from inspectapp.common.workflow import DueWindow
from inspectapp.common.workflow import Step
from inspectapp.common.workflow import Workflow


class Record:
    def __init__(self, status, owner="unit", before=""):
        self.status, self.owner, self.before, self.saved, self.note = status, owner, before, 0, ""

    def save(self):
        self.saved += 1


class Events:
    rows = []

    @classmethod
    def create(cls, **row):
        cls.rows.append(row)
        return row


def is_owner(user, record):
    return user == record.owner


def is_boss(user, record):
    return user == "boss"


LABELS = {"new": "新建", "done": "已完成", "held": "暂停", "closed": "已关闭"}
FLOW = Workflow(
    "toy", LABELS, event_model=Events, subject_field="thing",
    guard=lambda record, action: "备注不能为空" if action == "close" and not record.note else None,
    previous=lambda record: record.before,
    steps=[
        Step("finish", ("new",), "done", is_owner, "完成", denied="只有责任单位可以完成"),
        Step("hold", ("new", "done"), "held", is_boss, "暂停"),
        Step("resume", ("held",), PREVIOUS, is_boss, "恢复"),
        Step("remind", ("new", "done"), SAME, is_boss, "提醒"),
        Step("close", ("done",), "closed", is_boss, "关闭"),
    ])


@pytest.fixture(autouse=True)
def _events():
    Events.rows = []


def test_the_table_is_built_from_the_steps():
    assert FLOW.transitions == {
        ("new", "finish"): "done", ("new", "hold"): "held", ("done", "hold"): "held", ("held", "resume"): PREVIOUS,
        ("new", "remind"): SAME, ("done", "remind"): SAME, ("done", "close"): "closed"}


def test_every_status_action_and_user_is_either_allowed_or_refused_with_a_reason(app):
    for status, action, user in itertools.product(LABELS, FLOW.steps, ["unit", "boss", "viewer"]):
        Events.rows = []
        check_pair(status, action, user)


def check_pair(status, action, user):
    record = Record(status, before="new")
    record.note = "ok"
    step = FLOW.steps[action]
    allowed = status in step.sources and step.permission(user, record)
    assert (FLOW.refusal(record, action, user) is None) == allowed
    assert (action in FLOW.allowed_actions(record, user)) == allowed
    if not allowed:
        with pytest.raises(DomainError):
            FLOW.run(record, action, user)
        assert record.status == status and record.saved == 0 and Events.rows == []
        return
    FLOW.run(record, action, user, note="n", data={"day": dt.date(2026, 12, 1)})
    expected = {SAME: status, PREVIOUS: "new"}.get(step.target, step.target)
    assert record.status == expected and record.saved == 1
    (event,) = Events.rows
    assert (event["thing"], event["action"], event["from_status"], event["to_status"], event["actor"]) == (
        record, action, status, expected, user)
    assert event["note"] == "n" and event["data"] == '{"day": "2026-12-01"}'


def test_refusals_say_why_in_chinese():
    record = Record("done")
    assert FLOW.refusal(record, "finish", "unit") == "当前状态为「已完成」，不能完成：只有在「新建」时才可以完成"
    assert FLOW.refusal(Record("closed"), "hold", "boss") == (
        "当前状态为「已关闭」，不能暂停：只有在「新建」、「已完成」时才可以暂停")
    assert FLOW.refusal(Record("new"), "finish", "someone") == "您无权完成：只有责任单位可以完成"
    assert FLOW.refusal(Record("new"), "hold", "unit") == "您无权执行此操作"
    assert FLOW.refusal(record, "close", "boss") == "备注不能为空"  # the feature's own guard
    assert FLOW.refusal(record, "fly", "boss") == "没有这项操作"


def test_a_change_that_fails_leaves_the_record_and_the_log_alone(app):
    record = Record("new")

    def change(r):
        raise DomainError("数据不完整")

    with pytest.raises(DomainError, match="数据不完整"):
        FLOW.run(record, "finish", "unit", change=change)
    assert record.status == "new" and record.saved == 0 and Events.rows == []


class Deadline:
    def __init__(self, due_on, running=True):
        self.due_on, self.running = due_on, running

    def due_on_value(self):
        return self.due_on

    def clock_running(self):
        return self.running


def test_due_window_states():
    window = DueWindow(today=dt.date(2026, 12, 4), soon_until=dt.date(2026, 12, 8))  # Fri; +2 working days
    state = lambda day, running=True: window.state(Deadline(day, running))  # noqa: E731
    assert state(dt.date(2026, 12, 3)) == DueState.OVERDUE
    assert state(dt.date(2026, 12, 4)) == DueState.DUE_TODAY
    assert state(dt.date(2026, 12, 7)) == DueState.DUE_SOON and state(dt.date(2026, 12, 8)) == DueState.DUE_SOON
    assert state(dt.date(2026, 12, 9)) is None
    assert state(dt.date(2026, 12, 1), running=False) is None  # a stopped clock is never overdue
    assert state(None) is None


def test_due_window_counts_working_days_from_the_calendar(app):
    from inspectapp.workcal.services import due_window

    assert due_window(dt.date(2025, 9, 30)).soon_until == dt.date(2025, 10, 10)  # 国庆 + 中秋, 调休
    assert due_window(dt.date(2025, 10, 10)).soon_until == dt.date(2025, 10, 13)  # Sat 11 Oct is a make-up day
    assert due_window(dt.date(2026, 12, 4)).soon_until == dt.date(2026, 12, 8)
