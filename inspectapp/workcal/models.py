"""Admin-entered calendar data for the working-day calendar (years chinese-calendar does not know)."""
from peewee import BooleanField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField

from inspectapp.auth.models import User
from inspectapp.common.timeutil import now
from inspectapp.db import BaseModel


class CalendarDay(BaseModel):
    """One day that differs from the plain week: a holiday on a weekday, or a make-up workday (调休上班)
    on a weekend. Entered by an admin; wins over chinese-calendar and over the Monday–Friday fallback."""

    day = DateField(unique=True)
    is_workday = BooleanField()
    #: e.g. "国庆节", "国庆节调休上班".
    name = CharField(max_length=50, default="")
    created_by = ForeignKeyField(User, null=True, backref="+")
    created_at = DateTimeField(default=now)

    class Meta:
        order_by = ("day",)


class CalendarYear(BaseModel):
    """A year whose holidays and make-up workdays an admin has entered completely.

    For such a year deadlines are exact; for a year neither chinese-calendar nor an admin knows,
    deadlines fall back to Monday–Friday and carry a warning."""

    year = IntegerField(unique=True)
    confirmed_by = ForeignKeyField(User, null=True, backref="+")
    confirmed_at = DateTimeField(default=now)


MODELS = [CalendarDay, CalendarYear]
