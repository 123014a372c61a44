"""PDF rendering with WeasyPrint and no network: only file: and data: URLs may be loaded, and a
resource that cannot be loaded stops the render instead of being silently left out."""
import io
import os

from flask import current_app
from flask import render_template
from flask import send_file

STATIC_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "static"))


def pdf_fetcher():
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


def html_to_pdf(html, base_url=STATIC_DIR, stylesheets=None, font_config=None):
    """PDF bytes of an HTML string; `stylesheets` are pre-parsed weasyprint.CSS objects."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url, url_fetcher=pdf_fetcher())
    return document.write_pdf(stylesheets=stylesheets, font_config=font_config)


def render_pdf(template, **context):
    """Render templates/<template> to PDF bytes (needs an app or request context)."""
    return html_to_pdf(render_template(template, **context))


def static_file_url(filename):
    """file: URL of a static asset, for PDF templates."""
    return "file://" + os.path.join(current_app.static_folder, filename)


def pdf_response(pdf, download_name, as_attachment=False):
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=download_name,
                     as_attachment=as_attachment, max_age=0)
