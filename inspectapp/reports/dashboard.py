"""What a dashboard shows for a period and scope, as plain data: this period compared with the
previous one, the 12-month trend, the windows getting worse fastest, and the rows' names."""
from dataclasses import dataclass

from inspectapp.common.args import as_id
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window
from inspectapp.reports import formulas
from inspectapp.reports import stats
from inspectapp.reports import trends
from inspectapp.reports.periods import Kind
from inspectapp.reports.periods import Period
from inspectapp.reports.periods import Scope


@dataclass
class Dashboard:
    period: Period
    scope: Scope
    current: stats.PeriodStats
    previous: stats.PeriodStats
    trend: list
    worsening: list
    units: dict
    windows: dict
    halls: dict
    formulas: tuple
    worsening_threshold: float = 3.0

    @property
    def scope_label(self):
        parts = []
        if self.scope.hall_id:
            parts.append(self.halls[self.scope.hall_id].name)
        if self.scope.unit_id:
            parts.append(self.units[self.scope.unit_id].name)
        return " · ".join(parts) or "全部大厅"

    def unit_name(self, unit_id):
        unit = self.units.get(unit_id)
        return unit.name if unit else "—"

    def window_label(self, row):
        """"临江市政务服务中心 A01窗口（社保）" with the unit(s) the window had in the period."""
        window = self.windows[row.id]
        shorts = "、".join(self.units[u].short_name for u in row.unit_ids if u in self.units) or window.unit.short_name
        return f"{window.number}窗口（{shorts}）"


def build(period, scope, settings, today):
    """The dashboard of `period` (up to today) for `scope`."""
    current, previous = stats.with_previous(period, scope, settings, as_of=today)
    unit_ids = {u.id for u in current.units} | ({scope.unit_id} if scope.unit_id else set())
    window_rows = current.windows
    for w in window_rows:
        unit_ids.update(w.unit_ids)
    windows = {w.id: w for w in Window.select(Window, Hall, Unit).join(Hall).switch(Window).join(Unit)
               .where(Window.id.in_([w.id for w in window_rows] or [0]))}
    unit_ids.update(w.unit_id for w in windows.values())
    return Dashboard(
        period=period, scope=scope, current=current, previous=previous,
        trend=trends.monthly(period, scope, settings.positive_includes_basic),
        worsening=stats.worsening_windows(current, settings),
        units={u.id: u for u in Unit.select().where(Unit.id.in_(list(unit_ids) or [0]))},
        windows=windows, halls={h.id: h for h in Hall.select()},
        formulas=formulas.formula_texts(settings.weights), worsening_threshold=settings.worsening_threshold)


def period_choices(today, months=24, quarters=8, years=3):
    """[(group label, [Period])] offered by the period filter, newest first."""
    month, out_months = Period.containing(today), []
    for _ in range(months):
        out_months.append(month)
        month = month.previous()
    quarter, out_quarters = Period.containing(today, Kind.QUARTER), []
    for _ in range(quarters):
        out_quarters.append(quarter)
        quarter = quarter.previous()
    out_years = [Period.year(today.year - k) for k in range(years)]
    return [("月度", out_months), ("季度", out_quarters), ("年度", out_years)]


def period_from_args(args, today):
    """(period, error message or None) from ?period= or ?start=&end=; the current month by default."""
    start, end = args.get("start", "").strip(), args.get("end", "").strip()
    key = f"{start}..{end}" if start and end else args.get("period", "").strip()
    if not key:
        return Period.containing(today), None
    try:
        return Period.parse(key), None
    except ValueError as exc:
        return Period.containing(today), str(exc)


def int_arg(args, name):
    value = args.get(name, "")
    return as_id(value)


def scope_from_args(args):
    return Scope(hall_id=int_arg(args, "hall"), unit_id=int_arg(args, "unit"))


def window_of(window_id):
    return (Window.select(Window, Hall, Unit).join(Hall).switch(Window).join(Unit)
            .where(Window.id == window_id).first())
