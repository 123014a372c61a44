"""Command registration: `flask --app inspectapp <command>`. Each command is a thin wrapper."""
import click
from flask.cli import with_appcontext

from inspectapp.auth.cli import users_cli
from inspectapp.officialdoc.cli import documents_cli
from inspectapp.orgs.cli import orgs_cli
from inspectapp.qr.cli import qr_cli
from inspectapp.rectifications.cli import rectifications_cli
from inspectapp.reports.cli import reports_cli
from inspectapp.surveys.cli import surveys_cli


@click.command("seed-demo")
@with_appcontext
@click.option("--force", is_flag=True, help="Seed even if the database already has halls.")
def seed_demo_command(force):
    """Fill an empty database with a realistic demo and print the logins."""
    from inspectapp.seed import DEMO_PASSWORD
    from inspectapp.seed import seed_demo

    from inspectapp.db import db

    with db.connection_context():
        result = seed_demo(force=force)
    if result is None:
        click.echo("The database already has data; nothing seeded (use --force to add the demo anyway).")
        return
    click.echo(f"Seeded {result['halls']} halls, {result['units']} units, {result['windows']} windows, "
               f"{result['staff']} staff.")
    click.echo(f"Seeded {result['ratings']} citizen ratings and {result['tickets']} 差评 tickets.")
    click.echo(f"Seeded {result['surveys']} questionnaires (an open survey, a closed 群众评议 with its 表扬 list) "
               f"and {result['responses']} responses.")
    click.echo(f"Seeded {result['cases']} rectification cases (every state, overdue ones with 提醒/黄牌/红牌).")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, role in result["users"]:
        click.echo(f"  {username:<12} {role}")


def register_commands(app):
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(orgs_cli)
    app.cli.add_command(qr_cli)
    app.cli.add_command(surveys_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(documents_cli)
    app.cli.add_command(rectifications_cli)
