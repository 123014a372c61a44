"""Building questionnaires (admins): questions of every kind, conditions, the question bank, and
versions. A version that has responses is never changed: the first edit after an answer forks the
next version (copy on write) and every response keeps the version it was given on."""
import json
import logging

from inspectapp.audit import services as audit
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import now
from inspectapp.db import db
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.models import Question
from inspectapp.surveys.models import QuestionnaireVersion
from inspectapp.surveys.response_models import Response

log = logging.getLogger(__name__)

QUESTION_FIELDS = ("kind", "text", "text_en", "help", "is_required", "options", "aspects", "min_choices",
                   "max_choices", "num_min", "num_max", "max_length", "has_na", "page_break", "cond_key",
                   "cond_values")
TEXT_MAX = 500


def has_responses(version):
    return Response.select().where(Response.version == version).exists()


def writable_version(questionnaire, actor):
    """(version to edit, {old question id: id in that version}). Forks when answers exist."""
    version = questionnaire.current_version()
    if not has_responses(version):
        return version, {q.id: q.id for q in version.questions()}
    with db.atomic():
        version.is_current = False
        version.save()
        fork = QuestionnaireVersion.create(questionnaire=questionnaire, number=version.number + 1,
                                           is_current=True, created_by=actor)
        mapping = {}
        for question in version.questions():
            copy = Question.create(version=fork, key=question.key, position=question.position,
                                   **{f: getattr(question, f) for f in QUESTION_FIELDS})
            mapping[question.id] = copy.id
        audit.record("questionnaire.new_version", actor=actor, target=questionnaire,
                     detail={"from_version": version.number, "version": fork.number})
    log.info("Questionnaire %s forked to version %s", questionnaire.id, fork.number)
    return fork, mapping


def _touch(version):
    version.edited_at = now()
    version.save()


def _check_kind(questionnaire, kind):
    if kind not in Kind.ALL:
        raise DomainError("题型无效", field="kind")
    if kind == Kind.APPRAISAL and not questionnaire.is_appraisal:
        raise DomainError("评议打分题只能用于群众评议", field="kind")


def clean_question(questionnaire, version, values, key=None):
    """Check one question's settings; returns the column values. Raises DomainError."""
    kind = values["kind"]
    _check_kind(questionnaire, kind)
    text = (values.get("text") or "").strip()
    if not text:
        raise DomainError("请输入题目", field="text")
    out = {f: values.get(f) for f in QUESTION_FIELDS}
    out.update(text=text[:300], text_en=(values.get("text_en") or "").strip()[:300],
               help=(values.get("help") or "").strip()[:200], is_required=bool(values.get("is_required")),
               has_na=bool(values.get("has_na")), page_break=bool(values.get("page_break")))
    out["options"] = json.dumps(values.get("options") or [], ensure_ascii=False)
    out["aspects"] = json.dumps(values.get("aspects") or [], ensure_ascii=False)
    _check_shape(kind, values)
    out["max_length"] = min(max(int(values.get("max_length") or 200), 1), TEXT_MAX)
    out["cond_key"], out["cond_values"] = _clean_condition(version, values, key)
    return out


def _check_shape(kind, values):
    options, aspects = values.get("options") or [], values.get("aspects") or []
    if kind in Kind.WITH_OPTIONS and len(options) < 2:
        raise DomainError("请至少填写两个选项", field="options")
    if kind == Kind.MATRIX and not aspects:
        raise DomainError("请至少填写一个评价方面", field="aspects")
    low, high = values.get("min_choices"), values.get("max_choices")
    if kind == Kind.MULTIPLE and ((low and low > len(options)) or (high and low and high < low)):
        raise DomainError("最少、最多可选项数不合理", field="max_choices")
    if kind == Kind.NUMBER and None not in (values.get("num_min"), values.get("num_max")) \
            and values["num_min"] > values["num_max"]:
        raise DomainError("最小值不能大于最大值", field="num_max")


def _clean_condition(version, values, key):
    """(cond_key, "1,3"): the source must be an earlier choice or scale question of this version."""
    cond_key = (values.get("cond_key") or "").strip()
    if not cond_key:
        return "", ""
    source = Question.get_or_none((Question.version == version) & (Question.key == cond_key))
    if source is None or source.key == key or source.kind not in Kind.CONDITION_SOURCES:
        raise DomainError("显示条件只能引用前面的单选、多选或满意度题", field="cond_key")
    if key is not None and _position(version, key) < source.position:
        raise DomainError("显示条件只能引用前面的单选、多选或满意度题", field="cond_key")
    valid = {o["code"] for o in source.option_list} if source.kind != Kind.SCALE else {1, 2, 3, 4, 5}
    chosen = sorted({int(v) for v in values.get("cond_values") or []})
    if not chosen or not set(chosen) <= valid:
        raise DomainError("请选择触发显示的选项", field="cond_values")
    return cond_key, ",".join(str(v) for v in chosen)


