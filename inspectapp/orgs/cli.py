import sys

import click
from flask.cli import AppGroup

from inspectapp.db import db
from inspectapp.orgs import csvio

orgs_cli = AppGroup("orgs", help="Import and export the org tree.")


@orgs_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(path):
    """Import halls, units, windows and staff from a CSV file (idempotent)."""
    with open(path, "rb") as f:
        try:
            text = csvio.decode(f.read())
        except csvio.RowError as exc:
            raise click.ClickException(str(exc)) from None
    with db.connection_context():
        report = csvio.import_csv(text)
    click.echo(f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}, "
               f"errors {len(report.errors)}")
    for line, message in report.errors:
        click.echo(f"  line {line}: {message}", err=True)
    if report.errors:
        sys.exit(1)


@orgs_cli.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
def export_command(output):
    """Export the org tree as CSV."""
    with db.connection_context():
        text = csvio.export_csv()
    if output:
        with open(output, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    else:
        click.echo(text, nl=False)
