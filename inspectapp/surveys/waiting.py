"""Questionnaires on the home page: held responses waiting for an admin."""
from flask import url_for
from peewee import fn

from inspectapp.auth import roles
from inspectapp.common.waiting import WaitingItem
from inspectapp.evaluations.models import Status
from inspectapp.i18n import N_
from inspectapp.surveys.response_models import Response


def items(user, due):
    if not roles.can_manage_surveys(user):
        return []
    rows = (Response.select(Response.questionnaire, fn.COUNT(Response.id)).where(Response.status == Status.HELD)
            .group_by(Response.questionnaire).order_by(fn.COUNT(Response.id).desc()).tuples())
    rows = list(rows)
    if not rows:
        return []
    total = sum(n for _q, n in rows)
    return [WaitingItem(N_("待审核的问卷答卷"), total,
                        url_for("survey_results.review", questionnaire_id=rows[0][0]), "info",
                        N_("可疑答卷暂不计入结果"))]
