"""Login rate limits that slow an attacker down without locking the real user out.

Only refused attempts count (a correct password is never limited by what others typed). They
are counted per client address and per username — but a browser where the user has logged in
before carries a signed "known device" cookie, and its attempts are counted under their own
key: someone hammering a username from elsewhere fills the counter of unknown devices, while
the user's own phone or PC keeps working.
"""
import secrets

from flask import current_app
from flask import request
from itsdangerous import BadSignature
from itsdangerous import URLSafeSerializer

from inspectapp.common.web import client_ip

DEVICE_COOKIE = "login_device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600
#: Users remembered per browser (a shared office PC).
MAX_USERS_PER_DEVICE = 8


def rate():
    return current_app.config["LOGIN_RATE_LIMIT"]


def failed(response):
    """deduct_when: a successful login answers 302, a refused one shows the form again."""
    return response.status_code != 302


def _serializer():
    return URLSafeSerializer(current_app.secret_key, salt="login-device")


def _device():
    """(device id, usernames that logged in here) from the signed cookie, or (None, [])."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None, []
    try:
        data = _serializer().loads(raw)
        return str(data["d"]), [str(u) for u in data["u"]]
    except (BadSignature, KeyError, TypeError, ValueError):
        return None, []


def _username():
    return (request.form.get("username") or "").strip().lower()[:50]


def known_device_id(username):
    device, users = _device()
    return device if device and username in users else None


def address_key():
    device = known_device_id(_username())
    return f"login-ip:{client_ip()}" + (f":dev:{device}" if device else "")


def username_key():
    username = _username()
    device = known_device_id(username)
    return f"login-user:{username}" + (f":dev:{device}" if device else "")


def remember_device(response, username):
    """After a successful login: mark this browser as a known device of the user."""
    device, users = _device()
    username = username.strip().lower()
    users = [u for u in users if u != username][-(MAX_USERS_PER_DEVICE - 1):] + [username]
    value = _serializer().dumps({"d": device or secrets.token_urlsafe(16), "u": users})
    response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_COOKIE_AGE, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"], path="/auth/")
    return response
