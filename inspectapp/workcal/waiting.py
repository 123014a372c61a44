"""A calendar year about to start without confirmed holidays (deadlines would be estimates)."""
from flask import url_for

from inspectapp.auth import roles
from inspectapp.i18n import N_
from inspectapp.common.waiting import WaitingItem
from inspectapp.workcal import services

#: From this month on, next year's holidays are asked for (the State Council publishes them in autumn).
ASK_FROM_MONTH = 10


def items(user, due):
    if not roles.can_manage_calendar(user) or due.today.month < ASK_FROM_MONTH:
        return []
    year = due.today.year + 1
    missing = services.year_source(year) == services.YearSource.FALLBACK
    return [WaitingItem(N_("明年节假日尚未确认"), int(missing), url_for("workcal.index", year=year), "warning",
                        N_("未录入前，期限按周一至周五估算"))]
