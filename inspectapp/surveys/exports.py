"""The responses of a questionnaire as one table for CSV/XLSX (common/exports.py writes the file):
one row per response, one column per question (a matrix: one per aspect; an appraisal: one per
subject, and its reasons), across every version — an answer given on an old version keeps its
column. Values as option labels, or as codes (numbers as numbers) for statistics software.

Never exported: device, address, browser. Free texts that name people are replaced for anyone
but an admin."""
from dataclasses import dataclass
from itertools import groupby

from peewee import JOIN

from inspectapp.common.exports import DATETIME
from inspectapp.common.exports import INT
from inspectapp.common.exports import NUMBER
from inspectapp.common.exports import TEXT
from inspectapp.common.exports import Column
from inspectapp.evaluations.models import Level
from inspectapp.evaluations.models import Status
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window
from inspectapp.surveys import definitions
from inspectapp.surveys import freetext
from inspectapp.surveys.kinds import NA
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.models import QuestionnaireVersion
from inspectapp.surveys.response_models import Answer
from inspectapp.surveys.response_models import Channel
from inspectapp.surveys.response_models import Response
from inspectapp.surveys.results import catalogue

HIDDEN = "（涉及具体人员，仅管理员可见）"
NA_LABEL = "不了解"


@dataclass
class Slot:
    """One export column: which question key and sub it reads, and how."""

    key: str
    sub: int | None
    part: str  # "value" | "reason"
    column: Column


def slots(questionnaire, codes):
    infos = catalogue(questionnaire)
    subjects = definitions.subjects(questionnaire) if questionnaire.is_appraisal else ()
    out = []
    for info in infos:
        q = info.q
        title = f"{q.key} {q.text}"
        coded = INT if codes else TEXT
        if q.kind in (Kind.SINGLE, Kind.SCALE):
            out.append(Slot(q.key, 0, "value", Column(title, coded, 24)))
        elif q.kind == Kind.MULTIPLE:
            out.append(Slot(q.key, 0, "value", Column(title, TEXT, 30)))
        elif q.kind == Kind.MATRIX:
            out += [Slot(q.key, a.code, "value", Column(f"{q.key}[{a.label}]", coded, 14)) for a in q.aspects]
        elif q.kind == Kind.NUMBER:
            out.append(Slot(q.key, 0, "value", Column(title, NUMBER, 12)))
        elif q.kind == Kind.TEXT:
            out.append(Slot(q.key, 0, "value", Column(title, TEXT, 40)))
        else:
            for s in subjects:
                out.append(Slot(q.key, s.id, "value", Column(f"{q.key}[{s.label}]", coded, 14)))
                out.append(Slot(q.key, s.id, "reason", Column(f"{q.key}[{s.label}]理由", TEXT, 24)))
    return out


def columns(questionnaire, codes):
    head = [Column("答卷编号", INT), Column("提交时间", DATETIME, 20), Column("问卷版本", INT), Column("状态", TEXT),
            Column("来源", TEXT, 14), Column("大厅", TEXT, 20), Column("单位", TEXT, 20), Column("窗口", TEXT)]
    return head + [s.column for s in slots(questionnaire, codes)]


def _labels_by_version(questionnaire):
    """{question id: (key, kind, {code: label})} for every version."""
    out = {}
    for version in QuestionnaireVersion.select().where(QuestionnaireVersion.questionnaire == questionnaire):
        for q in definitions.definition(version):
            labels = {o.code: o.label for o in q.options} if q.kind in Kind.WITH_OPTIONS else {
                **Level.LABELS, NA: NA_LABEL}
            out[q.id] = (q.key, q.kind, labels)
    return out


CHUNK = 2000


def rows(questionnaire, query, codes, can_read_names):
    """One tuple per response of `query` (already scoped and filtered), in id order; read in
    chunks, so an export of 100 000 responses never holds them all in memory."""
    cols = slots(questionnaire, codes)
    meta = _labels_by_version(questionnaire)
    names = freetext.person_names()
    staff_appraisal = questionnaire.subject_kind == "staff"
    ids = [rid for (rid,) in query.select(Response.id).order_by(Response.id).tuples()]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        answers = (Answer.select(Answer.response, Answer.question, Answer.sub, Answer.value, Answer.num, Answer.text)
                   .where(Answer.response.in_(chunk)).order_by(Answer.response, Answer.id).tuples())
        by_response = {rid: list(group) for rid, group in groupby(answers, key=lambda a: a[0])}
        for response in _with_places(chunk):
            cells = _cells(by_response.get(response.id, ()), meta, codes, can_read_names, names, staff_appraisal)
            yield (response.id, response.submitted_at, response.version.number, Status.LABELS[response.status],
                   Channel.LABELS.get(response.channel, ""), _name(response.hall), _name(response.unit),
                   response.window.number if response.window_id else "",
                   *(cells.get((s.key, s.sub, s.part)) for s in cols))


def _with_places(ids):
    return (Response.select(Response, QuestionnaireVersion, Hall, Unit, Window).join(QuestionnaireVersion)
            .switch(Response).join(Hall, JOIN.LEFT_OUTER).switch(Response).join(Unit, JOIN.LEFT_OUTER)
            .switch(Response).join(Window, JOIN.LEFT_OUTER).where(Response.id.in_(ids)).order_by(Response.id))


def _name(row):
    return row.name if row is not None else ""


def _cells(answers, meta, codes, can_read_names, names, staff_appraisal):
    cells, chosen = {}, {}
    for _rid, qid, sub, value, num, text in answers:
        key, kind, labels = meta[qid]
        if kind == Kind.MULTIPLE:
            chosen.setdefault(key, []).append(str(value) if codes else labels.get(value, str(value)))
        elif kind == Kind.NUMBER:
            cells[(key, 0, "value")] = num
        elif kind == Kind.TEXT:
            cells[(key, 0, "value")] = _guard(text, can_read_names, names)
        else:
            cells[(key, sub, "value")] = value if codes else labels.get(value, str(value))
            if text:
                hide = staff_appraisal and not can_read_names
                cells[(key, sub, "reason")] = HIDDEN if hide else _guard(text, can_read_names, names)
    for key, values in chosen.items():
        cells[(key, 0, "value")] = "|".join(values)
    return cells


def _guard(text, can_read_names, names):
    if can_read_names or not freetext.names_person(text, names):
        return text
    return HIDDEN
