"""`flask --app inspectapp documents …`: the official-document base — fonts and a printed specimen."""
import datetime as dt

import click
from flask import current_app
from flask.cli import AppGroup

from inspectapp.officialdoc.numbers import issuer_from_config
from inspectapp.officialdoc.render import OfficialDoc
from inspectapp.officialdoc.render import font_report
from inspectapp.officialdoc.render import render_official_pdf

documents_cli = AppGroup("documents", help="Official documents (公文): fonts and a layout specimen.")

ROLE_LABELS = {"title": "标题、发文机关标志（小标宋）", "body": "正文（仿宋）", "hei": "一级标题（黑体）",
               "kai": "二级标题（楷体）", "song": "页码（宋体）"}
#: Characters of personal and place names that GB 2312 lacks (通用规范汉字表 has them).
RARE_CHARACTERS = "堃喆昇珺玥旻䶮镕瑄槿赟"
#: 28 characters: one full line of the 版心 grid.
GRID_LINE = "政务服务窗口效能督查整改通知复查销号通报评议一二三四五六"


@documents_cli.command("fonts")
def fonts_command():
    """Which font file draws each role (licensed fonts from <instance>/fonts come first)."""
    for role, choice in font_report().items():
        click.echo(f"{ROLE_LABELS[role]:<16} {choice.source:<8} {choice.name}  {choice.path}")


def specimen_pdf(today=None):
    doc = OfficialDoc(issuer=issuer_from_config(current_app.config), title="关于核对公文版式和字体的样张",
                      number="样张〔2026〕1号", recipients="各窗口单位", issued_on=today or dt.date.today(),
                      cc=["本单位办公室"], printed_by=current_app.config["ISSUER_NAME"],
                      printed_on=today or dt.date.today())
    return render_official_pdf("pdf/official_specimen.html", doc=doc, fonts=font_report(), role_labels=ROLE_LABELS,
                               rare=RARE_CHARACTERS, grid_line=GRID_LINE)


@documents_cli.command("specimen")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def specimen_command(output):
    """Print a layout specimen (版式样张) to check a printer and the fonts."""
    with open(output, "wb") as fh:
        fh.write(specimen_pdf())
    click.echo(f"Wrote {output}")
