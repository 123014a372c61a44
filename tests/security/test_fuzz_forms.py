"""Property-based fuzzing of every form and JSON endpoint: whatever is typed, no 500; a refused
request stores nothing and shows the form again with what was typed and a message."""
import html
import io

import pytest
from flask import url_for
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from inspectapp.audit.models import AuditLog
from inspectapp.auth import services
from inspectapp.auth.models import LoginSession
from inspectapp.models import ALL_MODELS
from inspectapp.surveys.response_models import ResponseDraft
from tests.security.forms import forms_on
from tests.security.world import build_world

HOSTILE = ["<script>alert(1)</script>", "=1+1", "\x00", "A\r\nB", "9" * 30, "-1", "0001-01-01", "9999-12-31",
           "1e400", "NaN", "'; DROP TABLE evaluation; --", "\u202e反转", "𠮷" * 10, " ", "0", "99999999999999999999"]
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=80), st.text(alphabet="0123456789-:T ", max_size=20))
#: Pages whose forms are fuzzed, per identity (more forms are found on them by parsing).
PAGES = {
    "anon": ["/e/{window_a.public_token}", "/auth/login", "/q/{survey.token}", "/q/{survey.token}/{survey_key}/1"],
    "admin": ["/auth/users/new", "/auth/users/{victim.id}/edit", "/auth/password", "/orgs/halls/new",
              "/orgs/units/new", "/orgs/windows/new", "/orgs/staff/new", "/orgs/windows/{window_a.id}/edit",
              "/evaluations/reasons/new", "/evaluations/{held.id}", "/complaints/{ticket.id}", "/inspections/new",
              "/inspections/{draft.id}/edit", "/inspections/findings/{finding.id}/review", "/workcal/",
              "/inspections/checklists/{template.id}/items/new", "/inspections/checklists/{template.id}/copy",
              "/rectifications/{draft_case.id}/edit", "/rectifications/{case.id}",
              "/rectifications/inspections/{inspection.id}/open", "/surveys/new", "/surveys/{survey.id}/settings",
              "/surveys/{survey.id}/scope", "/surveys/{survey.id}/questions/new?kind=single",
              "/surveys/{survey.id}/questions/{question.id}", "/surveys/{appraisal.id}/award",
              "/surveys/{appraisal.id}/subjects", "/surveys/{survey.id}/responses/{response.id}",
              "/surveys/{survey.id}/preview/{preview_key}/1"],
    "manager": ["/complaints/{ticket.id}", "/rectifications/{case.id}/report"],
    "inspector": ["/inspections/{draft.id}/checklist", "/inspections/{draft.id}/findings/{draft_finding.client_id}"],
}
SKIP_ACTIONS = ("/auth/logout", "/lang/")
#: A refused login is audited; sessions are the test's own; a questionnaire page refused for a
#: missing answer keeps what was typed as the citizen's draft (answers survive a reload).
NOT_DATA = (AuditLog, LoginSession, ResponseDraft)


def _counts():
    return {m.__name__: m.select().count() for m in ALL_MODELS if m not in NOT_DATA}


def _client(app, world, identity):
    client = app.test_client()
    if identity != "anon":
        with client.session_transaction() as session:
            session["sid"] = services.start_session(getattr(world, identity))
    return client


def _collect(app, world):
    found = {}
    for identity, pages in PAGES.items():
        client = _client(app, world, identity)
        for page in pages:
            url = page.format(**vars(world))
            response = client.get(url)
            assert response.status_code == 200, url
            for form in forms_on(url, response.get_data(as_text=True)):
                fuzzable = [f for f in form.fields.values() if f.name not in ("csrf_token", "next")]
                if fuzzable and not form.action.startswith(SKIP_ACTIONS):
                    found.setdefault(form.key, (identity, form))
    return list(found.values())


def _value(data, f):
    choice = data.draw(st.integers(0, 9))
    if f.kind in ("select", "radio", "checkbox") and f.options and choice < 6:
        return data.draw(st.sampled_from(f.options))
    if f.kind == "hidden" and choice < 6:
        return f.default
    if f.kind == "file":
        return (io.BytesIO(data.draw(st.binary(max_size=64))), "x.jpg")
    if f.kind in ("text", "textarea", "tel", "number", "date", "hidden", "password", "time") and choice < 2:
        return f.default
    return data.draw(TEXT)


@pytest.fixture
def world(app):
    return build_world(app)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_form_survives_anything(app, world, data):
    forms = _collect(app, world) if not hasattr(world, "forms") else world.forms
    world.forms = forms
    identity, form = data.draw(st.sampled_from(forms))
    values = {f.name: _value(data, f) for f in form.fields.values() if f.name != "csrf_token"}
    client = _client(app, world, identity)
    before = _counts()
    has_file = any(isinstance(v, tuple) for v in values.values())
    response = client.post(form.action, data=values, content_type="multipart/form-data" if has_file else None)
    status = response.status_code
    assert status < 500, f"{form.action}: {status}"
    if status in (302, 303):
        return
    assert _counts() == before, f"{form.action} refused ({status}) but stored something"
    if response.mimetype != "text/html" or status == 429:
        return
    raw = response.get_data(as_text=True)
    if f'action="{html.escape(form.action)}"' not in raw:
        return  # an earlier example moved the record on (e.g. appealed): this form is not offered any more
    body = html.unescape(raw)
    typed = [v for k, v in values.items() if isinstance(v, str) and form.fields[k].kind in ("text", "textarea", "tel")
             and v.strip() and v.isprintable() and len(v) <= 80]
    for value in typed:
        assert value.strip() in body, f"{form.action}: typed {value!r} is not shown again"
    if typed:
        assert any(mark in body for mark in ('class="error"', "flash-error", 'class="banner')), \
            f"{form.action}: refused without a message"


JSON_FIELDS = ("client_id", "rev", "item", "window", "staff_no", "severity", "note", "sentence", "sentence_auto",
               "withdrawn", "recorded_at", "sent_at")
JSON_VALUE = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), TEXT,
                       st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                                            max_size=2))


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(payload=st.one_of(st.dictionaries(st.sampled_from(JSON_FIELDS), JSON_VALUE), JSON_VALUE),
       endpoint=st.sampled_from(["api_finding", "api_visit"]))
def test_the_phone_api_survives_anything(app, world, payload, endpoint):
    client = _client(app, world, "inspector")
    with app.test_request_context():
        url = url_for(f"inspections.{endpoint}", inspection_id=world.draft.id)
    before = _counts()
    response = client.post(url, json=payload)
    assert response.status_code < 500
    assert response.is_json, "the phone needs JSON to show a message"
    if response.status_code >= 400:
        assert response.get_json()["error"] and _counts() == before
