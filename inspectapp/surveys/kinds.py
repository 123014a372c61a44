"""Question kinds as plain data and pure functions: reading what a citizen posted, checking it,
conditions, pages, and turning answers into answer rows. No database, no Flask.

Form field names carry the question key, so a draft survives a new version: `Q3` (one value or
several), `Q3_2` (matrix aspect 2), `Q5_s12` / `Q5_r12` (appraisal subject 12: level / reason).
"""
import math
from dataclasses import dataclass
from dataclasses import field

from inspectapp.evaluations.models import Level
from inspectapp.i18n import N_

NA = 0  # 不了解 / 不适用: a matrix or appraisal row answered without a level
NUMBER_LIMIT = 1e9
REASON_MAX = 100


class Kind:
    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE = "scale"
    MATRIX = "matrix"
    NUMBER = "number"
    TEXT = "text"
    APPRAISAL = "appraisal"

    ALL = (SINGLE, MULTIPLE, SCALE, MATRIX, NUMBER, TEXT, APPRAISAL)
    LABELS = {
        SINGLE: N_("单选题"), MULTIPLE: N_("多选题"), SCALE: N_("满意度（五级）"), MATRIX: N_("矩阵满意度"),
        NUMBER: N_("数字"), TEXT: N_("简答"), APPRAISAL: N_("评议打分"),
    }
    WITH_OPTIONS = (SINGLE, MULTIPLE)
    WITH_ROWS = (MATRIX, APPRAISAL)
    #: Kinds whose answer a later question's condition may test.
    CONDITION_SOURCES = (SINGLE, MULTIPLE, SCALE)
    #: Kinds drawn as a distribution of codes.
    CODED = (SINGLE, MULTIPLE, SCALE, MATRIX, APPRAISAL)


@dataclass(frozen=True)
class Option:
    code: int
    label: str
    label_en: str = ""


@dataclass(frozen=True)
class Subject:
    id: int
    label: str
    unit_id: int
    group: str = ""


@dataclass(frozen=True)
class QDef:
    """An immutable question definition (built once per version, cached)."""

    id: int
    key: str
    kind: str
    text: str
    text_en: str = ""
    help: str = ""
    required: bool = False
    options: tuple = ()
    aspects: tuple = ()
    min_choices: int | None = None
    max_choices: int | None = None
    num_min: float | None = None
    num_max: float | None = None
    max_length: int = 200
    has_na: bool = False
    page_break: bool = False
    cond_key: str = ""
    cond_values: frozenset = frozenset()

    def labels(self):
        """{code: label} of the choices or levels this question is answered with."""
        if self.kind in Kind.WITH_OPTIONS:
            return {o.code: o.label for o in self.options}
        if self.kind in (Kind.SCALE, Kind.MATRIX, Kind.APPRAISAL):
            labels = dict(Level.LABELS)
            if self.has_na or self.kind == Kind.APPRAISAL:
                labels[NA] = N_("不了解")
            return labels
        return {}


@dataclass(frozen=True)
class Error:
    """A message id (translated where shown) and its parameters."""

    message: str
    params: dict = field(default_factory=dict)


def first(raw, name):
    values = raw.get(name) or []
    return (values[0] if values else "").strip()


