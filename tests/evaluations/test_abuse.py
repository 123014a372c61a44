"""Double taps, cool-down, rate limits, CSRF and held (suspicious) ratings: nothing is silently dropped."""
import datetime as dt
import re

import pytest

from inspectapp.audit.models import AuditLog
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.evaluations import services
from inspectapp.evaluations.models import Evaluation
from inspectapp.evaluations.models import HoldReason
from inspectapp.evaluations.models import Status
from inspectapp.evaluations.services import Rules
from inspectapp.evaluations.services import Submission
from tests.evaluations.conftest import form_key
from tests.factories import make_hall
from tests.factories import make_user
from tests.factories import make_window

RULES = Rules()
CST = dt.timezone(dt.timedelta(hours=8))


def utc(local):
    """A Beijing wall-clock time as the naive UTC the database stores."""
    return local.replace(tzinfo=CST).astimezone(dt.UTC).replace(tzinfo=None)


# Monday 17 November 2025, a working day; the hall is open 09:00–17:00.
MONDAY_10 = utc(dt.datetime(2025, 11, 17, 10, 0))


def sub(key, level=5, device="phone-1", codes=(), **kw):
    return Submission(idempotency_key=f"key-{key:04d}-abcdefghijkl", level=level, reason_codes=list(codes),
                      device_id=device, **kw)


@pytest.fixture
def hall_window(app):
    return make_window(hall=make_hall(opens_at=dt.time(9, 0), closes_at=dt.time(17, 0)))


def test_double_submit_stores_one_rating(citizen, window):
    key = form_key(citizen.open(window).get_data(as_text=True))
    first = citizen.rate(window, key=key, level=2, reasons=["214"])
    second = citizen.rate(window, key=key, level=2, reasons=["214"])
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert Evaluation.select().count() == 1 and ComplaintTicket.select().count() == 1


def test_cool_down_shows_the_earlier_rating_instead_of_the_form(citizen, new_citizen, window):
    citizen.rate(window, level=4)
    html = citizen.open(window).get_data(as_text=True)
    assert "您已评价过本窗口" in html and "提交评价" not in html
    # Another phone is not affected, and neither is another window for this phone.
    assert "提交评价" in new_citizen().open(window).get_data(as_text=True)
    assert "提交评价" in citizen.open(make_window(hall=window.hall)).get_data(as_text=True)


def test_rating_again_within_the_cool_down_is_kept_but_held(citizen, window):
    stale_key = form_key(citizen.open(window).get_data(as_text=True))  # a second tab opened earlier
    citizen.rate(window, level=5)
    response = citizen.rate(window, key=stale_key, level=1, reasons=["115"])
    assert response.status_code == 303
    held = Evaluation.get(Evaluation.level == 1)
    assert held.status == Status.HELD and held.hold_reason_list == [HoldReason.COOLDOWN]
    # the phone's own repeat within its cool-down waits for the review (nobody else can cause it)
    assert ComplaintTicket.select().count() == 0
    thanks = citizen.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "这次的评价也已保存" in thanks


def test_cool_down_ends_after_the_configured_minutes(hall_window):
    services.submit(hall_window, sub(1), RULES, at=MONDAY_10)
    again, _ = services.submit(hall_window, sub(2), RULES, at=MONDAY_10 + dt.timedelta(minutes=9))
    later, _ = services.submit(hall_window, sub(3), RULES, at=MONDAY_10 + dt.timedelta(minutes=21))
    assert again.status == Status.HELD and later.status == Status.VALID
    short = Rules(cooldown_minutes=2)
    assert services.submit(hall_window, sub(4), short, at=MONDAY_10 + dt.timedelta(minutes=24))[0].status == "valid"


def test_burst_on_one_window_is_held(hall_window):
    results = [services.submit(hall_window, sub(i, device=f"d{i}"), RULES,
                               at=MONDAY_10 + dt.timedelta(minutes=i))[0] for i in range(7)]
    assert [e.status for e in results] == ["valid"] * 5 + ["held"] * 2
    assert results[5].hold_reason_list == [HoldReason.BURST]
    # After the burst window has passed, ratings count again.
    calm, _ = services.submit(hall_window, sub(99, device="d99"), RULES, at=MONDAY_10 + dt.timedelta(minutes=30))
    assert calm.status == Status.VALID


@pytest.mark.parametrize("local, held", [
    (dt.datetime(2025, 11, 17, 8, 29), True),  # before 09:00 minus the 30-minute grace
    (dt.datetime(2025, 11, 17, 8, 31), False),
    (dt.datetime(2025, 11, 17, 17, 29), False),
    (dt.datetime(2025, 11, 17, 21, 0), True),
    (dt.datetime(2025, 11, 15, 10, 0), True),  # a Saturday
    (dt.datetime(2025, 9, 28, 10, 0), False),  # a Sunday make-up workday before National Day
    (dt.datetime(2025, 10, 3, 10, 0), True),  # National Day holiday
])
def test_outside_opening_hours_is_held(hall_window, local, held):
    evaluation, _ = services.submit(hall_window, sub(1), RULES, at=utc(local))
    assert (evaluation.status == Status.HELD) is held
    assert (HoldReason.OFF_HOURS in evaluation.hold_reason_list) is held


def test_many_ratings_from_one_device_are_held(hall_window):
    statuses = []
    for i in range(8):
        window = make_window(hall=hall_window.hall)
        statuses.append(services.submit(window, sub(i), RULES, at=MONDAY_10 + dt.timedelta(minutes=20 * i))[0])
    assert [e.status for e in statuses] == ["valid"] * 6 + ["held"] * 2
    assert statuses[6].hold_reason_list == [HoldReason.DEVICE]


