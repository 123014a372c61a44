"""Question definitions as immutable QDefs, cached per version, and the admin's option lines.

A version with responses never changes, and a version without responses bumps `edited_at` on
every edit, so (version id, edited_at) is a safe cache key across processes.
"""
import functools
import re

from peewee import JOIN

from inspectapp.common.errors import DomainError
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Unit
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.kinds import Option
from inspectapp.surveys.kinds import QDef
from inspectapp.surveys.kinds import Subject
from inspectapp.surveys.models import AppraisalSubject
from inspectapp.surveys.models import Question
from inspectapp.surveys.models import QuestionnaireVersion

OPTION_LINE = re.compile(r"^\s*(?:(\d{1,3})[\s.、．:：]+)?(.+?)\s*$")
MAX_OPTIONS = 30


def qdef(question):
    return QDef(
        id=question.id, key=question.key, kind=question.kind, text=question.text, text_en=question.text_en,
        help=question.help, required=question.is_required,
        options=tuple(Option(o["code"], o["label"], o.get("label_en", "")) for o in question.option_list),
        aspects=tuple(Option(a["code"], a["label"], a.get("label_en", "")) for a in question.aspect_list),
        min_choices=question.min_choices, max_choices=question.max_choices, num_min=question.num_min,
        num_max=question.num_max, max_length=question.max_length, has_na=question.has_na,
        page_break=question.page_break, cond_key=question.cond_key,
        cond_values=frozenset(int(v) for v in question.cond_values.split(",") if v.strip()),
    )


@functools.lru_cache(maxsize=256)
def _cached(version_id, _edited_at):
    version = QuestionnaireVersion.get_by_id(version_id)
    return tuple(qdef(q) for q in version.questions())


def definition(version):
    """The version's questions as QDefs, in order (cached per process)."""
    return _cached(version.id, version.edited_at)


def subjects(questionnaire):
    """Active appraisal subjects as plain Subjects (label, unit, group heading)."""
    query = (AppraisalSubject.select(AppraisalSubject, Unit, Staff).join(Unit).switch(AppraisalSubject)
             .join(Staff, JOIN.LEFT_OUTER)
             .where((AppraisalSubject.questionnaire == questionnaire) & AppraisalSubject.is_active)
             .order_by(AppraisalSubject.position, AppraisalSubject.id))
    return tuple(Subject(s.id, s.label, s.unit_id, s.unit.name if s.staff_id else "") for s in query)


def parse_option_lines(text, field="options"):
    """Admin's lines "1 非常方便 | Very convenient" -> [{code, label, label_en}]. A line without a
    code gets the next free number; codes stay with their labels when lines are reordered."""
    parsed, seen = [], set()
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_OPTIONS:
        raise DomainError("最多%(n)s项", field=field, n=MAX_OPTIONS)
    for number, line in enumerate(lines, 1):
        match = OPTION_LINE.match(line)
        code = int(match.group(1)) if match.group(1) else None
        body, _sep, english = match.group(2).partition("|")
        if not body.strip():
            raise DomainError("第%(line)s行缺少内容", field=field, line=number)
        if code is not None and (code < 1 or code in seen):
            raise DomainError("第%(line)s行的编码 %(code)s 重复或无效", field=field, line=number, code=code)
        if code is not None:
            seen.add(code)
        parsed.append({"code": code, "label": body.strip()[:100], "label_en": english.strip()[:100]})
    for item in parsed:
        if item["code"] is None:
            item["code"] = max(seen | {0}) + 1
            seen.add(item["code"])
    return parsed


def option_lines(items):
    """The inverse of parse_option_lines, for the edit form."""
    return "\n".join(f"{o['code']} {o['label']}" + (f" | {o['label_en']}" if o.get("label_en") else "")
                     for o in items)


def needs_options(kind):
    return kind in Kind.WITH_OPTIONS


def question_of(version, key):
    return Question.get_or_none((Question.version == version) & (Question.key == key))
