"""The public results page (国办发〔2019〕51号: evaluation results are published): per hall, no
login, no script, each unit's 好评率, 差评整改率 and rank for the last issued period — read only
from the public version of issued bulletins, so it shows exactly what was published."""
from flask import Blueprint
from flask import abort
from flask import make_response
from flask import render_template

from inspectapp.common.pdf import pdf_response
from inspectapp.extensions import limiter
from inspectapp.orgs.models import Hall
from inspectapp.reports import bulletins
from inspectapp.reports import rendering
from inspectapp.reports.models import Bulletin
from inspectapp.reports.models import Version

bp = Blueprint("results", __name__)

#: Published figures change when a bulletin is issued; shared caches may keep a page briefly.
CACHE = "public, max-age=300"


def _cached(response):
    response.headers["Cache-Control"] = CACHE
    return response


def _hall(hall_code):
    hall = Hall.get_or_none(Hall.code == hall_code)
    if hall is None or Bulletin.latest_for(hall.id) is None:
        abort(404)
    return hall


@bp.route("/")
@limiter.limit("60 per minute")
def index():
    """Halls with published results, and the latest all-halls results."""
    halls = [h for h in Hall.select().order_by(Hall.code) if Bulletin.latest_for(h.id) is not None]
    bulletin = Bulletin.latest_for(None)
    html = render_template("results/index.html", halls=halls, bulletin=bulletin,
                           b=bulletin.payload(Version.PUBLIC) if bulletin else None)
    return _cached(make_response(html))


@bp.route("/<hall_code>")
@limiter.limit("60 per minute")
def hall(hall_code):
    """One hall's results of its last issued period."""
    hall = _hall(hall_code)
    bulletin = Bulletin.latest_for(hall.id)
    html = render_template("results/hall.html", hall=hall, bulletin=bulletin, b=bulletin.payload(Version.PUBLIC))
    return _cached(make_response(html))


@bp.route("/<hall_code>/bulletin.pdf")
@limiter.limit("20 per minute")
def hall_pdf(hall_code):
    """The public version of that bulletin as issued."""
    bulletin = Bulletin.latest_for(_hall(hall_code).id)
    pdf = bulletins.pdf_of(bulletin, Version.PUBLIC, rendering.render_pdf)
    return _cached(pdf_response(pdf, f"bulletin-{bulletin.year}-{bulletin.serial}-public.pdf"))