def _int_or_none(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def parse(q, raw, subjects=()):
    """(value, error) of question q from the raw posted fields. Empty answers give an empty value
    and no error (required is checked by `check`)."""
    return PARSERS[q.kind](q, raw, subjects)


def _single(q, raw, _subjects):
    text = first(raw, q.key)
    if not text:
        return None, None
    code = _int_or_none(text)
    if code not in {o.code for o in q.options}:
        return None, Error(N_("所选选项无效，请重新选择"))
    return code, None


def _multiple(q, raw, _subjects):
    codes = {o.code for o in q.options}
    chosen = [_int_or_none(v) for v in raw.get(q.key) or [] if v.strip()]
    if any(c not in codes for c in chosen):
        return (), Error(N_("所选选项无效，请重新选择"))
    chosen = tuple(sorted(set(chosen)))
    if chosen and q.max_choices and len(chosen) > q.max_choices:
        return chosen, Error(N_("最多选择%(n)s项"), {"n": q.max_choices})
    if chosen and q.min_choices and len(chosen) < q.min_choices:
        return chosen, Error(N_("请至少选择%(n)s项"), {"n": q.min_choices})
    return chosen, None


def _scale(q, raw, _subjects):
    text = first(raw, q.key)
    if not text:
        return None, None
    level = _int_or_none(text)
    if level not in Level.ALL:
        return None, Error(N_("所选选项无效，请重新选择"))
    return level, None


def _level(text, allow_na):
    level = _int_or_none(text)
    if level in Level.ALL or (allow_na and level == NA):
        return level
    return "bad"


def _matrix(q, raw, _subjects):
    values = {}
    for aspect in q.aspects:
        text = first(raw, f"{q.key}_{aspect.code}")
        if text:
            level = _level(text, q.has_na)
            if level == "bad":
                return values, Error(N_("所选选项无效，请重新选择"))
            values[aspect.code] = level
    return values, None


def _number(q, raw, _subjects):
    text = first(raw, q.key).replace("，", ",").replace(",", "")
    if not text:
        return None, None
    try:
        number = float(text)
    except ValueError:
        return None, Error(N_("请输入数字"))
    if not math.isfinite(number) or abs(number) >= NUMBER_LIMIT:
        return None, Error(N_("请输入数字"))
    if q.num_min is not None and number < q.num_min:
        return number, Error(N_("请输入不小于%(n)s的数字"), {"n": format_number(q.num_min)})
    if q.num_max is not None and number > q.num_max:
        return number, Error(N_("请输入不大于%(n)s的数字"), {"n": format_number(q.num_max)})
    return round(number, 2), None


def _text(q, raw, _subjects):
    text = first(raw, q.key)
    if len(text) > q.max_length:
        return text, Error(N_("不能超过%(n)s字（现在%(count)s字）"), {"n": q.max_length, "count": len(text)})
    return text, None


def _appraisal(q, raw, subjects):
    values = {}
    for subject in subjects:
        text = first(raw, f"{q.key}_s{subject.id}")
        reason = first(raw, f"{q.key}_r{subject.id}")
        if len(reason) > REASON_MAX:
            return values, Error(N_("理由不能超过%(n)s字"), {"n": REASON_MAX})
        if not text:
            if reason:
                return values, Error(N_("填写了理由，请同时选择评价等级：%(name)s"), {"name": subject.label})
            continue
        level = _level(text, True)
        if level == "bad":
            return values, Error(N_("所选选项无效，请重新选择"))
        values[subject.id] = (level, reason)
    return values, None


PARSERS = {
    Kind.SINGLE: _single, Kind.MULTIPLE: _multiple, Kind.SCALE: _scale, Kind.MATRIX: _matrix,
    Kind.NUMBER: _number, Kind.TEXT: _text, Kind.APPRAISAL: _appraisal,
}


def is_empty(value):
    return value is None or value == "" or value == () or value == {}


def check(q, raw, subjects=()):
    """(value, error) including the required rule."""
    value, error = parse(q, raw, subjects)
    if error is None and q.required:
        error = missing(q, value, subjects)
    return value, error


def missing(q, value, subjects):
    """The required rule's error for a value, or None."""
    if q.kind == Kind.MATRIX and len(value) < len(q.aspects):
        return Error(N_("请对每一项作出评价"))
    if q.kind == Kind.APPRAISAL and subjects and not value:
        return Error(N_("请至少评价一个对象"))
    if q.kind not in Kind.WITH_ROWS and is_empty(value):
        return Error(N_("此题为必答题"))
    return None


def condition_met(q, values):
    """Whether q is shown, given the values of the questions shown before it."""
    if not q.cond_key:
        return True
    source = values.get(q.cond_key)
    if source is None or source == ():
        return False
    chosen = set(source) if isinstance(source, tuple) else {source}
    return bool(chosen & q.cond_values)


def static_pages(qdefs):
    """Questions split into pages: at an explicit page break, and before a question whose
    condition tests a question on the same page (without JavaScript a page cannot react to what
    is being ticked on it, so the condition is decided when the page is left)."""
    pages, current, keys = [], [], set()
    for q in qdefs:
        if current and (q.page_break or q.cond_key in keys):
            pages.append(current)
            current, keys = [], set()
        current.append(q)
        keys.add(q.key)
    if current:
        pages.append(current)
    return pages


@dataclass
class QState:
    q: QDef
    visible: bool
    value: object = None
    error: Error | None = None


def evaluate(qdefs, raw, subjects_of):
    """{key: QState} for every question, in order. Hidden questions keep no value (their answers
    are dropped), so a chain of conditions hides everything behind a hidden question.

    :param subjects_of: callable q -> the subjects an appraisal question shows (else ()).
    """
    values, states = {}, {}
    for q in qdefs:
        if not condition_met(q, values):
            states[q.key] = QState(q, False)
            continue
        value, error = check(q, raw, subjects_of(q))
        states[q.key] = QState(q, True, value, error)
        if error is None and not is_empty(value):
            values[q.key] = value
    return states


def rows(q, value):
    """Answer rows (sub, value, num, text) of one question's value."""
    if is_empty(value):
        return []
    if q.kind in (Kind.SINGLE, Kind.SCALE):
        return [(0, value, None, None)]
    if q.kind == Kind.MULTIPLE:
        return [(0, code, None, None) for code in value]
    if q.kind == Kind.MATRIX:
        return [(code, level, None, None) for code, level in sorted(value.items())]
    if q.kind == Kind.NUMBER:
        return [(0, None, value, None)]
    if q.kind == Kind.TEXT:
        return [(0, None, None, value)]
    return [(sid, level, None, reason or None) for sid, (level, reason) in sorted(value.items())]


def format_number(number):
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else f"{number:.2f}".rstrip("0")
