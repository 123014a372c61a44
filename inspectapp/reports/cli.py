"""`flask --app inspectapp reports bulletin --period 2026-11 [--hall CODE] [--public] -o f.pdf`
(the issued bulletin of that period, or a marked preview when none was issued; `--issue --by NAME`
issues it first) and `reports rollup [--rebuild]` (the rating rollup behind the statistics)."""
import click
from flask import current_app
from flask.cli import AppGroup

from inspectapp.auth.models import User
from inspectapp.auth.roles import can_issue_bulletins
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import local_today
from inspectapp.db import db
from inspectapp.orgs.models import Hall
from inspectapp.reports.periods import Period
from inspectapp.reports.periods import PeriodError

reports_cli = AppGroup("reports", help="Bulletins (通报) and statistics.")


def _hall(code):
    if not code:
        return None
    hall = Hall.get_or_none(Hall.code == code)
    if hall is None:
        raise click.ClickException(f"没有编码为 {code} 的大厅")
    return hall


def _issuer(username):
    user = User.get_or_none(User.username == username) if username else None
    if user is None or not can_issue_bulletins(user):
        raise click.ClickException("签发须用 --by 指定一名在用的督查管理员账号")
    return user


@reports_cli.command("bulletin")
@click.option("--period", "period_key", required=True, help="2026-11, 2026-Q4, 2026 or 2026-11-01..2026-11-15.")
@click.option("--hall", "hall_code", default="", help="Hall code (default: every hall).")
@click.option("--public", is_flag=True, help="The public version (no staff, nothing about inspectors).")
@click.option("--issue", "do_issue", is_flag=True,
              help="Issue it now (numbered and frozen) with the saved draft texts.")
@click.option("--by", "username", default="", help="The admin who issues (with --issue).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="PDF file to write.")
def bulletin_command(period_key, hall_code, public, do_issue, username, output):
    """Write the PDF of a period's bulletin: the issued one, or a preview marked 预览稿."""
    from inspectapp.reports import bulletin_content
    from inspectapp.reports import bulletins
    from inspectapp.reports import rendering
    from inspectapp.reports.models import Version
    from inspectapp.reports.stats import Settings

    try:
        period = Period.parse(period_key)
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint="--period") from None
    version = Version.PUBLIC if public else Version.INTERNAL
    config, today = current_app.config, local_today()
    with current_app.test_request_context("/"), db.connection_context():
        hall = _hall(hall_code)
        issuer = rendering.issuer_name(config)
        texts = bulletins.draft_texts(period, hall, issuer, today, config["REPORT_RECTIFY_DAYS"])
        if do_issue:
            actor = _issuer(username)
            click.echo("正在签发并生成内部版、公开版 PDF …", err=True)
            try:
                rendering.issue(period, hall, texts, Settings.from_config(config), actor, today)
            except DomainError as exc:
                raise click.ClickException(exc.message) from None
        issued = bulletins.issued_for(period, hall)
        if issued:
            pdf, what = bulletins.pdf_of(issued[0], version, rendering.render_pdf), issued[0].doc_no
        else:
            click.echo(f"{period.label}尚未签发通报，生成预览稿（不编号）…", err=True)
            data = bulletin_content.build(period, hall, texts, Settings.from_config(config), today, issuer)
            pdf, what = rendering.snapshot_pdf(data, version, draft=True), "预览稿"
    with open(output, "wb") as f:
        f.write(pdf)
    click.echo(f"Wrote {output} ({len(pdf) // 1024} KB): {what}，{Version.LABELS[version]}")


@reports_cli.command("rollup")
@click.option("--rebuild", is_flag=True, help="Recompute every rollup from the ratings, tickets and inspections.")
def rollup_command(rebuild):
    """Roll up finished days of ratings (statistics do this themselves); --rebuild after a restore
    or a manual data fix recomputes the rating, 差评 ticket and inspection rollups."""
    from inspectapp.evaluations import rollup
    from inspectapp.inspections import rollup as inspection_rollup

    def progress(day):
        if day.day == 1:
            click.echo(f"  {day:%Y-%m} …", err=True)

    with db.connection_context():
        days = rollup.rebuild(progress) if rebuild else rollup.advance(progress=progress)
        if rebuild:
            inspection_rollup.rebuild()
    click.echo(f"Rolled up {days} days of ratings" + ("; inspections rolled up again" if rebuild else ""))
