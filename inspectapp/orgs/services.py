"""Org tree changes: save, switch off and on, rotate window tokens, resolve public tokens."""
import logging

from peewee import IntegrityError

from inspectapp.audit import services as audit
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.common.tokens import new_token
from inspectapp.db import db
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import RetiredToken
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window

log = logging.getLogger(__name__)

#: For each model: the field whose uniqueness a user can break, and the message to show.
_UNIQUE = {
    Hall: ("code", "大厅编码已存在"),
    Unit: ("code", "单位编码已存在"),
    Window: ("number", "该大厅已有相同窗口号"),
    Staff: ("staff_no", "工号已存在"),
}


def save(obj, values, actor, ip=""):
    """Create or update a hall, unit, window or staff row from a dict of field values."""
    if isinstance(obj, Staff):
        _check_staff_window(values.get("unit", obj.unit if obj.id else None), values.get("window"))
    creating = obj.id is None
    for name, value in values.items():
        setattr(obj, name, value)
    field, message = _UNIQUE[type(obj)]
    try:
        with db.atomic():
            obj.save()
            kind = type(obj).__name__.lower()
            audit.record(f"{kind}.{'created' if creating else 'updated'}", actor=actor, target=obj, ip=ip)
    except IntegrityError:
        raise DomainError(message, field=field) from None
    return obj


def _check_staff_window(unit, window):
    if window is not None and unit is not None and window.unit_id != unit.id:
        raise DomainError("所选窗口不属于该人员的单位", field="window")


def set_active(obj, active, actor, ip=""):
    """Deactivate instead of deleting (ratings and findings keep pointing at the row), or switch back on."""
    with db.atomic():
        obj.is_active = active
        obj.save()
        event = "activated" if active else "deactivated"
        audit.record(f"{type(obj).__name__.lower()}.{event}", actor=actor, target=obj, ip=ip)
    return obj


def rotate_token(window, reason, actor, ip=""):
    """Give a window a new public token; the old one keeps answering 410 (此二维码已停用)."""
    with db.atomic():
        RetiredToken.create(window=window, token=window.public_token, issued_at=window.token_issued_at,
                            reason=reason)
        window.public_token = new_token()
        window.token_issued_at = now()
        window.save()
        audit.record("window.rotate_token", actor=actor, target=window, detail={"reason": reason}, ip=ip)
    log.info("Rotated token of window %s", window.id)
    return window


class TokenStatus:
    ACTIVE = "active"
    RETIRED = "retired"
    UNKNOWN = "unknown"


def resolve_token(token):
    """(status, window) for a public token: active, retired (rotated out) or unknown."""
    window = (Window.select(Window, Hall, Unit).join(Hall).switch(Window).join(Unit)
              .where(Window.public_token == token).first())
    if window is not None:
        return TokenStatus.ACTIVE, window
    retired = RetiredToken.get_or_none(RetiredToken.token == token)
    if retired is not None:
        return TokenStatus.RETIRED, retired.window
    return TokenStatus.UNKNOWN, None


def active_window_to_rate(token):
    """The active window of a public token with just what storing a rating needs (ids, hall hours),
    in one narrow query on the citizen's hot path; None when the token is not an active window's
    (the caller then asks `resolve_token` which error page to show)."""
    p = db.param
    row = db.execute_sql(
        f"SELECT w.id, w.hall_id, w.unit_id, w.is_active, h.opens_at, h.closes_at FROM \"window\" AS w "
        f"JOIN \"hall\" AS h ON h.id = w.hall_id WHERE w.public_token = {p}", (token,)).fetchone()
    if row is None or not row[3]:
        return None
    window_id, hall_id, unit_id, _active, opens_at, closes_at = row
    hall = Hall(id=hall_id, opens_at=Hall.opens_at.python_value(opens_at),
                closes_at=Hall.closes_at.python_value(closes_at))
    return Window(id=window_id, hall=hall, unit=unit_id, is_active=True, public_token=token)
