"""A campaign's QR code and per-hall A4 poster, drawn by the window QR feature's own code: the
code carries exactly the campaign link (PUBLIC_BASE_URL + /q/<token>, ?h=<hall code> on a
hall's poster), so every response from a poster is counted for that hall."""
from inspectapp.common.pdf import render_pdf
from inspectapp.qr import services as qr


def poster_pdf(questionnaire, hall, url, title, intro):
    """A4 poster of one campaign for one hall."""
    qr.check_base(url)
    return render_pdf("pdf/survey_poster.html", questionnaire=questionnaire, hall=hall, url=url, title=title,
                      intro=intro, qr=qr.data_uri("image/svg+xml", qr.svg(url)))
