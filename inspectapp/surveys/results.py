"""Results of a questionnaire: per-question distributions, cross-tabs by hall, unit and window,
responses per day. Counted responses only (held and rejected ones are left out).

Without a date filter everything is summed from the tallies (a few thousand rows, whatever the
number of responses); with a date filter the same figures are grouped from the answers. Both
paths return the same cell rows, and the tests hold them to agree.

Unit managers (`unit_scope`) see the answers given at their unit's windows, and of appraisal
questions the rows of their unit's subjects only.
"""
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from peewee import fn

from inspectapp.common.args import parse_date
from inspectapp.common.args import parse_id
from inspectapp.common.timeutil import to_local
from inspectapp.common.timeutil import utc_of
from inspectapp.evaluations.models import Level
from inspectapp.evaluations.models import Status
from inspectapp.i18n import N_
from inspectapp.surveys import definitions
from inspectapp.surveys.kinds import NA
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.models import AppraisalSubject
from inspectapp.surveys.models import Question
from inspectapp.surveys.models import QuestionnaireVersion
from inspectapp.surveys.response_models import Answer
from inspectapp.surveys.response_models import DayTally
from inspectapp.surveys.response_models import Response
from inspectapp.surveys.response_models import Tally
from inspectapp.surveys.store import ANSWERED
from inspectapp.surveys.store import cell_value

GROUPS = ("hall", "unit", "window")


def _period(flt):
    """Condition: responses submitted on local dates start..end (inclusive)."""
    cond = Response.id.is_null(False)
    if flt.start:
        cond &= Response.submitted_at >= utc_of(flt.start)
    if flt.end:
        cond &= Response.submitted_at < utc_of(flt.end + dt.timedelta(days=1))
    return cond


@dataclass(frozen=True)
class ResultFilter:
    hall: int | None = None
    unit: int | None = None
    window: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    #: Group the answers even when the tallies could answer (the tests compare both paths).
    from_answers: bool = False

    @classmethod
    def from_args(cls, args):
        """The filter of a query string; 400 (BadArgument) for a value that cannot be one."""
        return cls(hall=parse_id(args.get("hall"), N_("大厅")), unit=parse_id(args.get("unit"), N_("单位")),
                   window=parse_id(args.get("window"), N_("窗口")),
                   start=parse_date(args.get("start"), N_("开始日期")), end=parse_date(args.get("end"), N_("结束日期")))

    @property
    def has_dates(self):
        return bool(self.start or self.end)

    def args(self):
        values = {"hall": self.hall, "unit": self.unit, "window": self.window,
                  "start": self.start.isoformat() if self.start else None,
                  "end": self.end.isoformat() if self.end else None}
        return {k: v for k, v in values.items() if v is not None}


@dataclass
class KeyInfo:
    """A question across versions: its latest definition and every version's question id."""

    key: str
    q: object
    ids: tuple
    versions: tuple


def catalogue(questionnaire):
    """KeyInfos in the current version's order, then keys only older versions have."""
    versions = list(QuestionnaireVersion.select().where(QuestionnaireVersion.questionnaire == questionnaire)
                    .order_by(QuestionnaireVersion.number.desc()))
    infos, order = {}, []
    for version in versions:
        for q in definitions.definition(version):
            if q.key not in infos:
                infos[q.key] = KeyInfo(q.key, q, (), ())
                order.append(q.key)
            info = infos[q.key]
            info.ids, info.versions = info.ids + (q.id,), info.versions + (version.number,)
    return [infos[key] for key in order]


# --- cell counts: (group id, question id, sub, value) -> (n, total) -----------------------------

def _tally_rows(questionnaire, flt, group, place_unit, question_ids, subs):
    cols = [Tally.question_id, Tally.sub, Tally.value, fn.SUM(Tally.n), fn.SUM(Tally.total)]
    head = [getattr(Tally, f"{group}_id")] if group else []
    query = Tally.select(*head, *cols).where(Tally.questionnaire_id == questionnaire.id)
    for name in GROUPS:
        value = getattr(flt, name)
        if value:
            query = query.where(getattr(Tally, f"{name}_id") == value)
    if place_unit is not None:
        query = query.where(Tally.unit_id == place_unit)
    if question_ids is not None:
        query = query.where(Tally.question_id.in_(question_ids))
    if subs is not None:
        query = query.where(Tally.sub.in_(subs) | (Tally.sub == ANSWERED))
    rows = query.group_by(*head, *cols[:3]).tuples()
    return [(row[0] if group else 0, *row[-5:]) for row in rows]


def _answer_query(questionnaire, flt, place_unit, question_ids, subs, *cols):
    query = (Answer.select(*cols).join(Response)
             .where((Response.questionnaire == questionnaire) & (Response.status == Status.VALID)))
    for name in GROUPS:
        value = getattr(flt, name)
        if value:
            query = query.where(getattr(Response, name) == value)
    if flt.has_dates:
        query = query.where(_period(flt))
    if place_unit is not None:
        query = query.where(Response.unit == place_unit)
    if question_ids is not None:
        query = query.where(Answer.question.in_(question_ids))
    return query


