"""The write path of a response in plain SQL: one statement each for the response, its answers,
its tallies and its day's count. It runs on every submission, and building these statements with
the query builder cost more than the database work itself (bench/survey_submit_throughput.py).
The columns are the models' (response_models.py); tallies.rebuild holds the counts to the answers.
"""
import math
from collections import defaultdict

from inspectapp.common.timeutil import to_local
from inspectapp.db import db

RESPONSE_COLUMNS = ("questionnaire_id", "version_id", "hall_id", "unit_id", "window_id", "channel", "started_at",
                    "submitted_at", "idempotency_key", "device_hash", "ip", "user_agent", "locale", "status",
                    "hold_reasons", "review_note")
TALLY_KEY = ("questionnaire_id", "question_id", "sub", "value", "hall_id", "unit_id", "window_id")
DAY_KEY = ("questionnaire_id", "day", "hall_id", "unit_id", "window_id")
VALUE_LIMIT = 2_000_000_000
#: Tally rows with this `sub` count the responses that answered a question at all (a multiple
#: choice question has more choices than respondents).
ANSWERED = -1


def _values(rows, width):
    one = "(" + ", ".join([db.param] * width) + ")"
    return ", ".join([one] * rows)


def insert_response(values):
    """Insert one survey_response row from a {column: value} dict; returns its id."""
    params = [values.get(c) for c in RESPONSE_COLUMNS]
    sql = (f"INSERT INTO survey_response ({', '.join(RESPONSE_COLUMNS)}) VALUES {_values(1, len(params))} "
           f"RETURNING id")
    return db.execute_sql(sql, params).fetchone()[0]


def insert_answers(response_id, cells):
    """cells: (question id, sub, value, num, text)."""
    if not cells:
        return
    params = [x for cell in cells for x in (response_id, *cell)]
    db.execute_sql("INSERT INTO survey_answer (response_id, question_id, sub, value, num, text) VALUES "
                   + _values(len(cells), 6), params)


def cell_value(value, num):
    """The tallied value of an answer cell: the code or level; a number's whole part (toward zero);
    0 for a text."""
    if num is not None:
        return max(-VALUE_LIMIT, min(VALUE_LIMIT, math.trunc(num)))
    return value if value is not None else 0


def tally_rows(questionnaire_id, place, cells):
    """The tally increments of one response: (key..., n, total), in key order."""
    counts = defaultdict(lambda: [0, 0.0])
    for qid, sub, value, num, _text in cells:
        entry = counts[(questionnaire_id, qid, sub, cell_value(value, num), *place)]
        entry[0] += 1
        entry[1] += num or 0.0
    for qid in {cell[0] for cell in cells}:
        counts[(questionnaire_id, qid, ANSWERED, 0, *place)][0] += 1
    return [(*key, n, total) for key, (n, total) in sorted(counts.items())]


def add_tallies(questionnaire_id, place, submitted_at, cells):
    """Count one response (place: hall, unit, window ids, 0 when unknown). Rows are upserted in
    key order, so concurrent PostgreSQL transactions lock them in one order."""
    rows = tally_rows(questionnaire_id, place, cells)
    if rows:
        db.execute_sql(
            f"INSERT INTO survey_tally ({', '.join(TALLY_KEY)}, n, total) VALUES {_values(len(rows), 9)} "
            f"ON CONFLICT ({', '.join(TALLY_KEY)}) DO UPDATE SET n = survey_tally.n + excluded.n, "
            f"total = survey_tally.total + excluded.total", [x for row in rows for x in row])
    day = to_local(submitted_at).date()
    db.execute_sql(
        f"INSERT INTO survey_day_tally ({', '.join(DAY_KEY)}, n) VALUES {_values(1, 6)} "
        f"ON CONFLICT ({', '.join(DAY_KEY)}) DO UPDATE SET n = survey_day_tally.n + excluded.n",
        (questionnaire_id, day.isoformat(), *place, 1))
