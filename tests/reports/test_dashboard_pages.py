"""Dashboard pages on the hand-computed scenario: figures, drill-down links to the lists behind
them, exports read back with openpyxl, scoping (viewers read, unit managers and inspectors do not),
the public results page."""
import io
import re

import openpyxl

from inspectapp.auth.roles import Role
from tests.factories import make_user
from tests.reports.bulletin_helpers import login

NOV = "/reports/?period=2025-11"


def client_for(s, role, **kw):
    client = s.app.test_client()
    login(client, make_user(role, **kw))
    return client


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def test_dashboard_shows_the_hand_computed_figures_and_links_behind_them(shared_scenario):
    s = shared_scenario
    html = get(client_for(s, Role.VIEWER), f"{NOV}&hall={s.hall.id}").get_data(as_text=True)
    for text in ("72.73%", "66.7%", "33.3%", "75.0%", "82.7", "50.1", "A03窗口（社保、医保）"):
        assert text in html, text
    links = set(re.findall(r'href="(/[^"]+)"', html.replace("&amp;", "&")))
    assert any(u.startswith("/evaluations/?") and "status=held" in u and "start=2025-11-01" in u for u in links)
    assert any(u.startswith("/evaluations/?") and "negative=1" in u for u in links)
    assert any(u.startswith("/inspections/findings/?") and "published=1" in u for u in links)
    assert any(u.startswith("/complaints/?") and "state=overdue" in u for u in links)
    assert "<script" not in html.split("</main>")[0]


def test_every_drill_down_link_answers_and_counts_match(shared_scenario):
    s = shared_scenario
    viewer = client_for(s, Role.VIEWER)
    html = get(viewer, f"{NOV}&hall={s.hall.id}").get_data(as_text=True).replace("&amp;", "&")
    for url in sorted(set(re.findall(r'href="(/(?:evaluations|complaints|inspections/findings)/\?[^"]+)"', html))):
        get(viewer, url)
    ratings = get(viewer, f"/evaluations/?start=2025-11-01&end=2025-11-30&status=counted&hall={s.hall.id}")
    assert "共 11 条" in ratings.get_data(as_text=True)
    negative = get(viewer, "/evaluations/?start=2025-11-01&end=2025-11-30&status=counted&negative=1")
    assert "共 3 条" in negative.get_data(as_text=True)
    findings = get(viewer, f"/inspections/findings/?from=2025-11-01&to=2025-11-30&status=active&published=1"
                           f"&unit={s.u1.id}")
    assert "共 3 条" in findings.get_data(as_text=True)  # A03's D4 counts for 社保, where it was found


def test_exports_read_back_with_numbers_as_numbers(shared_scenario):
    s = shared_scenario
    admin = client_for(s, Role.ADMIN)
    response = get(admin, f"/reports/export/units.xlsx?period=2025-11&hall={s.hall.id}")
    assert response.headers["Cache-Control"] == "no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("排名", "单位", "综合得分")
    assert rows[1][0] == 1 and rows[1][1] == "临江市人力资源和社会保障局" and rows[1][2] == 82.75
    assert isinstance(rows[1][5], float) and rows[2][5] == 50.0
    windows = openpyxl.load_workbook(io.BytesIO(get(admin, "/reports/export/windows.xlsx?period=2025-11").data)).active
    assert [r[2] for r in windows.iter_rows(min_row=2, values_only=True)] == ["A01", "A02", "A03"]
    csv = get(admin, "/reports/export/trend.csv?period=2025-11").data.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("月份,有效评价数") and "2025年11月,11,8,72.73" in csv


def test_viewers_read_units_and_inspectors_do_not(shared_scenario):
    s = shared_scenario
    for role, kw, status in ((Role.VIEWER, {}, 200), (Role.ADMIN, {}, 200), (Role.UNIT_MANAGER, {"unit": s.u1}, 403),
                             (Role.INSPECTOR, {}, 403)):
        client = client_for(s, role, **kw)
        for url in (NOV, f"/reports/windows/{s.w['A01'].id}?period=2025-11", "/reports/export/units.csv?period=2025-11",
                    "/reports/bulletins/new?period=2025-11"):
            expected = 403 if url.startswith("/reports/bulletins/new") and role != Role.ADMIN else status
            get(client, url, expected)
    assert s.app.test_client().get(NOV).status_code == 302  # anonymous: to the login page
    get(client_for(s, Role.VIEWER), "/reports/windows/999999", 404)


def test_a_bad_period_is_explained_and_the_page_still_answers(shared_scenario):
    html = get(client_for(shared_scenario, Role.VIEWER), "/reports/?start=2025-11-30&end=2025-11-01").get_data(
        as_text=True)
    assert "结束日期不能早于开始日期" in html
    assert 'value="2025-11-30"' in html  # what was typed is kept


def test_public_results_page_is_small_and_scriptless(shared_issued):
    s = shared_issued
    anonymous = s.app.test_client()
    response = anonymous.get(f"/results/{s.hall.code}")
    html = response.get_data(as_text=True)
    with anonymous.get("/static/css/results.css") as static:
        css = static.data
    assert response.status_code == 200 and "<script" not in html
    assert len(response.data) + len(css) <= 30 * 1024
    assert "临江市医疗保障局" in html and "72.73%" in html and s.bulletin.doc_no in html
    assert anonymous.get("/results/NOPE").status_code == 404
    assert "临江市政务服务中心" in anonymous.get("/results/").get_data(as_text=True)
