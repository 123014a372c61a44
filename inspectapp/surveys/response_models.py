"""Questionnaire responses, their answers, drafts of multi-page answering, and the result tallies.

A response is immutable (only the moderation fields change) and carries the version it was given
on. Held responses are stored and kept, and left out of results until released. Tallies are
running counts of the counted answers, kept in the same transaction as the response (or its
release), so that results over 100 000 responses are a sum over a few thousand rows.
"""
import json

from peewee import BooleanField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import FloatField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from inspectapp.auth.models import User
from inspectapp.common.timeutil import now
from inspectapp.db import BaseModel
from inspectapp.evaluations.models import ImmutableError
from inspectapp.evaluations.models import Status
from inspectapp.i18n import N_
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window
from inspectapp.surveys.models import Question
from inspectapp.surveys.models import Questionnaire
from inspectapp.surveys.models import QuestionnaireVersion


class Channel:
    THANKS = "thanks"  # offered on a window's 好差评 thank-you page
    LINK = "link"  # the campaign's own link (WeChat groups, SMS, notices)
    POSTER = "poster"  # a hall's poster QR code

    ALL = (THANKS, LINK, POSTER)
    LABELS = {THANKS: N_("评价完成页邀请"), LINK: N_("问卷链接"), POSTER: N_("大厅海报二维码")}


class Response(BaseModel):
    questionnaire = ForeignKeyField(Questionnaire, backref="responses")
    version = ForeignKeyField(QuestionnaireVersion, backref="responses")
    #: Where it was answered, when known (a window's thank-you page, a hall's poster).
    hall = ForeignKeyField(Hall, null=True, backref="+")
    unit = ForeignKeyField(Unit, null=True, backref="+")
    window = ForeignKeyField(Window, null=True, backref="+")
    channel = CharField(max_length=10, default=Channel.LINK)
    started_at = DateTimeField(default=now)
    submitted_at = DateTimeField(default=now)
    #: From the form: a double tap, a retry or a reload stores one response.
    idempotency_key = CharField(max_length=64, unique=True)
    device_hash = CharField(max_length=64, default="")
    ip = CharField(max_length=64, default="")
    user_agent = CharField(max_length=300, default="")
    locale = CharField(max_length=10, default="")
    status = CharField(max_length=10, default=Status.VALID)
    hold_reasons = CharField(max_length=100, default="")
    reviewed_by = ForeignKeyField(User, null=True, backref="+")
    reviewed_at = DateTimeField(null=True)
    review_note = CharField(max_length=200, default="")

    MUTABLE = frozenset({"status", "reviewed_by", "reviewed_at", "review_note"})

    class Meta:
        table_name = "survey_response"
        only_save_dirty = True
        indexes = (
            (("questionnaire", "status", "submitted_at"), False),
            (("questionnaire", "window", "submitted_at"), False),
            (("device_hash", "submitted_at"), False),
        )

    def save(self, *args, **kwargs):
        if self.id is not None:
            changed = {f.name for f in self.dirty_fields} - self.MUTABLE
            if changed:
                raise ImmutableError(f"response fields are immutable: {sorted(changed)}")
        return super().save(*args, **kwargs)

    @property
    def is_counted(self):
        return self.status == Status.VALID

    @property
    def hold_reason_list(self):
        return [c for c in self.hold_reasons.split(",") if c]

    @classmethod
    def of(cls, questionnaire):
        return cls.select().where(cls.questionnaire == questionnaire)

    @classmethod
    def visible_to(cls, user, questionnaire):
        """Responses a user may read: unit managers only those given at their unit's windows."""
        query = cls.of(questionnaire)
        if user.unit_scope is not None:
            query = query.where(cls.unit == user.unit_scope)
        return query


class Answer(BaseModel):
    """One answer cell: `sub` is the matrix aspect code or the appraisal subject id (else 0);
    `value` an option code or a level (0 = 不了解), `num` a number, `text` a short text."""

    response = ForeignKeyField(Response, backref="answers", on_delete="CASCADE", index=False)
    question = ForeignKeyField(Question, backref="+", index=False)
    sub = IntegerField(default=0)
    value = IntegerField(null=True)
    num = FloatField(null=True)
    text = CharField(max_length=500, null=True)

    class Meta:
        table_name = "survey_answer"
        #: The first covers grouping a response range (date filters, exports) without table reads.
        indexes = ((("response", "question", "sub", "value", "num"), False), (("question", "sub", "value"), False))


class ResponseDraft(BaseModel):
    """What a citizen typed on the pages answered so far, under the response's idempotency key.
    Deleted when the response is stored; abandoned drafts are pruned after a week."""

    key = CharField(max_length=64, unique=True)
    questionnaire = ForeignKeyField(Questionnaire, backref="+", on_delete="CASCADE")
    version = ForeignKeyField(QuestionnaireVersion, backref="+", on_delete="CASCADE")
    #: {"field name": ["raw value", …]} exactly as posted.
    data = TextField(default="{}")
    hall_id = IntegerField(default=0)
    unit_id = IntegerField(default=0)
    window_id = IntegerField(default=0)
    channel = CharField(max_length=10, default=Channel.LINK)
    #: The furthest page reached (where a reopened link resumes).
    page = IntegerField(default=1)
    is_preview = BooleanField(default=False)
    device_hash = CharField(max_length=64, default="")
    started_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now, index=True)

    class Meta:
        table_name = "survey_draft"

    @property
    def raw(self):
        return json.loads(self.data or "{}")


class Tally(BaseModel):
    """Counted answers per question cell and place. Ids are plain integers (0 = not known) so that
    the unique key has no NULLs and an upsert always finds its row."""

    questionnaire_id = IntegerField()
    question_id = IntegerField()
    sub = IntegerField(default=0)
    value = IntegerField(default=0)
    hall_id = IntegerField(default=0)
    unit_id = IntegerField(default=0)
    window_id = IntegerField(default=0)
    n = IntegerField(default=0)
    #: Sum of the numbers (number questions; `value` is then the whole part).
    total = FloatField(default=0)

    class Meta:
        table_name = "survey_tally"
        indexes = ((("questionnaire_id", "question_id", "sub", "value", "hall_id", "unit_id", "window_id"), True),)


class DayTally(BaseModel):
    """Counted responses per local day and place."""

    questionnaire_id = IntegerField()
    day = DateField()
    hall_id = IntegerField(default=0)
    unit_id = IntegerField(default=0)
    window_id = IntegerField(default=0)
    n = IntegerField(default=0)

    class Meta:
        table_name = "survey_day_tally"
        indexes = ((("questionnaire_id", "day", "hall_id", "unit_id", "window_id"), True),)


MODELS = [Response, Answer, ResponseDraft, Tally, DayTally]
