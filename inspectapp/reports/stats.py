"""Period statistics over a scope: the one roll-up every dashboard, home page, bulletin and export
reads. `period_statistics(period, scope, settings)` returns plain data:

* ratings: count, 好评率, 差评数, 平均分 (10/8/6/3/0), coverage; held, excluded and rejected apart;
* 差评 handling: 整改率, 回访率 within the deadline, overdue, appeals upheld;
* inspections: windows visited, findings by category, severity and item, window and unit scores;
* rectification: cases issued, verified on time, returned, overdue, cards (`rectification_figures`);
* per unit: the composite score and its rank; per window: the window index and its rank;
* `compare(current, previous)` adds the change against the previous period.

Other features (questionnaires, appraisal) use the same function: for example
`period_statistics(Period.month(2026, 11), Scope(unit_id=3), settings).units[0].ratings.positive_rate`.
"""
import datetime as dt
from collections import Counter
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field

from inspectapp.common.timeutil import local_today
from inspectapp.common.timeutil import to_local
from inspectapp.inspections import scoring
from inspectapp.inspections.models import Severity
from inspectapp.reports import formulas
from inspectapp.reports import queries
from inspectapp.reports.formulas import ComplaintFigures
from inspectapp.reports.formulas import RatingFigures
from inspectapp.reports.formulas import Weights
from inspectapp.reports.periods import Period
from inspectapp.reports.periods import Scope


@dataclass(frozen=True)
class Settings:
    positive_includes_basic: bool = True
    thresholds: scoring.Thresholds = scoring.Thresholds()
    weights: Weights = Weights()
    #: Windows whose index fell by at least this many points are flagged as getting worse.
    worsening_threshold: float = 3.0
    #: …and only if they had at least this many counted ratings in both periods, or were inspected.
    worsening_min_ratings: int = 5
    #: Bulletins: commended windows need this many ratings; the annex lists at most this many findings.
    commend_min_ratings: int = 10
    annex_max_findings: int = 60

    @classmethod
    def from_config(cls, config):
        return cls(positive_includes_basic=config.get("EVAL_POSITIVE_INCLUDES_BASIC", True),
                   thresholds=scoring.Thresholds.of(config.get("INSPECTION_GRADE_THRESHOLDS", (80, 60))),
                   weights=Weights.from_config(config.get("REPORT_WEIGHTS")),
                   worsening_threshold=float(config.get("REPORT_WORSENING_THRESHOLD", 3.0)),
                   worsening_min_ratings=int(config.get("REPORT_WORSENING_MIN_RATINGS", 5)),
                   commend_min_ratings=int(config.get("REPORT_COMMEND_MIN_RATINGS", 10)),
                   annex_max_findings=int(config.get("REPORT_ANNEX_MAX_FINDINGS", 60)))


@dataclass
class InspectionFigures:
    """暗访 results of one window or unit: visits, findings, the average visit score and its grade."""

    visits: int = 0
    findings: int = 0
    deducted: float = 0.0
    critical: int = 0
    score: float | None = None
    grade: str | None = None


@dataclass
class Row:
    """One window or one unit in the period."""

    id: int
    ratings: RatingFigures
    complaints: ComplaintFigures = field(default_factory=ComplaintFigures)
    inspection: InspectionFigures = field(default_factory=InspectionFigures)
    #: Unit rows: rectification figures (dict) and the composite score; window rows: the index.
    rectification: dict = field(default_factory=dict)
    composite: formulas.Composite | None = None
    index: float | None = None
    rank: int | None = None
    #: Filled by `compare`: change of the composite (units) or index (windows), previous rank, and
    #: how much data the previous period had (counted ratings, visits).
    change: float | None = None
    previous_rank: int | None = None
    previous_counted: int = 0
    previous_visits: int = 0
    #: Window rows: the hall, and the units it was rated or inspected under in the period.
    hall_id: int | None = None
    unit_ids: tuple = ()

    @property
    def value(self):
        return self.index if self.composite is None else self.composite.score


@dataclass
class InspectionSummary:
    inspections: int = 0
    windows_visited: int = 0
    findings: int = 0
    critical: int = 0
    hall_area: int = 0
    by_category: dict = field(default_factory=dict)
    by_severity: dict = field(default_factory=dict)
    #: {(code, problem): count}, most frequent first.
    by_item: dict = field(default_factory=dict)


