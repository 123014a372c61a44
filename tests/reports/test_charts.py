"""Server-drawn charts: the value axis has round, distinct ticks that cover the data."""
import re

from hypothesis import given
from hypothesis import strategies as st

from inspectapp.reports import charts


@given(st.floats(0, 1000, allow_nan=False), st.floats(0.001, 1000, allow_nan=False), st.booleans())
def test_ticks_cover_the_range_at_a_round_step_with_distinct_labels(low, span, integer):
    high = low + span
    ticks, step = charts.axis_ticks(low, high, integer=integer)
    assert ticks[0] <= low + 1e-9 and ticks[-1] >= high - 1e-9
    assert 2 <= len(ticks) <= 12
    mantissa = step / 10 ** int(f"{step:e}".split("e")[1])
    assert round(mantissa, 6) in (1, 2, 5) and (not integer or step >= 1)
    labels = [charts._tick_format(step).format(t) for t in ticks]
    assert len(set(labels)) == len(labels), labels


def test_a_one_point_rate_chart_and_a_small_count_chart_label_each_tick_once():
    months = [f"{m}月" for m in range(1, 13)]
    for svg in (charts.line_chart(months, [None] * 11 + [66.67], "好评率", unit="%"),
                charts.line_chart(months, [0] * 10 + [2, 1], "问题数", fmt="{:.0f}", low=0, high=2.4)):
        ticks = re.findall(r'text-anchor="end"[^>]*>([^<]+)<', str(svg))
        assert len(ticks) >= 3 and len(set(ticks)) == len(ticks), ticks
