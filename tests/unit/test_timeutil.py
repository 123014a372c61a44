"""Local time <-> naive UTC: the one conversion every feature uses."""
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from inspectapp.common.timeutil import LOCAL_TZ
from inspectapp.common.timeutil import to_local
from inspectapp.common.timeutil import to_utc
from inspectapp.common.timeutil import utc_of


def test_local_midnight_is_four_pm_utc_the_day_before():
    assert utc_of(dt.date(2026, 11, 1)) == dt.datetime(2026, 10, 31, 16, 0)
    assert utc_of(dt.date(2026, 11, 1), dt.time(9, 42)) == dt.datetime(2026, 11, 1, 1, 42)


def test_naive_and_aware_local_times_convert_alike_and_none_stays_none():
    naive = dt.datetime(2026, 1, 1, 0, 30)
    assert to_utc(naive) == to_utc(naive.replace(tzinfo=LOCAL_TZ)) == dt.datetime(2025, 12, 31, 16, 30)
    assert to_utc(dt.datetime(2026, 1, 1, 0, 30, tzinfo=dt.UTC)) == dt.datetime(2026, 1, 1, 0, 30)
    assert to_utc(None) is None


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)))
def test_to_utc_undoes_to_local(utc):
    assert to_utc(to_local(utc)) == utc
