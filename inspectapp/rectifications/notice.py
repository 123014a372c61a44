"""The documents of a case on the official-document base: the 整改通知书 (with a tear-off 回执 and a QR
code to the case page), a batch of all notices of an inspection, and the 复查意见 once verified.

The data of a notice is built once (`notice_context`) and feeds the PDF; the case page shows the same
items. No inspector is ever named: an inspection is its team code ("第2检查组").
"""
import re

from flask import current_app

from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import local_today
from inspectapp.common.timeutil import to_local
from inspectapp.i18n import N_
from inspectapp.inspections.models import Evidence
from inspectapp.inspections.models import Severity
from inspectapp.officialdoc.docno import chinese_date
from inspectapp.officialdoc.numbers import issuer_from_config
from inspectapp.officialdoc.render import OfficialDoc
from inspectapp.officialdoc.render import join_documents
from inspectapp.officialdoc.render import official_html_to_pdf
from inspectapp.officialdoc.render import render_official_html
from inspectapp.qr import services as qr
from inspectapp.rectifications.escalation import DEFAULT_THRESHOLDS
from inspectapp.rectifications.models import CaseStatus
from inspectapp.rectifications.models import Source

NOTICE_TEMPLATE = "pdf/rectification_notice.html"
#: "10:13，" at the start of a worded finding (its time, which the notice prints in full instead).
_LEADING_TIME = re.compile(r"^\d{1,2}:\d{2}[，,]\s*")
REVIEW_TEMPLATE = "pdf/rectification_review.html"
#: The notice's QR code uses a fixed mask: choosing the best of eight by the penalty rules is most of
#: the cost of a code (40 ms, 2 s for a batch of 50), and any mask decodes (the test reads them).
NOTICE_QR_MASK = 2


def notice_title(case):
    return f"关于{case.unit.name}窗口服务问题限期整改的通知书"


def observed_text(item):
    local = to_local(item.observed_at)
    return f"{chinese_date(local.date())}{local.hour}时{local.minute:02d}分"


def window_text(item):
    if item.window_id is None:
        return ""
    window = item.window
    return f"{window.number}窗口"


def notice_items(case):
    """The items as the notice lists them, with the number of photos behind each finding."""
    items = list(case.items_in_order())
    findings = [i.finding_id for i in items if i.finding_id]
    photos = Evidence.counts_for(findings)
    return [{"item": item, "observed": observed_text(item), "window": window_text(item),
             "statement": statement(item), "severity": Severity.LABELS.get(item.severity, ""),
             "evidence": photos.get(item.finding_id, 0)}
            for item in items]


def statement(item):
    """"2026年11月23日10时13分，A12窗口（社保）工作人员……。": the date and time in full, the window once
    (a worded finding already starts with its time and names its window)."""
    problem = _LEADING_TIME.sub("", item.problem.strip(), count=1)
    window = window_text(item)
    if window and item.window.number not in problem:
        problem = f"{window}：{problem}"
    return f"{observed_text(item)}，{problem.rstrip('。')}。"


def opening_sentence(case):
    """How the problems were found, naming the team by its code only."""
    if case.source == Source.INSPECTION:
        inspection = case.inspection
        return (f"{chinese_date(inspection.date)}，我办{inspection.team_code}对{inspection.hall.name}"
                f"开展{inspection.mode_label}，发现你单位窗口存在以下问题：")
    return "群众通过政务服务“好差评”对你单位窗口服务作出差评，经核实，存在以下问题："


def case_url(case):
    """The case page, as the notice's QR code carries it (needs a request context): PUBLIC_BASE_URL,
    or in development without one the address the request came to."""
    from flask import request
    from flask import url_for

    base = current_app.config["PUBLIC_BASE_URL"] or request.host_url.rstrip("/")
    return base + url_for("rectifications.detail", case_id=case.id)


def notice_doc(case, issuer, preview=False):
    draft = case.status == CaseStatus.DRAFT
    if draft and not preview:
        raise DomainError(N_("整改通知书签发后才能打印，签发前请使用“预览”"))
    code = issuer.code_for("rectification")
    issued_on = case.issued_on or local_today()
    return OfficialDoc(issuer=issuer, title=notice_title(case), number=case.doc_no, recipients=case.unit.name,
                       issued_on=issued_on, stamp="草稿" if draft else "",
                       draft_number=f"{code}〔{issued_on.year}〕　号")


def notice_context(case, issuer, url, preview=False):
    """Everything the notice template shows."""
    due_on = case.notice_due_on
    if due_on is None:  # a draft: the deadline if it were issued today
        from inspectapp.workcal import services as workcal

        due_on = workcal.working_deadline(local_today(), case.deadline_days).due_on
    thresholds = current_app.config.get("RECTIFICATION_CARD_THRESHOLDS", DEFAULT_THRESHOLDS)
    code = qr.png(url, scale=8, mask_pattern=NOTICE_QR_MASK)
    return {"doc": notice_doc(case, issuer, preview), "case": case, "items": notice_items(case),
            "opening": opening_sentence(case), "due_text": chinese_date(due_on), "url": url,
            "qr": qr.data_uri("image/png", code), "thresholds": thresholds, "issuer_name": issuer.name}


def render_notice_html(case, url, preview=False):
    issuer = issuer_from_config(current_app.config)
    return render_official_html(NOTICE_TEMPLATE, **notice_context(case, issuer, url, preview))


def notice_pdf(case, url, preview=False):
    """The 整改通知书 of one case."""
    return official_html_to_pdf(render_notice_html(case, url, preview))


def notices_pdf(cases, url_of):
    """All issued notices in one PDF: each starts on a right-hand page (a blank, unnumbered page is
    put in between when needed, for double-sided printing) and counts its own pages from 1."""
    cases = [c for c in cases if c.status in CaseStatus.ISSUED_STATES]
    if not cases:
        raise DomainError(N_("这次检查还没有已签发的整改通知书"))
    return official_html_to_pdf(join_documents([render_notice_html(case, url_of(case)) for case in cases]))


def review_pdf(case):
    """The 复查意见 of a verified case."""
    if case.status != CaseStatus.VERIFIED:
        raise DomainError(N_("复查销号后才有复查意见"))
    issuer = issuer_from_config(current_app.config)
    doc = OfficialDoc(issuer=issuer, title=f"关于{case.unit.name}整改情况的复查意见", number=case.review_doc_no,
                      recipients=case.unit.name, issued_on=to_local(case.verified_at).date())
    html = render_official_html(REVIEW_TEMPLATE, doc=doc, case=case, items=notice_items(case),
                                notice_title=notice_title(case),
                                reported_text=chinese_date(to_local(case.reported_at).date()))
    return official_html_to_pdf(html)
