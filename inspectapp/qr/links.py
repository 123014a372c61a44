"""The address a printed code carries. Needs a request context (url_for); shared by the QR views and
the `flask qr` commands, so the commands need not import a views module."""
from flask import current_app
from flask import url_for


def evaluation_url(window):
    """What the printed code carries: PUBLIC_BASE_URL + /e/<token> (needs a request context)."""
    return current_app.config["PUBLIC_BASE_URL"] + url_for("evaluate.form", token=window.public_token)