def _raw_rows(questionnaire, flt, group, place_unit, question_ids, subs):
    head = [getattr(Response, group)] if group else []
    args = (questionnaire, flt, place_unit, question_ids, subs)
    cells_query = (_answer_query(*args, *head, Answer.question, Answer.sub, Answer.value, Answer.num,
                                 fn.COUNT(Answer.id))
                   .group_by(*head, Answer.question, Answer.sub, Answer.value, Answer.num))
    answered = (_answer_query(*args, *head, Answer.question, fn.COUNT(fn.DISTINCT(Answer.response)))
                .group_by(*head, Answer.question))
    if subs is not None:
        cells_query = cells_query.where(Answer.sub.in_(subs))
    cells = defaultdict(lambda: [0, 0.0])
    for row in cells_query.tuples():
        gid, (qid, sub, value, num, n) = (row[0] or 0, row[1:]) if group else (0, row)
        entry = cells[(gid, qid, sub, cell_value(value, num))]
        entry[0] += n
        entry[1] += (num or 0.0) * n
    for row in answered.tuples():
        gid, (qid, n) = (row[0] or 0, row[1:]) if group else (0, row)
        cells[(gid, qid, ANSWERED, 0)][0] += n
    return [(*key, n, total) for key, (n, total) in cells.items()]


def _whole_period(questionnaire, flt):
    """Whether a date filter includes every counted response (the tallies then answer it)."""
    span = (DayTally.select(fn.MIN(DayTally.day), fn.MAX(DayTally.day))
            .where(DayTally.questionnaire_id == questionnaire.id).tuples().first())
    if not span or span[0] is None:
        return True
    first, last = _as_date(span[0]), _as_date(span[1])
    return (flt.start is None or flt.start <= first) and (flt.end is None or flt.end >= last)


def cell_rows(questionnaire, flt, unit_scope=None, group=None, question_ids=None):
    """[(group id, question id, sub, value, n, total)] of the counted answers under a filter.

    A unit manager's scope applies to where an answer was given, except for appraisal questions,
    whose rows are limited to the unit's own subjects wherever they were answered."""
    use_answers = flt.from_answers or (flt.has_dates and not _whole_period(questionnaire, flt))
    rows_of = _raw_rows if use_answers else _tally_rows
    if unit_scope is None:
        return rows_of(questionnaire, flt, group, None, question_ids, None)
    appraisal_ids, plain_ids = [], []
    for q in (Question.select(Question.id, Question.kind).join(QuestionnaireVersion)
              .where(QuestionnaireVersion.questionnaire == questionnaire)):
        if question_ids is None or q.id in question_ids:
            (appraisal_ids if q.kind == Kind.APPRAISAL else plain_ids).append(q.id)
    rows = rows_of(questionnaire, flt, group, unit_scope, plain_ids, None) if plain_ids else []
    if appraisal_ids:
        subs = [s.id for s in AppraisalSubject.select(AppraisalSubject.id).where(
            (AppraisalSubject.questionnaire == questionnaire) & (AppraisalSubject.unit == unit_scope))]
        rows += rows_of(questionnaire, flt, group, None, appraisal_ids, subs or [-2])
    return rows


# --- figures per question --------------------------------------------------------------------------

@dataclass
class Bar:
    code: int
    label: str
    n: int
    pct: float


@dataclass
class LevelRow:
    """One matrix aspect or appraisal subject: counts per level, mean score and 满意率."""

    sub: int
    label: str
    bars: list
    rated: int
    na: int
    score: float | None
    satisfied: float | None


def _pct(n, total):
    return round(100.0 * n / total, 1) if total else 0.0


def level_row(sub, label, counts, positive_levels=(5, 4, 3)):
    rated = sum(counts.get(lv, 0) for lv in Level.ALL)
    score_sum = sum(Level.SCORES[lv] * counts.get(lv, 0) for lv in Level.ALL)
    bars = [Bar(lv, Level.LABELS[lv], counts.get(lv, 0), _pct(counts.get(lv, 0), rated)) for lv in Level.ALL]
    satisfied = sum(counts.get(lv, 0) for lv in positive_levels)
    return LevelRow(sub, label, bars, rated, counts.get(NA, 0), round(score_sum / rated, 2) if rated else None,
                    _pct(satisfied, rated) if rated else None)


@dataclass
class QResult:
    info: KeyInfo
    answered: int
    bars: list = None
    rows: list = None
    number: dict = None

    @property
    def q(self):
        return self.info.q


