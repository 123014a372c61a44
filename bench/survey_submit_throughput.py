"""Questionnaire submissions per second through the real app under gunicorn, against a bare Flask +
peewee app inserting one row per response (bench/bare_app.py), same gunicorn settings, same run
(target: ≥ 0.6 of the bare rate, 0 lost, 0 errors). Loopback only.

The questionnaire is the one-page kind a window's thank-you page offers: a satisfaction scale, a
matrix of five aspects, a single and a multiple choice, a short text; each citizen reached it
from a window (?w=), so the real app resolves the window, runs the hold checks, stores the
response, its answers and the tallies in one transaction. CSRF and rate limiting are on (limits
raised: every request comes from 127.0.0.1); the burst rule is raised so that every response takes
the counted path (tallies written), the slowest one. Each citizen first opens the page (not timed).

Usage: .venv/bin/python bench/survey_submit_throughput.py [--requests 2000] [--workers 4] [--clients 8]
"""
import argparse
import os
import random
import re
import secrets
import sqlite3
import urllib.parse

from _common import make_hall_with_windows
from _common import temp_app
from submit_throughput import alternate
from submit_throughput import free_port
from submit_throughput import request
from submit_throughput import start
from submit_throughput import stop


def build_questionnaire():
    import datetime as dt

    from inspectapp.auth.models import User
    from inspectapp.surveys import builder
    from inspectapp.surveys import campaigns

    admin = User.create(username="bench", display_name="bench", password_hash="x", role="admin")
    today = dt.date.today()
    survey = campaigns.create("questionnaire", campaigns.Settings(
        title="窗口服务满意度调查", opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=30),
        one_per_device=True), admin)
    opts = [{"code": c, "label": f"选项{c}", "label_en": ""} for c in range(1, 6)]
    for kind, values in (("scale", {"is_required": True}), ("matrix", {"aspects": opts, "has_na": True}),
                         ("single", {"options": opts, "is_required": True}),
                         ("multiple", {"options": opts, "max_choices": 2}), ("text", {"max_length": 200})):
        builder.save_question(survey, None, {"kind": kind, "text": f"{kind}题", **values}, admin)
    campaigns.publish(survey, admin)
    return survey


def prepare(port, survey_token, window_tokens, count):
    """Each citizen opens the page once (untimed): key, CSRF token, cookies."""
    citizens = []
    for i in range(count):
        window = window_tokens[i % len(window_tokens)]
        status, data, set_cookies = request(port, "GET", f"/q/{survey_token}?w={window}")
        assert status == 200, status
        html = data.decode()
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
        cookies = "; ".join(c.split(";", 1)[0] for c in set_cookies)
        citizens.append((hidden, cookies))
    return citizens


def bodies(survey_token, citizens, real):
    rng = random.Random(5)
    jobs = []
    for hidden, cookies in citizens:
        fields = [("Q1", str(rng.randint(1, 5))), ("Q3", str(rng.randint(1, 5))), ("Q5", "材料一次说清，点赞")]
        fields += [(f"Q2_{a}", str(rng.randint(0, 5))) for a in range(1, 6)]
        fields += [("Q4", str(c)) for c in rng.sample(range(1, 6), 2)]
        if real:
            fields = [(k, v) for k, v in hidden.items()] + fields + [("nav", "next")]
        else:
            fields = [("key", secrets.token_urlsafe(16))] + fields
        jobs.append((f"/q/{survey_token}", urllib.parse.urlencode(fields), cookies if real else ""))
    return jobs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()

    app, directory = temp_app()
    _hall, windows = make_hall_with_windows(40)
    survey = build_questionnaire()
    with open(os.path.join(directory, "config.py"), "w") as f:
        f.write(f"SECRET_KEY = 'bench-secret-{secrets.token_hex(8)}'\nPUBLIC_BASE_URL = 'http://127.0.0.1'\n"
                f"DATABASE_URL = 'sqlite:///{directory}/bench.sqlite'\n"
                "SURVEY_IP_RATE_LIMIT = '1000000 per minute'\nEVAL_BURST_LIMIT = 1000000\n"
                "EVAL_HOLD_NON_WORKDAYS = False\n")
    bare_db = os.path.join(directory, "bare.sqlite")
    os.environ["BARE_DB"] = bare_db
    from bare_app import SurveyResponse  # noqa: E402  (reads BARE_DB)

    SurveyResponse.create_table()
    SurveyResponse._meta.database.close()
    print(f"{args.requests} questionnaire POSTs to each app in {args.rounds} alternating rounds, {args.clients} "
          f"client threads, gunicorn --workers {args.workers} (sync), SQLite WAL, loopback")
    real_port, bare_port = free_port(), free_port()
    real = start("inspectapp:create_app()", {"INSPECTAPP_INSTANCE_PATH": directory}, args.workers, real_port)
    bare = start("bench.bare_app:app", {"BARE_DB": bare_db}, args.workers, bare_port)
    names = ("inspectapp", "bare Flask+peewee")
    try:
        citizens = prepare(real_port, survey.token, [w.public_token for w in windows], args.requests)
        jobs = {names[0]: bodies(survey.token, citizens, True), names[1]: bodies(survey.token, citizens, False)}
        results, cpu = alternate({names[0]: (real_port, real), names[1]: (bare_port, bare)}, jobs, args.rounds,
                                 args.clients)
    finally:
        stop(real)
        stop(bare)

    from inspectapp.surveys.response_models import Answer
    from inspectapp.surveys.response_models import Response

    stored = {names[0]: Response.select().count(),
              names[1]: sqlite3.connect(bare_db).execute("SELECT COUNT(*) FROM surveyresponse").fetchone()[0]}
    held = Response.select().where(Response.status == "held").count()
    for name, (seconds, counts) in results.items():
        print(f"{name:<20} {args.requests / seconds:8.1f} submissions/s  ({seconds:.2f} s)  303 {counts['ok']}  "
              f"errors {counts['errors']}  stored {stored[name]}  lost {args.requests - stored[name]}  "
              f"statuses {counts['statuses']}")
        print(f"{'':<20} server CPU {1000 * cpu[name] / args.requests:.2f} ms per submission")
    ratio = results[names[1]][0] / results[names[0]][0]
    print(f"ratio inspectapp / bare = {ratio:.2f} (target >= 0.6); {Answer.select().count()} answer rows, "
          f"{held} held")


if __name__ == "__main__":
    main()
