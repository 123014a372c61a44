"""The audit log in a civil servant's words: a Chinese label for every event, the object by name
with a link, details as words without internal ids. Used only by the audit page."""
import json
from collections import namedtuple

from flask import url_for
from flask_babel import gettext as _

from inspectapp.auth.models import User
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.evaluations.models import Evaluation
from inspectapp.i18n import N_
from inspectapp.inspections.models import ChecklistTemplate
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Status as InspectionStatus
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window
from inspectapp.rectifications.models import RectificationCase
from inspectapp.surveys.models import Questionnaire

#: Filter groups: (value = action prefix, label). The select on the page offers these.
GROUPS = (
    ("user.", N_("账号与登录")), ("hall.", N_("大厅")), ("unit.", N_("窗口单位")), ("window.", N_("窗口")),
    ("staff.", N_("工作人员")), ("orgs.", N_("批量导入")), ("evaluation.", N_("评价与审核")),
    ("reason.", N_("评价原因选项")), ("complaint.", N_("差评工单")), ("inspection.", N_("暗访检查")),
    ("finding.", N_("检查问题")), ("checklist.", N_("检查表")), ("rectification.", N_("整改通知")),
    ("questionnaire.", N_("问卷评议")), ("response.", N_("问卷答卷")), ("commendation.", N_("评议表扬")),
    ("bulletin.", N_("通报")), ("workcal.", N_("工作日历")),
)

_VERBS = {"created": N_("新建"), "updated": N_("修改"), "deactivated": N_("停用"), "activated": N_("重新启用")}
_ORG_NOUNS = {"hall": N_("大厅"), "unit": N_("窗口单位"), "window": N_("窗口"), "staff": N_("工作人员"),
              "user": N_("用户"), "reason": N_("评价原因")}

ACTIONS = {
    "user.login_failed": N_("登录失败"), "user.login_inactive": N_("已停用账号尝试登录"),
    "user.password_changed": N_("修改密码"), "window.rotate_token": N_("更换窗口二维码"),
    "orgs.imported": N_("批量导入组织架构"),
    "evaluation.released": N_("放行可疑评价"), "evaluation.rejected": N_("驳回可疑评价"),
    "evaluation.phone_viewed": N_("查看评价人电话"),
    "complaint.uphold_appeal": N_("裁定申诉成立"), "complaint.reject_appeal": N_("裁定申诉不成立"),
    "inspection.planned": N_("安排暗访检查"), "inspection.plan_changed": N_("修改检查计划"),
    "inspection.submit": N_("提交检查结果"), "inspection.return": N_("退回检查组"),
    "inspection.publish": N_("审核发布检查结果"),
    "finding.edited": N_("修改检查问题"), "finding.dropped": N_("剔除检查问题"), "finding.restored": N_("恢复检查问题"),
    "checklist.created": N_("新建检查表"), "checklist.new_version": N_("检查表生成新版本"),
    "checklist.item_saved": N_("保存检查项"), "checklist.item_removed": N_("删除检查项"),
    "rectification.issued": N_("签发整改通知书"), "rectification.verified": N_("复查销号"),
    "questionnaire.created": N_("新建问卷"), "questionnaire.updated": N_("修改问卷"),
    "questionnaire.new_version": N_("问卷生成新版本"), "questionnaire.published": N_("发布问卷"),
    "questionnaire.closed": N_("结束问卷"), "questionnaire.question_saved": N_("保存题目"),
    "questionnaire.question_removed": N_("删除题目"), "questionnaire.scope": N_("设置问卷范围"),
    "questionnaire.subjects": N_("生成评议对象"), "questionnaire.award_updated": N_("设置表扬规则"),
    "questionnaire.bank_copied": N_("从题库复制题目"),
    "response.released": N_("放行可疑答卷"), "response.rejected": N_("驳回可疑答卷"),
    "commendation.confirmed": N_("确认表扬名单"), "bulletin.issued": N_("签发通报"),
    "workcal.day_set": N_("设置节假日或调休"), "workcal.day_removed": N_("删除节假日或调休"),
    "workcal.year_confirmed": N_("确认全年节假日"), "workcal.year_unconfirmed": N_("取消确认全年节假日"),
}