def _position(version, key):
    question = Question.get_or_none((Question.version == version) & (Question.key == key))
    return question.position if question else 1 << 30


def save_question(questionnaire, question, values, actor, ip=""):
    """Add (question None) or change one question; returns (version, question)."""
    with db.atomic():
        version, mapping = writable_version(questionnaire, actor)
        key = question.key if question is not None else None
        cleaned = clean_question(questionnaire, version, values, key)
        if question is None:
            target = Question(version=version, key=_new_key(questionnaire), position=_next_position(version))
        else:
            target = Question.get_by_id(mapping[question.id])
            _check_dependants_keep(version, target, cleaned)
        for name, value in cleaned.items():
            setattr(target, name, value)
        target.save()
        _touch(version)
        audit.record("questionnaire.question_saved", actor=actor, target=questionnaire, ip=ip,
                     detail={"version": version.number, "key": target.key, "kind": target.kind})
    return version, target


def _new_key(questionnaire):
    key = f"Q{questionnaire.next_key}"
    questionnaire.next_key += 1
    questionnaire.save()
    return key


def _next_position(version):
    last = version.questions().order_by(Question.position.desc()).first()
    return (last.position + 1) if last else 1


def dependants(version, key):
    return [q for q in version.questions() if q.cond_key == key]


def _check_dependants_keep(version, target, cleaned):
    if dependants(version, target.key) and cleaned["kind"] not in Kind.CONDITION_SOURCES:
        raise DomainError("后面的题目以本题作为显示条件，不能改为该题型", field="kind")


def remove_question(questionnaire, question, actor, ip=""):
    """Take a question out of the current version (earlier versions and their answers keep it)."""
    with db.atomic():
        version, mapping = writable_version(questionnaire, actor)
        target = Question.get_by_id(mapping[question.id])
        users = dependants(version, target.key)
        if users:
            raise DomainError("%(keys)s 的显示条件引用了本题，请先修改这些题目", keys="、".join(q.key for q in users))
        target.delete_instance()
        _touch(version)
        audit.record("questionnaire.question_removed", actor=actor, target=questionnaire, ip=ip,
                     detail={"version": version.number, "key": question.key})
    return version


def move_question(questionnaire, question, direction, actor):
    """Swap a question with its neighbour (direction -1 up, +1 down); a condition keeps pointing
    backwards (a question cannot move above the question its condition tests)."""
    with db.atomic():
        version, mapping = writable_version(questionnaire, actor)
        ordered = list(version.questions())
        index = next(i for i, q in enumerate(ordered) if q.id == mapping[question.id])
        other = index + direction
        if not 0 <= other < len(ordered):
            return version
        first, second = sorted((ordered[index], ordered[other]), key=lambda q: q.position)
        if second.cond_key == first.key:
            raise DomainError("%(key)s 的显示条件引用了前一题，不能移到它前面", key=second.key)
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, q in enumerate(ordered, 1):
            if q.position != position:
                q.position = position
                q.save()
        _touch(version)
    return version


def copy_from_bank(questionnaire, questions, actor, ip=""):
    """Copy questions of other questionnaires into this one (new keys; conditions are not copied,
    they point at questions of the other questionnaire)."""
    copied = []
    with db.atomic():
        version, _mapping = writable_version(questionnaire, actor)
        for source in questions:
            if source.kind == Kind.APPRAISAL and not questionnaire.is_appraisal:
                continue
            values = {f: getattr(source, f) for f in QUESTION_FIELDS}
            values.update(cond_key="", cond_values="")
            copied.append(Question.create(version=version, key=_new_key(questionnaire),
                                          position=_next_position(version), **values))
        _touch(version)
        audit.record("questionnaire.bank_copied", actor=actor, target=questionnaire, ip=ip,
                     detail={"from": [q.id for q in questions], "keys": [q.key for q in copied]})
    return copied


def bank(exclude, search=""):
    """Questions of other questionnaires' current versions, newest questionnaire first."""
    from inspectapp.surveys.models import Questionnaire

    query = (Question.select(Question, QuestionnaireVersion, Questionnaire).join(QuestionnaireVersion)
             .join(Questionnaire)
             .where(QuestionnaireVersion.is_current & (Questionnaire.id != exclude.id)
                    & (Question.kind != Kind.APPRAISAL))
             .order_by(Questionnaire.id.desc(), Question.position))
    if search:
        query = query.where(Question.text.contains(search))
    return query
