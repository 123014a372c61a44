"""差评工单 on the home page: overdue, 回访 due today, due within two working days, appeals to decide."""
from flask import url_for

from inspectapp.auth import roles
from inspectapp.common.waiting import WaitingItem
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.complaints.models import TicketStatus
from inspectapp.i18n import N_


def items(user, due):
    if not roles.can_work_complaints(user):
        return []
    mine = ComplaintTicket.visible_to(user)
    found = [
        WaitingItem(N_("逾期的差评工单"), mine.where(due.overdue(ComplaintTicket)).count(),
                    url_for("complaints.index", state="overdue"), "danger", N_("回访或办结已超过期限")),
        WaitingItem(N_("今天到期的回访"),
                    mine.where(due.due_today(ComplaintTicket) & ComplaintTicket.called_back_at.is_null()).count(),
                    url_for("complaints.index", state="upcoming"), "warning", N_("今天下班前须回访评价人")),
        WaitingItem(N_("即将到期的差评工单"), mine.where(due.upcoming(ComplaintTicket)).count(),
                    url_for("complaints.index", state="upcoming"), "warning", N_("两个工作日内到期")),
    ]
    if roles.can_decide_appeal(user):
        appealed = mine.where(ComplaintTicket.status == TicketStatus.APPEALED).count()
        found.append(WaitingItem(N_("待裁定的申诉"), appealed, url_for("complaints.index", state="appealed")))
    return found
