"""axe-core (the copy pinned inside axe-playwright-python, injected into the page; no network) on
the public pages and the inspector's phone pages: no serious or critical violation."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from inspectapp.orgs import services as orgs
from tests.browser.conftest import login
from tests.security.world import build_world

AXE = Axe()


def violations(page):
    results = AXE.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] + " " + n.get("failureSummary", "")
                                                                   .replace("\n", " ")[:160] for n in v["nodes"][:3])
            for v in results if v["impact"] in ("serious", "critical")]


@pytest.fixture
def world(app):
    w = build_world(app)
    w.retired = orgs.rotate_token(w.window_b, "测试", w.admin).public_token
    return w


def check(page, url, problems):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    found = violations(page)
    if found:
        problems.append(f"{url}:\n    " + "\n    ".join(found))


def test_public_pages_have_no_serious_violations(live_server, phone, world):
    problems = []
    form = f"{live_server}/e/{world.window_a.public_token}"
    for url in (form, form + "?elder=1", f"{live_server}/e/nonexistent-token-123", f"{live_server}/auth/login"):
        check(phone, url, problems)
    phone.goto(form)
    phone.click("label[for=lv2]")
    phone.click("button[type=submit]")  # no reason chosen: the form comes back with its messages
    phone.wait_for_load_state("networkidle")
    found = violations(phone)
    problems += [f"{form} (with errors): {v}" for v in found]
    phone.click("input[name=reasons][value='214']", force=True)
    phone.click("button[type=submit]")
    phone.wait_for_url("**/thanks**")
    problems += [f"thanks page: {v}" for v in violations(phone)]
    phone.context.add_cookies([{"name": "lang", "value": "en", "url": live_server}])
    check(phone, form, problems)
    assert not problems, "\n".join(problems)


def test_inspector_pages_have_no_serious_violations(live_server, phone, world):
    login(phone, live_server, world.inspector.username)
    problems = []
    for path in ("/", "/inspections/", f"/inspections/{world.draft.id}", f"/inspections/{world.draft.id}/checklist",
                 f"/inspections/{world.draft.id}/findings/{world.draft_finding.client_id}",
                 f"/inspections/scan/{world.window_b.public_token}", f"/inspections/{world.inspection.id}"):
        check(phone, live_server + path, problems)
    phone.goto(f"{live_server}/inspections/{world.draft.id}/checklist")
    phone.wait_for_selector("#ck[data-ready='1']")
    phone.select_option("#ck-window", str(world.window_a.id))
    phone.locator(".ck-item[data-code='A3']").locator("xpath=ancestor::details").locator("summary").click()
    phone.click(".ck-item[data-code='A3']")
    phone.wait_for_selector("#ck-sheet:not([hidden])")
    problems += [f"checklist with the finding sheet open: {v}" for v in violations(phone)]
    assert not problems, "\n".join(problems)
