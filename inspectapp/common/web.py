"""Small view helpers shared by every blueprint."""
from flask import abort
from flask import current_app
from flask import flash
from flask import request
from flask_babel import gettext

from inspectapp.common import args
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


def date_arg(name):
    """The query-string date `name` (YYYY-MM-DD), or None when absent or not a date."""
    return args.date_arg(request.args.get(name))


def paginate_request(query):
    return paginate(query, page_arg(), current_app.config["PAGE_SIZE"])


def show_domain_error(exc, form=None):
    """Attach a service's DomainError to its form field, or flash it."""
    message = domain_message(exc)
    if form is not None and exc.field and exc.field in form:
        form[exc.field].errors = [*form[exc.field].errors, message]
    else:
        flash(message, "error")


def domain_message(exc):
    """A DomainError's message in the user's language, its values filled in after translation."""
    return gettext(exc.message, **getattr(exc, "params", {}))


def url_for_page(page):
    """URL of the current list page with another ?page= (keeps filters)."""
    from flask import url_for

    args = request.args.to_dict()
    args.update(request.view_args or {})
    args["page"] = page
    return url_for(request.endpoint, **args)


def send_private_file(path, mimetype, download_name):
    """A stored upload for one viewer: never cached by a browser or a proxy."""
    from flask import send_file

    response = send_file(path, mimetype=mimetype, download_name=download_name, max_age=0, conditional=True)
    response.headers["Cache-Control"] = "private, no-store"
    return response
