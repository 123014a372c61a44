"""Audit log for admins."""
from flask import Blueprint
from flask import render_template
from flask import request
from peewee import JOIN

from inspectapp.audit import presenting
from inspectapp.audit.models import AuditLog
from inspectapp.auth import roles
from inspectapp.auth.decorators import permission_required
from inspectapp.auth.models import User
from inspectapp.common.web import paginate_request

bp = Blueprint("audit", __name__)


@bp.route("/")
@permission_required(roles.can_view_audit_log)
def index():
    """Sensitive actions, newest first, in words, filterable by kind of action."""
    query = AuditLog.select(AuditLog, User).join(User, join_type=JOIN.LEFT_OUTER)
    action = request.args.get("action", "").strip()
    if action:
        query = query.where(AuditLog.action.startswith(action))
    page = paginate_request(query.order_by(AuditLog.created_at.desc(), AuditLog.id.desc()))
    return render_template("audit/index.html", page=page, action=action, rows=presenting.present(page.items),
                           groups=presenting.GROUPS)
