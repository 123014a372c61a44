"""User accounts and their login sessions."""
import functools
import secrets

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

    @classmethod
    def dummy_check(cls, password):
        """Spend what a real check costs, for usernames that do not exist (no timing difference)."""
        check_password_hash(_dummy_hash(), password)

    @property
    def unit_scope(self):
        return roles.unit_scope(self)

    @property
    def role_label(self):
        return roles.Role.LABELS[self.role]


@functools.cache
def _dummy_hash():
    return generate_password_hash(secrets.token_hex(16))


class LoginSession(BaseModel):
    """One login. The session cookie carries its random token; without a live row the cookie is
    worth nothing, so a copied cookie dies at logout, password change, deactivation or idle time."""

    #: SHA-256 of the token (the database alone cannot be used to forge a session).
    token_hash = CharField(max_length=64, unique=True)
    user = ForeignKeyField(User, backref="login_sessions", on_delete="CASCADE")
    created_at = DateTimeField(default=now)
    last_seen_at = DateTimeField(default=now)
    ended_at = DateTimeField(null=True)
    #: Why it ended: logout, password_changed, deactivated, idle, expired, admin.
    end_reason = CharField(max_length=20, default="")
    ip = CharField(max_length=64, default="")
    user_agent = CharField(max_length=300, default="")

    @classmethod
    def live_for(cls, user):
        return cls.select().where((cls.user == user) & cls.ended_at.is_null())


MODELS = [User, LoginSession]
