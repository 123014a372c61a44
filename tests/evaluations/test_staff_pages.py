"""Staff pages: ratings list and CSV, per-window summary, review queue, reason list, scoping."""
import csv
import datetime as dt
import io

import pytest

from inspectapp.audit.models import AuditLog
from inspectapp.auth.roles import Role
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.evaluations import services
from inspectapp.evaluations.models import Evaluation
from inspectapp.evaluations.models import ReasonOption
from inspectapp.evaluations.models import Status
from inspectapp.evaluations.services import Rules
from inspectapp.evaluations.services import Submission
from tests.factories import make_hall
from tests.factories import make_user
from tests.factories import make_window

CST = dt.timezone(dt.timedelta(hours=8))
ALWAYS = Rules(hold_non_workdays=False, burst_limit=1000, device_daily_limit=1000)
_n = iter(range(1, 10_000))


def at(day, hour=10):
    return dt.datetime(2025, 11, day, hour, 0, tzinfo=CST).astimezone(dt.UTC).replace(tzinfo=None)


def rate(window, level, codes=(), day=17, rules=ALWAYS, **kw):
    n = next(_n)
    sub = Submission(idempotency_key=f"staff-page-test-{n:05d}", level=level, reason_codes=list(codes),
                     device_id=f"device-{n}", ip="203.0.113.5", **kw)
    return services.submit(window, sub, rules, at=at(day))[0]


@pytest.fixture
def windows(app):
    hall = make_hall(name="临江市政务服务中心", opens_at=dt.time(0, 0), closes_at=dt.time(23, 59))
    return make_window(hall=hall, number="A01"), make_window(hall=hall, number="B07")


@pytest.fixture
def ratings(windows):
    mine, theirs = windows
    made = {
        5: rate(mine, 5, ["517"], comment="=HYPERLINK(\"http://x\")"),
        4: rate(mine, 4, day=18),
        3: rate(mine, 3, day=19),
        2: rate(mine, 2, ["214"], day=20, phone="13800138000", phone_consent=True),
        1: rate(mine, 1, ["115"], day=21),
        "theirs": rate(theirs, 1, ["113"], comment="外单位的差评"),
    }
    made["held"] = rate(mine, 5, rules=Rules(hold_non_workdays=True), day=22)  # a Saturday
    excluded = rate(mine, 2, ["213"], day=19)
    excluded.is_excluded = True
    excluded.save()
    made["excluded"] = excluded
    return made


def test_admin_lists_and_filters_ratings(login_as, page, ratings, windows):
    login_as(make_user(Role.ADMIN))
    html = page("evaluations.index")
    assert html.count("evaluations/") >= 8 and "外单位的差评" in html
    html = page("evaluations.index", level=1)
    assert "服务态度差效率低" in html and "窗口人员业务不熟练" not in html
    html = page("evaluations.index", window=windows[1].id)
    assert "外单位的差评" in html and "服务态度差效率低" not in html
    html = page("evaluations.index", status="held")
    assert html.count('class="lvl lvl5"') == 1
    html = page("evaluations.index", start="2025-11-20", end="2025-11-20")
    assert html.count('class="lvl lvl') == 1 and "不满意" in html


def test_unit_manager_sees_only_own_units_ratings_and_no_device(login_as, client, page, ratings, windows):
    login_as(make_user(Role.UNIT_MANAGER, unit=windows[0].unit))
    html = page("evaluations.index")
    assert "外单位的差评" not in html
    assert client.get(f"/evaluations/{ratings['theirs'].id}").status_code == 404
    html = page("evaluations.detail", evaluation_id=ratings[2].id)
    assert "203.0.113.5" not in html and ratings[2].device_hash[:12] not in html
    assert "13800138000" not in html and "138****" not in html
    assert client.get("/evaluations/review").status_code == 403
    assert client.post(f"/evaluations/{ratings['held'].id}/release").status_code == 403


def test_admin_detail_shows_the_source_but_never_the_phone(login_as, page, ratings):
    login_as(make_user(Role.ADMIN))
    html = page("evaluations.detail", evaluation_id=ratings[2].id)
    assert "203.0.113.5" in html and ratings[2].device_hash[:12] in html
    assert "13800138000" not in html


def test_csv_export_follows_filters_and_leaves_out_private_data(login_as, client, ratings, windows):
    login_as(make_user(Role.ADMIN))
    response = client.get("/evaluations/export.csv", query_string={"window": windows[0].id, "status": "counted"})
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:6] == ["评价编号", "提交时间", "大厅", "窗口", "单位", "等级"]
    assert sorted(int(r[5]) for r in rows[1:]) == [1, 2, 3, 4, 5]
    assert "13800138000" not in text and "203.0.113.5" not in text and ratings[2].device_hash not in text
    five = next(r for r in rows[1:] if r[5] == "5")
    assert five[13].startswith("'=HYPERLINK")  # a formula typed by a citizen stays text
    assert five[8] == "517" and five[9] == "服务热情效率高"
    two = next(r for r in rows[1:] if r[5] == "2")
    assert two[17] == str(ratings[2].tickets.get().id)


