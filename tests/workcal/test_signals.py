"""The calendar knows no feature: the features that own deadlines subscribe to its signal."""
import weakref

from inspectapp.complaints.services import on_calendar_changed as complaints_recount
from inspectapp.rectifications.services import on_calendar_changed as rectifications_recount
from inspectapp.workcal.signals import calendar_changed
from tests.test_layout import import_graph


def test_the_deadline_owners_listen_to_the_calendar_signal(app):
    receivers = {ref() if isinstance(ref, weakref.ref) else ref for ref in calendar_changed.receivers.values()}
    assert {complaints_recount, rectifications_recount} <= receivers


def test_the_calendar_imports_no_feature_that_owns_deadlines():
    graph = import_graph()
    imported = {target for module, targets in graph.items() if module.startswith("inspectapp.workcal")
                for target in targets}
    assert not {t for t in imported if t.startswith(("inspectapp.complaints", "inspectapp.rectifications",
                                                     "inspectapp.evaluations", "inspectapp.inspections"))}
