"""群众评议: the ranking of the subjects and the proposed 表扬 list, and its confirmation.

The formula (printed on the ranking page and in the report; weights set per campaign):

    评议得分 S = mean of the subject's valid votes on 10/8/6/3/0 × 10        (0…100; 不了解 not counted)
    好评率   P = the same period's counted 好差评 ratings of the subject: 好评 ÷ ratings × 100
    暗访得分 I = the same period's inspection score: for a unit, the reports' score (the average over
               the period's inspections of 100 − that inspection's deductions at the unit; none
               when not inspected); for a staff member, 100 − the deductions recorded against
               their 工号 (floor 0)
    综合得分   = (wS·S + wP·P + wI·I) ÷ (wS + wP + wI), over the parts that have data

Proposed: the `award_quota` best by 综合得分 among subjects with at least `min_ratings` valid votes
and without any 严重 finding in the period (never proposed, whatever their score). Ties: higher
S, then more votes, then the subject's order.
"""
import json
from dataclasses import dataclass

from inspectapp.audit import services as audit
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import local_today
from inspectapp.db import db
from inspectapp.evaluations.models import Level
from inspectapp.i18n import N_
from inspectapp.surveys import period_stats
from inspectapp.surveys.appraisal_models import Commendation
from inspectapp.surveys.appraisal_models import CommendationEntry
from inspectapp.surveys.kinds import NA
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.models import CampaignStatus
from inspectapp.surveys.models import Question
from inspectapp.surveys.models import QuestionnaireVersion
from inspectapp.surveys.results import ResultFilter
from inspectapp.surveys.results import cell_rows
from inspectapp.surveys.store import ANSWERED


@dataclass
class Standing:
    subject: object
    votes: int = 0
    na: int = 0
    campaign_score: float | None = None
    satisfied: float | None = None
    ratings: int = 0
    rating_rate: float | None = None
    inspection_score: float | None = 100.0
    deductions: float = 0.0
    findings: int = 0
    serious: int = 0
    composite: float | None = None
    rank: int | None = None
    eligible: bool = False
    reason: str = ""
    proposed: bool = False


def formula(questionnaire):
    return {"weight_campaign": questionnaire.weight_campaign, "weight_rating": questionnaire.weight_rating,
            "weight_inspection": questionnaire.weight_inspection, "min_ratings": questionnaire.min_ratings,
            "award_quota": questionnaire.award_quota, "award_title": questionnaire.award_title,
            "start": questionnaire.opens_on.isoformat(), "end": questionnaire.closes_on.isoformat()}


def composite(parts):
    """Weighted mean of the (weight, value) parts that have a value; None when none has."""
    present = [(w, v) for w, v in parts if v is not None and w > 0]
    weight = sum(w for w, _v in present)
    return round(sum(w * v for w, v in present) / weight, 2) if weight else None


def _votes(questionnaire):
    """{subject id: {level: votes}} of the counted responses (tallies)."""
    ids = {q.id for q in Question.select(Question.id).join(QuestionnaireVersion)
           .where((QuestionnaireVersion.questionnaire == questionnaire) & (Question.kind == Kind.APPRAISAL))}
    votes = {}
    for _gid, qid, sub, value, n, _total in cell_rows(questionnaire, ResultFilter()):
        if qid in ids and sub != ANSWERED:
            levels = votes.setdefault(sub, {})
            levels[value] = levels.get(value, 0) + n
    return votes


def standings(questionnaire, positive_levels=(5, 4, 3)):
    """Every subject's figures, ranked, with the proposed 表扬 list marked."""
    by = "unit" if questionnaire.subject_kind == "unit" else "staff"
    start, end = questionnaire.opens_on, questionnaire.closes_on
    votes = _votes(questionnaire)
    figures = period_stats.records(by, start, end, positive_levels)
    rows = []
    for subject in questionnaire.subjects():
        record = figures.get(subject.unit_id if by == "unit" else subject.staff_id, period_stats.empty(by))
        rows.append(_standing(questionnaire, subject, votes.get(subject.id, {}), record, positive_levels))
    _rank(questionnaire, rows)
    return rows


