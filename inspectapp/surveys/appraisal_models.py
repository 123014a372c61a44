"""A confirmed 表扬 list: frozen when an admin confirms it, with the formula and every figure it
was decided on, so it reads the same later whatever happens to the data."""
import json

from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import FloatField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from inspectapp.auth.models import User
from inspectapp.common.timeutil import now
from inspectapp.db import BaseModel
from inspectapp.surveys.models import AppraisalSubject
from inspectapp.surveys.models import Questionnaire


class Commendation(BaseModel):
    questionnaire = ForeignKeyField(Questionnaire, backref="+", unique=True)
    title = CharField(max_length=30)
    confirmed_by = ForeignKeyField(User, backref="+")
    confirmed_at = DateTimeField(default=now)
    note = CharField(max_length=300, default="")
    #: The formula's settings at confirmation (weights, minimum votes, quota, period).
    formula = TextField(default="{}")

    @property
    def settings(self):
        return json.loads(self.formula or "{}")

    def entries(self):
        return (CommendationEntry.select().where(CommendationEntry.commendation == self)
                .order_by(CommendationEntry.rank))


class CommendationEntry(BaseModel):
    commendation = ForeignKeyField(Commendation, backref="+", on_delete="CASCADE")
    subject = ForeignKeyField(AppraisalSubject, backref="+")
    label = CharField(max_length=120)
    unit_name = CharField(max_length=100, default="")
    rank = IntegerField()
    votes = IntegerField()
    campaign_score = FloatField(null=True)
    rating_rate = FloatField(null=True)
    inspection_score = FloatField(null=True)
    composite = FloatField(null=True)
    was_proposed = BooleanField(default=False)
    is_commended = BooleanField(default=False)


MODELS = [Commendation, CommendationEntry]