def test_unit_managers_csv_is_scoped(login_as, client, ratings, windows):
    login_as(make_user(Role.UNIT_MANAGER, unit=windows[1].unit))
    text = client.get("/evaluations/export.csv").get_data(as_text=True)
    assert "外单位的差评" in text and len(text.strip().splitlines()) == 2


@pytest.mark.parametrize("includes_basic, rate_text", [(True, "60.0%"), (False, "40.0%")])
def test_per_window_summary(app, login_as, page, ratings, windows, includes_basic, rate_text):
    app.config["EVAL_POSITIVE_INCLUDES_BASIC"] = includes_basic
    login_as(make_user(Role.ADMIN))
    html = page("evaluations.summary", window=windows[0].id)
    row = html[html.index("A01（"):]
    cells = [c.split("</td>")[0].strip() for c in row.split('class="num">')[1:7]]
    # counted 5 (held and excluded left out), 好评率, 差评 2, average (10+8+6+3+0)/5, held 1, excluded 1
    assert cells == ["5", rate_text, "2", "5.40", "1", "1"]


def test_review_queue_release_and_reject(login_as, client, page, ratings):
    admin = login_as(make_user(Role.ADMIN))
    held = ratings["held"]
    html = page("evaluations.review")
    assert "203.0.113.5" in html
    # The system's hold reason is a labelled amber chip, not a grey one like the citizen's reasons
    assert '<span class="hold-title">暂缓原因</span><span class="hold-tag">非大厅开放时间提交</span>' in html
    response = client.post(f"/evaluations/{held.id}/reject", data={"note": ""}, follow_redirects=True)
    assert "驳回须填写理由" in response.get_data(as_text=True)
    assert Evaluation.get_by_id(held.id).status == Status.HELD
    client.post(f"/evaluations/{held.id}/release", data={"note": "周六延时服务日"})
    assert Evaluation.get_by_id(held.id).status == Status.VALID
    entry = AuditLog.get(AuditLog.action == "evaluation.released")
    assert entry.actor_id == admin.id and "周六延时服务日" in entry.detail
    assert "没有待审核的评价" in page("evaluations.review")


def test_released_negative_rating_keeps_the_ticket_it_opened_over_http(login_as, client, windows):
    held = rate(windows[0], 1, ["110"], rules=Rules(hold_non_workdays=True), day=22)
    login_as(make_user(Role.ADMIN))
    ticket = ComplaintTicket.get()
    assert ticket.evaluation_id == held.id
    assert "正在审核" in client.get(f"/complaints/{ticket.id}").get_data(as_text=True)
    client.post(f"/evaluations/{held.id}/release", data={"note": "核实"})
    assert ComplaintTicket.select().count() == 1


def test_admin_edits_the_reason_list_and_the_form_follows(login_as, client, page, windows):
    login_as(make_user(Role.ADMIN))
    reason = ReasonOption.get(ReasonOption.code == "214")
    response = client.post(f"/evaluations/reasons/{reason.id}/edit",
                           data={"code": "214", "text": "服务态度生硬、冷淡", "sort_order": "214", "is_active": "y"})
    assert response.status_code == 302
    response = client.post("/evaluations/reasons/new", data={"code": "2901", "text": "未落实首问负责",
                                                             "sort_order": "300",
                                                            "is_active": "y"})
    assert response.status_code == 302
    dup = client.post("/evaluations/reasons/new", data={"code": "2901", "text": "x", "is_active": "y"})
    assert "该编码已存在" in dup.get_data(as_text=True)
    bad = client.post("/evaluations/reasons/new", data={"code": "901", "text": "x", "is_active": "y"})
    assert "首位为评价等级" in bad.get_data(as_text=True)
    local = ReasonOption.get(ReasonOption.code == "2901")
    assert (local.level, local.is_national) == (2, False)
    html = client.get(f"/e/{windows[0].public_token}").get_data(as_text=True)
    assert "服务态度生硬、冷淡" in html and "未落实首问负责" in html
    assert AuditLog.select().where(AuditLog.action.startswith("reason.")).count() == 2
    # init-db's loader never overwrites an admin's edit.
    from inspectapp.evaluations.reference import load_national_reasons

    assert load_national_reasons() == 0
    assert ReasonOption.get(ReasonOption.code == "214").text == "服务态度生硬、冷淡"


def test_only_admins_edit_reasons(login_as, client):
    login_as(make_user(Role.VIEWER))
    assert client.get("/evaluations/reasons/").status_code == 403


def test_nav_has_the_new_pages(login_as, page):
    login_as(make_user(Role.ADMIN))
    html = page("core.index")
    for label in ("差评工单", "评价汇总", "评价审核", "评价二维码", "工作日历"):
        assert label in html
