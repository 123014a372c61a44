"""The filters of the ratings list, summary and CSV export, read from the query string."""
import datetime as dt
from dataclasses import dataclass

from inspectapp.common.args import date_arg
from inspectapp.common.args import int_arg
from inspectapp.evaluations.models import Evaluation
from inspectapp.evaluations.models import Level
from inspectapp.evaluations.models import Status

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
        status = args.get("status", default_status)
        level = int_arg(args.get("level"))
        return cls(hall=int_arg(args.get("hall")), unit=int_arg(args.get("unit")), window=int_arg(args.get("window")),
                   level=level if level in Level.ALL else None, start=date_arg(args.get("start")),
                   end=date_arg(args.get("end")), status=status if status in STATUS_CHOICES else default_status,
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
