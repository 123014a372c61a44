"""Friendly error pages in the user's language: templates/errors/<code>.html.

Unhandled exceptions reach the 500 handler through Flask's InternalServerError (tests keep
PROPAGATE_EXCEPTIONS, so they still see the traceback).
"""
from flask import render_template
from werkzeug.exceptions import HTTPException

PAGES = (400, 403, 404, 405, 410, 413, 429, 500, 503)


def register_error_handlers(app):
    app.register_error_handler(HTTPException, _http_error)


def _http_error(exc):
    code = exc.code or 500
    template = f"errors/{code}.html" if code in PAGES else "errors/generic.html"
    response = exc.get_response()
    response.set_data(render_template(template, error=exc, code=code))
    response.mimetype = "text/html"
    return response
