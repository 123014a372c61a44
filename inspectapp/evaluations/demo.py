"""Demo ratings and 差评 tickets for `flask seed-demo`: three weeks of ratings stored through the
real services (so holds, tickets and deadlines are what the app would have produced), then the
older tickets worked through the loop by the unit managers."""
import datetime as dt

from inspectapp.common.timeutil import local_today
from inspectapp.common.timeutil import now
from inspectapp.common.timeutil import to_local
from inspectapp.common.timeutil import to_utc
from inspectapp.common.timeutil import utc_of
from inspectapp.complaints import services as complaints
from inspectapp.complaints.models import ComplaintEvent
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.evaluations import services
from inspectapp.evaluations.models import Evaluation
from inspectapp.workcal import services as workcal

LEVELS = [5] * 12 + [4] * 5 + [3] * 2 + [2, 1]
REASONS = {5: ["510", "517", "511", "515"], 4: ["411", "413", "408", "410"], 3: ["314", "309"],
           2: ["214", "213", "209", "208"], 1: ["115", "113", "110", "109"]}
COMMENTS = {5: ["工作人员很耐心，一次就办好了", "效率很高，点赞", ""], 4: ["整体不错", ""], 3: ["排队时间有点长", ""],
            2: ["材料清单没有一次说清楚，跑了两趟", "窗口人员对业务不太熟悉"],
            1: ["被要求去三个窗口来回跑", "等了一个多小时，工作人员态度冷淡"]}


def _utc(day, hour, minute):
    return utc_of(day, dt.time(hour, minute))


def seed_ratings(windows, staff, rng, users, days=21):
    """Ratings for the last `days` days; returns (ratings, tickets)."""
    rules = services.Rules()
    staff_by_window = {}
    for person in staff:
        if person.window_id:
            staff_by_window.setdefault(person.window_id, []).append(person)
    today = local_today()
    n = 0
    for back in range(days, 0, -1):
        day = today - dt.timedelta(days=back)
        if not workcal.is_workday(day):
            continue
        for window in windows:
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                n += 1
                level = rng.choice(LEVELS)
                hour = rng.randint(window.hall.opens_at.hour, window.hall.closes_at.hour - 1)
                codes = rng.sample(REASONS[level], k=rng.choice((1, 1, 2))) if level <= 2 or rng.random() < .5 else []
                helper = rng.choice(staff_by_window.get(window.id, [None]))
                sub = services.Submission(
                    idempotency_key=f"demo-{n:06d}-{rng.getrandbits(48):012x}", level=level, reason_codes=codes,
                    attitude=level if rng.random() < .4 else None, comment=rng.choice(COMMENTS[level]),
                    staff_id=helper.id if helper and rng.random() < .3 else None,
                    phone=f"139{rng.randint(10000000, 99999999)}" if level <= 2 and rng.random() < .6 else "",
                    device_id=f"demo-device-{rng.getrandbits(40):x}", ip=f"10.20.0.{rng.randint(2, 250)}",
                    user_agent="Mozilla/5.0 (Linux; Android 13) MicroMessenger/8.0.47", locale="zh_Hans")
                sub.phone_consent = bool(sub.phone)
                services.submit(window, sub, rules, at=_utc(day, hour, rng.randint(0, 59)))
    _late_evening_burst(windows[0], today, rules)
    _work_tickets(users, rng)
    return Evaluation.select().count(), ComplaintTicket.select().count()


def _late_evening_burst(window, today, rules):
    """A few ratings after closing time: held for an admin to release or reject."""
    day = today - dt.timedelta(days=1)
    for i in range(3):
        sub = services.Submission(idempotency_key=f"demo-late-{i}-0123456789ab", level=5, reason_codes=["517"],
                                  device_id="demo-late-device", ip="10.20.0.99")
        services.submit(window, sub, rules, at=_utc(day, 22, 10 + i))


