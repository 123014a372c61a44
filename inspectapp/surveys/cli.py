"""`flask --app inspectapp surveys retally [ID]` and `surveys prune-drafts`."""
import datetime as dt

import click
from flask.cli import AppGroup

from inspectapp.common.timeutil import now
from inspectapp.db import db

surveys_cli = AppGroup("surveys", help="Questionnaires and appraisal campaigns.")


@surveys_cli.command("retally")
@click.argument("questionnaire_id", type=int, required=False)
def retally_command(questionnaire_id):
    """Recompute the result tallies from the stored answers (all questionnaires, or one)."""
    from inspectapp.surveys import tallies
    from inspectapp.surveys.models import Questionnaire

    with db.connection_context():
        query = Questionnaire.select().order_by(Questionnaire.id)
        if questionnaire_id:
            query = query.where(Questionnaire.id == questionnaire_id)
        for questionnaire in query:
            cells = tallies.rebuild(questionnaire)
            click.echo(f"{questionnaire.id} {questionnaire.title}: {cells} answer cells tallied")


@surveys_cli.command("prune-drafts")
@click.option("--days", default=7, show_default=True, help="Drop drafts untouched for this many days.")
def prune_drafts_command(days):
    """Delete abandoned drafts (answers typed but never sent)."""
    from inspectapp.surveys.response_models import ResponseDraft

    with db.connection_context():
        gone = ResponseDraft.delete().where(ResponseDraft.updated_at < now() - dt.timedelta(days=days)).execute()
    click.echo(f"Deleted {gone} drafts older than {days} days")
