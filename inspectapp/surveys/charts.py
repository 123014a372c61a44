"""Geometry of the result charts, as plain numbers. The SVG itself is drawn by the Jinja macros in
templates/surveys/_charts.html (autoescaped: labels typed by admins stay text), the same in the
pages and in the PDF report."""
from dataclasses import dataclass

from inspectapp.surveys.results import Bar

WIDTH = 640
ROW = 28
LABEL_W = 190
VALUE_W = 90
#: Level colours, 5 非常满意 … 1 非常不满意 (green to red), and 不了解.
LEVEL_COLOURS = {5: "#1e7b3a", 4: "#5fa463", 3: "#c9b458", 2: "#e08a3c", 1: "#b3261e", 0: "#b8c1ca"}
BAR_COLOUR = "#1f5fa8"


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    label: str = ""
    text: str = ""


def _short(text, limit=14):
    return text if len(text) <= limit else text[:limit - 1] + "…"


def hbars(bars):
    """One row per bar: label, bar scaled to the largest count, "n (pct%)"."""
    top = max([b.n for b in bars] or [0]) or 1
    span = WIDTH - LABEL_W - VALUE_W
    rows = []
    for i, bar in enumerate(bars):
        rows.append(Rect(LABEL_W, i * ROW + 4, round(span * bar.n / top, 1), ROW - 8, BAR_COLOUR,
                         _short(bar.label), f"{bar.n}（{bar.pct:g}%）"))
    return {"width": WIDTH, "height": max(ROW, len(bars) * ROW), "rows": rows, "label_w": LABEL_W,
            "value_x": WIDTH - VALUE_W + 6}


def stacked(level_rows):
    """One stacked bar per matrix aspect or appraisal subject: the share of each level."""
    span = WIDTH - LABEL_W - VALUE_W
    rows = []
    for i, row in enumerate(level_rows):
        total = row.rated + row.na
        x = LABEL_W
        parts = []
        for bar in row.bars + [_na_bar(row)]:
            w = round(span * bar.n / total, 1) if total else 0
            if w:
                parts.append(Rect(x, i * ROW + 4, w, ROW - 8, LEVEL_COLOURS[bar.code], bar.label, str(bar.n)))
            x += w
        score = "—" if row.score is None else f"{row.score:.2f}"
        rows.append({"y": i * ROW, "label": _short(row.label), "parts": parts, "text": score})
    return {"width": WIDTH, "height": max(ROW, len(level_rows) * ROW) + ROW, "rows": rows, "label_w": LABEL_W,
            "value_x": WIDTH - VALUE_W + 6, "legend_y": len(level_rows) * ROW + 8,
            "legend": [(code, LEVEL_COLOURS[code]) for code in (5, 4, 3, 2, 1, 0)]}


def _na_bar(row):
    return Bar(0, "不了解", row.na, 0)


def columns(days, height=140):
    """Responses per day as columns (at most the last 92 days drawn)."""
    days = days[-92:]
    top = max([n for _d, n in days] or [0]) or 1
    step = min(WIDTH / max(len(days), 1), 28)
    cols = [Rect(round(i * step + 1, 1), round(height - height * n / top, 1), max(1.0, round(step - 2, 1)),
                 round(height * n / top, 1), BAR_COLOUR, day.isoformat(), str(n)) for i, (day, n) in enumerate(days)]
    return {"width": WIDTH, "height": height + 18, "base": height, "cols": cols, "top": top,
            "first": days[0][0].isoformat() if days else "", "last": days[-1][0].isoformat() if days else ""}
