"""The sections of a 通报 (domain.md §2.4): opening, overall figures, ranking, problems by type with
named windows (通报批评), commended windows (表扬), overdue rectification, the window and findings
annexes. Each takes the bulletin context and returns JSON-ready data; `public=True` leaves out staff
and everything about the inspection teams."""
from collections import defaultdict

from inspectapp.inspections.models import Mode
from inspectapp.inspections.models import Severity
from inspectapp.inspections.scoring import Grade
from inspectapp.reports import queries
from inspectapp.reports import wording as w
from inspectapp.reports.formulas import change

TYPICAL_PER_CATEGORY = 5
CRITICISED_MAX = 10
COMMENDED_MAX = 5
_SEVERITY_ORDER = {Severity.SERIOUS: 0, Severity.MODERATE: 1, Severity.MINOR: 2}


def _numbers(items):
    return "、".join(str(n) for n in items)


def opening(ctx, public):
    """The opening paragraph: period, scope, who inspected and how, then "现将有关情况通报如下"."""
    c = ctx.current
    parts = [f"为持续改进政务服务作风，提升窗口服务效能，{ctx.issuer_name}对{ctx.period.label}"
             f"{'全市政务服务大厅' if ctx.hall is None else ctx.hall.name}窗口服务情况进行了监督检查：汇总群众"
             f"“好差评”有效评价{c.ratings.counted}条"]
    if ctx.inspections:
        modes = "、".join(Mode.LABELS[m] for m in sorted({m for _d, _t, m in ctx.inspections}))
        days = sorted({d for d, _t, _m in ctx.inspections})
        when = (f"于{w.day_prefix(days[0])}" if len(days) == 1 else
                f"于{w.day_prefix(days[0])}至{w.day_prefix(days[-1])}期间")
        if public:
            who = "组织检查人员"
        else:
            teams = sorted({t for _d, t, _m in ctx.inspections})
            who = f"组织第{_numbers(teams)}检查组"
        parts.append(f"{when}{who}采取{modes}方式开展检查{len(ctx.inspections)}次，"
                     f"检查窗口{c.inspections.windows_visited}个")
    return "，".join(parts) + "。现将有关情况通报如下。"


def overall(ctx):
    """Figures of the period and the previous one, and the sentences that state them."""
    c, p = ctx.current, ctx.previous
    r, t, i = c.ratings, c.complaints, c.inspections
    rate_change = change(r.positive_rate, p.ratings.positive_rate)
    sentences = [
        f"（一）群众评价。本期共收到有效评价{r.counted}条，好评率{w.percent(r.positive_rate)}"
        + (f"，较上期{w.change_words(rate_change)}" if rate_change is not None else "")
        + f"；差评{r.negative}条，平均分{w.points(r.average_score, 2)}分（按10/8/6/3/0计）；"
          f"评价覆盖窗口{c.windows_rated}个，覆盖率{w.percent(c.coverage_rate, 1)}。"
        + (f"另有待审核评价{r.held}条、申诉成立不计入统计的评价{r.excluded}条，未计入以上数据。"
           if r.held or r.excluded else ""),
        f"（二）差评处置。本期生成差评工单{t.opened}件"
        + (f"，其中申诉成立{t.upheld}件" if t.upheld else "")
        + f"；应整改{t.due}件，已整改{t.rectified}件，差评整改率{w.percent(t.rectification_rate, 1)}；"
          f"期限内回访{t.called_back_on_time}件，按时回访率{w.percent(t.callback_rate, 1)}；"
          f"逾期未办结{t.overdue}件。",
    ]
    if i.inspections:
        severity = "、".join(f"{Severity.LABELS[k]}{n}起" for k, n in i.by_severity.items())
        sentences.append(f"（三）暗访检查。本期检查{i.inspections}次，检查窗口{i.windows_visited}个，"
                         f"发现问题{i.findings}起（{severity}）"
                         + (f"，其中重点问题{i.critical}起" if i.critical else "") + "。")
    k = c.rectification
    if k.get("issued"):
        sentences.append(f"（四）整改落实。本期下发整改通知书{k['issued']}份，已复查销号{k['verified']}份"
                         f"（按期整改{k['verified_on_time']}份），退回重新整改{k['returned']}份，"
                         f"逾期未整改{k['overdue']}份；给予黄牌{k['yellow_cards']}张、红牌{k['red_cards']}张。")
    return {
        "sentences": sentences,
        "ratings": {"counted": r.counted, "positive_rate": r.positive_rate, "negative": r.negative,
                    "average": r.average_score, "held": r.held, "excluded": r.excluded, "rejected": r.rejected,
                    "coverage_rate": c.coverage_rate, "rate_change": rate_change},
        "complaints": {"opened": t.opened, "due": t.due, "rectified": t.rectified,
                       "rectification_rate": t.rectification_rate, "callback_rate": t.callback_rate,
                       "overdue": t.overdue, "upheld": t.upheld},
        "inspections": {"inspections": i.inspections, "windows_visited": i.windows_visited, "findings": i.findings,
                        "by_severity": i.by_severity, "critical": i.critical},
        "rectification": c.rectification,
    }


def unit_table(ctx):
    rows = []
    for u in ctx.current.units:
        unit = ctx.units.get(u.id)
        rows.append({
            "rank": u.rank, "name": unit.name if unit else "—", "short": unit.short_name if unit else "—",
            "composite": u.composite.score, "change": u.change, "counted": u.ratings.counted,
            "positive_rate": u.ratings.positive_rate, "negative": u.ratings.negative,
            "rectification_rate": u.complaints.rectification_rate, "callback_rate": u.complaints.callback_rate,
            "inspection_score": u.inspection.score, "grade": Grade.LABELS.get(u.inspection.grade, ""),
            "findings": u.inspection.findings, "overdue": u.complaints.overdue})
    return rows


