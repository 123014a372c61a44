import datetime as dt

import pytest

from tests.factories import make_hall
from tests.factories import make_staff
from tests.factories import make_window


@pytest.fixture
def app_config(app_config):
    return dict(app_config, EVAL_HOLD_NON_WORKDAYS=False)


@pytest.fixture
def window(app):
    hall = make_hall(code="LJZX", name="临江市政务服务中心", opens_at=dt.time(0, 0), closes_at=dt.time(23, 59))
    window = make_window(hall=hall, number="A12")
    make_staff(window=window, name="王伟", staff_no="RSJ001")
    return window
