"""Out-of-range input is the user's mistake, never a 500: 20-digit ids, year-1 dates, url_for's
own arguments in a query string, huge numbers from the phone (which gets JSON with a message)."""
import time

import pytest

from inspectapp.auth.roles import Role
from inspectapp.inspections.models import Finding
from tests.factories import make_user
from tests.inspections.conftest import world  # noqa: F401  (fixture)
from tests.inspections.factories import item

HUGE = "9" * 20


@pytest.fixture
def admin(client, login_as):
    return login_as(make_user(Role.ADMIN))


@pytest.mark.parametrize("path", [f"/orgs/halls/{HUGE}/edit", f"/evaluations/{HUGE}", f"/complaints/{HUGE}",
                                  f"/inspections/{HUGE}", f"/inspections/evidence/{HUGE}", f"/qr/windows/{HUGE}.svg",
                                  f"/auth/users/{2**31}/edit"])
def test_huge_ids_in_urls_are_404(admin, client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query, message", [
    (f"window={HUGE}", "筛选条件“窗口”无效"), ("hall=-1", "筛选条件“大厅”无效"), ("level=7", "“等级”应在 1 至 5 之间"),
    ("start=0001-01-01", "日期应在 2000-01-01 至 2099-12-31 之间"), ("end=9999-12-31", "日期应在"),
    ("start=2026-13-45", "应为日期"),
])
@pytest.mark.parametrize("page", ["/evaluations/", "/evaluations/summary", "/evaluations/export.csv"])
def test_bad_filters_are_a_400_with_the_reason(admin, client, page, query, message):
    response = client.get(f"{page}?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/inspections/findings/?from=0001-01-01", f"/inspections/findings/?hall={HUGE}",
                                  f"/complaints/?unit={HUGE}"])
def test_other_lists_check_their_filters_too(admin, client, path):
    assert client.get(path).status_code == 400


@pytest.mark.parametrize("path", ["/evaluations/", "/complaints/", "/inspections/findings/", "/orgs/halls/",
                                  "/auth/users/", "/audit/"])
def test_url_for_arguments_in_the_query_string_are_ignored(admin, client, path):
    response = client.get(f"{path}?_method=POST&_external=1&_anchor=x&fmt=zip&page={HUGE}")
    assert response.status_code == 200


def test_out_of_range_dates_in_forms_are_field_errors(admin, client):
    response = client.post("/workcal/", data={"day": "0001-01-01", "kind": "holiday", "name": "x"})
    assert response.status_code == 200 and "日期应在 2000-01-01 至 2099-12-31 之间" in response.get_data(as_text=True)


@pytest.mark.parametrize("field, value", [("item", 10**30), ("rev", 10**25), ("window", 2**31), ("recorded_at", 10**20),
                                          ("sent_at", -1), ("item", 1e308), ("rev", "x")])
def test_huge_numbers_from_the_phone_are_json_400s(world, client, login_as, field, value):  # noqa: F811
    login_as(world.inspector)
    now_ms = int(time.time() * 1000)
    payload = {"client_id": "11111111-aaaa-4bbb-8ccc-000000000009", "rev": 1, "item": item("B1").id,
               "window": world.a12.id, "recorded_at": now_ms, "sent_at": now_ms, field: value}
    response = client.post(f"/inspections/{world.inspection.id}/api/findings", json=payload)
    assert response.status_code == 400 and response.get_json()["error"]
    assert Finding.select().count() == 0


def test_api_errors_are_json_for_the_phone(world, client, login_as):  # noqa: F811
    login_as(world.inspector)
    api = f"/inspections/{world.inspection.id}/api"
    response = client.post(f"{api}/visits", json={"window": 10**30})
    assert response.status_code == 400 and response.get_json()["error"] == "请选择窗口"
    response = client.post(f"/inspections/{HUGE}/api/findings", json={})
    assert response.status_code == 404 and response.get_json()["error"] == "要找的记录不存在"
    response = client.get(f"{api}/findings")  # wrong method
    assert response.status_code == 405 and response.get_json()["error"]


@pytest.mark.parametrize("url", [
    "/reports/?start=0001-01-01&end=9999-12-31", "/reports/?period=9999-12", "/reports/?period=2026-Q9",
    "/reports/bulletins/new?period=0001-01", f"/reports/?hall={HUGE}", "/reports/export/units.csv?period=9999-12",
    f"/complaints/?window={HUGE}", "/complaints/?end=9999-12-31&_method=POST",
])
def test_statistics_and_drill_down_filters_are_never_a_500(admin, client, url):
    assert client.get(url).status_code in (200, 400)