@dataclass
class PeriodStats:
    period: Period
    scope: Scope
    as_of: dt.date
    ratings: RatingFigures
    complaints: ComplaintFigures
    inspections: InspectionSummary
    rectification: dict
    windows_total: int
    windows_rated: int
    units: list
    windows: list

    @property
    def coverage_rate(self):
        """评价覆盖率 = windows with at least one counted rating ÷ windows in scope."""
        return formulas.rate(self.windows_rated, self.windows_total)

    def unit(self, unit_id):
        return next((u for u in self.units if u.id == unit_id), None)

    def window(self, window_id):
        return next((w for w in self.windows if w.id == window_id), None)


RECTIFICATION_COUNTS = ("issued", "due", "verified", "verified_on_time", "returned", "overdue",
                        "yellow_cards", "red_cards")


def rectification_figures(period, scope, as_of):
    """整改 cases issued in the period: {"overall": {...}, "units": {unit_id: {...}}} with issued,
    due (the deadline has come, or verified), verified, verified_on_time (verified, and the report
    that was accepted came in by the deadline), returned (at least once), overdue (the shared
    DueWindow on `as_of`), yellow_cards and red_cards (the card each case holds now), and
    on_time_rate = verified on time ÷ due (None when nothing is due yet)."""
    from inspectapp.rectifications.models import Card
    from inspectapp.rectifications.models import CaseStatus
    from inspectapp.workcal.services import due_window

    due = due_window(as_of)
    units = defaultdict(Counter)
    for case in queries.rectification_cases(period, scope):
        verified = case.status == CaseStatus.VERIFIED
        reported_on = case.reported_at and to_local(case.reported_at).date()
        figures = units[case.unit_id]
        figures.update(issued=1, due=int(verified or case.due_on < due.today), verified=int(verified),
                       verified_on_time=int(verified and reported_on is not None and reported_on <= case.due_on),
                       returned=int(case.report_round > 1), overdue=int(due.state(case) == "overdue"),
                       yellow_cards=int(case.card == Card.YELLOW), red_cards=int(case.card == Card.RED))
    overall = Counter()
    for figures in units.values():
        overall.update(figures)
    return {"overall": _rectification_dict(overall), "units": {u: _rectification_dict(f) for u, f in units.items()}}


def _rectification_dict(counts):
    figures = {name: counts.get(name, 0) for name in RECTIFICATION_COUNTS}
    figures["on_time_rate"] = formulas.rate(figures["verified_on_time"], figures["due"])
    return figures


def period_statistics(period, scope=Scope(), settings=Settings(), as_of=None, light=False):
    """Everything for one period and scope, as plain data (see the module docstring).

    :param as_of: the day "overdue" is judged on (default today; a bulletin passes its issue day).
    :param light: leave out the findings by category, severity and item (a previous period that
        only serves the comparison does not need them).
    """
    as_of = as_of or local_today()
    windows, units = {}, {}
    overall = RatingFigures(positive_includes_basic=settings.positive_includes_basic)
    _add_ratings(queries.rating_rows(period, scope), windows, units, overall, settings)
    complaints = _add_complaints(queries.ticket_counts(period, scope, as_of), windows, units, settings)
    summary = _add_inspections(period, scope, windows, units, settings, light)
    rect = rectification_figures(period, scope, as_of)
    for unit_id, figures in rect["units"].items():
        _row(units, unit_id, settings).rectification = figures
    in_scope = queries.windows_in_scope(period, scope) | set(windows)
    stats = PeriodStats(period=period, scope=scope, as_of=as_of, ratings=overall, complaints=complaints,
                        inspections=summary, rectification=rect["overall"], windows_total=len(in_scope),
                        windows_rated=sum(1 for w in windows.values() if w.ratings.counted),
                        units=list(units.values()), windows=list(windows.values()))
    _score(stats, settings)
    return stats


def _row(rows, key, settings, **kw):
    if key not in rows:
        rows[key] = Row(id=key, ratings=RatingFigures(positive_includes_basic=settings.positive_includes_basic), **kw)
    return rows[key]


def _add_ratings(rows, windows, units, overall, settings):
    for window_id, hall_id, unit_id, *counts in rows:
        figures = RatingFigures.of(counts, settings.positive_includes_basic)
        window = _row(windows, window_id, settings, hall_id=hall_id)
        window.ratings.add(figures)
        window.unit_ids = tuple(sorted({*window.unit_ids, unit_id}))
        _row(units, unit_id, settings).ratings.add(figures)
        overall.add(figures)


def _add_complaints(rows, windows, units, settings):
    overall = ComplaintFigures()
    for window_id, hall_id, unit_id, *counts in rows:
        figures = ComplaintFigures(*counts)
        _row(windows, window_id, settings, hall_id=hall_id).complaints.add(figures)
        _row(units, unit_id, settings).complaints.add(figures)
        overall.add(figures)
    return overall


