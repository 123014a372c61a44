"""Score sheets: a published or reviewed inspection's findings scored per window and per unit."""
from dataclasses import dataclass
from dataclasses import field

from peewee import JOIN

from inspectapp.inspections import scoring
from inspectapp.inspections.models import ChecklistItem
from inspectapp.inspections.models import DropKind
from inspectapp.inspections.models import Finding
from inspectapp.inspections.models import FindingStatus
from inspectapp.inspections.models import WindowVisit
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window


@dataclass
class ScoreSheet:
    windows: list = field(default_factory=list)  # [(Window, Score)]
    units: list = field(default_factory=list)  # [(Unit, Score)]
    hall_findings: int = 0


def to_result(finding):
    """A finding as a scoring result, or None if it does not count at all."""
    if finding.status == FindingStatus.ACTIVE:
        outcome = scoring.Outcome.FAIL
    elif finding.status == FindingStatus.DROPPED and finding.drop_kind == DropKind.NOT_APPLICABLE:
        outcome = scoring.Outcome.NOT_APPLICABLE
    else:
        return None
    window = finding.window
    return scoring.Result(code=finding.item.code, deduction=finding.deduction, outcome=outcome,
                          is_critical=finding.item.is_critical, window_id=window.id if window else None,
                          unit_id=window.unit_id if window else None)


def score_sheet(inspection, thresholds=scoring.Thresholds(), unit_id=None):
    """Scores per window and per unit of one inspection (a unit manager: only their unit)."""
    findings = (Finding.select(Finding, ChecklistItem, Window).join(ChecklistItem).switch(Finding)
                .join(Window, JOIN.LEFT_OUTER).where(Finding.inspection == inspection))
    results = [r for r in map(to_result, findings) if r is not None]
    visited = list(Window.select(Window, Unit).join(Unit).where(
        Window.id.in_(WindowVisit.select(WindowVisit.window).where(WindowVisit.inspection == inspection))
        | Window.id.in_([r.window_id for r in results if r.window_id])))
    if unit_id is not None:
        visited = [w for w in visited if w.unit_id == unit_id]
        results = [r for r in results if r.unit_id == unit_id]
    by_window = scoring.scores_by(results, "window_id", [w.id for w in visited], thresholds)
    by_unit = scoring.scores_by(results, "unit_id", [w.unit_id for w in visited], thresholds)
    units = {w.unit_id: w.unit for w in visited}
    return ScoreSheet(
        windows=[(w, by_window[w.id]) for w in sorted(visited, key=lambda w: w.number)],
        units=[(units[uid], by_unit[uid]) for uid in sorted(by_unit, key=lambda uid: units[uid].name)],
        hall_findings=sum(1 for r in results if r.window_id is None and r.outcome == scoring.Outcome.FAIL),
    )
