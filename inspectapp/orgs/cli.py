import sys

import click
from flask.cli import AppGroup

from inspectapp.db import db
from inspectapp.orgs import csvio

orgs_cli = AppGroup("orgs", help="Import and export the org tree.")


@orgs_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(path):
    """Import halls, units, windows and staff from a CSV or XLSX file (idempotent)."""
    with open(path, "rb") as f:
        try:
            table = csvio.read(f.read())
        except csvio.RowError as exc:
            raise click.ClickException(str(exc)) from None
    with db.connection_context():
        report = csvio.import_csv(table)
    click.echo(f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}, "
               f"errors {len(report.errors)}")
    for line, message in report.errors:
        click.echo(f"  line {line}: {message}", err=True)
    if report.errors:
        sys.exit(1)


@orgs_cli.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="File to write, CSV or .xlsx by its name (default: CSV on stdout).")
def export_command(output):
    """Export the org tree as CSV or XLSX."""
    fmt = "xlsx" if output and output.lower().endswith(".xlsx") else "csv"
    with db.connection_context():
        data = csvio.export_table(fmt)
    if output:
        with open(output, "wb") as f:
            f.write(data)
    else:
        click.echo(data.decode("utf-8"), nl=False)
