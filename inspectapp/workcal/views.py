"""Admin page of the working-day calendar: which years are known, and holidays for later years."""
import datetime as dt

from flask import Blueprint
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _

from inspectapp.auth import roles
from inspectapp.auth.decorators import permission_required
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import local_today
from inspectapp.common.web import client_ip
from inspectapp.common.web import get_or_404
from inspectapp.common.web import show_domain_error
from inspectapp.workcal import services
from inspectapp.workcal.forms import DayForm
from inspectapp.workcal.models import CalendarDay
from inspectapp.workcal.models import CalendarYear

bp = Blueprint("workcal", __name__)


def _year_arg():
    this_year = local_today().year
    year = request.args.get("year", type=int) or this_year
    return year if 2000 <= year <= this_year + 10 else this_year


def _show_recounts(recounts):
    """The features that own deadlines recounted theirs (workcal.signals.calendar_changed)."""
    for recount in recounts:
        flash(_("已按新日历重算 %(n)s 个%(what)s的期限", n=recount.changed, what=_(recount.label)), "info")


@bp.route("/", methods=("GET", "POST"))
@permission_required(roles.can_manage_calendar)
def index():
    """Years and their source; the entered holidays and make-up workdays of one year."""
    year = _year_arg()
    form = DayForm()
    if form.validate_on_submit():
        _row, recounts = services.set_day(form.day.data, form.kind.data == "workday", form.name.data, g.user,
                                          ip=client_ip())
        flash(_("已保存"), "success")
        _show_recounts(recounts)
        return redirect(url_for("workcal.index", year=form.day.data.year))
    this_year = local_today().year
    confirmed = services.confirmed_years()
    years = [(y, services.year_source(y, confirmed)) for y in range(this_year - 1, this_year + 4)]
    days = CalendarDay.select().where(CalendarDay.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    today = local_today()
    coming = services.coming_year_unconfirmed(today)
    return render_template("workcal/index.html", year=year, years=years, days=list(days), form=form,
                           source=services.year_source(year, confirmed), YearSource=services.YearSource,
                           confirmed=CalendarYear.get_or_none(CalendarYear.year == year),
                           builtin=services.builtin_days(year), coming=coming,
                           last_builtin=max(y for y in range(2004, this_year + 5) if services.builtin_knows(y)),
                           days_left=(dt.date(coming, 1, 1) - today).days if coming else None)


@bp.route("/days/<int:day_id>/remove", methods=("POST",))
@permission_required(roles.can_manage_calendar)
def remove_day(day_id):
    row = get_or_404(CalendarDay.select(), day_id)
    year = row.day.year
    recounts = services.remove_day(row, g.user, ip=client_ip())
    flash(_("已删除"), "success")
    _show_recounts(recounts)
    return redirect(url_for("workcal.index", year=year))


@bp.route("/years/<int:year>/confirm", methods=("POST",))
@permission_required(roles.can_manage_calendar)
def confirm_year(year):
    """Declare a year's holidays complete: its deadlines stop being estimates."""
    try:
        _row, recounts = services.confirm_year(year, g.user, ip=client_ip())
    except DomainError as exc:
        show_domain_error(exc)
    else:
        flash(_("已确认 %(year)s 年节假日安排", year=year), "success")
        _show_recounts(recounts)
    return redirect(url_for("workcal.index", year=year))


@bp.route("/years/<int:year>/unconfirm", methods=("POST",))
@permission_required(roles.can_manage_calendar)
def unconfirm_year(year):
    recounts = services.unconfirm_year(year, g.user, ip=client_ip())
    flash(_("已撤销确认，该年度期限将按周一至周五估算"), "info")
    _show_recounts(recounts)
    return redirect(url_for("workcal.index", year=year))
