"""The one map of the staff pages: menu sections, their links, the home tiles, and who sees each.

Templates never compare role strings: every link carries the permission function of the view it
opens, so the menu, the home tiles and the view decorators cannot disagree.
"""
from collections import namedtuple

from flask import request
from flask import url_for

from inspectapp.auth import roles
from inspectapp.i18n import N_

#: One page: endpoint and its fixed URL arguments, the label, the home-tile hint, who may open it.
Link = namedtuple("Link", "endpoint args label hint allowed")
Section = namedtuple("Section", "key label links")
#: A section as one user sees it: only the links they may open, and whether they are in it now.
ShownSection = namedtuple("ShownSection", "key label url links current")
ShownLink = namedtuple("ShownLink", "label hint url current")


def _not_inspector(user):
    return roles.can_view_inspections(user) and not roles.is_inspector(user)


def _sees_every_unit(user):
    return roles.can_view_orgs(user) and roles.unit_scope(user) is None


def _link(endpoint, label, hint, allowed, **args):
    return Link(endpoint, args, label, hint, allowed)


SECTIONS = (
    Section("evaluations", N_("好差评"), (
        _link("evaluations.index", N_("评价记录"), N_("群众“好差评”明细与导出"), roles.can_view_evaluations),
        _link("evaluations.summary", N_("评价汇总"), N_("各窗口好评率、差评数、平均分"), roles.can_view_evaluations),
        _link("evaluations.review", N_("评价审核"), N_("可疑评价放行或驳回"), roles.can_review_held),
        _link("evaluations.reasons", N_("评价原因选项"), N_("全国统一编码的原因列表"), roles.can_manage_reasons),
        _link("qr.index", N_("评价二维码"), N_("窗口台卡与批量打印"), roles.can_print_qr),
    )),
    Section("complaints", N_("差评工单"), (
        _link("complaints.index", N_("差评工单"), N_("回访、整改、反馈、办结，逾期提醒"), roles.can_view_complaints),
    )),
    Section("rectifications", N_("整改通知"), (
        _link("rectifications.index", N_("整改通知"), N_("整改通知书签收、整改报告、复查销号"),
              roles.can_view_rectifications),
    )),
    Section("inspections", N_("暗访检查"), (
        _link("inspections.index", N_("我的检查"), N_("今天的检查任务，打开检查表记录问题"), roles.is_inspector),
        _link("inspections.index", N_("暗访检查"), N_("检查计划、问题与得分"), _not_inspector),
        _link("inspections.findings", N_("问题清单"), N_("按大厅、单位、类别筛选并导出"), _not_inspector),
        _link("inspections.checklists", N_("检查表"), N_("暗访检查项、扣分与版本"), roles.can_plan_inspections),
    )),
    Section("surveys", N_("问卷评议"), (
        _link("surveys.index", N_("问卷评议"), N_("满意度调查问卷与群众评议"), roles.can_view_survey_results),
    )),
    Section("reports", N_("统计通报"), (
        _link("reports.index", N_("统计分析"), N_("好评率、差评处置、暗访问题、单位与窗口排名"),
              roles.can_view_dashboards),
        _link("reports.bulletins_index", N_("通报"), N_("已签发的通报及内部版、公开版 PDF"), roles.can_read_bulletins),
    )),
    Section("orgs", N_("组织架构"), (
        _link("orgs.index", N_("窗口"), N_("查看窗口及所属单位"), roles.can_view_orgs, kind="windows"),
        _link("orgs.index", N_("工作人员"), N_("工号、姓名、所在窗口"), roles.can_view_orgs, kind="staff"),
        _link("orgs.index", N_("大厅"), N_("政务服务大厅与开放时间"), _sees_every_unit, kind="halls"),
        _link("orgs.index", N_("窗口单位"), N_("进驻单位"), _sees_every_unit, kind="units"),
        _link("orgs.import_csv", N_("导入导出"), N_("用 CSV 批量维护组织架构"), roles.can_manage_orgs),
    )),
    Section("system", N_("系统"), (
        _link("auth.users", N_("用户"), N_("账号与角色"), roles.can_manage_users),
        _link("workcal.index", N_("工作日历"), N_("法定节假日与调休"), roles.can_manage_calendar),
        _link("audit.index", N_("审计日志"), N_("敏感操作记录"), roles.can_view_audit_log),
    )),
)

#: Pages of a section reached from its lists (a ticket, an edit form) still light up that section.
_BLUEPRINT_SECTION = {"evaluations": "evaluations", "qr": "evaluations", "complaints": "complaints",
                      "rectifications": "rectifications", "inspections": "inspections",
                      "surveys": "surveys", "survey_questions": "surveys", "survey_links": "surveys",
                      "survey_results": "surveys", "survey_appraisal": "surveys", "reports": "reports",
                      "orgs": "orgs", "auth": "system", "workcal": "system", "audit": "system"}
_OWN_PAGES = {"auth.change_password"}


def _is_current(link):
    if request.endpoint != link.endpoint:
        return False
    return all((request.view_args or {}).get(key) == value for key, value in link.args.items())


def _shown_links(section, user):
    return [ShownLink(link.label, link.hint, url_for(link.endpoint, **link.args), _is_current(link))
            for link in section.links if link.allowed(user)]


def _current_key(visible):
    for section, links in visible:
        if any(link.current for link in links):
            return section.key
    if request.endpoint in _OWN_PAGES:
        return None
    return _BLUEPRINT_SECTION.get(request.blueprint or "")


def sections_for(user):
    """The sections this user may open, each with its visible links; the one they are in is current."""
    if user is None:
        return []
    visible = [(section, _shown_links(section, user)) for section in SECTIONS]
    visible = [(section, links) for section, links in visible if links]
    current = _current_key(visible)
    return [ShownSection(s.key, s.label, links[0].url, links, s.key == current) for s, links in visible]


def tiles_for(user):
    """Every page this user may open, in menu order, for the home page."""
    return [link for section in sections_for(user) for link in section.links]
