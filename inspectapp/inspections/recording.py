"""Recording findings and evidence from the phone, idempotently: a retried upload (same client id)
returns the row it created the first time instead of creating a second one. Phone clocks are
anchored to the server's. Every write that touches more than one row runs in `db.atomic()`."""
import datetime as dt
import logging
from dataclasses import dataclass

from peewee import IntegrityError

from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.common.timeutil import to_local
from inspectapp.db import db
from inspectapp.inspections import evidence as files
from inspectapp.inspections.errors import Conflict
from inspectapp.inspections.models import ChecklistItem
from inspectapp.inspections.models import Evidence
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import Severity
from inspectapp.inspections.models import Status
from inspectapp.inspections.models import WindowVisit
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window

log = logging.getLogger(__name__)


#: Phone clocks are trusted for the moment of a finding only within this window into the past.
MAX_CLIENT_AGE = dt.timedelta(days=30)
HALL_AREA = "大厅公共区域"


def word_finding(pattern, recorded_at, window, staff_no):
    """"10:13，A12窗口（社保）工作人员工作时间玩手机" — the same rule as static/js/inspections.js."""
    staff = f"工作人员（工号{staff_no}）" if staff_no else "工作人员"
    return fill_pattern(pattern, recorded_at, window.label if window is not None else HALL_AREA, staff)


def fill_pattern(pattern, recorded_at, window_text, staff_text):
    """A checklist item's finding pattern with its time (local, "09:42" as every time on the pages),
    window and staff filled in: the one wording of pages, notices and bulletins."""
    return (pattern.replace("{时间}", f"{to_local(recorded_at):%H:%M}").replace("{窗口}", window_text)
            .replace("{工作人员}", staff_text))


def anchor_client_time(recorded_ms, sent_ms, server_now):
    """When a finding was seen, on the server's clock: the phone's time of the tap, shifted by how far
    the phone's clock was off when it sent the request; never in the future, at most 30 days back."""
    if recorded_ms is None:
        return server_now
    recorded = from_ms(recorded_ms)
    if sent_ms is not None:
        recorded += server_now - from_ms(sent_ms)
    return max(min(recorded, server_now), server_now - MAX_CLIENT_AGE)


def from_ms(ms):
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).replace(tzinfo=None)


def to_ms(value):
    """Naive UTC datetime -> milliseconds since the epoch (JavaScript time)."""
    return int(value.replace(tzinfo=dt.UTC).timestamp() * 1000)


@dataclass
class FindingInput:
    """What the phone (or the server-rendered form) sends for one finding, keyed by its client id."""

    client_id: str
    item_id: int
    window_id: int | None
    rev: int = 1
    staff_no: str = ""
    severity: str | None = None
    note: str = ""
    sentence: str | None = None
    sentence_auto: bool = True
    withdrawn: bool = False
    recorded_at: dt.datetime | None = None


def check_can_record(inspection, actor):
    if not inspection.has_member(actor):
        raise Conflict("您不是该检查组成员")
    if inspection.status == Status.PUBLISHED:
        raise Conflict("检查结果已发布，不能再修改，请联系督查管理员")


def _window_for(inspection, window_id):
    if window_id is None:
        return None
    window = Window.select(Window, Unit).join(Unit).where(
        (Window.id == window_id) & (Window.hall == inspection.hall_id)).first()
    if window is None:
        raise DomainError("窗口不属于本次检查的大厅", field="window")
    return window


def record_finding(inspection, data, actor):
    """Create or update the finding with this client id. Returns (finding, created); the finding is
    None for one withdrawn on the phone before it was ever stored.

    Idempotent: a repeated request (same client id, same or older revision) changes nothing and
    returns the stored row, so retries after a lost response never create a duplicate.
    """
    check_can_record(inspection, actor)
    existing = Finding.get_or_none(Finding.client_id == data.client_id)
    if existing is not None:
        return _update_finding(existing, inspection, data, actor), False
    if data.withdrawn:
        # Taken back on the phone before the server ever saw it: there is nothing to store.
        return None, False
    # Validate (read) before the transaction: on SQLite a read transaction that later writes
    # fails at once with "database is locked" if another upload committed in between.
    values = _new_finding_values(inspection, data)
    try:
        with db.atomic():
            finding = Finding.create(inspection=inspection, created_by=actor, **values)
            if finding.window is not None:
                _visit(inspection, finding.window, actor)
    except IntegrityError:
        # The same client id arrived twice at once: the other request created it.
        existing = Finding.get_or_none(Finding.client_id == data.client_id)
        if existing is None:
            raise
        return _update_finding(existing, inspection, data, actor), False
    log.info("Finding %s recorded in inspection %s", finding.id, inspection.id)
    return finding, True