def test_release_counts_a_held_rating_and_keeps_its_one_ticket(hall_window):
    admin = make_user()
    held, _ = services.submit(hall_window, sub(1, level=1, codes=["115"]), RULES,
                              at=utc(dt.datetime(2025, 11, 17, 22, 0)))
    assert held.status == Status.HELD and held.tickets.count() == 1  # opened at once, not after review
    services.release(held, admin, "核实为当日延时服务", RULES, ip="10.0.0.9")
    held = Evaluation.get_by_id(held.id)
    assert held.status == Status.VALID and held.reviewed_by_id == admin.id
    assert held.tickets.count() == 1
    entry = AuditLog.get(AuditLog.action == "evaluation.released")
    assert entry.actor_id == admin.id and entry.target_id == held.id and entry.ip == "10.0.0.9"
    with pytest.raises(services.DomainError):
        services.release(held, admin, "again", RULES)


def test_reject_keeps_the_rating_out_of_everything(hall_window):
    admin = make_user()
    held, _ = services.submit(hall_window, sub(1, level=2, codes=["214"]), RULES,
                              at=utc(dt.datetime(2025, 11, 16, 12, 0)))
    with pytest.raises(services.DomainError):
        services.reject(held, admin, "")
    services.reject(held, admin, "同一人连续刷评")
    held = Evaluation.get_by_id(held.id)
    assert held.status == Status.REJECTED
    assert held.tickets.count() == 1  # the complaint was already being handled; the unit may 申诉
    assert AuditLog.select().where(AuditLog.action == "evaluation.rejected").count() == 1
    assert Evaluation.select().where(Evaluation.counted()).count() == 0


class TestCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return dict(app_config, WTF_CSRF_ENABLED=True)

    def test_form_needs_its_csrf_token_and_keeps_the_data_when_it_expired(self, citizen, window):
        html = citizen.open(window).get_data(as_text=True)
        key = form_key(html)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        response = citizen.client.post(f"/e/{window.public_token}",
                                        data={"key": key, "level": "4", "comment": "还不错", "csrf_token": "stale"})
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert "页面已过期" in html and "还不错" in html
        assert Evaluation.select().count() == 0
        response = citizen.client.post(f"/e/{window.public_token}",
                                        data={"key": key, "level": "4", "csrf_token": token})
        assert response.status_code == 303 and Evaluation.select().count() == 1


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return dict(app_config, RATELIMIT_ENABLED=True, EVAL_IP_RATE_LIMIT="2 per minute",
                    EVAL_WINDOW_RATE_LIMIT="100 per minute")

    def test_too_many_posts_from_one_address_get_a_429_with_the_form_kept(self, new_citizen, window):
        for _ in range(2):
            assert new_citizen().rate(window, level=5).status_code == 303
        response = new_citizen().rate(window, level=3, comment="第三个人")
        assert response.status_code == 429
        html = response.get_data(as_text=True)
        assert "本次评价尚未保存" in html and "第三个人" in html
        assert Evaluation.select().count() == 2

    def test_reading_the_form_is_not_limited(self, citizen, window):
        for _ in range(5):
            assert citizen.open(window).status_code == 200


def test_ratings_without_a_device_id_are_stored_and_never_count_as_one_device(hall_window):
    first, _ = services.submit(hall_window, sub(1, device=""), RULES, at=MONDAY_10)
    second, _ = services.submit(hall_window, sub(2, device=""), RULES, at=MONDAY_10 + dt.timedelta(minutes=1))
    assert (first.status, second.status) == (Status.VALID, Status.VALID)
    assert first.device_hash == second.device_hash == ""


def test_ballot_stuffing_cannot_silence_or_delay_a_complaint(hall_window):
    """Five fresh-cookie ratings from one phone, then a genuine 差评 from another: the stuffing is
    held (same address and browser), the 差评 is held by the burst rule — and its ticket opens at once."""
    ua = "Mozilla/5.0 (Linux; Android 13) MicroMessenger/8.0.47"
    stuffed = [services.submit(hall_window, sub(i, device=f"fresh-{i}", ip="10.0.0.9", user_agent=ua), RULES,
                               at=MONDAY_10 + dt.timedelta(seconds=20 * i))[0] for i in range(5)]
    assert [e.status for e in stuffed] == ["valid"] + ["held"] * 4
    assert stuffed[1].hold_reason_list == [HoldReason.NETWORK]
    genuine, _ = services.submit(hall_window, sub(9, level=1, codes=["115"], device="citizen", ip="10.0.0.9",
                                                  user_agent="Mozilla/5.0 (iPhone) Safari"), RULES,
                                 at=MONDAY_10 + dt.timedelta(minutes=2))
    assert genuine.status == Status.HELD and HoldReason.BURST in genuine.hold_reason_list
    ticket = ComplaintTicket.get(ComplaintTicket.evaluation == genuine)
    assert ticket.opened_at == genuine.submitted_at  # not delayed until a review


def test_a_repeated_complaint_from_the_same_phone_opens_one_ticket(hall_window):
    first, _ = services.submit(hall_window, sub(1, level=1, codes=["115"]), RULES, at=MONDAY_10)
    again, _ = services.submit(hall_window, sub(2, level=2, codes=["214"]), RULES,
                               at=MONDAY_10 + dt.timedelta(minutes=3))
    assert again.status == Status.HELD and ComplaintTicket.select().count() == 1
    services.release(again, make_user(), "核实为另一事项", RULES)
    assert ComplaintTicket.select().count() == 2  # released after review: handled on its own
