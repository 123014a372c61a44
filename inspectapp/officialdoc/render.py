"""Render an official document (公文) to PDF on the shared GB/T 9704 base.

A document template extends `templates/pdf/_official.html` and gets `doc`, an `OfficialDoc`:

    doc = OfficialDoc(issuer=issuer_from_config(app.config), title="关于……的整改通知书",
                      number="临政服改〔2026〕12号", recipients="临江市人力资源和社会保障局",
                      issued_on=date(2026, 12, 1))
    pdf = render_official_pdf("pdf/rectification_notice.html", doc=doc, case=case)

The stylesheets (`static/css/official.css` and the @font-face rules of `fonts.py`) are parsed once
per process and font set, with one WeasyPrint FontConfiguration, so a warm render only lays out.
"""
import atexit
import os
import threading
from dataclasses import dataclass
from dataclasses import field

from flask import current_app
from flask import render_template

from inspectapp.common.pdf import STATIC_DIR
from inspectapp.common.pdf import html_to_pdf
from inspectapp.common.pdf import pdf_fetcher
from inspectapp.officialdoc import fonts
from inspectapp.officialdoc.docno import chinese_date

OFFICIAL_CSS = os.path.join(STATIC_DIR, "css", "official.css")
#: A line of the 版心 holds 28 characters; a 2号 title line about 20.
TITLE_LINE_CHARS = 20
#: Document types a title keeps on one line when it must break (关于……的 / 整改通知书).
DOC_TYPES = ("整改通知书", "复查意见书", "复查意见", "通知书", "通知", "通报", "意见", "函")

#: Words after which a title may break (the end of a unit's or an office's name, or of a phrase).
BREAK_AFTER = ("的", "局", "中心", "委员会", "办公室", "委", "所", "站", "处", "院", "队", "窗口", "问题")

_local = threading.local()
# WeasyPrint's FontConfiguration cannot be finalised once the interpreter is shutting down.
atexit.register(lambda: getattr(_local, "styles", {}).clear())


@dataclass
class OfficialDoc:
    issuer: object  # numbers.Issuer
    title: str
    #: 发文字号 as printed; None for a draft (the serial is left blank).
    number: str | None = None
    #: 主送机关, without the closing colon.
    recipients: str = ""
    issued_on: object = None  # datetime.date: 成文日期
    #: Shown top left (份号 position) on drafts and previews, e.g. "草稿".
    stamp: str = ""
    draft_number: str = ""
    #: 版记: 抄送 recipients and the printing office/date; omitted when both are empty.
    cc: list = field(default_factory=list)
    printed_by: str = ""
    printed_on: object = None

    @property
    def title_lines(self):
        return title_lines(self.title)

    @property
    def date_text(self):
        return chinese_date(self.issued_on) if self.issued_on else ""

    @property
    def printed_text(self):
        return chinese_date(self.printed_on) + "印发" if self.printed_on else ""

    @property
    def has_colophon(self):
        return bool(self.cc or self.printed_by)

    @property
    def mark_size_pt(self):
        """Size of the red 发文机关标志: as large as fits the 156 mm 版心 line, at most 36 pt."""
        return round(min(36.0, 442.0 * 0.96 / max(len(self.issuer.mark), 1)), 1)


def title_lines(title, limit=TITLE_LINE_CHARS):
    """Break a 2号 title into lines at word boundaries (GB/T 9704: 回行时要做到词意完整): after the
    issuer's name (before 关于), before the document type (……的 / 通知书), else at the most balanced
    end of a word that ends names (局, 中心, 的 …); only a title with none of these is cut hard."""
    title = title.strip()
    if len(title) <= limit:
        return [title]
    about = title.find("关于")
    if 0 < about <= limit:
        return [title[:about], *title_lines(title[about:], limit)]
    for kind in DOC_TYPES:
        head = title[:-len(kind)]
        if title.endswith(kind) and head.endswith("的") and len(head) <= limit:
            return [head, kind]
    cuts = [i + len(word) for word in BREAK_AFTER for i in _find_all(title, word)]
    fitting = [cut for cut in cuts if 0 < cut <= limit and cut < len(title)]
    cut = max(fitting, key=lambda c: min(c, len(title) - c)) if fitting else limit
    return [title[:cut], *title_lines(title[cut:], limit)]


def _find_all(text, word):
    start = text.find(word)
    while start >= 0:
        yield start
        start = text.find(word, start + 1)


def fonts_folder(app=None):
    app = app or current_app
    return app.config.get("OFFICIAL_FONTS_FOLDER") or os.path.join(app.instance_path, "fonts")


def styles_for(folder):
    """(FontConfiguration, [CSS]) for a font set, built once per thread and font set."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    cache = getattr(_local, "styles", None)
    if cache is None:
        cache = _local.styles = {}
    key = (folder, fonts.signature(folder))
    if key not in cache:
        font_config = FontConfiguration()
        fetcher = pdf_fetcher()
        faces = CSS(string=fonts.font_face_css(folder), font_config=font_config, url_fetcher=fetcher)
        base = CSS(filename=OFFICIAL_CSS, font_config=font_config, url_fetcher=fetcher)
        cache.clear()
        cache[key] = (font_config, [faces, base])
    return cache[key]


def render_official_html(template, **context):
    return render_template(template, **context)


def join_documents(htmls):
    """Several rendered official documents as one HTML document (one layout pass for a batch).

    Each is a page group of its own (`.od-document` in official.css): page numbers restart at 1."""
    head, _sep, _rest = htmls[0].partition('<body class="od">')
    bodies = [html.partition('<body class="od">')[2].rpartition("</body>")[0] for html in htmls]
    return f'{head}<body class="od">{"".join(bodies)}</body></html>'


def official_html_to_pdf(html):
    font_config, stylesheets = styles_for(fonts_folder())
    return html_to_pdf(html, stylesheets=stylesheets, font_config=font_config)


def render_official_pdf(template, **context):
    """PDF bytes of a template that extends pdf/_official.html (needs an app context)."""
    return official_html_to_pdf(render_official_html(template, **context))


def font_report(app=None):
    """Which file draws each role (for the README check and the admin)."""
    return fonts.choices(fonts_folder(app))
