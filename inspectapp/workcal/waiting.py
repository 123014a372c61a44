"""A calendar year about to start without confirmed holidays (deadlines would be estimates)."""
from flask import url_for

from inspectapp.auth import roles
from inspectapp.common.waiting import WaitingItem
from inspectapp.i18n import N_
from inspectapp.workcal import services


def items(user, due):
    if not roles.can_manage_calendar(user) or due.today.month < services.ASK_FROM_MONTH:
        return []
    year = due.today.year + 1
    missing = services.coming_year_unconfirmed(due.today) is not None
    return [WaitingItem(N_("明年节假日尚未确认"), int(missing), url_for("workcal.index", year=year), "warning",
                        N_("未录入前，期限按周一至周五估算"))]
