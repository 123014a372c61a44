"""`flask --app inspectapp rectifications …`: the daily escalation run and the notice PDFs."""

import click
from flask import current_app
from flask.cli import AppGroup

from inspectapp.common.errors import DomainError
from inspectapp.db import db
from inspectapp.officialdoc.docno import doc_no
from inspectapp.officialdoc.docno import parse_doc_no

rectifications_cli = AppGroup("rectifications", help="整改通知: daily escalation and notice PDFs.")


def find_case(number):
    """A case by its number as printed (临政服改〔2026〕12号, also typed with [] or ()), or by its id."""
    from inspectapp.rectifications.models import RectificationCase

    number = number.strip()
    if number.isdigit():
        case = RectificationCase.get_or_none(RectificationCase.id == int(number))
    else:
        parsed = parse_doc_no(number)
        case = RectificationCase.get_or_none(RectificationCase.doc_no == doc_no(*parsed)) if parsed else None
    if case is None:
        raise click.ClickException(f"没有编号为 {number} 的整改通知")
    return case


def _write(path, pdf):
    with open(path, "wb") as fh:
        fh.write(pdf)
    click.echo(f"Wrote {path} ({len(pdf) // 1024} KB)")


@rectifications_cli.command("escalate")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Run as of this day (default: today).")
def escalate_command(today):
    """Apply the ladder 提醒 → 黄牌 → 红牌 to overdue cases (idempotent; run daily from cron)."""
    from inspectapp.rectifications import escalation
    from inspectapp.rectifications.models import Card

    with db.connection_context():
        run = escalation.escalate(today.date() if today else None,
                                  thresholds=current_app.config["RECTIFICATION_CARD_THRESHOLDS"])
    for level, ids in run.raised.items():
        if ids:
            click.echo(f"{Card.LABELS[level]}: {len(ids)} ({', '.join(map(str, ids))})")
    click.echo(f"{run.today}: {run.total} case(s) escalated")


@rectifications_cli.command("notice")
@click.argument("number")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="PDF file to write.")
def notice_command(number, output):
    """The 整改通知书 of one case: NUMBER as printed (临政服改〔2026〕12号) or the case id."""
    from inspectapp.rectifications import notice

    with current_app.test_request_context("/"), db.connection_context():
        case = find_case(number)
        try:
            pdf = notice.notice_pdf(case, notice.case_url(case))
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
    _write(output, pdf)


@rectifications_cli.command("notices")
@click.option("--inspection", "inspection_id", required=True, type=int, help="Inspection id.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="PDF file to write.")
def notices_command(inspection_id, output):
    """Every issued notice of one inspection in one PDF."""
    from inspectapp.rectifications import notice
    from inspectapp.rectifications.models import RectificationCase

    with current_app.test_request_context("/"), db.connection_context():
        cases = list(RectificationCase.select().where(RectificationCase.inspection == inspection_id)
                     .order_by(RectificationCase.issued_at, RectificationCase.id))
        try:
            pdf = notice.notices_pdf(cases, notice.case_url)
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
    _write(output, pdf)
    click.echo(f"{len([c for c in cases if c.doc_no])} notice(s)")