def _window_name(ctx, window_id, unit_id):
    window = ctx.windows.get(window_id)
    if window is None:
        return "大厅公共区域"
    unit = ctx.units.get(unit_id) or window.unit
    return w.window_label(window.number, unit.short_name)


def _finding_text(ctx, f, public, with_day=True):
    """A finding as the bulletin writes it; the public version never names the person."""
    window = _window_name(ctx, f.window_id, f.unit_id) if f.window_id else "大厅公共区域"
    if public:
        text = w.finding_sentence(f.pattern, f.recorded_at, window, "工作人员")
    elif f.sentence_auto:
        person = ctx.staff.get(f.staff_no)
        text = w.finding_sentence(f.pattern, f.recorded_at, window,
                                  w.staff_text(f.staff_no, person.name if person else ""))
    else:
        text = f.sentence
    return (w.day_prefix(f.date) + text) if with_day else text


def _ordered(findings):
    return sorted(findings, key=lambda f: (_SEVERITY_ORDER.get(f.severity, 9), not f.is_critical,
                                           f.date, f.recorded_at, f.id))


def problems(ctx, public):
    """[{category, count, items: [sentence]}] — the typical problems of each checklist group."""
    groups = defaultdict(list)
    for f in ctx.findings:
        groups[f.category].append(f)
    out = []
    for category in sorted(groups):
        found = groups[category]
        out.append({"category": category, "count": len(found),
                    "lines": [_finding_text(ctx, f, public) for f in _ordered(found)[:TYPICAL_PER_CATEGORY]]})
    return out


def criticised(ctx, public):
    """Windows named for criticism (通报批评): a critical or serious finding, or graded 不合格."""
    by_window = defaultdict(list)
    for f in ctx.findings:
        if f.window_id:
            by_window[f.window_id].append(f)
    named = []
    for row in ctx.current.windows:
        found = by_window.get(row.id, [])
        serious = [f for f in found if f.severity == Severity.SERIOUS or f.is_critical]
        if not serious and row.inspection.grade != Grade.FAIL:
            continue
        unit_id = found[0].unit_id if found else (row.unit_ids[0] if row.unit_ids else None)
        unit = ctx.units.get(unit_id)
        reason = (f"暗访发现问题{len(found)}起，其中严重问题{len(serious)}起，"
                  f"检查得分{w.points(row.inspection.score)}分"
                  + ("，等次为不合格" if row.inspection.grade == Grade.FAIL else ""))
        named.append({"window": _window_name(ctx, row.id, unit_id), "unit": unit.name if unit else "",
                      "reason": reason, "serious": len(serious), "score": row.inspection.score,
                      "lines": [_finding_text(ctx, f, public) for f in _ordered(found)[:3]]})
    named.sort(key=lambda n: (-n["serious"], n["score"] if n["score"] is not None else 100, n["window"]))
    return named[:CRITICISED_MAX]


def commended(ctx):
    """Windows commended (表扬): enough ratings, no 差评, nothing found by the inspectors."""
    chosen = []
    for row in ctx.current.windows:
        r = row.ratings
        if r.counted < ctx.settings.commend_min_ratings or r.negative or row.inspection.findings:
            continue
        unit = ctx.units.get(row.unit_ids[0]) if row.unit_ids else None
        checked = "，暗访检查未发现问题" if row.inspection.visits else ""
        chosen.append({"window": _window_name(ctx, row.id, row.unit_ids[0] if row.unit_ids else None),
                       "unit": unit.name if unit else "", "index": row.index,
                       "reason": f"有效评价{r.counted}条，好评率{w.percent(r.positive_rate)}，无差评{checked}"})
    chosen.sort(key=lambda c: (-(c["index"] or 0), c["window"]))
    return chosen[:COMMENDED_MAX]


def overdue(ctx):
    """Units with 差评 tickets still open after their deadline on the day of issue."""
    counts = queries.overdue_tickets_by_unit(ctx.scope, ctx.issued_on)
    rows = [{"unit": ctx.units[u].name if u in ctx.units else "", "tickets": n} for u, n in counts.items()]
    return sorted(rows, key=lambda r: (-r["tickets"], r["unit"]))


def window_table(ctx):
    rows = []
    for row in ctx.current.windows:
        window = ctx.windows.get(row.id)
        if window is None:
            continue
        units = "、".join(ctx.units[u].short_name for u in row.unit_ids if u in ctx.units) or window.unit.short_name
        rows.append({"rank": row.rank, "window": f"{window.number}窗口", "unit": units, "index": row.index,
                     "change": row.change, "counted": row.ratings.counted, "positive_rate": row.ratings.positive_rate,
                     "negative": row.ratings.negative, "inspection_score": row.inspection.score,
                     "findings": row.inspection.findings})
    return rows


def annex_findings(ctx, public):
    """The list of findings (at most `annex_max_findings`, in the order found)."""
    rows = []
    for f in ctx.findings[:ctx.settings.annex_max_findings]:
        rows.append({"day": w.day_prefix(f.date), "category": f.category, "problem": f.problem,
                     "severity": Severity.LABELS[f.severity], "staff_no": "" if public else f.staff_no,
                     "text": _finding_text(ctx, f, public, with_day=False)})
    return rows
