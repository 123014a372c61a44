"""The filters of the ratings list, summary and CSV export, read from the query string."""
import datetime as dt
from dataclasses import dataclass

from inspectapp.common.args import parse_date
from inspectapp.common.args import parse_id
from inspectapp.common.args import parse_int
from inspectapp.evaluations.models import Evaluation
from inspectapp.evaluations.models import Level
from inspectapp.evaluations.models import Status
from inspectapp.i18n import N_

STATUS_CHOICES = ("counted", Status.VALID, Status.HELD, Status.REJECTED, "excluded", "all")




@dataclass
class RatingFilter:
    hall: int | None = None
    unit: int | None = None
    window: int | None = None
    level: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    status: str = "all"
    #: Only 差评 (levels 2 and 1): the drill-down behind a 差评 count.
    negative: bool = False

    @classmethod
    def from_args(cls, args, default_status="all"):
        """The filter of a query string; 400 (BadArgument) for a value that cannot be one."""
        status = args.get("status", default_status)
        return cls(hall=parse_id(args.get("hall"), N_("大厅")), unit=parse_id(args.get("unit"), N_("单位")),
                   window=parse_id(args.get("window"), N_("窗口")),
                   level=parse_int(args.get("level"), N_("等级"), min(Level.ALL), max(Level.ALL)),
                   start=parse_date(args.get("start"), N_("开始日期")), end=parse_date(args.get("end"), N_("结束日期")),
                   status=status if status in STATUS_CHOICES else default_status,
                   negative=args.get("negative") == "1")

    def apply(self, query):
        if self.hall:
            query = query.where(Evaluation.hall == self.hall)
        if self.unit:
            query = query.where(Evaluation.unit == self.unit)
        if self.window:
            query = query.where(Evaluation.window == self.window)
        if self.level:
            query = query.where(Evaluation.level == self.level)
        if self.negative:
            query = query.where(Evaluation.level.in_(Level.NEGATIVE))
        if self.start or self.end:
            query = query.where(Evaluation.in_period(self.start, self.end))
        if self.status == "counted":
            query = query.where(Evaluation.counted())
        elif self.status == "excluded":
            query = query.where(Evaluation.is_excluded == True)  # noqa: E712
        elif self.status in Status.ALL:
            query = query.where(Evaluation.status == self.status)
        return query

    def args(self):
        """Query-string arguments that reproduce this filter (for links and the CSV export)."""
        values = {"hall": self.hall, "unit": self.unit, "window": self.window, "level": self.level,
                  "start": self.start.isoformat() if self.start else None,
                  "end": self.end.isoformat() if self.end else None, "status": self.status,
                  "negative": "1" if self.negative else None}
        return {k: v for k, v in values.items() if v not in (None, "")}
