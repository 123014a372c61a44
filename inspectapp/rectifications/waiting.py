"""整改通知 on the home page: drafts to sign and reports to verify (admins), notices to sign for and
returned reports (the unit), cases due within two working days, overdue cases and red cards."""
from flask import url_for

from inspectapp.auth import roles
from inspectapp.common.waiting import WaitingItem
from inspectapp.i18n import N_
from inspectapp.rectifications.models import Card
from inspectapp.rectifications.models import CaseStatus
from inspectapp.rectifications.models import RectificationCase as C


def _count(user, condition):
    return C.visible_to(user).where(condition).count()


def _link(tab):
    return url_for("rectifications.index", tab=tab)


def items(user, due):
    if roles.can_manage_rectifications(user):
        found = [WaitingItem(N_("待签发的整改通知书"), _count(user, C.status == CaseStatus.DRAFT), _link("to_sign")),
                 WaitingItem(N_("待复查的整改报告"), _count(user, C.status == CaseStatus.REPORTED), _link("to_verify"))]
    elif roles.can_work_complaints(user):  # a unit manager
        found = [WaitingItem(N_("待签收的整改通知书"), _count(user, C.status == CaseStatus.ISSUED), _link("open"),
                             "warning"),
                 WaitingItem(N_("被退回的整改报告"), _count(user, C.status == CaseStatus.RETURNED), _link("open"),
                             "warning", N_("请按退回理由重新整改后再报送"))]
    else:
        return []
    red = (C.card == Card.RED) & C.status.in_(CaseStatus.OPEN)
    return found + [
        WaitingItem(N_("逾期的整改通知"), _count(user, due.overdue(C)), _link("overdue"), "danger"),
        WaitingItem(N_("即将到期的整改通知"), _count(user, due.upcoming(C)), _link("upcoming"), "warning",
                    N_("两个工作日内到期")),
        WaitingItem(N_("红牌督办中"), _count(user, red), _link("red"), "danger", N_("通报批评、约谈单位负责人")),
    ]
