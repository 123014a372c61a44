"""Small view helpers shared by every blueprint."""
import os
from urllib.parse import urlsplit

from flask import abort
from flask import current_app
from flask import flash
from flask import request
from flask import url_for
from flask_babel import gettext

from inspectapp.common.pagination import paginate


def client_ip():
    return request.remote_addr or ""


def get_or_404(query, row_id):
    """One row of an already-scoped query, or 404 (never 403: do not confirm the row exists)."""
    model = query.model
    row = query.where(model.id == row_id).first()
    if row is None:
        abort(404)
    return row


def page_arg():
    try:
        return int(request.args.get("page", 1))
    except ValueError:
        return 1


def paginate_request(query):
    return paginate(query, page_arg(), current_app.config["PAGE_SIZE"])


def show_domain_error(exc, form=None):
    """Attach a service's DomainError to its form field, or flash it."""
    message = domain_message(exc)
    if form is not None and exc.field and exc.field in form:
        form[exc.field].errors = [*form[exc.field].errors, message]
    else:
        flash(message, "error")


def query_args():
    """The current query string as url_for() arguments. Keys starting with "_" are url_for's own
    (`?_method=POST` used to make every paginated list a 500), so they are dropped."""
    return {k: v for k, v in request.args.items() if not k.startswith("_")}
def domain_message(exc):
    """A DomainError's message in the user's language, its values filled in after translation."""
    return gettext(exc.message, **getattr(exc, "params", {}))


def url_for_page(page):
    """URL of the current list page with another ?page= (keeps filters)."""
    args = query_args()
    args.update(request.view_args or {})
    args["page"] = page
    return url_for(request.endpoint, **args)


MAX_REDIRECT_LENGTH = 2000


def safe_redirect_target(target, default_endpoint="core.index"):
    """A redirect parameter (`next`, …) if it is a path on this site, else the default page.

    Browsers drop tabs and line breaks inside URLs and read a backslash as a slash, so
    `/\t/evil.example/` is `//evil.example/` to them: any control character, whitespace or
    backslash makes the target unusable, as does anything with a scheme or a host."""
    if (not isinstance(target, str) or not target.startswith("/") or len(target) > MAX_REDIRECT_LENGTH
            or target.startswith("//") or any(ch.isspace() or not ch.isprintable() or ch == "\\" for ch in target)):
        return url_for(default_endpoint)
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for(default_endpoint)
    return target


def send_private_file(path, mimetype, download_name):
    """A stored upload for one viewer: never cached by a browser or a proxy."""
    from flask import send_file

    response = send_file(path, mimetype=mimetype, download_name=download_name, max_age=0, conditional=True)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def upload_root(app=None):
    """Where uploaded files (evidence, rectification reports) are kept: UPLOAD_FOLDER, or instance/uploads."""
    app = app or current_app
    return app.config["UPLOAD_FOLDER"] or os.path.join(app.instance_path, "uploads")
