"""`flask --app inspectapp qr sheet --hall <code> -o file.pdf` and `qr poster`."""
import click
from flask import current_app
from flask.cli import AppGroup

from inspectapp.common.errors import DomainError
from inspectapp.db import db
from inspectapp.orgs.models import Window

qr_cli = AppGroup("qr", help="Print window QR codes.")


def _write(path, pdf):
    with open(path, "wb") as f:
        f.write(pdf)
    click.echo(f"Wrote {path} ({len(pdf) // 1024} KB)")


@qr_cli.command("sheet")
@click.option("--hall", "hall_code", required=True, help="Hall code, e.g. LJZX.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="PDF file to write.")
def sheet_command(hall_code, output):
    """Batch PDF with the QR code of every active window of a hall."""
    from inspectapp.qr import services
    from inspectapp.qr.links import evaluation_url

    with current_app.test_request_context("/"), db.connection_context():
        try:
            hall = services.hall_by_code(hall_code)
            pdf = services.sheet_pdf(hall, evaluation_url)
            count = len(services.sheet_windows(hall))
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
    _write(output, pdf)
    click.echo(f"{count} windows of {hall.name}")


@qr_cli.command("poster")
@click.option("--hall", "hall_code", required=True, help="Hall code.")
@click.option("--window", "number", required=True, help="Window number, e.g. A12.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="PDF file to write.")
def poster_command(hall_code, number, output):
    """A4 poster of one window."""
    from inspectapp.qr import services
    from inspectapp.qr.links import evaluation_url

    with current_app.test_request_context("/"), db.connection_context():
        try:
            hall = services.hall_by_code(hall_code)
            window = Window.get_or_none((Window.hall == hall) & (Window.number == number.upper()))
            if window is None or not window.is_active:
                raise DomainError("没有该窗口或窗口已停用")
            pdf = services.poster_pdf(window, evaluation_url(window), current_app.config["COMPLAINT_CLOSE_DAYS"])
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
    _write(output, pdf)