#: Detail keys worth saying, with their words; every other key (internal ids) is left out.
_DETAIL_KEYS = {
    "reason": N_("原因"), "note": N_("说明"), "doc_no": N_("文号"), "review_doc_no": N_("复查文号"),
    "username": N_("用户名"), "title": N_("标题"), "date": N_("日期"), "team_no": N_("检查组"),
    "key": N_("题号"), "version": N_("版本"), "year": N_("年度"), "day": N_("日期"),
    "award_title": N_("表扬称号"), "award_quota": N_("表扬名额"), "rows": N_("行数"), "created": N_("新增"),
    "updated": N_("更新"), "from": N_("原状态"), "to": N_("新状态"), "code": N_("编码"), "label": N_("名称"),
}
_COUNTED = {"commended": N_("表扬人数"), "subjects": N_("评议对象"), "members": N_("检查组人数")}
_STATUS_WORDS = dict(InspectionStatus.LABELS)

#: target_type -> (model, name of a row, URL of a row)
_TARGETS = {
    "user": (User, lambda o: f"{o.display_name}（{o.username}）", lambda o: url_for("auth.edit_user", user_id=o.id)),
    "hall": (Hall, str, lambda o: url_for("orgs.edit", kind="halls", row_id=o.id)),
    "unit": (Unit, str, lambda o: url_for("orgs.edit", kind="units", row_id=o.id)),
    "window": (Window, lambda o: f"{o.hall.name} {o.label}", lambda o: url_for("orgs.edit", kind="windows",
                                                                               row_id=o.id)),
    "staff": (Staff, str, lambda o: url_for("orgs.edit", kind="staff", row_id=o.id)),
    "evaluation": (Evaluation, lambda o: _("%(window)s的评价", window=o.window.label),
                   lambda o: url_for("evaluations.detail", evaluation_id=o.id)),
    "complaintticket": (ComplaintTicket, lambda o: _("差评工单 #%(id)s", id=o.id),
                        lambda o: url_for("complaints.detail", ticket_id=o.id)),
    "inspection": (Inspection, lambda o: _("%(date)s %(hall)s检查", date=o.date, hall=o.hall.name),
                   lambda o: url_for("inspections.detail", inspection_id=o.id)),
    "checklisttemplate": (ChecklistTemplate, lambda o: o.name,
                          lambda o: url_for("inspections.checklist_template", template_id=o.id)),
    "rectificationcase": (RectificationCase, lambda o: o.doc_no or _("整改通知（未签发）"),
                          lambda o: url_for("rectifications.detail", case_id=o.id)),
    "questionnaire": (Questionnaire, lambda o: o.title, lambda o: url_for("surveys.detail", questionnaire_id=o.id)),
}
_NOUNS = {"finding": N_("检查问题"), "bulletin": N_("通报"), "response": N_("答卷"), "reason": N_("评价原因")}

Shown = namedtuple("Shown", "entry label target url details")


def action_label(action):
    if action in ACTIONS:
        return _(ACTIONS[action])
    noun, _dot, verb = action.partition(".")
    if noun in _ORG_NOUNS and verb in _VERBS:
        return _(_VERBS[verb]) + _(_ORG_NOUNS[noun])
    return action


def _targets(entries):
    """{(type, id): row} for the page, one query per object type."""
    found = {}
    for kind, (model, _name, _url) in _TARGETS.items():
        ids = {e.target_id for e in entries if e.target_type == kind and e.target_id}
        if ids:
            found.update({(kind, row.id): row for row in model.select().where(model.id.in_(ids))})
    return found


def _target(entry, rows):
    if not entry.target_type:
        return "—", None
    row = rows.get((entry.target_type, entry.target_id))
    if row is None:
        noun = _NOUNS.get(entry.target_type) or _ORG_NOUNS.get(entry.target_type)
        return (_(noun) if noun else entry.target_type) + (f" #{entry.target_id}" if entry.target_id else ""), None
    _model, name, url = _TARGETS[entry.target_type]
    return name(row), url(row)


def _value(key, value):
    if key in ("from", "to"):
        return _(_STATUS_WORDS.get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def details(detail):
    """[(label, text)] of a stored detail; plain text stays as it is."""
    if not detail:
        return []
    try:
        data = json.loads(detail)
    except ValueError:
        return [("", detail)]
    if not isinstance(data, dict):
        return [("", detail)]
    words = [(_(_DETAIL_KEYS[k]), _value(k, v)) for k, v in data.items() if k in _DETAIL_KEYS and v not in ("", None)]
    words += [(_(_COUNTED[k]), str(len(v) if isinstance(v, list) else v)) for k, v in data.items() if k in _COUNTED]
    return words


def present(entries):
    rows = _targets(entries)
    return [Shown(e, action_label(e.action), *_target(e, rows), details(e.detail)) for e in entries]
