"""Running counts of the counted answers, kept in the response's own transaction.

`add` is called when a counted response is stored and when a held one is released; held and
rejected responses are never in a tally. `rebuild` recomputes a questionnaire's tallies from its
answers (the CLI `flask surveys retally`, and the tests that prove both always agree).
Rows are upserted in key order, so concurrent PostgreSQL transactions lock them in one order.
"""
from peewee import fn

from inspectapp.db import db
from inspectapp.db import is_sqlite
from inspectapp.evaluations.models import Status
from inspectapp.surveys import store
from inspectapp.surveys.response_models import Answer
from inspectapp.surveys.response_models import DayTally
from inspectapp.surveys.response_models import Tally
from inspectapp.surveys.store import ANSWERED

TALLY_KEY = (Tally.questionnaire_id, Tally.question_id, Tally.sub, Tally.value, Tally.hall_id, Tally.unit_id,
             Tally.window_id)


def _place(response):
    return (response.hall_id or 0, response.unit_id or 0, response.window_id or 0)


def add(response, cells):
    """Count one response: cells are (question id, sub, value, num, text)."""
    store.add_tallies(response.questionnaire_id, _place(response), response.submitted_at, cells)


def add_stored(response):
    """Count a response whose answers are already stored (a held response being released)."""
    cells = (Answer.select(Answer.question, Answer.sub, Answer.value, Answer.num, Answer.text)
             .where(Answer.response == response).tuples())
    add(response, list(cells))


TALLY_COLUMNS = "questionnaire_id, question_id, sub, value, hall_id, unit_id, window_id, n, total"


def rebuild(questionnaire):
    """Recompute every tally of a questionnaire from its counted responses, in three set-based
    statements (the same values `add` keeps; the tests hold both to agree)."""
    p = db.param
    whole = "CAST(a.num AS INTEGER)" if is_sqlite() else "CAST(TRUNC(a.num) AS INTEGER)"
    day = "date(r.submitted_at, '+8 hours')" if is_sqlite() else "CAST(r.submitted_at + INTERVAL '8 hours' AS date)"
    place = "COALESCE(r.hall_id, 0), COALESCE(r.unit_id, 0), COALESCE(r.window_id, 0)"
    counted = f"r.questionnaire_id = {p} AND r.status = {p}"
    with db.atomic():
        Tally.delete().where(Tally.questionnaire_id == questionnaire.id).execute()
        DayTally.delete().where(DayTally.questionnaire_id == questionnaire.id).execute()
        db.execute_sql(
            f"INSERT INTO survey_tally ({TALLY_COLUMNS}) "
            f"SELECT r.questionnaire_id, a.question_id, a.sub, "
            f"CASE WHEN a.num IS NOT NULL THEN {whole} ELSE COALESCE(a.value, 0) END AS v, {place}, COUNT(*), "
            f"COALESCE(SUM(a.num), 0) FROM survey_answer a JOIN survey_response r ON r.id = a.response_id "
            f"WHERE {counted} GROUP BY r.questionnaire_id, a.question_id, a.sub, v, {place}",
            (questionnaire.id, Status.VALID))
        db.execute_sql(
            f"INSERT INTO survey_tally ({TALLY_COLUMNS}) "
            f"SELECT r.questionnaire_id, a.question_id, {ANSWERED}, 0, {place}, COUNT(DISTINCT a.response_id), 0 "
            f"FROM survey_answer a JOIN survey_response r ON r.id = a.response_id "
            f"WHERE {counted} GROUP BY r.questionnaire_id, a.question_id, {place}", (questionnaire.id, Status.VALID))
        db.execute_sql(
            f"INSERT INTO survey_day_tally (questionnaire_id, day, hall_id, unit_id, window_id, n) "
            f"SELECT r.questionnaire_id, {day} AS d, {place}, COUNT(*) FROM survey_response r "
            f"WHERE {counted} GROUP BY r.questionnaire_id, d, {place}", (questionnaire.id, Status.VALID))
    return Tally.select(fn.SUM(Tally.n)).where(Tally.questionnaire_id == questionnaire.id).scalar() or 0
