"""Audit log of sensitive actions (rotating a token, viewing a phone number, deciding an appeal …)."""
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from inspectapp.auth.models import User
from inspectapp.common.timeutil import now
from inspectapp.db import BaseModel


class AuditLog(BaseModel):
    created_at = DateTimeField(default=now, index=True)
    actor = ForeignKeyField(User, backref="audit_entries", null=True)
    #: Dotted action name, e.g. "window.rotate_token", "user.login_failed".
    action = CharField(max_length=64, index=True)
    target_type = CharField(max_length=32, default="")
    target_id = IntegerField(null=True)
    detail = TextField(default="")
    ip = CharField(max_length=64, default="")

    class Meta:
        order_by = ("-created_at",)


MODELS = [AuditLog]
