"""整改 figures for the statistics and the bulletin (reports.stats.rectification_figures), computed
by hand from cases driven through the real services."""
import datetime as dt
import io

import openpyxl
import pytest

from inspectapp.rectifications import escalation
from inspectapp.rectifications import services
from inspectapp.reports.periods import Period
from inspectapp.reports.periods import Scope
from inspectapp.reports.stats import rectification_figures
from tests.rectifications.factories import ISSUER
from tests.rectifications.factories import complete_report
from tests.rectifications.factories import make_world
from tests.rectifications.factories import open_cases
from tests.rectifications.factories import published_inspection_of

NOV = Period.month(2026, 11)


@pytest.fixture
def figures(app, tmp_path):
    world = make_world(day=dt.date(2026, 11, 16))
    social, estate = open_cases(world, days=3)  # issued Tue 17 Nov: due Fri 20 Nov
    services.issue(social, world.admin, ISSUER, today=dt.date(2026, 11, 17))
    services.issue(estate, world.admin, ISSUER, today=dt.date(2026, 11, 17))
    services.acknowledge(social, world.manager)
    complete_report(social, world.manager, tmp_path, today=dt.date(2026, 11, 19))  # on time
    services.verify(social, world.admin, ISSUER, "到位", today=dt.date(2026, 11, 24))
    escalation.escalate(dt.date(2026, 11, 25))  # estate: 3 working days late → 黄牌
    inspection, (other,) = published_inspection_of(world, 1)
    late = open_cases_of(world, inspection, [other.id])
    services.issue(late, world.admin, ISSUER, today=dt.date(2026, 12, 1))  # December: not in November
    return world


def open_cases_of(world, inspection, unit_ids):
    from inspectapp.rectifications import opening

    return opening.open_from_inspection(inspection, unit_ids, world.admin, 10)[0]


def test_figures_by_unit_and_overall(figures):
    world = figures
    result = rectification_figures(NOV, Scope(), as_of=dt.date(2026, 11, 26))
    assert result["units"][world.social.id] == {
        "issued": 1, "due": 1, "verified": 1, "verified_on_time": 1, "returned": 0, "overdue": 0,
        "yellow_cards": 0, "red_cards": 0, "on_time_rate": 100.0}
    assert result["units"][world.estate.id] == {
        "issued": 1, "due": 1, "verified": 0, "verified_on_time": 0, "returned": 0, "overdue": 1,
        "yellow_cards": 1, "red_cards": 0, "on_time_rate": 0.0}
    overall = result["overall"]
    assert (overall["issued"], overall["overdue"], overall["yellow_cards"], overall["on_time_rate"]) == (2, 1, 1, 50.0)


def test_scope_and_an_empty_period(figures):
    world = figures
    only = rectification_figures(NOV, Scope(unit_id=world.estate.id), as_of=dt.date(2026, 11, 26))
    assert list(only["units"]) == [world.estate.id]
    empty = rectification_figures(Period.month(2026, 10), Scope(), as_of=dt.date(2026, 11, 26))
    assert empty["units"] == {} and empty["overall"]["issued"] == 0 and empty["overall"]["on_time_rate"] is None


def test_the_bulletin_states_them(figures, app):
    from inspectapp.reports import stats

    with app.test_request_context():
        current = stats.period_statistics(NOV, Scope(), as_of=dt.date(2026, 11, 26))
    assert current.rectification["issued"] == 2
    unit = current.unit(figures.estate.id)
    assert unit.rectification["yellow_cards"] == 1


def test_the_dashboard_shows_them_and_links_to_the_cases_issued_in_the_period(figures, app):
    import re

    from tests.reports.bulletin_helpers import login

    client = app.test_client()
    login(client, figures.viewer)
    html = client.get("/reports/?period=2026-11").get_data(as_text=True).replace("&amp;", "&")
    section = html.split("整改落实", 1)[1].split("</div>", 1)[0]
    assert "下发整改通知</span><strong>2</strong>" in section.replace("\n", "").replace("  ", "")
    assert "50.0%" in section and "按时销号 1 / 到期 2" in section
    link = re.search(r'href="(/rectifications/\?[^"]*tab=all[^"]*)"', section).group(1)
    assert "start=2026-11-01" in link and "end=2026-11-30" in link
    listed = client.get(link).get_data(as_text=True)
    cases = set(re.findall(r'href="/rectifications/(\d+)"', listed))
    assert len(cases) == 2  # the two November notices; the one issued on 1 December is not listed
    assert "签发日期：2026-11-01 至 2026-11-30" in listed
    assert "tab=overdue" in listed and "start=2026-11-01" in listed.split("tab=overdue")[1][:120]
    exported = client.get("/reports/export/units.xlsx?period=2026-11")
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.data)).active.iter_rows(values_only=True))
    column = rows[0].index("按时整改率（%）")
    by_unit = {row[1]: row for row in rows[1:]}
    assert by_unit["临江市人力资源和社会保障局"][column] == 100.0 and by_unit["临江市不动产登记中心"][column] == 0.0
    assert by_unit["临江市不动产登记中心"][rows[0].index("黄牌")] == 1
