"""Every endpoint × every identity gets exactly the status the permission table says
(permission_table.py); an endpoint missing from the table fails here with the row to add."""
from flask import url_for

from inspectapp.auth import services
from tests.security.permission_table import LOGIN
from tests.security.permission_table import ROWS
from tests.security.world import IDENTITIES
from tests.security.world import build_world

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _routes(app):
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules() for method in rule.methods - IGNORED_METHODS}


def test_every_endpoint_is_in_the_permission_table(app):
    table = {(row.endpoint, row.method) for row in ROWS}
    missing = sorted(_routes(app) - table)
    rules = {r.endpoint: r.rule for r in app.url_map.iter_rules()}
    assert not missing, "Endpoints missing from tests/security/permission_table.py — add one Row each:\n" + "\n".join(
        f'    Row("{endpoint}", "{method}", {{...url args...}}, anon=..., inspector=..., manager=..., '
        f"other_manager=..., viewer=..., admin=...),  # {rules[endpoint]}" for endpoint, method in missing)
    stale = sorted(table - _routes(app))
    assert not stale, f"Rows for endpoints that no longer exist: {stale}"


def _value(world, spec):
    if isinstance(spec, str) and spec[:1] in "@#":
        obj = world
        for part in spec[1:].split("."):
            obj = getattr(obj, part)
        return obj.id if spec[0] == "@" else obj
    return spec


def _status(response):
    if response.status_code == 302 and response.headers["Location"].startswith("/auth/login"):
        return LOGIN
    return response.status_code


#: Rows whose allowed request changes what later rows need (a deactivated window, a submitted
#: draft …): each gets a world of its own (built in the same database, so it is cheap).
OWN_WORLD = {"orgs.deactivate", "orgs.rotate_token", "inspections.change_status", "inspections.remove_item",
             "inspections.drop_finding", "inspections.restore_finding", "workcal.remove_day", "auth.deactivate_user",
             "evaluations.decide", "inspections.withdraw", "surveys.close", "survey_questions.move_question",
             "survey_questions.remove_question"}


def _check(app, world, row):
    with app.test_request_context():
        url = url_for(row.endpoint, **{k: _value(world, v) for k, v in row.args.items()})
    got = {}
    for identity in IDENTITIES:
        client = app.test_client()
        if identity != "anon":
            with client.session_transaction() as session:
                session["sid"] = services.start_session(getattr(world, identity))
        response = client.open(url, method=row.method, data={} if row.method == "POST" else None)
        got[identity] = _status(response)
        response.close()
    wrong = {i: f"got {got[i]}, table says {row.expected(i)}" for i in IDENTITIES if got[i] != row.expected(i)}
    return f"{row.method} {row.endpoint} ({url}): {wrong}" if wrong else None


def _issue_bulletin(app, world):
    from inspectapp.reports.models import Bulletin
    from tests.reports.bulletin_helpers import issue

    client = app.test_client()
    with client.session_transaction() as session:
        session["sid"] = services.start_session(world.admin)
    assert issue(client, world.hall).status_code == 302
    return Bulletin.get()


def test_permission_table(app):
    """All rows in one world (one database); GETs first, state-changing POSTs after them."""
    world = build_world(app)
    world.bulletin = _issue_bulletin(app, world)
    ordered = sorted(ROWS, key=lambda r: (r.method != "GET", r.endpoint in OWN_WORLD))
    problems = [_check(app, build_world(app) if row.endpoint in OWN_WORLD else world, row) for row in ordered]
    problems = [p for p in problems if p]
    assert not problems, "Statuses that differ from tests/security/permission_table.py:\n" + "\n".join(problems)
