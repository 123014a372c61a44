"""One questionnaire version as a citizen answers it from one place: the pages, each page's
questions (a long appraisal list is spread over several pages), what a page posts, its errors."""
from dataclasses import dataclass

from inspectapp.surveys import definitions
from inspectapp.surveys import kinds
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.models import StaffMode
from inspectapp.surveys.response_models import Channel

#: Appraisal subjects per page: keeps a page of people to rate within the 30 KB page budget.
SUBJECTS_PER_PAGE = 6


@dataclass(frozen=True)
class Context:
    """Where the questionnaire was reached from (ids 0 when not known)."""

    hall_id: int = 0
    unit_id: int = 0
    window_id: int = 0
    channel: str = Channel.LINK
    #: The hall's opening hours when already loaded (the off-hours check needs them).
    hours: tuple | None = None


@dataclass(frozen=True)
class Slot:
    """A question on a page; for an appraisal list, the subjects this page shows."""

    q: object
    subjects: tuple = ()
    #: The last (or only) page of its question: where "rate at least one" is checked.
    last: bool = True
    #: Some of the question's subjects only (their exact field names are the page's).
    partial: bool = False


def subjects_for(questionnaire, q, ctx, all_subjects):
    """The appraisal subjects a question shows: a staff appraisal reached from a window shows the
    window's unit; otherwise every subject."""
    if q.kind != Kind.APPRAISAL:
        return ()
    if ctx.unit_id and questionnaire.subject_kind == "staff":
        mine = tuple(s for s in all_subjects if s.unit_id == ctx.unit_id)
        if mine:
            return mine
    return all_subjects


def served_mode(questionnaire):
    return questionnaire.staff_mode == StaffMode.SERVED and questionnaire.subject_kind == "staff"


def normalise_served(questionnaire, qdefs, raw):
    """'Who served me' mode posts one pick and one level; store them as the subject's row."""
    if not served_mode(questionnaire):
        return raw
    raw = dict(raw)
    for q in qdefs:
        if q.kind == Kind.APPRAISAL and f"{q.key}_pick" in raw:
            pick = kinds.first(raw, f"{q.key}_pick")
            level, reason = kinds.first(raw, f"{q.key}_level"), kinds.first(raw, f"{q.key}_reason")
            if pick:
                raw[f"{q.key}_s{pick}"] = [level]
                raw[f"{q.key}_r{pick}"] = [reason]
    return raw


class Form:
    """One questionnaire version as answered from one context: pages, states, what to show."""

    def __init__(self, questionnaire, version, ctx):
        self.questionnaire, self.version, self.ctx = questionnaire, version, ctx
        self.qdefs = definitions.definition(version)
        self.all_subjects = definitions.subjects(questionnaire) if questionnaire.is_appraisal else ()
        self.pages = self._pages()

    def subjects_of(self, q):
        return subjects_for(self.questionnaire, q, self.ctx, self.all_subjects)

    def _pages(self):
        pages = []
        for page in kinds.static_pages(self.qdefs):
            current = []
            for q in page:
                subjects = self.subjects_of(q)
                if q.kind != Kind.APPRAISAL or served_mode(self.questionnaire) or len(subjects) <= SUBJECTS_PER_PAGE:
                    current.append(Slot(q, subjects))
                    continue
                if current:
                    pages.append(current)
                    current = []
                chunks = [subjects[i:i + SUBJECTS_PER_PAGE] for i in range(0, len(subjects), SUBJECTS_PER_PAGE)]
                pages += [[Slot(q, chunk, n == len(chunks) - 1, True)] for n, chunk in enumerate(chunks)]
            if current:
                pages.append(current)
        return pages or [[]]

    def normalised(self, raw):
        return normalise_served(self.questionnaire, self.qdefs, raw)

    def states(self, raw):
        return kinds.evaluate(self.qdefs, self.normalised(raw), self.subjects_of)

    def visible_pages(self, states):
        """Indexes (1-based) of the pages with at least one visible question."""
        return [i for i, page in enumerate(self.pages, 1) if any(states[s.q.key].visible for s in page)] or [1]

    def slot_error(self, slot, states, raw):
        """The error to show with a slot: a partial appraisal page checks only its own subjects
        (and "rate at least one" waits for the question's last page)."""
        state = states[slot.q.key]
        if not state.visible:
            return None
        if not slot.partial:
            return state.error
        own = kinds.parse(slot.q, self.normalised(raw), slot.subjects)[1]
        if own is not None or not slot.last or not slot.q.required:
            return own
        return kinds.missing(slot.q, state.value or {}, self.subjects_of(slot.q))

    def page_errors(self, states, page, raw):
        slots = self.pages[page - 1]
        return [slot for slot in slots if self.slot_error(slot, states, raw)]

    def fields_of(self, page):
        """What a page posts (prefixes and exact names), to replace them in the draft."""
        names = []
        for slot in self.pages[page - 1]:
            if slot.partial:
                names += [f"{slot.q.key}_{p}{s.id}" for s in slot.subjects for p in ("s", "r")]
            else:
                names.append(slot.q.key)
        return names


def merge(draft_raw, posted, prefixes):
    """The draft with the fields of one page replaced by what was just posted."""
    def mine(name):
        return any(name == p or name.startswith(p + "_") for p in prefixes)

    merged = {k: v for k, v in draft_raw.items() if not mine(k)}
    merged.update({k: v for k, v in posted.items() if mine(k)})
    return merged
