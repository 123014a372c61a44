"""The national coded reason list of the 好差评 scheme (domain.md §1.4), loaded as editable data.

Code prefix = level (1xx 非常不满意 … 5xx 非常满意), 8 options per level. The texts are msgids so the
national wording is translated; a text an admin edits is shown as entered.
"""
from inspectapp.i18n import N_

NATIONAL_REASONS = [
    ("108", N_("在办事指南之外增加新的审批条件")),
    ("109", N_("需提供办事指南之外的申报材料")),
    ("110", N_("无理由超过法定办理时间")),
    ("111", N_("办事指南提供样本有错")),
    ("112", N_("承诺在线收取申报材料实际无法收取")),
    ("113", N_("多头跑窗口和部门")),
    ("114", N_("跑动次数与承诺的不一致")),
    ("115", N_("服务态度差效率低")),
    ("207", N_("没有提供材料样本")),
    ("208", N_("没有提供材料清单")),
    ("209", N_("未在承诺时间内办结")),
    ("210", N_("同样内容的证明材料被要求多次提交")),
    ("211", N_("承诺网办但无法在线办理")),
    ("212", N_("在线预约办理后到实体大厅重复取号排队")),
    ("213", N_("窗口人员业务不熟练")),
    ("214", N_("服务态度生硬")),
    ("307", N_("一次性告知需要补正的材料")),
    ("308", N_("提供申报材料样本")),
    ("309", N_("在承诺的时间内办结")),
    ("310", N_("办事指南指引准确")),
    ("311", N_("按办事指南要求的材料即可办理")),
    ("312", N_("可以快递送达")),
    ("313", N_("跑动次数与承诺的一致")),
    ("314", N_("服务态度一般")),
    ("406", N_("填写一张表单就可完成申报")),
    ("407", N_("在线提交材料窗口核验")),
    ("408", N_("一张清单告知全部申报材料")),
    ("409", N_("用告知承诺减免申报材料")),
    ("410", N_("可以在线预约办理")),
    ("411", N_("跑大厅一次办完")),
    ("412", N_("可以使用自助机办理")),
    ("413", N_("服务态度较好")),
    ("510", N_("一窗受理一次办结")),
    ("511", N_("可以先受理后补材料")),
    ("512", N_("不用提交证明")),
    ("513", N_("可以全程网上办理")),
    ("514", N_("可以使用手机办理")),
    ("515", N_("可以就近办理")),
    ("516", N_("无需材料直接办理")),
    ("517", N_("服务热情效率高")),
]


_NATIONAL_TEXT = dict(NATIONAL_REASONS)


def national_label(code, text):
    """The translation of a national reason's own wording; any other text unchanged (plain str,
    so templates escape it)."""
    from flask_babel import gettext

    if _NATIONAL_TEXT.get(code) == text:
        return gettext(_NATIONAL_TEXT[code])
    return text
