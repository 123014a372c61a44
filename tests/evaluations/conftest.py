"""Helpers for the public evaluation form: a window whose hall is always open, and a citizen who
loads the form and submits it like a browser would (the form's own idempotency key included)."""
import datetime as dt
import re

import pytest

from tests.factories import make_hall
from tests.factories import make_staff
from tests.factories import make_window

WECHAT_UA = ("Mozilla/5.0 (Linux; Android 13; V2055A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, "
             "like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 "
             "MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI "
             "Language/zh_CN ABI/arm64")


@pytest.fixture
def app_config(app_config):
    # The clock of a test run is arbitrary: off-hours holding is tested on its own with fixed times.
    return dict(app_config, EVAL_HOLD_NON_WORKDAYS=False)


@pytest.fixture
def window(app):
    hall = make_hall(name="临江市政务服务中心", opens_at=dt.time(0, 0), closes_at=dt.time(23, 59))
    window = make_window(hall=hall, number="A12")
    make_staff(window=window, name="王伟", staff_no="RSJ001")
    return window


def form_key(html):
    return re.search(r'name="key" value="([^"]+)"', html).group(1)


class Citizen:
    """One phone: a test client with its own cookies (device id, session)."""

    def __init__(self, client):
        self.client = client

    def open(self, window, **kw):
        return self.client.get(f"/e/{window.public_token}", **kw)

    def rate(self, window, key=None, headers=None, **fields):
        if key is None:
            key = form_key(self.open(window, headers=headers).get_data(as_text=True))
        data = {"key": key, **{k: v for k, v in fields.items() if v is not None}}
        return self.client.post(f"/e/{window.public_token}", data=data, headers=headers)


@pytest.fixture
def citizen(client):
    return Citizen(client)


@pytest.fixture
def new_citizen(app):
    """Another phone (fresh cookies)."""
    return lambda: Citizen(app.test_client())
