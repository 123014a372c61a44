"""draft → submitted → published; admins edit wording or drop findings (logged); units see only
published findings of their own windows; scores per window and unit."""
from decimal import Decimal

import pytest

from inspectapp.audit.models import AuditLog
from inspectapp.inspections import services
from inspectapp.inspections.models import DropKind
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import Inspection
from inspectapp.inspections.models import Status
from inspectapp.inspections.scoring import Grade
from tests.inspections.factories import make_finding


@pytest.fixture
def reviewed(world):
    a = make_finding(world.inspection, "B1", window=world.a12, actor=world.inspector)
    b = make_finding(world.inspection, "D4", window=world.a12, actor=world.inspector, staff_no="S0012")
    c = make_finding(world.inspection, "C1", window=world.b03, actor=world.team[1])
    d = make_finding(world.inspection, "F1", window=world.b03, actor=world.team[1])
    return a, b, c, d


def _status(world):
    return Inspection.get_by_id(world.inspection.id).status


def test_publication_gating(world, reviewed, client, login_as):
    a, b, c, _d = reviewed
    login_as(world.manager)
    assert client.get(f"/inspections/{world.inspection.id}").status_code == 404
    assert a.sentence not in client.get("/inspections/findings/").get_data(as_text=True)
    # Only the team submits; only an admin publishes (the unit does not even learn it exists).
    assert client.post(f"/inspections/{world.inspection.id}/publish").status_code == 404
    login_as(world.inspector)
    assert client.post(f"/inspections/{world.inspection.id}/publish").status_code == 403
    client.post(f"/inspections/{world.inspection.id}/submit")
    assert _status(world) == Status.SUBMITTED
    login_as(world.manager)
    assert client.get(f"/inspections/{world.inspection.id}").status_code == 404
    login_as(world.admin)
    client.post(f"/inspections/{world.inspection.id}/publish")
    assert _status(world) == Status.PUBLISHED
    login_as(world.manager)
    html = client.get(f"/inspections/{world.inspection.id}").get_data(as_text=True)
    assert a.sentence in html and b.sentence in html
    assert c.sentence not in html  # another unit's window
    assert "人社局" in html and "不动产中心" not in html


def test_admin_edits_wording_and_drops_with_reason_all_logged(world, reviewed, client, login_as):
    a, b, c, d = reviewed
    login_as(world.inspector)
    client.post(f"/inspections/{world.inspection.id}/submit")
    login_as(world.admin)
    response = client.post(f"/inspections/findings/{a.id}/review",
                           data={"sentence": "10:13，A12窗口（社保）工作人员低头玩手机游戏", "severity": "moderate"})
    assert response.status_code == 302
    client.post(f"/inspections/findings/{c.id}/drop",
                data={"drop-kind": DropKind.UNFOUNDED, "drop-reason": "照片看不清工牌"})
    client.post(f"/inspections/findings/{d.id}/drop",
                data={"drop-kind": DropKind.NOT_APPLICABLE, "drop-reason": "该窗口不设评价器"})
    a, c = Finding.get_by_id(a.id), Finding.get_by_id(c.id)
    assert a.sentence == "10:13，A12窗口（社保）工作人员低头玩手机游戏" and a.severity == "moderate"
    assert c.status == FindingStatus.DROPPED and c.drop_reason == "照片看不清工牌"
    edit = AuditLog.get(AuditLog.action == "finding.edited")
    assert "工作时间玩手机" in edit.detail and "低头玩手机游戏" in edit.detail  # before and after
    assert AuditLog.select().where(AuditLog.action == "finding.dropped").count() == 2
    history = client.get(f"/inspections/findings/{a.id}/review").get_data(as_text=True)
    assert "finding.edited" in history
    # The inspector can no longer change a reviewed finding.
    with pytest.raises(services.Conflict):
        services.record_finding(world.inspection, services.FindingInput(
            client_id=a.client_id, item_id=a.item_id, window_id=a.window_id, rev=9), world.inspector)
    client.post(f"/inspections/{world.inspection.id}/publish")
    login_as(world.estate_manager)
    html = client.get(f"/inspections/{world.inspection.id}").get_data(as_text=True)
    assert c.sentence not in html and "照片看不清工牌" not in html  # dropped: never shown to the unit
    assert "100" in html  # B03 scores 100: C1 dropped, F1 not applicable


def test_review_only_while_submitted(world, reviewed, client, login_as):
    a = reviewed[0]
    login_as(world.admin)
    html = client.post(f"/inspections/findings/{a.id}/review", data={"sentence": "改", "severity": "minor"},
                       follow_redirects=True).get_data(as_text=True)
    assert "只有待审核的检查可以修改问题" in html
    assert client.post(f"/inspections/{world.inspection.id}/publish", follow_redirects=True).status_code == 200
    assert _status(world) == Status.DRAFT  # publishing a draft is not a valid transition


def test_return_to_team(world, reviewed, client, login_as):
    login_as(world.inspector)
    client.post(f"/inspections/{world.inspection.id}/submit")
    login_as(world.admin)
    client.post(f"/inspections/{world.inspection.id}/return")
    assert _status(world) == Status.DRAFT
    assert AuditLog.select().where(AuditLog.action == "inspection.return").count() == 1


def test_score_sheet_per_window_and_unit(world, reviewed):
    a, b, c, d = reviewed
    services.transition(world.inspection, "submit", world.inspector)
    services.drop_finding(d, DropKind.NOT_APPLICABLE, "不设评价器", world.admin)
    sheet = services.score_sheet(world.inspection)
    windows = {w.number: s for w, s in sheet.windows}
    assert windows["A12"].score == Decimal(96) and windows["A12"].critical == ("D4",)
    assert windows["B03"].score == Decimal(99) and windows["B03"].not_applicable == 1
    units = {u.short_name: s for u, s in sheet.units}
    assert units["社保"].score == 96 and units["社保"].grade == Grade.PASS
    only_mine = services.score_sheet(world.inspection, unit_id=world.social.id)
    assert [u.short_name for u, _s in only_mine.units] == ["社保"]


def test_detail_shows_scores_and_grades(world, reviewed, client, login_as):
    login_as(world.admin)
    html = client.get(f"/inspections/{world.inspection.id}").get_data(as_text=True)
    assert "得分" in html and "合格" in html and "96" in html and "98" in html