def _work_tickets(users, rng):
    """Older tickets go through the loop at believable times (about one in five late at 回访 or at
    办结); the newest stay open; one waits for an appeal decision (filed by the unit's manager)."""
    admin = users["admin"]
    managers = {u.unit_id: u for u in users.values() if u.unit_id}
    tickets = list(ComplaintTicket.select().order_by(ComplaintTicket.opened_at))
    by_deadline, appealed = 0, False
    for index, ticket in enumerate(tickets):
        if (now() - ticket.opened_at).days < 2:
            continue
        manager = managers.get(ticket.unit_id)
        if not appealed and manager is not None and index >= len(tickets) // 2:
            complaints.appeal(ticket, manager, "评价人当天未在本窗口办理业务",
                              "大厅监控：评价时段本窗口无办事群众；取号系统无记录")
            stamp_ticket(ticket, _after(ticket.opened_at, hours=26), "appealed_at")
            appealed = True
            continue
        if rng.random() < .15:
            continue  # left open: overdue
        actor = manager or admin  # units without a demo manager: the supervisor works their tickets
        if _work_one(ticket, actor, rng, may_defer=by_deadline < 2 and manager is not None):
            by_deadline += 1


def _work_one(ticket, actor, rng, may_defer):
    """回访, 处理, 反馈, 办结 of one ticket, each stamped when it happened. True when left for a 限期整改."""
    late = rng.random() < .2
    called = _local_at(workcal.add_working_days(ticket.callback_due_on, 1), 10, 20) if late else \
        _after(ticket.opened_at, hours=rng.choice((2, 3, 5)))
    if to_utc(called) > now() - dt.timedelta(hours=2):
        called = _after(ticket.opened_at, hours=2)
    has_phone = bool(ticket.evaluation.phone)
    complaints.record_callback(ticket, actor, called, "reached" if has_phone else "no_contact",
                               "已电话联系评价人，核实情况属实" if has_phone else "评价人未留电话，调取监控核实")
    stamp_ticket(ticket, called)
    outcome = rng.choice(("fix_now", "fix_now", "explain", "fix_by_deadline"))
    if outcome == "fix_by_deadline" and may_defer:
        return True  # 限期整改 opens a rectification case: rectifications/demo.py takes these tickets on
    outcome = "fix_now" if outcome == "fix_by_deadline" else outcome
    note = "当场为群众补办，并对当班人员提醒谈话" if outcome == "fix_now" else "按政策须本人到场办理，已向群众解释"
    complaints.record_outcome(ticket, actor, outcome, note)
    stamp_ticket(ticket, called + dt.timedelta(minutes=50))
    closing = _local_at(workcal.add_working_days(ticket.close_due_on, 2), 16, 5) if late and rng.random() < .5 else \
        _local_at(workcal.add_working_days(called.date(), 1), 15, 30)
    if to_utc(closing) > now() - dt.timedelta(hours=1):
        return False  # too recent to have been closed yet
    complaints.give_feedback(ticket, actor, "已电话告知处理结果", rng.choice(("satisfied", "basic", "")))
    stamp_ticket(ticket, closing, "feedback_at")
    complaints.close(ticket, actor)
    stamp_ticket(ticket, closing + dt.timedelta(minutes=12), "closed_at")
    return False


def _local_at(day, hour, minute):
    return dt.datetime.combine(day, dt.time(hour, minute))


def _after(utc_at, hours):
    """Local wall time `hours` after a stored UTC moment."""
    return (to_local(utc_at) + dt.timedelta(hours=hours)).replace(tzinfo=None, second=0, microsecond=0)


def stamp_ticket(ticket, local, *fields):
    """Date the ticket's newest event (and the named timestamp columns) at local wall time `local`."""
    at = to_utc(local)
    newest = ComplaintEvent.select().where(ComplaintEvent.ticket == ticket).order_by(ComplaintEvent.id.desc()).get()
    ComplaintEvent.update(created_at=at).where(ComplaintEvent.id == newest.id).execute()
    ComplaintTicket.update(updated_at=at, **dict.fromkeys(fields, at)).where(
        ComplaintTicket.id == ticket.id).execute()
