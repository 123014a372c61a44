"""Document numbers: one counter per (issuer, series, year) and a ledger of every number issued.

The counter is bumped inside the transaction that stores the document, so a rolled-back document
gives its number back (no gaps) and a committed one keeps it for ever (no reuse). The ledger's
unique index is the last word: two documents can never carry the same serial.
"""
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField

from inspectapp.auth.models import User
from inspectapp.common.timeutil import now
from inspectapp.db import BaseModel


class DocSerial(BaseModel):
    """The last serial handed out for one issuer, series and year."""

    #: The issuing office's key (its 机关代字, ISSUER_CODE).
    issuer = CharField(max_length=20)
    #: What is numbered: "rectification" (整改通知书), "bulletin" (通报) …
    series = CharField(max_length=32)
    year = IntegerField()
    last_serial = IntegerField(default=0)

    class Meta:
        indexes = ((("issuer", "series", "year"), True),)


class DocNumber(BaseModel):
    """One issued 发文字号 and the record it was given to. Never edited or deleted."""

    issuer = CharField(max_length=20)
    series = CharField(max_length=32)
    year = IntegerField()
    serial = IntegerField()
    #: As printed, e.g. "临政服改〔2026〕12号".
    text = CharField(max_length=40, unique=True)
    #: The numbered record, e.g. ("rectification_case", 17).
    target_type = CharField(max_length=32)
    target_id = IntegerField()
    issued_at = DateTimeField(default=now)
    issued_by = ForeignKeyField(User, null=True, backref="+")

    class Meta:
        indexes = ((("issuer", "series", "year", "serial"), True), (("target_type", "target_id"), False))
        order_by = ("year", "serial")


MODELS = [DocSerial, DocNumber]
