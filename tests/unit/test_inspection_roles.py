"""Inspection permissions are pure functions of the user."""
from types import SimpleNamespace

import pytest

from inspectapp.auth import roles
from inspectapp.auth.roles import InspectionScope
from inspectapp.auth.roles import Role


def user(role, active=True):
    return SimpleNamespace(role=role, is_active=active, unit_id=7 if role == Role.UNIT_MANAGER else None)


@pytest.mark.parametrize("role,plan,record,names,original,scope", [
    (Role.ADMIN, True, False, True, True, InspectionScope.ALL),
    (Role.INSPECTOR, False, True, True, False, InspectionScope.TEAM),
    (Role.UNIT_MANAGER, False, False, False, False, InspectionScope.UNIT),
    (Role.VIEWER, False, False, False, False, InspectionScope.PUBLISHED),
])
def test_policies_by_role(role, plan, record, names, original, scope):
    u = user(role)
    assert roles.can_plan_inspections(u) is plan
    assert roles.can_record_findings(u) is record
    assert roles.can_see_inspectors(u) is names
    assert roles.can_see_original_evidence(u) is original
    assert roles.can_view_inspections(u) is True
    assert roles.inspection_scope(u) == scope


@pytest.mark.parametrize("role", Role.ALL)
def test_inactive_or_anonymous_users_can_do_nothing(role):
    for u in (user(role, active=False), None):
        assert not roles.can_plan_inspections(u)
        assert not roles.can_record_findings(u)
        assert not roles.can_view_inspections(u)
        assert not roles.can_see_inspectors(u)
        assert not roles.can_see_original_evidence(u)
