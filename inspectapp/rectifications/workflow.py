"""The rectification flow on the shared workflow core (common/workflow.py).

    draft ──issue (签发, admin)──▶ issued ──acknowledge (签收, the unit)──▶ acknowledged
      └──cancel──▶ cancelled                                   │ submit_report (the unit)
                         returned ◀──return (退回, admin)── reported ◀──┘
                            └──submit_report──▶ reported ──verify (复查销号, admin)──▶ verified
    extend (延期) and escalate (提醒 / 黄牌 / 红牌) keep the status; each is an event.

Overdue is computed (RectificationCase.due_on with the DueWindow), never stored.
"""
from inspectapp.auth import roles
from inspectapp.common.workflow import SAME
from inspectapp.common.workflow import Step
from inspectapp.common.workflow import Workflow
from inspectapp.i18n import N_
from inspectapp.rectifications.models import CaseStatus as S
from inspectapp.rectifications.models import RectificationEvent


class Action:
    OPEN = "open"
    EDIT = "edit"
    ISSUE = "issue"
    CANCEL = "cancel"
    ACKNOWLEDGE = "acknowledge"
    SUBMIT_REPORT = "submit_report"
    VERIFY = "verify"
    RETURN = "return"
    EXTEND = "extend"
    ESCALATE = "escalate"
    DEADLINE_REFRESH = "deadline_refresh"

    LABELS = {
        OPEN: N_("生成整改通知"),
        EDIT: N_("修改整改通知"),
        ISSUE: N_("签发"),
        CANCEL: N_("作废"),
        ACKNOWLEDGE: N_("签收"),
        SUBMIT_REPORT: N_("提交整改报告"),
        VERIFY: N_("复查销号"),
        RETURN: N_("退回重新整改"),
        EXTEND: N_("延长整改期限"),
        ESCALATE: N_("逾期升级"),
        DEADLINE_REFRESH: N_("按新录入的节假日重算期限"),
    }


_SUPERVISORS = N_("此项由督查管理员办理")

WORKFLOW = Workflow(
    "rectification", S.LABELS, event_model=RectificationEvent, subject_field="case",
    steps=[
        Step(Action.ISSUE, (S.DRAFT,), S.ISSUED, roles.can_manage_rectifications, Action.LABELS[Action.ISSUE],
             N_("整改通知书由督查管理员签发")),
        Step(Action.CANCEL, (S.DRAFT,), S.CANCELLED, roles.can_manage_rectifications, Action.LABELS[Action.CANCEL],
             _SUPERVISORS),
        Step(Action.ACKNOWLEDGE, (S.ISSUED,), S.ACKNOWLEDGED, roles.can_acknowledge_notice,
             Action.LABELS[Action.ACKNOWLEDGE], N_("只有被通知单位的负责人可以签收")),
        Step(Action.SUBMIT_REPORT, (S.ACKNOWLEDGED, S.RETURNED), S.REPORTED, roles.can_report_rectification,
             Action.LABELS[Action.SUBMIT_REPORT], N_("整改报告由被通知单位的负责人提交")),
        Step(Action.VERIFY, (S.REPORTED,), S.VERIFIED, roles.can_manage_rectifications,
             Action.LABELS[Action.VERIFY], _SUPERVISORS),
        Step(Action.RETURN, (S.REPORTED,), S.RETURNED, roles.can_manage_rectifications,
             Action.LABELS[Action.RETURN], _SUPERVISORS),
        Step(Action.EXTEND, S.CLOCK, SAME, roles.can_manage_rectifications, Action.LABELS[Action.EXTEND],
             _SUPERVISORS),
        Step(Action.ESCALATE, S.CLOCK, SAME, roles.can_escalate, Action.LABELS[Action.ESCALATE], _SUPERVISORS),
    ])
TRANSITIONS = WORKFLOW.transitions
