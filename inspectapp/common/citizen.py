"""What every public (citizen) page shares: the random device cookie (no personal data; the
cool-down and hold checks use its hash) and the sticky 长辈模式 choice."""
from urllib.parse import urlencode

from flask import current_app
from flask import g
from flask import request

from inspectapp.common.tokens import new_token

DEVICE_COOKIE = "ev_device"
ELDER_COOKIE = "ev_elder"
TWO_YEARS = 2 * 365 * 24 * 3600


def load_device():
    """before_request hook of the public blueprints: the device id (new phones get one)."""
    g.device_id = request.cookies.get(DEVICE_COOKIE) or new_token()


def elder_mode():
    flag = request.args.get("elder")
    if flag in ("0", "1"):
        return flag == "1"
    return request.cookies.get(ELDER_COOKIE) == "1"


def elder_toggle_url(elder):
    """This page with 长辈模式 switched (other query arguments, e.g. the window, are kept)."""
    args = request.args.to_dict()
    args["elder"] = "0" if elder else "1"
    return request.path + "?" + urlencode(args)


def finish(response):
    """Set the device cookie on a new phone and remember a 长辈模式 choice made by ?elder=."""
    secure = current_app.config["SESSION_COOKIE_SECURE"]
    if not request.cookies.get(DEVICE_COOKIE):
        response.set_cookie(DEVICE_COOKIE, g.device_id, max_age=TWO_YEARS, httponly=True, samesite="Lax",
                            secure=secure)
    flag = request.args.get("elder")
    if flag in ("0", "1"):
        response.set_cookie(ELDER_COOKIE, flag, max_age=TWO_YEARS, httponly=True, samesite="Lax", secure=secure)
    return response
