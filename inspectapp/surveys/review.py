"""Held responses: released (counted from now on) or rejected (kept, never counted), audit-logged."""
from inspectapp.audit import services as audit
from inspectapp.db import db
from inspectapp.evaluations import holds
from inspectapp.evaluations.models import Status
from inspectapp.surveys import tallies
from inspectapp.surveys.response_models import Response


def held(questionnaire):
    return Response.of(questionnaire).where(Response.status == Status.HELD).order_by(Response.submitted_at)


def release(response, actor, note, ip=""):
    with db.atomic():
        holds.mark_reviewed(response, Status.VALID, actor, note)
        tallies.add_stored(response)
        audit.record("response.released", actor=actor, target=response, ip=ip,
                     detail={"note": note, "hold_reasons": response.hold_reasons})
    return response


def reject(response, actor, note, ip=""):
    with db.atomic():
        holds.mark_reviewed(response, Status.REJECTED, actor, note)
        audit.record("response.rejected", actor=actor, target=response, ip=ip,
                     detail={"note": note, "hold_reasons": response.hold_reasons})
    return response
