"""The demo data: ratings through the real services, tickets in every state, pages that render."""
import re

from inspectapp.auth.models import User
from inspectapp.complaints.models import ComplaintTicket
from inspectapp.complaints.models import TicketStatus
from inspectapp.evaluations.models import Evaluation
from inspectapp.evaluations.models import Status
from tests.surveys.test_demo_seed import check_seeded_questionnaires


def test_seed_demo_ratings_and_ticket_pages(runner, app, client, login_as):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "citizen ratings" in result.output
    assert Evaluation.select().count() > 300
    assert Evaluation.select().where(Evaluation.status == Status.HELD).count() >= 3
    statuses = {t.status for t in ComplaintTicket.select()}
    assert {TicketStatus.OPEN, TicketStatus.CLOSED, TicketStatus.APPEALED} <= statuses
    login_as(User.get(User.username == "admin"))
    for url in ("/", "/evaluations/", "/evaluations/summary", "/evaluations/review", "/complaints/",
                "/complaints/?state=all", "/evaluations/reasons/", "/workcal/", "/qr/"):
        assert client.get(url).status_code == 200, url
    for ticket in list(ComplaintTicket.select()):
        assert client.get(f"/complaints/{ticket.id}").status_code == 200
    manager = User.get(User.username == "manager")
    login_as(manager)
    html = client.get("/complaints/?state=all").get_data(as_text=True)
    own = ComplaintTicket.select().where(ComplaintTicket.unit == manager.unit_id).count()
    assert len(re.findall(r'href="/complaints/\d+"', html)) == own > 0
    check_seeded_questionnaires(result.output, app, client, login_as)
    check_believable_history()


def check_believable_history():
    """Every step is stamped when it happened: the timeline agrees with 已于…回访/办结, nothing
    happens before the ticket opened or in the future, and some tickets were genuinely late."""
    import datetime as dt

    from inspectapp.common.timeutil import now
    from inspectapp.complaints.models import ComplaintEvent
    from inspectapp.inspections.models import Finding
    from inspectapp.inspections.models import Inspection

    seeded = now()
    for ticket in ComplaintTicket.select():
        events = list(ComplaintEvent.select().where(ComplaintEvent.ticket == ticket).order_by(ComplaintEvent.id))
        stamps = [e.created_at for e in events]
        assert stamps == sorted(stamps) and stamps[0] == ticket.opened_at, ticket.id
        by_action = {e.action: e.created_at for e in events}
        if ticket.called_back_at:
            assert by_action["callback"] == ticket.called_back_at
        if ticket.closed_at:
            assert by_action["close"] == ticket.closed_at < seeded - dt.timedelta(minutes=30)
    assert sum(t.called_back_late() for t in ComplaintTicket.select()) >= 2
    assert sum(t.closed_late() for t in ComplaintTicket.select()) >= 1
    assert sum(not t.closed_late() for t in ComplaintTicket.select() if t.closed_at) >= 10
    visit = Inspection.select().where(Inspection.published_at.is_null(False)).order_by(Inspection.date.desc()).get()
    assert visit.submitted_at < visit.published_at < seeded - dt.timedelta(hours=12)
    assert [f.is_late for f in Finding.select().where(Finding.inspection == visit)].count(True) == 1
