"""The rectifications blueprint, in a leaf module: views.py, case_views.py and report_views.py add
their routes to it, and create_app imports all three before registering it."""
from flask import Blueprint

bp = Blueprint("rectifications", __name__)
