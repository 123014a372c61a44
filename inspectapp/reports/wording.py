"""The words of a bulletin: how findings, windows, figures and changes are written, and the
scrubbing that keeps staff and inspectors out of the public version. Pure functions."""
import re

from inspectapp.inspections.recording import fill_pattern
from inspectapp.reports.formatting import DASH

REDACTED = "×××"


def window_label(number, unit_short):
    """"A12窗口（社保）" — as worded findings write a window."""
    return f"{number}窗口（{unit_short}）" if unit_short else f"{number}窗口"


def staff_text(staff_no, staff_name):
    """How the internal version names the person: 工作人员王晓丽（工号RSJ001）."""
    if staff_name and staff_no:
        return f"工作人员{staff_name}（工号{staff_no}）"
    if staff_no:
        return f"工作人员（工号{staff_no}）"
    return "工作人员"


def finding_sentence(pattern, recorded_at, window, staff):
    """A finding worded from its checklist pattern: "10:13，A12窗口（社保）工作人员工作时间玩手机"."""
    return fill_pattern(pattern, recorded_at, window, staff)


def day_prefix(day):
    return f"{day.month}月{day.day}日"


def percent(value, digits=2):
    return DASH if value is None else f"{value:.{digits}f}%"


def points(value, digits=1):
    return DASH if value is None else f"{value:.{digits}f}"


def change_words(value, digits=2, unit="个百分点"):
    """"上升0.35个百分点" / "下降1.20个百分点" / "与上期持平" / "" (nothing to compare with)."""
    if value is None:
        return ""
    rounded = round(value, digits)
    if rounded == 0:
        return "与上期持平"
    return f"{'上升' if rounded > 0 else '下降'}{abs(rounded):.{digits}f}{unit}"


def change_mark(value, digits=1):
    if value is None:
        return DASH
    rounded = round(value, digits)
    if rounded == 0:
        return "持平"
    return f"{'↑' if rounded > 0 else '↓'}{abs(rounded):.{digits}f}"


def names_pattern(names):
    """One regex matching any of the names (longest first), or None."""
    names = sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names)) if names else None


def scrub(value, pattern):
    """Replace every listed name in every string of a JSON-like value with ×××."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(REDACTED, value)
    if isinstance(value, list):
        return [scrub(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, pattern) for k, v in value.items()}
    return value


def paragraphs(text):
    """Non-empty lines of a textarea as paragraphs."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
