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
