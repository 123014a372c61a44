"""Inspections on the home page: an inspector's visits of today and those not yet submitted; the
admin's submitted inspections waiting for review."""
from flask import url_for

from inspectapp.auth import roles
from inspectapp.common.waiting import WaitingItem
from inspectapp.i18n import N_
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Status


def items(user, due):
    if roles.can_record_findings(user):
        mine = Inspection.visible_to(user).where(Inspection.status == Status.DRAFT)
        return [
            WaitingItem(N_("今天的检查"), mine.where(Inspection.date == due.today).count(),
                        url_for("inspections.index", status=Status.DRAFT), "info", N_("打开检查表记录问题")),
            WaitingItem(N_("尚未提交的检查"), mine.where(Inspection.date < due.today).count(),
                        url_for("inspections.index", status=Status.DRAFT), "warning",
                        N_("请确认手机上的记录已全部上传，然后提交审核")),
        ]
    if roles.can_plan_inspections(user):
        submitted = Inspection.select().where(Inspection.status == Status.SUBMITTED).count()
        return [WaitingItem(N_("待审核发布的检查"), submitted, url_for("inspections.index", status=Status.SUBMITTED))]
    return []
