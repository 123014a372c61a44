"""Charts drawn on the server as SVG, for pages (inline) and PDFs alike.

Pure functions: plain values in, an SVG string out (`Markup`, every label escaped). Only
presentation attributes are used — no style attributes — so the strict CSP allows them inline and
WeasyPrint draws them in PDFs. Colours are passed as CSS colour strings.
"""
import math

from markupsafe import Markup
from markupsafe import escape

FONT = "od-sans, Noto Sans CJK SC, sans-serif"
PRIMARY = "#1f5fa8"
MUTED = "#6b7785"
GRID = "#d9dee4"
BAR = "#c0392b"


def _num(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x, y, label, size=11, anchor="middle", fill=MUTED, weight=None):
    bold = f' font-weight="{weight}"' if weight else ""
    return (f'<text x="{_num(x)}" y="{_num(y)}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"'
            f' font-family="{FONT}"{bold}>{escape(label)}</text>')


def nice_range(values, floor=None, ceiling=None, minimum_span=1.0):
    """(low, high) around the values, padded and rounded, clamped to [floor, ceiling]."""
    present = [v for v in values if v is not None]
    if not present:
        return (floor if floor is not None else 0.0), (ceiling if ceiling is not None else 1.0)
    low, high = min(present), max(present)
    span = max(high - low, minimum_span)
    low, high = low - span * 0.15, high + span * 0.15
    if floor is not None:
        low = max(floor, low)
    if ceiling is not None:
        high = min(ceiling, high)
    return low, high


def axis_ticks(low, high, integer=False, target=5):
    """Tick values covering [low, high] at a round step (1, 2 or 5 × 10^k; at least 1 for counts),
    about `target` intervals, so no two ticks print the same label."""
    raw = (high - low if high - low > 1e-6 else 1.0) / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * 0.999)
    if integer:
        step = max(1, round(step))
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(k * step, 10) for k in range(first, max(last, first + 1) + 1)], step


def _tick_format(step):
    digits = max(0, math.ceil(-math.log10(step) - 1e-9))
    return f"{{:.{digits}f}}"


def line_chart(labels, values, title, unit="", width=640, height=220, low=None, high=None, fmt="{:.1f}"):
    """A line over `labels` (e.g. months); None values leave a gap. Each point is labelled."""
    if low is None or high is None:
        low, high = nice_range(values, floor=0 if unit == "%" else None, ceiling=100 if unit == "%" else None)
    ticks, tick_step = axis_ticks(low, high, integer=fmt == "{:.0f}")
    low, high = ticks[0], ticks[-1]
    left, right, top, bottom = 52, 14, 34, 32
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(labels) - 1) if len(labels) > 1 else 0
    span = (high - low) or 1.0

    def xy(i, v):
        return left + i * step if len(labels) > 1 else left + plot_w / 2, top + plot_h * (1 - (v - low) / span)

    parts = [_open(width, height, title), _text(left, 18, title, 15, "start", "#1c2430", 600)]
    for value in ticks:
        y = xy(0, value)[1]
        parts.append(f'<line x1="{left}" y1="{_num(y)}" x2="{width - right}" y2="{_num(y)}" stroke="{GRID}"/>')
        parts.append(_text(left - 6, y + 4, _tick_format(tick_step).format(value) + unit, 12, "end"))
    for run in _runs(values):
        points = " ".join(f"{_num(x)},{_num(y)}" for x, y in (xy(i, values[i]) for i in run))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{PRIMARY}" stroke-width="2"/>')
    for i, (label, value) in enumerate(zip(labels, values)):
        x = xy(i, low)[0]
        parts.append(_text(x, height - 10, label, 12))
        if value is not None:
            px, py = xy(i, value)
            parts.append(f'<circle cx="{_num(px)}" cy="{_num(py)}" r="3" fill="{PRIMARY}"/>')
            parts.append(_text(px, py - 7, fmt.format(value), 11, fill="#1c2430"))
    parts.append("</svg>")
    return Markup("".join(parts))


def _runs(values):
    """Index runs of consecutive non-None values (a line is broken where data is missing)."""
    runs, run = [], []
    for i, v in enumerate(values):
        if v is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(i)
    if run:
        runs.append(run)
    return runs


def bar_chart(items, title, width=640, bar_height=22, label_width=190, colour=BAR):
    """Horizontal bars for [(label, count)], largest scale = the largest count."""
    top, right = 32, 40
    height = top + max(1, len(items)) * (bar_height + 8) + 6
    largest = max([n for _label, n in items] or [0]) or 1
    plot_w = width - label_width - right
    parts = [_open(width, height, title), _text(4, 18, title, 15, "start", "#1c2430", 600)]
    if not items:
        parts.append(_text(width / 2, top + 16, "本期无数据", 11))
    for i, (label, n) in enumerate(items):
        y = top + i * (bar_height + 8)
        w = plot_w * n / largest
        parts.append(_text(label_width - 8, y + bar_height * 0.72, label, 13, "end", "#1c2430"))
        parts.append(f'<rect x="{label_width}" y="{y}" width="{_num(max(w, 1))}" height="{bar_height}" fill="{colour}"'
                     f' rx="2"/>')
        parts.append(_text(label_width + w + 6, y + bar_height * 0.72, str(n), 13, "start", "#1c2430"))
    parts.append("</svg>")
    return Markup("".join(parts))


def _open(width, height, title):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}"'
            f' height="{height}" role="img" aria-label="{escape(title)}" class="chart">')
