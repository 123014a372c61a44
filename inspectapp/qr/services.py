"""Window QR codes: the matrix, SVG and PNG images, the A4 poster and the per-hall batch sheet.

Codes carry exactly PUBLIC_BASE_URL + /e/<token> (error correction M, 4-module quiet zone). The
caller passes `url_of(window)`, built in a request context (style.md §4.7).
"""
import base64
import functools
import io
import ipaddress
from urllib.parse import urlsplit

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from inspectapp.common.errors import DomainError
from inspectapp.common.pdf import render_pdf
from inspectapp.evaluations.models import Level
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window

BORDER = 4
#: Cells per A4 sheet page (3 columns × 4 rows).
SHEET_COLUMNS, SHEET_ROWS = 3, 4


@functools.lru_cache(maxsize=4096)
def matrix(data, mask_pattern=None):
    """The QR modules as rows of booleans, quiet zone included. The mask is chosen by the standard's
    penalty rules (most of the cost) unless `mask_pattern` (0–7) fixes it — any mask decodes, the
    choice only tunes readability; a code is computed once per process and URL."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=BORDER, mask_pattern=mask_pattern)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def svg(data):
    """A compact SVG: one path of horizontal runs, in module units (scales to any print size)."""
    rows = matrix(data)
    n = len(rows)
    runs = []
    for y, row in enumerate(rows):
        x = 0
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" shape-rendering="crispEdges">'
            f'<rect width="{n}" height="{n}" fill="#fff"/><path d="{"".join(runs)}"/></svg>')


def png(data, scale=10, mask_pattern=None):
    """A 1-bit PNG, `scale` pixels per module."""
    from PIL import Image

    rows = matrix(data, mask_pattern)
    n = len(rows)
    small = Image.new("1", (n, n), 1)
    small.putdata([0 if dark else 1 for row in rows for dark in row])
    big = small.resize((n * scale, n * scale), Image.NEAREST)
    out = io.BytesIO()
    big.save(out, "PNG")
    return out.getvalue()


def data_uri(mimetype, payload):
    if isinstance(payload, str):
        payload = payload.encode()
    return f"data:{mimetype};base64,{base64.b64encode(payload).decode()}"


def base_warning(base):
    """Why codes printed with this PUBLIC_BASE_URL would not open on a citizen's phone, or None.

    A loopback (127.0.0.1, localhost, ::1) address only ever reaches the phone itself; a private or
    link-local one (10.x, 172.16–31.x, 192.168.x, 169.254.x, fc00::/7, *.local, a dot-less name) only
    phones on the hall's own network.
    """
    host = (urlsplit(base).hostname or "").lower()
    if not host:
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost" or host.endswith(".localhost"):
            return LOOPBACK
        return PRIVATE if host.endswith((".local", ".lan", ".internal")) or "." not in host else None
    if address.is_loopback or address.is_unspecified:
        return LOOPBACK
    return PRIVATE if address.is_private or address.is_link_local else None


LOOPBACK = "loopback"
PRIVATE = "private"


def check_base(url):
    if not url.startswith(("http://", "https://")):
        raise DomainError("未配置 PUBLIC_BASE_URL（二维码中的网址），请先在配置中设置")


def poster_pdf(window, url, close_days=5):
    """A4 台卡/poster for one window: hall, window, unit, the call to rate, the five levels, privacy."""
    check_base(url)
    return render_pdf("pdf/qr_poster.html", window=window, url=url, qr=data_uri("image/svg+xml", svg(url)),
                      Level=Level, close_days=close_days)


def sheet_windows(hall):
    return list(Window.select(Window, Unit).join(Unit)
                .where((Window.hall == hall) & Window.is_active).order_by(Window.number))


def sheet_pdf(hall, url_of):
    """Batch sheet of every active window of a hall: 12 labelled codes per A4 page, with crop marks."""
    windows = sheet_windows(hall)
    if not windows:
        raise DomainError("该大厅没有启用的窗口")
    cells = []
    for window in windows:
        url = url_of(window)
        check_base(url)
        # One pixel per module, drawn without interpolation (image-rendering: pixelated): crisp at
        # any resolution, and the cheapest image for the PDF engine (500 codes in a few seconds).
        cells.append({"window": window, "url": url, "qr": data_uri("image/png", png(url, scale=1))})
    return render_pdf("pdf/qr_sheet.html", hall=hall, cells=cells, per_page=SHEET_COLUMNS * SHEET_ROWS)


def hall_by_code(code):
    hall = Hall.get_or_none(Hall.code == code)
    if hall is None:
        raise DomainError("没有该编码的大厅")
    return hall
