"""One safe-redirect helper for every redirect parameter: nothing leaves the site, nothing is a 500."""
import re
from urllib.parse import quote
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from inspectapp.auth.roles import Role
from inspectapp.common.web import safe_redirect_target
from tests.factories import PASSWORD
from tests.factories import make_user

HOSTILE = ["//evil.example/", "/\t/evil.example/", "/\n/evil.example", "/%0a/evil.example", "/%0d%0aSet-Cookie:x=1",
           "/\\evil.example", "\\\\evil.example", "https://evil.example/", "javascript:alert(1)", "/\x00/x",
           " /evil", "/ /evil.example", "//%09evil.example", "/\u3000/evil.example", "http:/evil.example",
           "/" + "a" * 3000, "evil.example", ""]


def browser_view(url):
    """How a browser reads a Location: tabs and line breaks dropped, backslashes as slashes."""
    return re.sub(r"[\t\r\n]", "", url).replace("\\", "/")


def is_local(location):
    parts = urlsplit(browser_view(location))
    return not parts.scheme and not parts.netloc and location.startswith("/")


@pytest.mark.parametrize("target", HOSTILE)
def test_login_never_sends_the_user_off_site(client, target):
    user = make_user(Role.VIEWER)
    response = client.post("/auth/login?next=" + quote(target, safe=""),
                           data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert is_local(response.headers["Location"])
    assert response.headers["Location"] in ("/", target)  # a path that is literally "/%0a/…" is local


def test_local_targets_are_kept(client):
    user = make_user(Role.VIEWER)
    response = client.post("/auth/login?next=" + quote("/evaluations/?q=张三&page=2", safe=""),
                           data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"] == "/evaluations/?q=%E5%BC%A0%E4%B8%89&page=2"


@pytest.mark.parametrize("target", HOSTILE[:6])
def test_language_switch_and_review_decisions_use_the_same_rule(client, login_as, target):
    assert is_local(client.post("/lang/en", data={"next": target}).headers["Location"])
    login_as(make_user(Role.ADMIN))
    response = client.post("/evaluations/999999/release", data={"next": target})
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert is_local(response.headers["Location"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(), st.text().map(lambda t: "/" + t), st.sampled_from(HOSTILE).flatmap(
    lambda h: st.text(max_size=5).map(lambda t: h + t))))
def test_any_target_is_local(app, target):
    with app.test_request_context():
        location = safe_redirect_target(target)
    assert is_local(location)
