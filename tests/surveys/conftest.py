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


class Respondent:
    """One phone answering questionnaires through the real pages (no JavaScript)."""

    def __init__(self, client):
        self.client = client

    def open(self, questionnaire, **args):
        return self.client.get(f"/q/{questionnaire.token}", query_string=args)

    def start(self, questionnaire, answers, nav="next", **args):
        """Open page 1 and post it with its hidden fields; returns the POST response."""
        html = self.open(questionnaire, **args).get_data(as_text=True)
        data = hidden_fields(html)
        data.update(answers, nav=nav)
        return self.client.post(f"/q/{questionnaire.token}", data=data)

    def post(self, url, answers, nav="next"):
        html = self.client.get(url).get_data(as_text=True)
        data = hidden_fields(html)
        data.update(answers, nav=nav)
        return self.client.post(url, data=data)


def hidden_fields(html):
    import re

    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


@pytest.fixture
def respondent(client):
    return Respondent(client)


@pytest.fixture
def new_respondent(app):
    return lambda: Respondent(app.test_client())
