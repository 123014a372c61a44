"""The inspections feature's service API in one import (`services.record_finding(...)`).

The rules live in one module per step of an inspection, along the lines of its work:
planning.py (date, mode, team), recording.py (findings and evidence from the phone, idempotent),
review.py (status transitions, the admin's edits of findings), scores.py (score sheets). Plain
functions with an explicit `actor`; no Flask request state.
"""
from inspectapp.inspections.errors import Conflict
from inspectapp.inspections.planning import Plan
from inspectapp.inspections.planning import active_inspectors
from inspectapp.inspections.planning import inspection_for_scan
from inspectapp.inspections.planning import next_team_no
from inspectapp.inspections.planning import save_plan
from inspectapp.inspections.recording import HALL_AREA
from inspectapp.inspections.recording import MAX_CLIENT_AGE
from inspectapp.inspections.recording import FindingInput
from inspectapp.inspections.recording import add_evidence
from inspectapp.inspections.recording import anchor_client_time
from inspectapp.inspections.recording import check_can_record
from inspectapp.inspections.recording import from_ms
from inspectapp.inspections.recording import mark_window_checked
from inspectapp.inspections.recording import record_finding
from inspectapp.inspections.recording import to_ms
from inspectapp.inspections.recording import withdraw_finding
from inspectapp.inspections.recording import word_finding
from inspectapp.inspections.review import TRANSITIONS
from inspectapp.inspections.review import drop_finding
from inspectapp.inspections.review import edit_finding
from inspectapp.inspections.review import finding_history
from inspectapp.inspections.review import restore_finding
from inspectapp.inspections.review import transition
from inspectapp.inspections.scores import ScoreSheet
from inspectapp.inspections.scores import score_sheet
from inspectapp.inspections.scores import to_result

__all__ = [
    "Conflict", "Plan", "active_inspectors", "inspection_for_scan", "next_team_no", "save_plan", "HALL_AREA",
    "MAX_CLIENT_AGE", "FindingInput", "add_evidence", "anchor_client_time", "check_can_record", "from_ms",
    "mark_window_checked", "record_finding", "to_ms", "withdraw_finding", "word_finding", "TRANSITIONS",
    "drop_finding", "edit_finding", "finding_history", "restore_finding", "transition", "ScoreSheet",
    "score_sheet", "to_result",
]
