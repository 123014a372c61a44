"""Halls, units, windows and staff. Nothing here is ever hard-deleted: rows are deactivated."""
import datetime as dt

from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import TimeField

from inspectapp.common.timeutil import now
from inspectapp.common.tokens import new_token
from inspectapp.db import BaseModel


class Hall(BaseModel):
    """政务服务大厅 / 中心."""

    code = CharField(max_length=32, unique=True)
    name = CharField(max_length=100)
    address = CharField(max_length=200, default="")
    #: Opening hours on working days, local time (used to hold off-hours ratings).
    opens_at = TimeField(default=dt.time(9, 0))
    closes_at = TimeField(default=dt.time(17, 0))
    is_active = BooleanField(default=True)
    created_at = DateTimeField(default=now)

    class Meta:
        order_by = ("code",)

    def __str__(self):
        return self.name


class Unit(BaseModel):
    """窗口单位 / 进驻单位 (e.g. 人社局), owner of windows and of their 差评 and findings."""

    code = CharField(max_length=32, unique=True)
    name = CharField(max_length=100)
    #: Short name used in worded findings, e.g. "社保" in "A12窗口（社保）".
    short_name = CharField(max_length=20)
    is_active = BooleanField(default=True)
    created_at = DateTimeField(default=now)

    def __str__(self):
        return self.name

    @classmethod
    def visible_to(cls, user):
        """Units a user may see: unit managers only their own."""
        query = cls.select()
        if user.unit_scope is not None:
            query = query.where(cls.id == user.unit_scope)
        return query


class Window(BaseModel):
    """窗口: numbered per hall, belongs to one unit, reachable by citizens through its token."""

    hall = ForeignKeyField(Hall, backref="windows")
    unit = ForeignKeyField(Unit, backref="windows")
    number = CharField(max_length=16)
    name = CharField(max_length=100, default="")
    #: Carried by the printed QR code (/e/<token>); rotated only by an explicit admin action.
    public_token = CharField(max_length=64, unique=True, default=new_token)
    token_issued_at = DateTimeField(default=now)
    is_active = BooleanField(default=True)
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("hall", "number"), True),)

    def __str__(self):
        return f"{self.number}窗口"

    @property
    def label(self):
        """"A12窗口（社保）" — the form used in worded findings and notices."""
        return f"{self.number}窗口（{self.unit.short_name}）"

    @classmethod
    def visible_to(cls, user):
        query = cls.select(cls, Hall, Unit).join(Hall).switch(cls).join(Unit)
        if user.unit_scope is not None:
            query = query.where(cls.unit == user.unit_scope)
        return query


class RetiredToken(BaseModel):
    """A window token that was rotated out; its QR code now shows '此二维码已停用' (HTTP 410)."""

    window = ForeignKeyField(Window, backref="retired_tokens")
    token = CharField(max_length=64, unique=True)
    issued_at = DateTimeField()
    retired_at = DateTimeField(default=now)
    reason = CharField(max_length=200, default="")


class Staff(BaseModel):
    """工作人员: identified by 工号, assigned to a unit and (currently) a window."""

    staff_no = CharField(max_length=32, unique=True)
    name = CharField(max_length=50)
    unit = ForeignKeyField(Unit, backref="staff")
    window = ForeignKeyField(Window, backref="staff", null=True, on_delete="SET NULL")
    is_active = BooleanField(default=True)
    created_at = DateTimeField(default=now)

    def __str__(self):
        return f"{self.name}（{self.staff_no}）"

    @classmethod
    def visible_to(cls, user):
        query = cls.select(cls, Unit).join(Unit)
        if user.unit_scope is not None:
            query = query.where(cls.unit == user.unit_scope)
        return query


MODELS = [Hall, Unit, Window, RetiredToken, Staff]
