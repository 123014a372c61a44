"""Issued bulletins (通报): numbered, frozen snapshots and the PDFs rendered from them; and the
supervisor's draft texts while a bulletin is prepared.

An issued bulletin never changes: `Bulletin` and `BulletinFile` refuse updates after they are
stored, so its PDFs reprint byte for byte and its HTML shows the same content, whatever happens to
the ratings and findings afterwards.
"""
import hashlib
import json

from peewee import BlobField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from inspectapp.auth.models import User
from inspectapp.common.timeutil import now
from inspectapp.db import BaseModel
from inspectapp.orgs.models import Hall


class ImmutableError(RuntimeError):
    """An issued bulletin cannot be changed; issue a new one instead."""


class Version:
    INTERNAL = "internal"
    PUBLIC = "public"

    ALL = (INTERNAL, PUBLIC)
    LABELS = {INTERNAL: "内部版", PUBLIC: "公开版"}


class _Frozen(BaseModel):
    def save(self, *args, **kwargs):
        if self.id is not None and not kwargs.get("force_insert"):
            raise ImmutableError(f"{type(self).__name__} {self.id} is issued and cannot change")
        return super().save(*args, **kwargs)


class Bulletin(_Frozen):
    #: 发文字号 as printed, e.g. "临政服通〔2026〕3号".
    doc_no = CharField(max_length=40, unique=True)
    year = IntegerField()
    serial = IntegerField()
    title = CharField(max_length=200)
    period_key = CharField(max_length=32, index=True)
    period_kind = CharField(max_length=10)
    period_start = DateField()
    period_end = DateField(index=True)
    #: None: every hall.
    hall = ForeignKeyField(Hall, null=True, backref="bulletins")
    issued_on = DateField()
    issued_at = DateTimeField(default=now)
    issued_by = ForeignKeyField(User, backref="+")
    #: JSON: {"meta", "internal", "public"} — see reports/bulletin_content.py.
    snapshot = TextField()
    snapshot_sha256 = CharField(max_length=64)
    #: From the preview form: a double click or a resubmitted form issues one bulletin, not two.
    issue_key = CharField(max_length=64, null=True, unique=True)

    class Meta:
        order_by = ("-issued_at", "-id")

    @property
    def data(self):
        return json.loads(self.snapshot)

    def payload(self, version):
        return self.data[version]

    @classmethod
    def latest_for(cls, hall_id):
        """The most recent period's issued bulletin of a hall (None: the all-halls ones)."""
        cond = cls.hall.is_null() if hall_id is None else (cls.hall == hall_id)
        return cls.select().where(cond).order_by(cls.period_end.desc(), cls.issued_at.desc(), cls.id.desc()).first()


def snapshot_text(data):
    """Canonical JSON of a snapshot and its SHA-256."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


class BulletinFile(_Frozen):
    """A PDF of one version of an issued bulletin, rendered once when it was issued."""

    bulletin = ForeignKeyField(Bulletin, backref="files")
    version = CharField(max_length=10)
    pdf = BlobField()
    sha256 = CharField(max_length=64)
    size = IntegerField()
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("bulletin", "version"), True),)


class BulletinDraft(BaseModel):
    """The texts a supervisor typed for the bulletin of a period and hall (kept until issued)."""

    period_key = CharField(max_length=32)
    hall = ForeignKeyField(Hall, null=True, backref="+")
    #: JSON of bulletin_content.Texts.
    texts = TextField()
    updated_at = DateTimeField(default=now)
    updated_by = ForeignKeyField(User, backref="+")

    class Meta:
        indexes = ((("period_key", "hall"), True),)


MODELS = [Bulletin, BulletinFile, BulletinDraft]
