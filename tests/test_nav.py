"""The staff menu comes from one map (core/nav.py): every link it offers opens, the current section is marked."""
import re

from inspectapp.auth.roles import Role
from tests.factories import make_user


def _wide_nav(html):
    return html[html.index('<nav class="nav-wide"'):html.index("</nav>", html.index('<nav class="nav-wide"'))]


def _menu_links(html):
    menu = html[html.index('<details class="menu">'):html.index("</details>")]
    return re.findall(r'<a href="([^"]+)"', menu)


def test_every_link_the_menu_offers_opens_for_that_role(app, client, login_as):
    for role in Role.ALL:
        login_as(make_user(role))
        links = _menu_links(client.get("/").get_data(as_text=True))
        assert len(links) >= 3, role
        for url in links:
            assert client.get(url).status_code == 200, (role, url)


def test_pages_once_only_on_home_tiles_are_in_the_menu_and_the_section_is_marked(app, client, login_as, page):
    login_as(make_user(Role.ADMIN))
    html = page("evaluations.summary")
    menu = _menu_links(html)
    for endpoint in ("/evaluations/summary", "/evaluations/reasons/", "/workcal/"):
        assert endpoint in menu
    assert re.search(r'aria-current="true" class="current">好差评<', _wide_nav(html))
    subnav = html[html.index('<nav class="subnav"'):]
    assert re.search(r'href="/evaluations/summary" aria-current="page">评价汇总<', subnav)
    assert 'aria-current="page">工作日历<' in page("workcal.index")


def test_a_unit_manager_is_not_offered_pages_of_every_unit(app, client, login_as, page):
    login_as(make_user(Role.UNIT_MANAGER))
    menu = _menu_links(page("core.index"))
    assert "/orgs/halls/" not in menu and "/evaluations/review" not in menu and "/audit/" not in menu
    assert "/orgs/windows/" in menu