def _new_finding_values(inspection, data):
    item = ChecklistItem.get_or_none((ChecklistItem.id == data.item_id)
                                     & (ChecklistItem.template == inspection.template_id))
    if item is None:
        raise DomainError("检查项不在本次检查的检查表中", field="item")
    window = _window_for(inspection, data.window_id)
    severity = data.severity or item.severity
    if severity not in Severity.ALL:
        raise DomainError("严重程度无效", field="severity")
    recorded_at, staff_no = data.recorded_at or now(), data.staff_no.strip()
    auto = data.sentence_auto or not (data.sentence or "").strip()
    return dict(client_id=data.client_id, client_rev=data.rev, item=item, window=window,
                unit=window.unit_id if window else None, staff_no=staff_no,
                severity=severity, deduction=item.deduction, note=data.note.strip(), sentence_auto=auto,
                recorded_at=recorded_at, status=FindingStatus.ACTIVE,
                sentence=(word_finding(item.finding_pattern, recorded_at, window, staff_no) if auto
                          else data.sentence.strip()))


def _update_finding(finding, inspection, data, actor):
    if finding.inspection_id != inspection.id or finding.created_by_id != actor.id:
        raise Conflict("此记录编号已被其他记录使用")
    if data.rev <= finding.client_rev:
        return finding
    if finding.reviewed_at is not None:
        raise Conflict("督查管理员已审核此条，不能再修改")
    window = _window_for(inspection, data.window_id)
    severity = data.severity or finding.severity
    if severity not in Severity.ALL:
        raise DomainError("严重程度无效", field="severity")
    finding.window, finding.staff_no, finding.severity = window, data.staff_no.strip(), severity
    finding.unit = window.unit_id if window else None
    finding.note = data.note.strip()
    finding.sentence_auto = data.sentence_auto or not (data.sentence or "").strip()
    finding.sentence = (word_finding(finding.item.finding_pattern, finding.recorded_at, window, finding.staff_no)
                        if finding.sentence_auto else data.sentence.strip())
    finding.status = FindingStatus.WITHDRAWN if data.withdrawn else FindingStatus.ACTIVE
    finding.client_rev, finding.updated_at = data.rev, now()
    with db.atomic():
        finding.save()
        if window is not None:
            _visit(inspection, window, actor)
    return finding


def _visit(inspection, window, actor):
    if WindowVisit.get_or_none((WindowVisit.inspection == inspection) & (WindowVisit.window == window)):
        return
    try:
        with db.atomic():
            WindowVisit.create(inspection=inspection, window=window, unit=window.unit_id, created_by=actor)
    except IntegrityError:
        pass


def mark_window_checked(inspection, window_id, actor):
    """The team checked this window and found nothing (it is scored 100 unless findings follow)."""
    check_can_record(inspection, actor)
    window = _window_for(inspection, window_id)
    if window is None:
        raise DomainError("请选择窗口", field="window")
    _visit(inspection, window, actor)
    return window


def add_evidence(finding, data, client_id, actor, root, limits=files.Limits(), filename="", captured_at=None):
    """Store a photo or audio note of a finding. Returns (evidence, created); idempotent by client id."""
    existing = Evidence.get_or_none(Evidence.client_id == client_id)
    if existing is not None:
        if existing.finding_id != finding.id:
            raise Conflict("此文件编号已被其他记录使用")
        return existing, False
    check_can_record(finding.inspection, actor)
    checked = files.check_upload(data, limits)
    stored = files.store(root, f"evidence/{finding.inspection_id}", data, checked, limits)
    try:
        with db.atomic():
            row = Evidence.create(
                finding=finding, client_id=client_id, kind=checked.kind, mime=checked.mime,
                stored_name=stored.stored_name, public_name=stored.public_name, thumb_name=stored.thumb_name,
                sha256=stored.sha256, size=stored.size, width=checked.width, height=checked.height,
                had_location=stored.had_location, original_filename=(filename or "")[:200],
                captured_at=captured_at, uploaded_by=actor)
    except IntegrityError:
        files.remove(root, [stored.stored_name, stored.public_name, stored.thumb_name])
        existing = Evidence.get_or_none(Evidence.client_id == client_id)
        if existing is None:
            raise
        return existing, False
    log.info("Evidence %s (%s, %s bytes) stored for finding %s", row.id, row.kind, row.size, finding.id)
    return row, True


def withdraw_finding(finding, actor):
    """The inspector takes back a mis-tapped finding (server-rendered page); kept, never counted."""
    data = FindingInput(client_id=finding.client_id, item_id=finding.item_id, window_id=finding.window_id,
                        rev=finding.client_rev + 1, staff_no=finding.staff_no, severity=finding.severity,
                        note=finding.note, sentence=finding.sentence, sentence_auto=finding.sentence_auto,
                        withdrawn=True)
    return record_finding(finding.inspection, data, actor)[0]
