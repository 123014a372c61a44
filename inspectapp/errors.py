"""Friendly error pages in the user's language: templates/errors/<code>.html.

Unhandled exceptions reach the 500 handler through Flask's InternalServerError (tests keep
PROPAGATE_EXCEPTIONS, so they still see the traceback).
"""
import logging

from flask import jsonify
from flask import render_template
from flask import request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from peewee import DataError
from peewee import InternalError
from peewee import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import ServiceUnavailable

from inspectapp.common.args import BadArgument
from inspectapp.i18n import N_

log = logging.getLogger(__name__)

PAGES = (400, 403, 404, 405, 410, 413, 429, 500, 503)
#: One short sentence per status for JSON clients (the phone shows it to the inspector).
JSON_MESSAGES = {
    400: N_("请求格式不正确"), 403: N_("没有权限执行此操作"), 404: N_("要找的记录不存在"), 405: N_("请求方式不正确"),
    410: N_("该记录已停用"), 413: N_("文件过大，请压缩后重试"), 429: N_("操作过于频繁，请稍后再试"),
    500: N_("服务器出错，请稍后再试"), 503: N_("系统繁忙，本次内容尚未保存，请稍后再试"),
}


def register_error_handlers(app):
    app.register_error_handler(HTTPException, _http_error)
    # A safety net under the explicit bounds (common/args.py): an out-of-range number that still
    # reaches the database is the user's input, not a server error.
    app.register_error_handler(OverflowError, _out_of_range)
    app.register_error_handler(DataError, _out_of_range)
    # Locked, read-only or unreachable database: "请稍后再试", never a traceback page.
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(InternalError, database_unavailable)


def wants_json():
    """The phone's sync API (…/api/…) and clients that ask for JSON get JSON errors."""
    return "/api/" in request.path or request.accept_mimetypes.best == "application/json"


def _http_error(exc):
    code = exc.code or 500
    if wants_json():
        message = getattr(exc, "user_message", None) or _(JSON_MESSAGES.get(code, N_("请求未能完成")))
        response = jsonify(error=message, status=code)
        response.status_code = code
        if isinstance(exc, CSRFError):  # the phone fetches a fresh token and sends again
            response.headers["X-CSRF-Expired"] = "1"
        for name in ("Retry-After", "Allow"):
            if name in exc.get_response().headers:
                response.headers[name] = exc.get_response().headers[name]
        return response
    template = f"errors/{code}.html" if code in PAGES else "errors/generic.html"
    response = exc.get_response()
    response.set_data(render_template(template, error=exc, code=code))
    response.mimetype = "text/html"
    return response


class DatabaseUnavailable(ServiceUnavailable):
    description = "database unavailable"


def database_unavailable(exc):
    log.error("Database unavailable on %s %s: %s", request.method, request.path, exc)
    return _http_error(DatabaseUnavailable())


def _out_of_range(exc):
    log.warning("Out-of-range input reached the database on %s: %s", request.path, exc)
    return _http_error(BadArgument(_("输入的数值超出范围，请检查后重试")))
