"""Issuing and reading bulletins through the pages, for the bulletin tests."""
from inspectapp.reports.models import Bulletin

NOV = "2025-11"


def issue(client, hall, **changes):
    data = {"title": "关于2025年11月临江市政务服务中心窗口服务情况的通报", "recipients": "各进驻单位",
            "deadline": "2099-12-31", "requirements": "一是立即整改。\n二是举一反三。", "note": "",
            "cc": "市政府办公室",
            "printed_by": "临江市政务服务管理办公室", "action": "issue", **changes}
    return client.post(f"/reports/bulletins/new?period={NOV}&hall={hall.id}", data=data)


def issue_first(s, client):
    response = issue(client, s.hall)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    s.bulletin = Bulletin.get()
    return s


def login(client, user):
    """Log in as the login view does: a login session and its token in the session cookie."""
    from inspectapp.auth import services
    from inspectapp.auth.views import SESSION_KEY

    with client.session_transaction() as session:
        session[SESSION_KEY] = services.start_session(user)
    return user


def article(html):
    """The document part of a page (the menu around it carries a fresh CSRF token each time)."""
    return html[html.index('<article class="bulletin-doc">'):html.index("</article>")]


def pdf(client, bulletin, version="internal"):
    response = client.get(f"/reports/bulletins/{bulletin.id}.pdf?version={version}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response.data
