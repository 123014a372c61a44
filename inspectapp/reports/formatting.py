"""Jinja filters for figures: percentages, points, changes. None is shown as a dash."""
DASH = "—"


def pct(value, digits=2):
    """98.2345 -> "98.23%"."""
    return DASH if value is None else f"{value:.{digits}f}%"


def pts(value, digits=1):
    return DASH if value is None else f"{value:.{digits}f}"


def delta(value, digits=1, unit=""):
    """A change: "▲1.2", "▼0.5", "持平", or "" when there is nothing to compare with."""
    if value is None:
        return ""
    rounded = round(value, digits)
    if rounded == 0:
        return "持平"
    return f"{'▲' if rounded > 0 else '▼'}{abs(rounded):.{digits}f}{unit}"


def delta_class(value, digits=1):
    if value is None or round(value, digits) == 0:
        return "flat"
    return "up" if value > 0 else "down"


FILTERS = {"pct": pct, "pts": pts, "delta": delta, "delta_class": delta_class}