def question_results(questionnaire, flt, unit_scope=None, positive_levels=(5, 4, 3), subject_labels=None):
    infos = catalogue(questionnaire)
    key_of = {qid: info.key for info in infos for qid in info.ids}
    counts = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: [0, 0.0])))
    answered = defaultdict(int)
    for _gid, qid, sub, value, n, total in cell_rows(questionnaire, flt, unit_scope):
        key = key_of.get(qid)
        if key is None:
            continue
        if sub == ANSWERED:
            answered[key] += n
            continue
        entry = counts[key][sub][value]
        entry[0] += n
        entry[1] += total or 0.0
    labels = subject_labels if subject_labels is not None else _subject_labels(questionnaire)
    return [_result(info, counts[info.key], answered[info.key], positive_levels, labels) for info in infos]


def _subject_labels(questionnaire):
    return {s.id: s.label for s in definitions.subjects(questionnaire)} if questionnaire.is_appraisal else {}


def _result(info, cells, answered, positive_levels, subject_labels):
    q = info.q
    result = QResult(info, answered)
    flat = {value: entry[0] for value, entry in cells.get(0, {}).items()}
    if q.kind in (Kind.SINGLE, Kind.MULTIPLE):
        result.bars = [Bar(o.code, o.label, flat.get(o.code, 0), _pct(flat.get(o.code, 0), answered))
                       for o in q.options]
    elif q.kind == Kind.SCALE:
        result.rows = [level_row(0, q.text, flat, positive_levels)]
        result.bars = result.rows[0].bars
    elif q.kind == Kind.MATRIX:
        result.rows = [level_row(a.code, a.label, {v: e[0] for v, e in cells.get(a.code, {}).items()},
                                 positive_levels) for a in q.aspects]
    elif q.kind == Kind.APPRAISAL:
        result.rows = [level_row(sub, subject_labels.get(sub, f"#{sub}"), {v: e[0] for v, e in values.items()},
                                 positive_levels) for sub, values in sorted(cells.items())]
    elif q.kind == Kind.NUMBER:
        result.number = _number_summary(cells.get(0, {}))
    return result


def _number_summary(values):
    n = sum(entry[0] for entry in values.values())
    if not n:
        return {"n": 0}
    total = sum(entry[1] for entry in values.values())
    low, high = min(values), max(values)
    step = max(1, -(-(high - low + 1) // 10))
    buckets = defaultdict(int)
    for value, (count, _total) in values.items():
        buckets[low + (value - low) // step * step] += count
    bars = [Bar(start, f"{start}" if step == 1 else f"{start}～{start + step - 1}", buckets.get(start, 0),
                _pct(buckets.get(start, 0), n)) for start in range(low, high + 1, step)]
    return {"n": n, "mean": round(total / n, 2), "min": low, "max": high, "bars": bars}


# --- responses per day, cross-tabs -----------------------------------------------------------------

def per_day(questionnaire, flt, unit_scope=None):
    """[(local date, counted responses)] in date order."""
    if not flt.has_dates and not flt.from_answers:
        query = (DayTally.select(DayTally.day, fn.SUM(DayTally.n)).where(DayTally.questionnaire_id == questionnaire.id))
        query = _places(query, flt, unit_scope, lambda name: getattr(DayTally, f"{name}_id"))
        return [(_as_date(day), int(n)) for day, n in query.group_by(DayTally.day).order_by(DayTally.day).tuples()]
    query = Response.select(Response.submitted_at).where(
        (Response.questionnaire == questionnaire) & (Response.status == Status.VALID) & _period(flt))
    query = _places(query, flt, unit_scope, lambda name: getattr(Response, name))
    days = defaultdict(int)
    for (at,) in query.tuples():
        days[to_local(at).date()] += 1
    return sorted(days.items())


def _places(query, flt, unit_scope, column):
    """The filter's hall, unit and window, and a unit manager's unit, on `column(name)`."""
    for name in GROUPS:
        if getattr(flt, name):
            query = query.where(column(name) == getattr(flt, name))
    return query if unit_scope is None else query.where(column("unit") == unit_scope)


def _as_date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def crosstab(questionnaire, info, group, flt, unit_scope=None, positive_levels=(5, 4, 3)):
    """{group id: QResult} of one question split by hall, unit or window (0: not known)."""
    ids = set(info.ids)
    counts = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: [0, 0.0])))
    answered = defaultdict(int)
    for gid, _qid, sub, value, n, total in cell_rows(questionnaire, flt, unit_scope, group=group,
                                                   question_ids=sorted(ids)):
        if sub == ANSWERED:
            answered[gid] += n
            continue
        entry = counts[gid][sub][value]
        entry[0] += n
        entry[1] += total or 0.0
    labels = _subject_labels(questionnaire)
    return {gid: _result(info, counts[gid], answered[gid], positive_levels, labels)
            for gid in sorted(set(answered) | set(counts))}


def counted_total(questionnaire, flt, unit_scope=None):
    return sum(n for _day, n in per_day(questionnaire, flt, unit_scope))
