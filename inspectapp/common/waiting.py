"""One line of "what waits for you" on a role's home page (core/waiting.py lists the providers)."""
from dataclasses import dataclass


@dataclass(frozen=True)
class WaitingItem:
    #: A msgid (Simplified Chinese), translated where it is shown.
    label: str
    count: int
    url: str
    #: "danger" (overdue, red cards), "warning" (due soon), "info" (to do).
    tone: str = "info"
    #: A short msgid under the label, e.g. "两个工作日内到期".
    hint: str = ""
