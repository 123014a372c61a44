"""Held (suspicious) ratings waiting for an admin's review, on the home page."""
from flask import url_for

from inspectapp.auth import roles
from inspectapp.common.waiting import WaitingItem
from inspectapp.evaluations.models import Evaluation
from inspectapp.evaluations.models import Status
from inspectapp.i18n import N_


def items(user, due):
    if not roles.can_review_held(user):
        return []
    held = Evaluation.select().where(Evaluation.status == Status.HELD).count()
    return [WaitingItem(N_("待审核的评价"), held, url_for("evaluations.review"), "warning",
                        N_("可疑评价放行前不计入统计"))]
