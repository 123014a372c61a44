"""What waits for the user: the home page's counts and links, gathered from every feature.

Each provider is a plain function `items(user, due) -> [WaitingItem]` in its feature's `waiting.py`
(it may call url_for: it runs inside a request). `due` is the one DueWindow of the request
(workcal.services.due_window), so every count uses the same overdue / due-soon definition. Items
with a zero count are not shown. To add one: write the provider, append it to PROVIDERS.
"""
from inspectapp.complaints import waiting as complaints_waiting
from inspectapp.evaluations import waiting as evaluations_waiting
from inspectapp.inspections import waiting as inspections_waiting
from inspectapp.rectifications import waiting as rectifications_waiting
from inspectapp.reports import waiting as reports_waiting
from inspectapp.surveys import waiting as surveys_waiting
from inspectapp.workcal import services as workcal
from inspectapp.workcal import waiting as workcal_waiting

PROVIDERS = (
    rectifications_waiting.items,
    complaints_waiting.items,
    surveys_waiting.items,
    evaluations_waiting.items,
    inspections_waiting.items,
    reports_waiting.items,
    workcal_waiting.items,
)

TONE_ORDER = {"danger": 0, "warning": 1, "info": 2}


def waiting_for(user, due=None, providers=PROVIDERS):
    """Every provider's items for `user` that have something in them, most urgent first."""
    due = due or workcal.due_window()
    items = [item for provider in providers for item in provider(user, due) if item.count]
    return sorted(items, key=lambda item: TONE_ORDER.get(item.tone, 9))
