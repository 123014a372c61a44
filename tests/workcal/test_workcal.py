"""Working-day deadlines: chinese-calendar years, admin-entered years, and the Monday–Friday fallback."""
import datetime as dt

import pytest

from inspectapp.audit.models import AuditLog
from inspectapp.common.errors import DomainError
from inspectapp.workcal import services as workcal
from inspectapp.workcal.services import YearSource
from tests.factories import make_user

D = dt.date


def test_plain_week_deadlines(app):
    # Friday 2025-11-14 + 1 working day = Monday; + 5 = the next Friday.
    assert workcal.add_working_days(D(2025, 11, 14), 1) == D(2025, 11, 17)
    assert workcal.add_working_days(D(2025, 11, 14), 5) == D(2025, 11, 21)
    # Counting starts the day after, also from a weekend.
    assert workcal.add_working_days(D(2025, 11, 15), 1) == D(2025, 11, 17)
    assert workcal.add_working_days(D(2025, 11, 14), 0) == D(2025, 11, 14)


def test_deadline_across_national_day_2025(app):
    # 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are make-up workdays.
    result = workcal.working_deadline(D(2025, 9, 30), 1)
    assert result == workcal.Deadline(D(2025, 10, 9), estimated=False)
    assert workcal.add_working_days(D(2025, 9, 30), 5) == D(2025, 10, 14)  # 9, 10, 11 (Sat), 13, 14
    assert workcal.add_working_days(D(2025, 9, 26), 1) == D(2025, 9, 28)  # a Sunday make-up workday
    assert workcal.is_workday(D(2025, 10, 11)) and not workcal.is_workday(D(2025, 10, 6))


def test_deadline_across_national_day_2026(app):
    # 2026: 1–7 October off; Sunday 20 September and Saturday 10 October are make-up workdays.
    assert workcal.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert workcal.add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)  # 8, 9, 10 (Sat), 12, 13
    assert not workcal.working_deadline(D(2026, 9, 30), 5).estimated


def test_unknown_year_falls_back_to_monday_friday_with_a_warning(app):
    assert not workcal.builtin_knows(2027)
    assert workcal.year_source(2027) == YearSource.FALLBACK
    # 2027-09-30 is a Thursday: Monday–Friday gives 1 Oct (Fri) — an estimate.
    result = workcal.working_deadline(D(2027, 9, 30), 1)
    assert result == workcal.Deadline(D(2027, 10, 1), estimated=True)
    # A count that starts in a known year and ends in an unknown one is an estimate too.
    crossing = workcal.working_deadline(D(2026, 12, 30), 5)
    assert crossing.estimated and crossing.due_on == D(2027, 1, 6)
    # Ending inside the known year is exact.
    assert not workcal.working_deadline(D(2026, 12, 28), 2).estimated


def test_admin_entered_year_gives_exact_deadlines(app):
    admin = make_user()
    for day in range(1, 8):
        workcal.set_day(D(2027, 10, day), False, "国庆节", actor=admin)
    workcal.set_day(D(2027, 10, 9), True, "国庆节调休上班", actor=admin)  # a Saturday
    # Entered but not confirmed: the holidays count, the warning stays.
    result = workcal.working_deadline(D(2027, 9, 30), 1)
    assert result == workcal.Deadline(D(2027, 10, 8), estimated=True)
    workcal.confirm_year(2027, actor=admin)
    assert workcal.year_source(2027) == YearSource.ADMIN
    assert workcal.working_deadline(D(2027, 9, 30), 1) == workcal.Deadline(D(2027, 10, 8), estimated=False)
    assert workcal.add_working_days(D(2027, 10, 8), 1) == D(2027, 10, 9)
    actions = [a.action for a in AuditLog.select()]
    assert "workcal.year_confirmed" in actions and "workcal.day_set" in actions


def test_admin_override_wins_over_builtin_calendar(app):
    admin = make_user()
    workcal.set_day(D(2025, 11, 17), False, "地方假日", actor=admin)
    assert workcal.add_working_days(D(2025, 11, 14), 1) == D(2025, 11, 18)
    row, _recounts = workcal.set_day(D(2025, 11, 17), True, "更正", actor=admin)
    assert workcal.add_working_days(D(2025, 11, 14), 1) == D(2025, 11, 17)
    workcal.remove_day(row, actor=admin)
    assert workcal.is_workday(D(2025, 11, 17))


def test_confirming_needs_entries_and_an_unknown_year(app):
    admin = make_user()
    with pytest.raises(DomainError):
        workcal.confirm_year(2028, actor=admin)
    with pytest.raises(DomainError):
        workcal.confirm_year(2025, actor=admin)


def test_working_days_between(app):
    assert workcal.working_days_between(D(2025, 9, 30), D(2025, 10, 9)) == 1
    assert workcal.working_days_between(D(2025, 10, 9), D(2025, 9, 30)) == -1
    assert workcal.working_days_between(D(2025, 11, 14), D(2025, 11, 14)) == 0
