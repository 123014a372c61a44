"""Bulletins on the shared official-document base (officialdoc): the 通报 serial, the PDF of a
snapshot, and the SVG charts both the HTML and the PDF draw from a payload."""
import datetime as dt

from flask import current_app

from inspectapp.officialdoc.numbers import issue_number
from inspectapp.officialdoc.numbers import issuer_from_config
from inspectapp.officialdoc.render import OfficialDoc
from inspectapp.officialdoc.render import render_official_pdf
from inspectapp.reports import bulletins
from inspectapp.reports import charts

SERIES = "bulletin"


def issuer_name(config):
    return config["ISSUER_NAME"]


def charts_of(b):
    """The two charts of a bulletin payload, as SVG."""
    return {
        "trend": charts.line_chart(b["charts"]["trend_labels"], b["charts"]["trend_rates"], "近12个月好评率（%）",
                                   unit="%", width=600, height=210),
        "categories": charts.bar_chart([tuple(x) for x in b["charts"]["categories"]], "本期暗访发现问题类别分布",
                                       width=600, bar_height=18, label_width=200),
    }


def official_doc(meta, b, draft=False):
    issued_on = dt.date.fromisoformat(meta["issued_on"])
    return OfficialDoc(
        issuer=issuer_from_config(current_app.config), title=b["title"], number=meta["doc_no"] or None,
        recipients=b["recipients"], issued_on=issued_on, cc=b["cc"], printed_by=b["printed_by"],
        printed_on=issued_on, stamp="草稿" if draft else "", draft_number="（签发时编号）" if draft else "")


def snapshot_pdf(data, version, draft=False):
    """PDF of one version of a snapshot (issued or a preview)."""
    b = data[version]
    return render_official_pdf("pdf/bulletin.html", doc=official_doc(data["meta"], b, draft), b=b,
                               meta=data["meta"], charts=charts_of(b))


def render_pdf(bulletin, version):
    return snapshot_pdf(bulletin.data, version)


def issue(period, hall, texts, settings, actor, today, ip="", issue_key=None):
    """Issue with the next 通报 serial of the configured issuer, then store both PDFs."""
    issuer = issuer_from_config(current_app.config)

    def number(bulletin_id):
        row = issue_number(issuer, SERIES, today.year, "bulletin", bulletin_id, actor)
        return row.serial, row.year, row.text

    bulletin = bulletins.issue(period, hall, texts, settings, actor, number, today, issuer.name, ip, issue_key)
    bulletins.store_pdfs(bulletin, render_pdf)
    return bulletin

