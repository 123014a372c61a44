import datetime as dt
import itertools

import pytest

from inspectapp.evaluations import services as evaluations
from inspectapp.evaluations.services import Rules
from inspectapp.evaluations.services import Submission
from tests.factories import make_hall
from tests.factories import make_window

CST = dt.timezone(dt.timedelta(hours=8))
_keys = itertools.count(1)


def utc(local):
    return local.replace(tzinfo=CST).astimezone(dt.UTC).replace(tzinfo=None)


def rate(window, level=1, codes=("115",), phone="", at=None, **kw):
    """A counted rating submitted at `at` (Beijing time, default Monday 17 Nov 2025 10:00)."""
    at = at or dt.datetime(2025, 11, 17, 10, 0)
    sub = Submission(idempotency_key=f"complaint-test-{next(_keys):06d}", level=level, reason_codes=list(codes),
                     phone=phone, phone_consent=bool(phone), device_id=f"dev-{next(_keys)}", ip="198.51.100.7",
                     **kw)
    evaluation, _ = evaluations.submit(window, sub, Rules(hold_non_workdays=False), at=utc(at))
    return evaluation


@pytest.fixture
def window(app):
    return make_window(hall=make_hall(opens_at=dt.time(0, 0), closes_at=dt.time(23, 59)))


@pytest.fixture
def ticket(window):
    return rate(window, phone="13800138000").tickets.get()
