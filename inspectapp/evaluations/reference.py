"""Reference data init-db loads for citizen evaluations: the national coded reasons (reasons.py)."""
from inspectapp.evaluations.models import ReasonOption
from inspectapp.evaluations.reasons import NATIONAL_REASONS


def load_national_reasons():
    """Insert national codes that are missing. Never touches an existing row (an admin may have edited it)."""
    existing = {row.code for row in ReasonOption.select(ReasonOption.code)}
    rows = [
        {"code": code, "level": int(code[0]), "text": text, "sort_order": int(code), "is_national": True}
        for code, text in NATIONAL_REASONS
        if code not in existing
    ]
    if rows:
        ReasonOption.insert_many(rows).execute()
    return len(rows)
