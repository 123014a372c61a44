"""The content of a 通报 for a period and scope, built once as plain JSON-ready data: the snapshot
that an issued bulletin freezes, and the HTML preview and both PDFs render.

`build(...)` returns {"meta": …, "internal": …, "public": …}. The internal payload names units,
windows and staff (never inspectors: teams appear by their code); the public payload is built
without staff and without anything about the inspection teams, then every string in it is
scrubbed of every staff name and 工号 and every inspector's name and username.
"""
import datetime as dt
from dataclasses import dataclass
from dataclasses import field

from inspectapp.auth.models import User
from inspectapp.auth.roles import Role
from inspectapp.inspections.models import Mode
from inspectapp.inspections.models import Severity
from inspectapp.officialdoc.docno import chinese_date
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window
from inspectapp.reports import bulletin_sections as sections
from inspectapp.reports import formulas
from inspectapp.reports import queries
from inspectapp.reports import stats
from inspectapp.reports import trends
from inspectapp.reports import wording
from inspectapp.reports.periods import Scope

SNAPSHOT_VERSION = 1


@dataclass
class Texts:
    """What the supervisor writes or confirms before issuing (defaults from `default_texts`)."""

    title: str
    recipients: str
    requirements: str
    deadline: dt.date
    cc: str = ""
    printed_by: str = ""
    note: str = ""

    def as_dict(self):
        return {"title": self.title, "recipients": self.recipients, "requirements": self.requirements,
                "deadline": self.deadline.isoformat(), "cc": self.cc, "printed_by": self.printed_by, "note": self.note}

    @classmethod
    def from_dict(cls, d):
        return cls(title=d["title"], recipients=d["recipients"], requirements=d["requirements"],
                   deadline=dt.date.fromisoformat(d["deadline"]), cc=d.get("cc", ""),
                   printed_by=d.get("printed_by", ""), note=d.get("note", ""))


def scope_name(hall):
    return hall.name if hall is not None else "全市政务服务大厅"


def default_texts(period, hall, issuer_name, deadline):
    """The title, recipients and requirements a 通报 usually has, for the supervisor to edit."""
    where = scope_name(hall)
    return Texts(
        title=f"关于{period.label}{where}窗口服务情况的通报",
        recipients="各进驻单位" if hall is not None else "各政务服务大厅，各进驻单位",
        requirements="\n".join([
            f"一是立即整改。被通报批评的单位要对照问题清单逐项整改，于{chinese_date(deadline)}前将整改情况"
            f"书面报送{issuer_name}。",
            "二是举一反三。各单位要以通报问题为镜鉴，全面排查本单位窗口服务中的同类问题，完善首问负责、"
            "一次性告知、限时办结等制度，切实改进服务作风。",
            "三是落实差评整改。对群众差评要做到件件有回访、有整改、有反馈，确保差评整改率、回访率达到100%。",
            f"{issuer_name}将持续开展明察暗访，对整改不到位、问题反复出现的单位和个人，按规定严肃问责。",
        ]),
        deadline=deadline, printed_by=issuer_name)


@dataclass
class _Context:
    """Everything read from the database once, shared by both versions."""

    period: object
    scope: Scope
    hall: object
    current: object
    previous: object
    trend: list
    findings: list
    units: dict
    windows: dict
    staff: dict
    inspections: list
    settings: object
    issued_on: dt.date
    issuer_name: str
    names: list = field(default_factory=list)


def build(period, hall, texts, settings, issued_on, issuer_name, doc_no=""):
    """The snapshot of a bulletin (see the module docstring). Reads the data as of `issued_on`."""
    ctx = _read(period, hall, settings, issued_on, issuer_name)
    meta = {"version": SNAPSHOT_VERSION, "period": {"key": period.key, "label": period.label,
                                                    "start": period.start.isoformat(), "end": period.end.isoformat()},
            "hall_id": hall.id if hall else None, "scope": scope_name(hall), "issued_on": issued_on.isoformat(),
            "issued_text": chinese_date(issued_on),
            "issuer": issuer_name, "doc_no": doc_no, "texts": texts.as_dict()}
    internal = _payload(ctx, texts, public=False)
    public = wording.scrub(_payload(ctx, texts, public=True), wording.names_pattern(ctx.names))
    return {"meta": meta, "internal": internal, "public": public}


def _read(period, hall, settings, issued_on, issuer_name):
    scope = Scope(hall_id=hall.id if hall else None)
    current, previous = stats.with_previous(period, scope, settings, as_of=issued_on)
    findings = queries.finding_details(period, scope)
    window_ids = {w.id for w in current.windows} | {f.window_id for f in findings if f.window_id}
    windows = {w.id: w for w in Window.select(Window, Hall, Unit).join(Hall).switch(Window).join(Unit)
               .where(Window.id.in_(list(window_ids) or [0]))}
    unit_ids = {u.id for u in current.units} | {w.unit_id for w in windows.values()}
    unit_ids |= {u for w in current.windows for u in w.unit_ids} | {f.unit_id for f in findings if f.unit_id}
    units = {u.id: u for u in Unit.select().where(Unit.id.in_(list(unit_ids) or [0]))}
    staff = {s.staff_no: s for s in Staff.select()}
    inspectors = User.select().where(User.role == Role.INSPECTOR)
    names = [s.name for s in staff.values()] + list(staff) + [u.display_name for u in inspectors] + \
            [u.username for u in inspectors]
    return _Context(period=period, scope=scope, hall=hall, current=current, previous=previous,
                    trend=trends.monthly(period, scope, settings.positive_includes_basic), findings=findings,
                    units=units, windows=windows, staff=staff, inspections=queries.inspections_in(period, scope),
                    settings=settings, issued_on=issued_on, issuer_name=issuer_name, names=names)


def _payload(ctx, texts, public):
    c = ctx.current
    return {
        "title": texts.title, "recipients": texts.recipients,
        "opening": sections.opening(ctx, public),
        "overall": sections.overall(ctx),
        "units": sections.unit_table(ctx),
        "problems": sections.problems(ctx, public),
        "criticised": sections.criticised(ctx, public),
        "commended": sections.commended(ctx),
        "overdue": sections.overdue(ctx),
        "requirements": wording.paragraphs(texts.requirements),
        "note": texts.note,
        "deadline": texts.deadline.isoformat(), "issued_text": chinese_date(ctx.issued_on),
        "charts": {"categories": [[k, n] for k, n in c.inspections.by_category.items()],
                   "trend_labels": [p.label for p in ctx.trend],
                   "trend_rates": [p.ratings.positive_rate for p in ctx.trend]},
        "formulas": list(formulas.formula_texts(ctx.settings.weights)),
        "windows": sections.window_table(ctx),
        "annex_findings": sections.annex_findings(ctx, public),
        "annex_total": c.inspections.findings,
        "cc": [x.strip() for x in texts.cc.replace("，", ",").replace("、", ",").split(",") if x.strip()],
        "printed_by": texts.printed_by,
        "public": public,
        "severity_labels": dict(Severity.LABELS),
        "mode_labels": dict(Mode.LABELS),
    }
