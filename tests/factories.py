"""Test data: plain functions with sensible defaults, creating related rows when not given."""
import functools
import itertools

from werkzeug.security import generate_password_hash

from inspectapp.auth.models import User
from inspectapp.auth.roles import Role
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window

_seq = itertools.count(1)
PASSWORD = "correct-horse-1"


def make_hall(**kw):
    n = next(_seq)
    kw.setdefault("code", f"H{n}")
    kw.setdefault("name", f"测试政务服务中心{n}")
    return Hall.create(**kw)


def make_unit(**kw):
    n = next(_seq)
    kw.setdefault("code", f"U{n}")
    kw.setdefault("name", f"测试单位{n}")
    kw.setdefault("short_name", f"单位{n}")
    return Unit.create(**kw)


def make_window(**kw):
    n = next(_seq)
    kw.setdefault("hall", kw.get("hall") or make_hall())
    kw.setdefault("unit", kw.get("unit") or make_unit())
    kw.setdefault("number", f"A{n:02d}")
    return Window.create(**kw)


def make_staff(**kw):
    n = next(_seq)
    window = kw.get("window")
    kw.setdefault("unit", window.unit if window else make_unit())
    kw.setdefault("staff_no", f"S{n:04d}")
    kw.setdefault("name", f"员工{n}")
    return Staff.create(**kw)


@functools.cache
def _standard_hash():
    return generate_password_hash(PASSWORD)


def make_user(role=Role.ADMIN, password=PASSWORD, **kw):
    n = next(_seq)
    kw.setdefault("username", f"user{n}")
    kw.setdefault("display_name", f"用户{n}")
    if role == Role.UNIT_MANAGER and "unit" not in kw:
        kw["unit"] = make_unit()
    user = User(role=role, **kw)
    if password == PASSWORD:
        # Hashing costs ~0.1 s; the standard test password is hashed once per run.
        user.password_hash = _standard_hash()
    else:
        user.set_password(password)
    user.save()
    return user
