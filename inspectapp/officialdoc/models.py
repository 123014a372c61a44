"""Document numbers: one counter per printed 机关代字 and year, and a ledger of every number issued.

Each series (整改通知书, 复查意见, 通报 …) prints its own 机关代字 (DOC_NUMBER_CODES) and so counts on its
own; two series configured with the same 机关代字 share one counter, because a printed number must
never appear twice.

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
    """The last serial handed out for one printed 机关代字 and year."""

    #: The 机关代字 as printed in the number, e.g. "临政服改".
    code = CharField(max_length=20)
    year = IntegerField()
    last_serial = IntegerField(default=0)

    class Meta:
        indexes = ((("code", "year"), True),)


class DocNumber(BaseModel):
    """One issued 发文字号 and the record it was given to. Never edited or deleted."""

    #: The issuing office (ISSUER_CODE) and what is numbered ("rectification", "bulletin" …).
    issuer = CharField(max_length=20)
    series = CharField(max_length=32)
    #: The printed 机关代字, the year and the serial of the number.
    code = CharField(max_length=20)
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
        indexes = ((("code", "year", "serial"), True), (("target_type", "target_id"), False))
        order_by = ("year", "serial")


MODELS = [DocSerial, DocNumber]