def _add_inspections(period, scope, windows, units, settings, light=False):
    """A window's or unit's period score is the average of its visit (inspection) scores: each is
    100 − the deductions found there, floor 0 (sums in tenths: inspections/rollup.py)."""
    sums = queries.inspection_sums(period, scope, items=not light)
    per_window, units_of = defaultdict(lambda: [0] * 5), defaultdict(set)
    for (window_id, unit_id), values in sums.windows.items():
        per_window[window_id] = [a + b for a, b in zip(per_window[window_id], values)]
        if unit_id is not None:
            units_of[window_id].add(unit_id)
    for window_id, values in per_window.items():
        row = _row(windows, window_id, settings)
        row.unit_ids = tuple(sorted(units_of[window_id].union(row.unit_ids)))
        row.inspection = _inspection_figures(values, settings)
    for unit_id, values in sums.units.items():
        if unit_id is not None:
            _row(units, unit_id, settings).inspection = _inspection_figures(values, settings)
    return _summary(period, scope, sums, per_window)


def _summary(period, scope, sums, per_window):
    by_category, by_severity, by_item = Counter(), Counter(), Counter()
    items = queries.checklist_items({item for _u, item, _s in sums.items})
    for (_unit, item, severity), n in sums.items.items():
        code, category, problem = items[item]
        by_category[category] += n
        by_severity[severity] += n
        by_item[(code, problem)] += n
    totals = [sum(col) for col in zip(*sums.units.values())] or [0] * 5
    return InspectionSummary(
        inspections=queries.inspection_count(period, scope), windows_visited=len(per_window),
        findings=totals[1], critical=totals[3], hall_area=sums.units[None][1] if None in sums.units else 0,
        by_category=dict(sorted(by_category.items())),
        by_severity={k: by_severity[k] for k in Severity.ALL if k in by_severity},
        by_item=dict(sorted(by_item.items(), key=lambda kv: (-kv[1], kv[0]))))


def _inspection_figures(values, settings):
    """values: the rollup sums (visits, findings, deducted, critical, scores), points in tenths."""
    visits, findings, deducted, critical, scores = values
    average = scores / (10 * visits) if visits else None
    return InspectionFigures(
        visits=visits, findings=findings, deducted=deducted / 10, critical=critical, score=average,
        grade=scoring.grade_for(average, settings.thresholds) if average is not None else None)


def _score(stats, settings):
    """Composite scores and ranks of units, indexes and ranks of windows."""
    w = settings.weights
    for unit in stats.units:
        parts = formulas.composite_parts(unit.ratings, unit.complaints, unit.inspection.score,
                                         unit.rectification.get("on_time_rate"))
        unit.composite = formulas.composite_score(parts, w, unit.rectification.get("yellow_cards", 0),
                                                  unit.rectification.get("red_cards", 0))
    prior = stats.ratings.average_score
    for window in stats.windows:
        window.index = formulas.window_index(window.ratings, window.inspection.score, prior, w)
    for rows in (stats.units, stats.windows):
        ranks = formulas.ranks({r.id: r.value for r in rows})
        for r in rows:
            r.rank = ranks[r.id]
        rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.id))


def compare(current, previous):
    """Fill `change` and `previous_rank` of the current rows from the previous period's rows."""
    for rows, before in ((current.units, previous.units), (current.windows, previous.windows)):
        old = {r.id: r for r in before}
        for r in rows:
            if r.id in old:
                r.change = formulas.change(r.value, old[r.id].value)
                r.previous_rank = old[r.id].rank
                r.previous_counted, r.previous_visits = old[r.id].ratings.counted, old[r.id].inspection.visits
    return current


def worsening_windows(current, settings, limit=5):
    """Windows whose index fell the most against the previous period (after `compare`), worst first:
    a fall of at least `worsening_threshold` points, with enough data in both periods."""
    flagged = [w for w in current.windows
               if w.change is not None and w.change <= -settings.worsening_threshold
               and _enough(w.ratings.counted, w.inspection.visits, settings)
               and _enough(w.previous_counted, w.previous_visits, settings)]
    return sorted(flagged, key=lambda w: w.change)[:limit]


def _enough(counted, visits, settings):
    return counted >= settings.worsening_min_ratings or visits > 0


def with_previous(period, scope, settings, as_of=None, light=False):
    """(current, previous) statistics, the current one compared against the previous period."""
    current = period_statistics(period, scope, settings, as_of, light)
    previous = period_statistics(period.previous(), scope, settings, as_of, light=True)
    return compare(current, previous), previous
