"""Write audit entries. Plain function: the caller passes the actor and the client address."""
import json

from inspectapp.audit.models import AuditLog


def record(action, actor=None, target=None, detail=None, ip=""):
    """Append one audit entry. `target` is any model instance; `detail` a str or a JSON-able dict."""
    if isinstance(detail, dict):
        detail = json.dumps(detail, ensure_ascii=False, sort_keys=True)
    return AuditLog.create(
        action=action,
        actor=actor,
        target_type=type(target).__name__.lower() if target is not None else "",
        target_id=target.id if target is not None else None,
        detail=detail or "",
        ip=ip or "",
    )
