"""Command registration: `flask --app inspectapp <command>`. Each command is a thin wrapper."""
import os

import click
from flask import current_app
from flask.cli import with_appcontext

from inspectapp import backup
from inspectapp.auth.cli import users_cli
from inspectapp.common.web import upload_root
from inspectapp.db import db
from inspectapp.db import ensure_sqlite_folder
from inspectapp.db import migration_runner
from inspectapp.models import init_db
from inspectapp.officialdoc.cli import documents_cli
from inspectapp.orgs.cli import orgs_cli
from inspectapp.qr.cli import qr_cli
from inspectapp.rectifications.cli import rectifications_cli
from inspectapp.reports.cli import reports_cli
from inspectapp.surveys.cli import surveys_cli


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create the database tables (idempotent)."""
    url = current_app.config["DATABASE_URL"]
    os.makedirs(current_app.instance_path, exist_ok=True)
    ensure_sqlite_folder(url)
    fresh, applied = init_db()
    click.echo(("Created" if fresh else "Checked") + f" database {url}")
    for name in applied:
        click.echo(f"  migration {name}: " + ("recorded" if fresh else "applied"))


@click.command("migrate")
@with_appcontext
def migrate_command():
    """Apply pending schema migrations."""
    with db.connection_context():
        applied = migration_runner().up()
    click.echo("Applied: " + (", ".join(applied) if applied else "nothing pending"))


@click.command("seed-demo")
@with_appcontext
@click.option("--force", is_flag=True, help="Seed even if the database already has halls.")
def seed_demo_command(force):
    """Fill an empty database with a realistic demo and print the logins."""
    from inspectapp.seed import DEMO_PASSWORD
    from inspectapp.seed import seed_demo

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


@click.command("backup")
@with_appcontext
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Archive to write (.tar.gz): the database and every upload.")
def backup_command(output):
    """Consistent online backup of the database and the uploads (safe while the app serves)."""
    try:
        manifest = backup.backup(output, current_app.config["DATABASE_URL"], upload_root(current_app))
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    rows = sum(manifest["rows"].values()) if manifest["rows"] else "(pg_dump)"
    click.echo(f"Wrote {output}: database {manifest['database']} ({rows} rows), {len(manifest['files'])} files.")


@click.command("restore")
@with_appcontext
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing SQLite database file.")
def restore_command(archive, force):
    """Restore a backup archive into an empty instance (stop the app first)."""
    try:
        manifest = backup.restore(archive, current_app.config["DATABASE_URL"], upload_root(current_app), force=force)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored {archive} (made {manifest['created_at']}): {len(manifest['files'])} files.")


def register_commands(app):
    app.cli.add_command(init_db_command)
    app.cli.add_command(migrate_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(orgs_cli)
    app.cli.add_command(qr_cli)
    app.cli.add_command(surveys_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(documents_cli)
    app.cli.add_command(rectifications_cli)
