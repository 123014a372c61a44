"""The baseline for bench/submit_throughput.py: a bare Flask + peewee app that inserts a posted
rating and redirects, on the same SQLite settings as inspectapp (WAL, foreign keys, busy timeout).

Run by the bench under gunicorn: BARE_DB=/path/to.sqlite gunicorn bench.bare_app:app
"""
import datetime as dt
import json
import os

from flask import Flask
from flask import redirect
from flask import request
from peewee import CharField
from peewee import DateTimeField
from peewee import IntegerField
from peewee import Model
from playhouse.db_url import connect

db = connect("sqlite:///" + os.environ["BARE_DB"],
             pragmas={"journal_mode": "wal", "foreign_keys": 1, "synchronous": "normal", "busy_timeout": 10000},
             timeout=10)


class Rating(Model):
    token = CharField(max_length=64, index=True)
    level = IntegerField()
    reasons = CharField(default="")
    comment = CharField(default="")
    key = CharField(max_length=64, unique=True)
    submitted_at = DateTimeField(default=dt.datetime.utcnow)

    class Meta:
        database = db


app = Flask(__name__)


@app.before_request
def _open():
    db.connect(reuse_if_open=True)


@app.teardown_request
def _close(exc):
    if not db.is_closed():
        db.close()


@app.post("/e/<token>")
def submit(token):
    Rating.create(token=token, level=int(request.form["level"]), reasons="|".join(request.form.getlist("reasons")),
                  comment=request.form.get("comment", ""), key=request.form["key"])
    return redirect(f"/e/{token}/thanks?k={request.form['key']}", code=303)


class SurveyResponse(Model):
    """The bare baseline of a questionnaire response: one row, the answers as posted (JSON)."""

    token = CharField(max_length=64, index=True)
    answers = CharField()
    key = CharField(max_length=64, unique=True)
    submitted_at = DateTimeField(default=dt.datetime.utcnow)

    class Meta:
        database = db


@app.post("/q/<token>")
def submit_survey(token):
    answers = {k: request.form.getlist(k) for k in request.form if k.startswith("Q")}
    SurveyResponse.create(token=token, answers=json.dumps(answers, ensure_ascii=False), key=request.form["key"])
    return redirect(f"/q/{token}/{request.form['key']}/done", code=303)
