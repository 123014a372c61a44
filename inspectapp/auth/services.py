"""Accounts: authentication and user administration. No Flask request state in here."""
import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from peewee import IntegrityError

from inspectapp.audit import services as audit
from inspectapp.auth.models import LoginSession
from inspectapp.auth.models import User
from inspectapp.auth.roles import Role
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.db import db

log = logging.getLogger(__name__)


class LoginFailed(DomainError):
    pass


def authenticate(username, password, ip=""):
    """Return the active user with these credentials, or raise LoginFailed with a user-facing reason.

    An unknown username costs the same password hash as a known one (no timing oracle)."""
    user = User.get_or_none(User.username == username.strip())
    if user is None:
        User.dummy_check(password)
    if user is None or not user.check_password(password):
        audit.record("user.login_failed", target=user, detail={"username": username[:50]}, ip=ip)
        raise LoginFailed("用户名或密码错误")
    if not user.is_active:
        audit.record("user.login_inactive", target=user, ip=ip)
        raise LoginFailed("该账号已停用，请联系管理员")
    user.last_login_at = now()
    user.save(only=[User.last_login_at])
    return user


def change_password(user, current_password, new_password, ip="", keep_token=None):
    """Change one's own password; every other session of the user ends (keep_token: this one)."""
    if not user.check_password(current_password):
        raise DomainError("当前密码不正确", field="current_password")
    with db.atomic():
        user.set_password(new_password)
        user.save()
        end_sessions(user, "password_changed", except_token=keep_token)
        audit.record("user.password_changed", actor=user, target=user, ip=ip)
    return user


# ---------------------------------------------------------------- login sessions

@dataclass(frozen=True)
class SessionRules:
    idle_minutes: int = 120
    lifetime_seconds: int = 8 * 3600
    #: last_seen_at is written at most this often (one write per request would queue on SQLite).
    touch_seconds: int = 60


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user, ip="", user_agent=""):
    """A new login session; returns the token for the session cookie."""
    token = secrets.token_urlsafe(32)
    LoginSession.create(token_hash=_token_hash(token), user=user, ip=ip[:64], user_agent=(user_agent or "")[:300])
    return token


def session_user(token, rules, at=None):
    """The active user of a live session token, or None (the session is ended if it went stale)."""
    if not token or not isinstance(token, str):
        return None
    at = at or now()
    row = (LoginSession.select(LoginSession, User).join(User)
           .where((LoginSession.token_hash == _token_hash(token)) & LoginSession.ended_at.is_null()).first())
    if row is None:
        return None
    stale = _stale_reason(row, rules, at)
    if stale:
        _end(LoginSession.id == row.id, stale, at)
        return None
    if (at - row.last_seen_at).total_seconds() >= rules.touch_seconds:
        LoginSession.update(last_seen_at=at).where(LoginSession.id == row.id).execute()
    return row.user


def _stale_reason(row, rules, at):
    if not row.user.is_active:
        return "deactivated"
    if at - row.last_seen_at > dt.timedelta(minutes=rules.idle_minutes):
        return "idle"
    if (at - row.created_at).total_seconds() > rules.lifetime_seconds:
        return "expired"
    return ""


def _end(condition, reason, at=None):
    return (LoginSession.update(ended_at=at or now(), end_reason=reason)
            .where(condition & LoginSession.ended_at.is_null()).execute())


def end_session(token, reason="logout"):
    if token and isinstance(token, str):
        _end(LoginSession.token_hash == _token_hash(token), reason)


def end_sessions(user, reason, except_token=None):
    """End every live session of a user (but the one with except_token)."""
    condition = LoginSession.user == user
    if except_token:
        condition &= LoginSession.token_hash != _token_hash(except_token)
    return _end(condition, reason)


def _check_role_unit(role, unit):
    if role == Role.UNIT_MANAGER and unit is None:
        raise DomainError("单位负责人必须选择所属单位", field="unit")
    if role != Role.UNIT_MANAGER and unit is not None:
        raise DomainError("只有单位负责人才能关联单位", field="unit")


def save_user(user, *, username, display_name, role, unit, password, is_active, actor, ip=""):
    """Create (user=None) or update a user. A new user needs a password."""
    if role not in Role.ALL:
        raise DomainError("角色无效", field="role")
    _check_role_unit(role, unit)
    creating = user is None
    if creating and not password:
        raise DomainError("新建用户必须设置密码", field="password")
    if not creating and user.id == actor.id and (not is_active or role != Role.ADMIN):
        raise DomainError("不能停用自己的账号或取消自己的管理员角色", field="role")
    user = user or User()
    user.username = username.strip()
    user.display_name = display_name.strip()
    user.role = role
    user.unit = unit
    user.is_active = is_active
    if password:
        user.set_password(password)
    try:
        with db.atomic():
            user.save()
            if not creating and (password or not is_active):
                end_sessions(user, "admin")
            audit.record("user.created" if creating else "user.updated", actor=actor, target=user,
                         detail={"role": role, "active": is_active}, ip=ip)
    except IntegrityError:
        raise DomainError("用户名已存在", field="username") from None
    return user


def deactivate_user(user, actor, ip=""):
    if user.id == actor.id:
        raise DomainError("不能停用自己的账号")
    with db.atomic():
        user.is_active = False
        user.save()
        end_sessions(user, "deactivated")
        audit.record("user.deactivated", actor=actor, target=user, ip=ip)
    return user


def activate_user(user, actor, ip=""):
    with db.atomic():
        user.is_active = True
        user.save()
        audit.record("user.activated", actor=actor, target=user, ip=ip)
    return user


def create_user(username, display_name, role, password, unit=None):
    """CLI helper: create a user without an acting admin."""
    _check_role_unit(role, unit)
    user = User(username=username, display_name=display_name, role=role, unit=unit)
    user.set_password(password)
    try:
        user.save()
    except IntegrityError:
        raise DomainError("用户名已存在", field="username") from None
    return user
