"""Roles and the pure permission functions. The only place that compares roles."""

from inspectapp.i18n import N_


class Role:
    ADMIN = "admin"
    INSPECTOR = "inspector"
    UNIT_MANAGER = "unit_manager"
    VIEWER = "viewer"

    ALL = (ADMIN, INSPECTOR, UNIT_MANAGER, VIEWER)
    #: Labels are msgids (Simplified Chinese); templates translate them.
    LABELS = {
        ADMIN: N_("督查管理员"),
        INSPECTOR: N_("暗访人员"),
        UNIT_MANAGER: N_("单位负责人"),
        VIEWER: N_("领导（只读）"),
    }


def is_admin(user):
    return user is not None and user.is_active and user.role == Role.ADMIN


def can_manage_orgs(user):
    """Create, edit, deactivate halls, units, windows, staff; import CSV; rotate tokens."""
    return is_admin(user)


def can_manage_users(user):
    return is_admin(user)


def can_view_orgs(user):
    """Read the org tree (unit managers: their own unit only, enforced by the queries)."""
    return user is not None and user.is_active and user.role in (Role.ADMIN, Role.VIEWER, Role.UNIT_MANAGER)


def can_view_audit_log(user):
    return is_admin(user)


def unit_scope(user):
    """The unit id a user is confined to, or None for users who see every unit."""
    if user.role == Role.UNIT_MANAGER:
        # A unit manager without a unit sees nothing: -1 matches no row.
        return user.unit_id if user.unit_id is not None else -1
    return None


# --- citizen evaluations (好差评), 差评 tickets, QR codes, working-day calendar ------------------
# Covert inspections (暗访). Row scoping is in Inspection.visible_to / Finding.visible_to.

class InspectionScope:
    """Which inspections a role reaches: every one, its own team's, published ones, or its unit's."""

    ALL = "all"
    TEAM = "team"
    PUBLISHED = "published"
    UNIT = "unit"


def is_inspector(user):
    return user is not None and user.is_active and user.role == Role.INSPECTOR


def can_view_evaluations(user):
    """Ratings lists and summaries (unit managers: their own unit, enforced by the queries)."""
    return can_view_orgs(user)


def can_see_rater_device(user):
    """Device hash, IP and user agent of a rating: admins only, never unit managers."""
    return is_admin(user)


def can_review_held(user):
    """Release or reject held (suspicious) ratings."""
    return is_admin(user)


def can_manage_reasons(user):
    """Edit the coded reason list shown on the evaluation form."""
    return is_admin(user)


def can_manage_calendar(user):
    """Enter holidays and make-up workdays for years chinese-calendar does not know."""
    return is_admin(user)


def can_print_qr(user):
    return is_admin(user)


def can_view_complaints(user):
    return can_view_orgs(user)


def can_handle_complaint(user, ticket):
    """Work a 差评 ticket (回访, outcome, feedback, close, appeal): admins, or the owning unit's manager."""
    if user is None or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.UNIT_MANAGER and user.unit_id is not None and user.unit_id == ticket.unit_id


def can_work_complaints(user):
    """Someone who works 差评 tickets at all (admins, unit managers), not a reader."""
    return user is not None and user.is_active and user.role in (Role.ADMIN, Role.UNIT_MANAGER)


def can_appeal_complaint(user, ticket):
    """A 申诉 is the unit's objection to its own 差评: only the owning unit's manager files it."""
    return (user is not None and user.is_active and user.role == Role.UNIT_MANAGER and user.unit_id is not None
            and user.unit_id == ticket.unit_id)


def can_decide_appeal(user, ticket=None):
    """Appeals are decided by the hall (an admin), never by the unit."""
    return is_admin(user)


def can_view_rater_phone(user, ticket):
    """The rater's phone number: only those who handle that 差评 (each viewing is logged)."""
    return can_handle_complaint(user, ticket)
def can_plan_inspections(user):
    """Plan inspections, review and publish findings, manage checklist templates."""
    return is_admin(user)


def can_record_findings(user):
    return is_inspector(user)


def can_view_inspections(user):
    return user is not None and user.is_active and user.role in Role.ALL


def inspection_scope(user):
    return {
        Role.ADMIN: InspectionScope.ALL,
        Role.INSPECTOR: InspectionScope.TEAM,
        Role.VIEWER: InspectionScope.PUBLISHED,
        Role.UNIT_MANAGER: InspectionScope.UNIT,
    }[user.role]


def can_see_inspectors(user):
    """Inspector names: admins and the inspectors themselves; units and viewers see only a team code."""
    return is_admin(user) or is_inspector(user)


def can_see_original_evidence(user):
    """The file as received (with EXIF location); everyone else gets the stripped copy."""
    return is_admin(user)


# --- questionnaires (调查问卷) and appraisal campaigns (群众评议) ------------------------------------
# Row scoping (a unit manager reads only the responses given at their unit's windows, and only
# their unit's appraisal subjects) is in the result queries.

def can_manage_surveys(user):
    """Build, publish and close questionnaires; review held responses; print campaign posters."""
    return is_admin(user)


def can_view_survey_results(user):
    return can_view_orgs(user)


def can_read_survey_report(user):
    """The results report (HTML and PDF): admins and viewers. It prints every unit's figures and no
    free text, so unit managers read their own unit's results on the results pages instead."""
    return can_view_dashboards(user)


def can_read_named_texts(user):
    """Free texts that name people (and appraisal reasons about named staff): admins only."""
    return is_admin(user)


def can_confirm_commendation(user):
    """Confirm the proposed 表扬 list of an appraisal campaign."""
    return is_admin(user)


def can_see_responder_device(user):
    return is_admin(user)
# --- rectification (整改) -----------------------------------------------------------------------
# Row scoping is in RectificationCase.visible_to.

def can_view_rectifications(user):
    """Read cases: admins, viewers, and unit managers (their own unit's, enforced by the query)."""
    return can_view_orgs(user)


def can_manage_rectifications(user, case=None):
    """Open, edit, issue (签发), verify (销号), return, extend and escalate cases: the supervisors."""
    return is_admin(user)


def is_case_unit_manager(user, case):
    return (user is not None and user.is_active and user.role == Role.UNIT_MANAGER and user.unit_id is not None
            and user.unit_id == case.unit_id)


def can_acknowledge_notice(user, case):
    """签收: the unit's manager, or an admin recording the paper 回执 the unit sent back."""
    return is_case_unit_manager(user, case) or is_admin(user)


def can_report_rectification(user, case):
    """Write and submit the 整改报告: only the unit itself."""
    return is_case_unit_manager(user, case)


def can_escalate(user, case=None):
    """Apply the escalation ladder: an admin, or the scheduled daily run (no user: the CLI job)."""
    return user is None or is_admin(user)


# --- statistics, dashboards and bulletins (通报) ----------------------------------------------

def can_view_dashboards(user):
    """Dashboards and statistics of every hall and unit: supervisors and leaders (read only)."""
    return user is not None and user.is_active and user.role in (Role.ADMIN, Role.VIEWER)


def can_issue_bulletins(user):
    """Preview, issue (number and freeze) bulletins."""
    return is_admin(user)


def can_read_bulletins(user):
    """Issued bulletins (internal version): supervisors, leaders and the units they are sent to."""
    return user is not None and user.is_active and user.role in (Role.ADMIN, Role.VIEWER, Role.UNIT_MANAGER)
