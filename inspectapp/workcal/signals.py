"""The calendar tells the features that own deadlines when a year's days changed; it knows none of them.

    calendar_changed.connect(on_calendar_changed)      # in create_app (inspectapp/__init__.py)

    def on_calendar_changed(sender, actor=None, years=()):
        ...recount the deadlines that were estimated...
        return Recount("差评工单", changed)

Sent by `workcal.services` after an admin entered, removed, confirmed or unconfirmed days of a year.
"""
from dataclasses import dataclass

from blinker import Namespace

_signals = Namespace()

#: Receivers: fn(sender, actor=None, years=()) -> Recount | None.
calendar_changed = _signals.signal("calendar-changed")


@dataclass(frozen=True)
class Recount:
    """What a receiver recounted: a label for people ("差评工单") and how many records changed."""

    label: str
    changed: int


def notify_calendar_changed(actor, years):
    """Send the signal; returns the receivers' Recounts that changed something."""
    results = calendar_changed.send("workcal", actor=actor, years=tuple(sorted(set(years))))
    return [value for _receiver, value in results if isinstance(value, Recount) and value.changed]
