"""Bulletins (通报): the draft texts, the preview, issuing (numbered and frozen) and the archive.

    texts = draft_texts(period, hall, issuer_name, today)        # saved draft or the defaults
    preview = bulletin_content.build(period, hall, texts, settings, today, issuer_name)
    bulletin = issue(period, hall, texts, settings, actor, issuer, today, render)

`issue` numbers the bulletin with the issuer's own 通报 serial, freezes the snapshot (JSON) and
stores the PDFs of both versions rendered from it; nothing about an issued bulletin changes later.
"""
import datetime as dt
import hashlib
import json
import logging
import uuid

from inspectapp.audit import services as audit
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.db import db
from inspectapp.reports import bulletin_content
from inspectapp.reports.bulletin_content import Texts
from inspectapp.reports.models import Bulletin
from inspectapp.reports.models import BulletinDraft
from inspectapp.reports.models import BulletinFile
from inspectapp.reports.models import Version
from inspectapp.reports.models import snapshot_text
from inspectapp.workcal import services as workcal

log = logging.getLogger(__name__)

TITLE_MAX = 120


def _draft_row(period, hall):
    cond = BulletinDraft.hall.is_null() if hall is None else (BulletinDraft.hall == hall.id)
    return BulletinDraft.select().where((BulletinDraft.period_key == period.key) & cond).first()


def draft_texts(period, hall, issuer_name, today, rectify_days=10):
    """The saved draft texts of this period and hall, or the defaults."""
    row = _draft_row(period, hall)
    if row is not None:
        return Texts.from_dict(json.loads(row.texts))
    deadline = workcal.add_working_days(today, rectify_days)
    return bulletin_content.default_texts(period, hall, issuer_name, deadline)


def check_texts(texts, today):
    """Shape and business rules of the texts; raises DomainError naming the field."""
    if not texts.title.strip():
        raise DomainError("请填写标题", field="title")
    if len(texts.title) > TITLE_MAX:
        raise DomainError(f"标题不能超过{TITLE_MAX}字", field="title")
    if not texts.recipients.strip():
        raise DomainError("请填写主送机关", field="recipients")
    if texts.deadline is None:
        raise DomainError("请填写整改报送期限", field="deadline")
    if texts.deadline < today:
        raise DomainError("整改报送期限不能早于今天", field="deadline")
    if not texts.requirements.strip():
        raise DomainError("请填写工作要求", field="requirements")


def save_draft(period, hall, texts, actor):
    """Keep what the supervisor typed (one draft per period and hall)."""
    row = _draft_row(period, hall)
    payload = json.dumps(texts.as_dict(), ensure_ascii=False)
    with db.atomic():
        if row is None:
            BulletinDraft.create(period_key=period.key, hall=hall, texts=payload, updated_by=actor)
        else:
            BulletinDraft.update(texts=payload, updated_at=now(), updated_by=actor).where(
                BulletinDraft.id == row.id).execute()


def issued_for(period, hall):
    """Bulletins already issued for this period and hall, newest first."""
    cond = Bulletin.hall.is_null() if hall is None else (Bulletin.hall == hall.id)
    return list(Bulletin.select().where((Bulletin.period_key == period.key) & cond))


def issue(period, hall, texts, settings, actor, number, today, issuer_name, ip="", issue_key=None):
    """Number, freeze and archive the bulletin; returns the Bulletin (its PDFs: `store_pdfs`).

    :param number: callable(bulletin_id) -> (serial, year, doc_no) that takes the next 通报 serial;
        it runs inside the transaction that stores the bulletin, so a failed issue gives it back.
    :param issue_key: the preview form's one-time key; issuing again with it returns the first bulletin.
    :raises DomainError: the texts are incomplete (field named).
    """
    if issue_key:
        done = Bulletin.get_or_none(Bulletin.issue_key == issue_key)
        if done is not None:
            return done
    check_texts(texts, today)
    with db.atomic():
        # The row is created first so the number's ledger entry can point at it; doc_no and the
        # snapshot are set before the transaction ends, and never again.
        bulletin = Bulletin.create(
            doc_no=f"pending-{uuid.uuid4().hex}", year=today.year, serial=0, title=texts.title.strip(),
            period_key=period.key, period_kind=period.kind, period_start=period.start, period_end=period.end,
            hall=hall, issued_on=today, issued_by=actor, snapshot="{}", snapshot_sha256="", issue_key=issue_key or None)
        serial, year, doc_no = number(bulletin.id)
        snapshot = bulletin_content.build(period, hall, texts, settings, today, issuer_name, doc_no=doc_no)
        text, digest = snapshot_text(snapshot)
        Bulletin.update(doc_no=doc_no, year=year, serial=serial, snapshot=text, snapshot_sha256=digest).where(
            Bulletin.id == bulletin.id).execute()
        row = _draft_row(period, hall)
        if row is not None:
            BulletinDraft.delete().where(BulletinDraft.id == row.id).execute()
        bulletin = Bulletin.get_by_id(bulletin.id)
        audit.record("bulletin.issued", actor=actor, target=bulletin, ip=ip,
                     detail={"doc_no": doc_no, "period": period.key, "hall": hall.id if hall else None,
                             "sha256": digest})
    log.info("Bulletin %s issued (%s, %s)", doc_no, period.key, hall.code if hall else "all halls")
    return bulletin


def store_pdfs(bulletin, render):
    """Render both versions once from the frozen snapshot and store them (idempotent)."""
    for version in Version.ALL:
        stored = BulletinFile.select().where((BulletinFile.bulletin == bulletin) & (BulletinFile.version == version))
        if stored.exists():
            continue
        pdf = render(bulletin, version)
        with db.atomic():
            BulletinFile.create(bulletin=bulletin, version=version, pdf=pdf, size=len(pdf),
                                sha256=hashlib.sha256(pdf).hexdigest())


def pdf_of(bulletin, version, render):
    """The stored PDF of one version (rendered and stored now if the issue did not get to it)."""
    row = BulletinFile.get_or_none((BulletinFile.bulletin == bulletin) & (BulletinFile.version == version))
    if row is None:
        store_pdfs(bulletin, render)
        row = BulletinFile.get((BulletinFile.bulletin == bulletin) & (BulletinFile.version == version))
    return bytes(row.pdf)


def archive(hall_id=None, year=None):
    query = Bulletin.select()
    if hall_id:
        query = query.where(Bulletin.hall == hall_id)
    if year:
        query = query.where(Bulletin.year == year)
    return query


def deadline_of(bulletin):
    return dt.date.fromisoformat(bulletin.data["meta"]["texts"]["deadline"])
