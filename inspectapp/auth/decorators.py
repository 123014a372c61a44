"""Thin wrappers around the pure policies in roles.py."""
import functools

from flask import abort
from flask import g
from flask import redirect
from flask import request
from flask import url_for


def login_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(**kwargs)

    return wrapped


def permission_required(policy):
    """Allow the view only when policy(g.user) is true; anonymous users go to the login page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(**kwargs):
            if g.user is None:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if not policy(g.user):
                abort(403)
            return view(**kwargs)

        return wrapped

    return decorator
