"""User accounts."""
from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from inspectapp.auth import roles
from inspectapp.common.timeutil import now
from inspectapp.db import BaseModel
from inspectapp.orgs.models import Unit


class User(BaseModel):
    username = CharField(max_length=50, unique=True)
    display_name = CharField(max_length=50)
    password_hash = CharField(max_length=255)
    role = CharField(max_length=20, choices=[(r, r) for r in roles.Role.ALL])
    #: Only for unit managers: the unit they answer for.
    unit = ForeignKeyField(Unit, backref="managers", null=True)
    is_active = BooleanField(default=True)
    created_at = DateTimeField(default=now)
    last_login_at = DateTimeField(null=True)
    password_changed_at = DateTimeField(null=True)

    def __str__(self):
        return self.display_name

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)
        self.password_changed_at = now()

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    @property
    def unit_scope(self):
        return roles.unit_scope(self)

    @property
    def role_label(self):
        return roles.Role.LABELS[self.role]


MODELS = [User]
