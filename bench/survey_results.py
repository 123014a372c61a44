"""Results of a questionnaire with 20 questions and 100 000 responses (target ≤ 0.3 s), on SQLite.

The questionnaire is built through the real builder; the responses are written in bulk (this is
the data set, not what is measured) and the tallies rebuilt from them with the same set-based
statements as `flask surveys retally`. Timed, each the best of five warm runs:

- every question's distribution (the results page's data), per day, and one cross-tab by window;
- the same figures grouped from the answers (what a date filter uses), for comparison;
- the baseline: one bare COUNT(*) over the answers of those 20 questions in the same database.

Usage: .venv/bin/python bench/survey_results.py [--responses 100000]
"""
import argparse
import datetime as dt
import random
import time

from _common import make_hall_with_windows
from _common import temp_app

TARGET = 0.3


def build(admin):
    from inspectapp.surveys import builder
    from inspectapp.surveys import campaigns
    from inspectapp.surveys.kinds import Kind

    today = dt.date.today()
    survey = campaigns.create("questionnaire", campaigns.Settings(title="压测问卷",
                                                                  opens_on=today - dt.timedelta(days=90),
                                                                 closes_on=today), admin)
    options = [{"code": c, "label": f"选项{c}", "label_en": ""} for c in range(1, 7)]
    aspects = [{"code": c, "label": f"方面{c}", "label_en": ""} for c in range(1, 6)]
    plan = ([(Kind.SCALE, {})] * 6 + [(Kind.MATRIX, {"aspects": aspects, "has_na": True})] * 3
            + [(Kind.SINGLE, {"options": options})] * 4 + [(Kind.MULTIPLE, {"options": options, "max_choices": 3})] * 3
            + [(Kind.NUMBER, {"num_min": 0, "num_max": 600})] * 2 + [(Kind.TEXT, {})] * 2)
    for n, (kind, values) in enumerate(plan, 1):
        builder.save_question(survey, None, {"kind": kind, "text": f"第{n}题", **values}, admin)
    campaigns.publish(survey, admin)
    return survey


def fill(survey, windows, count, rng):
    """`count` counted responses with an answer to every question (bulk insert)."""
    from inspectapp.db import db
    from inspectapp.surveys.kinds import Kind

    version = survey.current_version()
    questions = list(version.questions())
    start = dt.datetime.utcnow() - dt.timedelta(days=60)
    conn = db.connection()
    with db.atomic():
        responses, answers = [], []
        for n in range(1, count + 1):
            window = rng.choice(windows)
            at = start + dt.timedelta(seconds=n * 50)
            responses.append((n, survey.id, version.id, window.hall_id, window.unit_id, window.id, "thanks", at, at,
                              f"bench-{n:08d}-abcdef", "", "", "", "zh_Hans", "valid", "", ""))
            for q in questions:
                if q.kind in (Kind.SCALE, Kind.SINGLE):
                    answers.append((n, q.id, 0, rng.randint(1, 5), None, None))
                elif q.kind == Kind.MATRIX:
                    answers += [(n, q.id, a, rng.randint(0, 5), None, None) for a in range(1, 6)]
                elif q.kind == Kind.MULTIPLE:
                    answers += [(n, q.id, 0, c, None, None) for c in rng.sample(range(1, 7), rng.randint(1, 3))]
                elif q.kind == Kind.NUMBER:
                    answers.append((n, q.id, 0, None, float(rng.randint(0, 120)), None))
                elif rng.random() < .2:
                    answers.append((n, q.id, 0, None, None, "排队时间有点长，希望增加窗口"))
        conn.executemany(
            "INSERT INTO survey_response (id, questionnaire_id, version_id, hall_id, unit_id, window_id, channel, "
            "started_at, submitted_at, idempotency_key, device_hash, ip, user_agent, locale, status, hold_reasons, "
            "review_note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", responses)
        conn.executemany("INSERT INTO survey_answer (response_id, question_id, sub, value, num, text) "
                         "VALUES (?,?,?,?,?,?)", answers)
    return len(answers)


def best(fn, runs=5):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=100_000)
    args = parser.parse_args()
    app, _dir = temp_app()
    from inspectapp.auth.models import User
    from inspectapp.db import db
    from inspectapp.surveys import results
    from inspectapp.surveys import tallies
    from inspectapp.surveys.results import ResultFilter

    _hall, windows = make_hall_with_windows(40)
    admin = User.create(username="bench", display_name="bench", password_hash="x", role="admin")
    with app.test_request_context():
        survey = build(admin)
        t = time.perf_counter()
        cells = fill(survey, windows, args.responses, random.Random(3))
        tallies.rebuild(survey)
        print(f"{args.responses} responses, 20 questions, {cells} answer cells written and tallied in "
              f"{time.perf_counter() - t:.1f} s")
        ids = [q.id for q in survey.current_version().questions()]
        info = next(i for i in results.catalogue(survey) if i.q.kind == "matrix")
        marks = ",".join("?" * len(ids))
        baseline = best(lambda: db.execute_sql(f"SELECT COUNT(*) FROM survey_answer WHERE question_id IN ({marks})",
                                               ids).fetchone())
        everything = ResultFilter(from_answers=True)
        timings = {
            "every question's distribution": best(lambda: results.question_results(survey, ResultFilter())),
            "responses per day": best(lambda: results.per_day(survey, ResultFilter())),
            "cross-tab of a matrix by window": best(lambda: results.crosstab(survey, info, "window", ResultFilter())),
            "results page (HTML, through the app)": None,
        }
        client = app.test_client()
        with client.session_transaction() as session:
            session["user_id"] = admin.id
        timings["results page (HTML, through the app)"] = best(
            lambda: client.get(f"/surveys/{survey.id}/results").get_data(), runs=3)
        grouped = best(lambda: results.question_results(survey, everything), runs=1)
        week = ResultFilter(start=dt.date.today() - dt.timedelta(days=30), end=dt.date.today() - dt.timedelta(days=24))
        week_time = best(lambda: results.question_results(survey, week), runs=2)
    print(f"baseline: bare COUNT(*) over the {cells} answer cells: {baseline * 1000:.0f} ms")
    for name, seconds in timings.items():
        verdict = "ok" if seconds <= TARGET else "OVER"
        print(f"{name:<40} {seconds * 1000:7.1f} ms  ({seconds / baseline:.2f} × baseline)  target ≤ 300 ms: {verdict}")
    print(f"{'date filter: one week (~10 000 responses)':<40} {week_time * 1000:7.1f} ms  — grouped from the answers")
    print(f"{'all 100 000 grouped from the answers':<40} {grouped * 1000:7.1f} ms  — what the tallies save "
          "(a date filter spanning the whole campaign uses the tallies)")


if __name__ == "__main__":
    main()