def _standing(questionnaire, subject, levels, record, positive_levels):
    row = Standing(subject)
    row.votes = sum(levels.get(lv, 0) for lv in Level.ALL)
    row.na = levels.get(NA, 0)
    if row.votes:
        row.campaign_score = 10 * sum(Level.SCORES[lv] * levels.get(lv, 0) for lv in Level.ALL) / row.votes
        row.satisfied = 100 * sum(levels.get(lv, 0) for lv in positive_levels) / row.votes
    row.ratings, row.findings, row.serious, row.deductions = (record.ratings, record.findings, record.serious,
                                                              record.deductions)
    row.rating_rate, row.inspection_score = record.positive_rate, record.inspection_score
    if row.votes:  # without a vote in this appraisal a subject is not ranked
        row.composite = composite([(questionnaire.weight_campaign, row.campaign_score),
                                   (questionnaire.weight_rating, row.rating_rate),
                                   (questionnaire.weight_inspection, row.inspection_score)])
    if row.serious:
        row.reason = N_("同期暗访有严重问题")
    elif row.votes < questionnaire.min_ratings:
        row.reason = N_("有效评议票不足")
    row.eligible = not row.reason
    return row


def _rank(questionnaire, rows):
    order = {row.subject.id: i for i, row in enumerate(rows)}
    rows.sort(key=lambda r: (r.composite is None, -(r.composite or 0), -(r.campaign_score or 0), -r.votes,
                             order[r.subject.id]))
    for rank, row in enumerate(rows, 1):
        row.rank = rank if row.composite is not None else None
    for row in [r for r in rows if r.eligible][:questionnaire.award_quota]:
        row.proposed = True


def confirmed(questionnaire):
    return Commendation.get_or_none(Commendation.questionnaire == questionnaire)


def can_confirm(questionnaire, today=None):
    today = today or local_today()
    return questionnaire.status == CampaignStatus.CLOSED or today > questionnaire.closes_on


def confirm(questionnaire, chosen_ids, note, actor, positive_levels=(5, 4, 3), ip=""):
    """Freeze the 表扬 list: the chosen subjects (eligible ones only) with every figure.

    :raises DomainError: still running, already confirmed, an ineligible subject chosen, or the
        list differs from the proposal without a note.
    """
    if not can_confirm(questionnaire):
        raise DomainError("评议尚未结束，结束后才能确认表扬名单")
    if confirmed(questionnaire) is not None:
        raise DomainError("表扬名单已确认，不能修改")
    rows = standings(questionnaire, positive_levels)
    chosen = set(chosen_ids)
    if any(row.subject.id in chosen and not row.eligible for row in rows):
        raise DomainError("所选对象不符合表扬条件（票数不足或同期暗访有严重问题）")
    if not chosen:
        raise DomainError("请至少选择一个表扬对象")
    if chosen != {row.subject.id for row in rows if row.proposed} and not (note or "").strip():
        raise DomainError("名单与系统拟定名单不同，请填写说明", field="note")
    with db.atomic():
        commendation = Commendation.create(questionnaire=questionnaire, title=questionnaire.award_title,
                                           confirmed_by=actor, note=(note or "").strip()[:300],
                                           formula=json.dumps(formula(questionnaire), ensure_ascii=False))
        for row in rows:
            CommendationEntry.create(
                commendation=commendation, subject=row.subject, label=row.subject.label,
                unit_name=row.subject.unit.name, rank=row.rank or 0, votes=row.votes,
                campaign_score=row.campaign_score, rating_rate=row.rating_rate, inspection_score=row.inspection_score,
                composite=row.composite, was_proposed=row.proposed, is_commended=row.subject.id in chosen)
        audit.record("commendation.confirmed", actor=actor, target=questionnaire, ip=ip,
                     detail={"commended": sorted(chosen), "proposed": sorted(r.subject.id for r in rows if r.proposed),
                             "note": note or ""})
    return commendation
