"""The default checklist (domain.md §2.2 groups A–G, deductions from §2.3), loaded by init-db.

Item codes are the PROPOSAL codes of domain.md §2.2. Deductions follow the real values of §2.3
(莱芜, 苍南 and municipal schemes); severities follow the §2.3 PROPOSAL (一般 ≤1 point, 较重 2–3,
严重 the behaviours that trigger a 通报). Items marked critical are the 横/推/拖/卡 and integrity
failures that a bulletin names whatever the score.
"""
from decimal import Decimal

from inspectapp.inspections.models import ChecklistItem
from inspectapp.inspections.models import ChecklistTemplate
from inspectapp.inspections.models import Severity

DEFAULT_KEY = "default"
DEFAULT_NAME = "窗口服务暗访检查表"

_M, _MO, _S = Severity.MINOR, Severity.MODERATE, Severity.SERIOUS

A = "A 在岗与考勤"
B = "B 工作纪律"
C = "C 仪容仪表与标识"
D = "D 服务态度（冷、硬、横）"
E = "E 服务规范（推、拖、卡）"
F = "F 好差评执行"
G = "G 大厅环境与公开"

#: (code, category, problem as tapped, duty, worded-finding pattern, deduction, severity, critical)
DEFAULT_ITEMS = [
    ("A1", A, "迟到", "按时到岗（开门时窗口有人）", "{时间}，{窗口}{工作人员}未按时到岗", "1", _M, False),
    ("A2", A, "早退", "未提前离岗", "{时间}，{窗口}{工作人员}提前离岗", "1", _M, False),
    ("A3", A, "脱岗、空岗", "工作时间在岗在位", "{时间}，{窗口}{工作人员}擅自离岗，窗口无人", "3", _MO, False),
    ("A4", A, "串岗", "未串岗", "{时间}，{窗口}{工作人员}串岗闲聊", "1", _M, False),
    ("A5", A, "暂离无告示、无人顶岗", "暂离岗有告示牌或AB角顶岗",
     "{时间}，{窗口}{工作人员}暂离岗位未放置告示牌，无AB角顶岗", "2", _MO, False),
    ("A6", A, "开放时间未公示", "非每日开放窗口有公示", "{时间}，{窗口}未公示窗口开放时间", "1", _M, False),
    ("B1", B, "玩手机", "不玩手机、不看视频、不玩游戏、不网购炒股", "{时间}，{窗口}{工作人员}工作时间玩手机",
     "1", _M, False),
    ("B2", B, "闲聊、打瞌睡", "不闲聊、不打瞌睡", "{时间}，{窗口}{工作人员}工作时间闲聊、打瞌睡", "1", _M, False),
    ("B3", B, "吃东西、吸烟", "不吃东西、不吸烟、工作日不饮酒", "{时间}，{窗口}{工作人员}在窗口吃东西或吸烟",
     "1", _M, False),
    ("B4", B, "无关人员进入工作区", "不带无关人员进入工作区", "{时间}，{窗口}有无关人员进入工作区", "1", _M, False),
    ("B5", B, "办私事", "不办私事", "{时间}，{窗口}{工作人员}工作时间办私事", "1", _M, False),
    ("C1", C, "未佩戴工牌", "佩戴工牌或胸牌", "{时间}，{窗口}{工作人员}未佩戴工牌", "1", _M, False),
    ("C2", C, "桌牌缺失或不符", "桌牌、岗位牌摆放，信息与公示一致", "{时间}，{窗口}未摆放桌牌或桌牌信息与公示不一致",
     "1", _M, False),
    ("C3", C, "未按规定着装", "按规定着装", "{时间}，{窗口}{工作人员}未按规定着装", "1", _M, False),
    ("C4", C, "仪容不整", "仪容整洁，坐姿端正", "{时间}，{窗口}{工作人员}仪容不整、坐姿不端", "0.5", _M, False),
    ("C5", C, "窗口标识不清", "窗口挂牌、标识清楚", "{时间}，{窗口}未悬挂窗口标识或标识不清", "1", _M, False),
    ("D1", D, "冷：爱答不理", "主动问候，有问必答", "{时间}，{窗口}{工作人员}对办事群众爱答不理", "2", _MO, False),
    ("D2", D, "冷：不耐烦、冷脸", "耐心解释，不厌烦", "{时间}，{窗口}{工作人员}解释缺乏耐心，态度冷淡", "2", _MO,
     False),
    ("D3", D, "硬：态度生硬、禁忌用语", "使用文明用语，不用禁忌用语",
     "{时间}，{窗口}{工作人员}态度生硬，使用服务禁忌用语", "2", _MO, False),
    ("D4", D, "横：与群众争吵", "不与群众争吵", "{时间}，{窗口}{工作人员}与办事群众争吵", "3", _S, True),
    ("D5", D, "丢扔材料", "文件资料双手递接", "{时间}，{窗口}{工作人员}丢扔办事群众材料", "2", _MO, False),
    ("D6", D, "区别对待", "一视同仁，生人熟人一样", "{时间}，{窗口}{工作人员}区别对待办事群众", "2", _MO, False),
    ("E1", E, "推：推诿、“不归我管”", "首问负责：不属于本窗口的事项，指引到正确窗口或人员",
     "{时间}，{窗口}{工作人员}推诿群众，未落实首问负责制", "5", _S, True),
    ("E2", E, "未一次性告知", "一次性告知全部材料、程序、时限",
     "{时间}，{窗口}{工作人员}未一次性告知所需材料和办理流程", "2", _MO, False),
    ("E3", E, "拖：超时未办结", "在承诺时限内办结", "{时间}，{窗口}办件超过承诺时限未办结", "5", _S, True),
    ("E4", E, "卡：增设条件、刁难", "不增设办事指南以外的条件和材料",
     "{时间}，{窗口}{工作人员}要求提供办事指南以外的材料", "5", _S, True),
    ("E5", E, "吃拿卡要、收受财物", "不收受礼品、香烟、财物，不吃拿卡要", "{时间}，{窗口}{工作人员}收受办事群众财物",
     "5", _S, True),
    ("E6", E, "与中介、黄牛勾连", "不与中介、黄牛勾连", "{时间}，{窗口}{工作人员}与中介人员勾连", "5", _S, True),
    ("E7", E, "拒收可受理件", "可收件的不拒收，退件说明理由", "{时间}，{窗口}{工作人员}拒收可受理的申请材料",
     "2", _MO, False),
    ("E8", E, "便民措施未落实", "预约、延时、容缺受理、告知承诺等便民措施落实",
     "{时间}，{窗口}未落实预约、延时、容缺受理等便民措施", "2", _MO, False),
    ("E9", E, "可办事项现场不能办", "网上公布可现场办理的事项能现场办理",
     "{时间}，{窗口}公布可现场办理的事项现场无法办理", "2", _MO, False),
    ("F1", F, "无评价器或二维码", "窗口有评价器或评价二维码且可用", "{时间}，{窗口}无评价器或评价二维码不可用",
     "1", _M, False),
    ("F2", F, "未提示评价", "办结后主动提示评价", "{时间}，{窗口}{工作人员}办结后未提示群众评价", "1", _M, False),
    ("F3", F, "诱导、强迫、代评", "不诱导、不强迫、不代评", "{时间}，{窗口}{工作人员}诱导或代替群众评价", "5", _S,
     True),
    ("G1", G, "办事指南不全或不准", "办事指南齐全、准确、易懂", "{时间}，{窗口}办事指南不全或内容不准确", "1", _M,
     False),
    ("G2", G, "制度未公示", "首问负责、一次性告知、限时办结等制度公示规范",
     "{时间}，{窗口}首问负责、一次性告知、限时办结等制度未公示或公示不规范", "1", _M, False),
    ("G3", G, "导引不清、叫号无序", "导引标识清楚，叫号有序", "{时间}，{窗口}导引标识不清、叫号秩序混乱", "1", _M,
     False),
    ("G4", G, "窗口杂乱", "窗口整洁，物品摆放整齐", "{时间}，{窗口}台面杂乱、物品摆放不整齐", "0.5", _M, False),
]


def load_default_template():
    """Create version 1 of the default checklist if it has never existed. Never touches edits."""
    if ChecklistTemplate.select().where(ChecklistTemplate.key == DEFAULT_KEY).exists():
        return None
    template = ChecklistTemplate.create(
        key=DEFAULT_KEY, name=DEFAULT_NAME, version=1, is_current=True,
        description="依据窗口服务规范与各地暗访通报整理：在岗、纪律、仪表、态度（冷硬横）、规范（推拖卡）、好差评、大厅环境。",
    )
    for position, row in enumerate(DEFAULT_ITEMS, start=1):
        code, category, problem, text, pattern, deduction, severity, critical = row
        ChecklistItem.create(template=template, code=code, category=category, problem=problem, text=text,
                             finding_pattern=pattern, deduction=Decimal(deduction), severity=severity,
                             is_critical=critical, position=position * 10)
    return template
