"""The dashboard's tables as export rows (written by common.exports: numbers as numbers, Chinese
headers). Rates and scores are numbers in percent / points, rounded to two decimals."""
from inspectapp.common.exports import INT
from inspectapp.common.exports import NUMBER
from inspectapp.common.exports import TEXT
from inspectapp.common.exports import Column
from inspectapp.inspections.scoring import Grade

STEMS = {"units": "unit-ranking", "windows": "window-ranking", "trend": "monthly-trend"}

UNIT_COLUMNS = [
    Column("排名", INT), Column("单位", TEXT, 24), Column("综合得分", NUMBER), Column("较上期", NUMBER),
    Column("有效评价数", INT), Column("好评率（%）", NUMBER), Column("差评数", INT), Column("平均分", NUMBER),
    Column("差评工单", INT), Column("差评整改率（%）", NUMBER), Column("按时回访率（%）", NUMBER),
    Column("逾期工单", INT), Column("申诉成立", INT), Column("被检查次数", INT), Column("发现问题", INT),
    Column("暗访得分", NUMBER), Column("等次", TEXT), Column("整改通知", INT), Column("按时整改率（%）", NUMBER),
    Column("逾期整改", INT), Column("黄牌", INT), Column("红牌", INT),
]

WINDOW_COLUMNS = [
    Column("排名", INT), Column("大厅", TEXT, 20), Column("窗口", TEXT), Column("单位", TEXT, 16),
    Column("窗口服务指数", NUMBER), Column("较上期", NUMBER), Column("有效评价数", INT), Column("好评率（%）", NUMBER),
    Column("差评数", INT), Column("平均分", NUMBER), Column("待审核", INT), Column("申诉成立不计入", INT),
    Column("被检查次数", INT), Column("发现问题", INT), Column("暗访得分", NUMBER),
]

TREND_COLUMNS = [
    Column("月份", TEXT), Column("有效评价数", INT), Column("好评数", INT), Column("好评率（%）", NUMBER),
    Column("差评数", INT), Column("平均分", NUMBER), Column("待审核", INT), Column("暗访发现问题", INT),
]


def r2(value):
    return round(value, 2) if value is not None else None


def grade_label(grade):
    return Grade.LABELS.get(grade, "") if grade else ""


def unit_rows(board):
    for u in board.current.units:
        r, c, i = u.ratings, u.complaints, u.inspection
        yield (u.rank, board.unit_name(u.id), r2(u.composite.score), r2(u.change), r.counted, r2(r.positive_rate),
               r.negative, r2(r.average_score), c.opened, r2(c.rectification_rate), r2(c.callback_rate), c.overdue,
               c.upheld, i.visits, i.findings, r2(i.score), grade_label(i.grade), *rectification_cells(u.rectification))


def rectification_cells(figures):
    if not figures:
        return 0, None, 0, 0, 0
    return (figures["issued"], r2(figures["on_time_rate"]), figures["overdue"], figures["yellow_cards"],
            figures["red_cards"])


def window_rows(board):
    for w in board.current.windows:
        window = board.windows[w.id]
        r, i = w.ratings, w.inspection
        units = "、".join(board.units[u].name for u in w.unit_ids if u in board.units) or window.unit.name
        yield (w.rank, window.hall.name, window.number, units, r2(w.index), r2(w.change), r.counted,
               r2(r.positive_rate), r.negative, r2(r.average_score), r.held, r.excluded, i.visits, i.findings,
               r2(i.score))


def trend_rows(board):
    for p in board.trend:
        r = p.ratings
        yield (p.period.label, r.counted, r.positive, r2(r.positive_rate), r.negative, r2(r.average_score), r.held,
               p.findings)


TABLES = {
    "units": (UNIT_COLUMNS, unit_rows, "单位排名"),
    "windows": (WINDOW_COLUMNS, window_rows, "窗口排名"),
    "trend": (TREND_COLUMNS, trend_rows, "月度趋势"),
}


def table(name, board):
    """(columns, rows, sheet title) of one dashboard table."""
    columns, rows, title = TABLES[name]
    return columns, rows(board), title
