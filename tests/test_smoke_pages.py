import pytest

from inspectapp.auth.roles import Role
from tests.factories import make_staff
from tests.factories import make_user
from tests.factories import make_window


@pytest.mark.parametrize("kind", ["halls", "units", "windows", "staff"])
def test_admin_org_pages_render(page, login_as, kind):
    window = make_window()
    make_staff(window=window)
    login_as(make_user(Role.ADMIN))
    html = page("orgs.index", kind=kind)
    assert "<table" in html
    page("orgs.new", kind=kind)
