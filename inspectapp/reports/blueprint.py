"""The reports blueprint, in a leaf module: views.py (dashboards) and bulletin_views.py (通报) add
their routes to it, and create_app imports both before registering it. `settings()` — the scoring
settings from the configuration — is read by both."""
from flask import Blueprint
from flask import current_app

from inspectapp.reports import stats

bp = Blueprint("reports", __name__)


def settings():
    return stats.Settings.from_config(current_app.config)
