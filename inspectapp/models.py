"""Every feature's models in dependency order, and `init_db` that creates them (CLI, tests).

Above every feature: only the CLI, migration tooling and tests import this module."""
from inspectapp.audit.models import MODELS as AUDIT_MODELS
from inspectapp.auth.models import MODELS as AUTH_MODELS
from inspectapp.common.rollups import MODELS as ROLLUP_STATE_MODELS
from inspectapp.complaints.models import MODELS as COMPLAINTS_MODELS
from inspectapp.db import db
from inspectapp.db import is_sqlite
from inspectapp.db import migration_runner
from inspectapp.evaluations.models import MODELS as EVALUATIONS_MODELS
from inspectapp.evaluations.reference import load_national_reasons
from inspectapp.evaluations.rollup import MODELS as ROLLUP_MODELS
from inspectapp.inspections.models import MODELS as INSPECTIONS_MODELS
from inspectapp.inspections.reference import load_default_template
from inspectapp.inspections.rollup import MODELS as INSPECTION_ROLLUP_MODELS
from inspectapp.officialdoc.models import MODELS as OFFICIALDOC_MODELS
from inspectapp.orgs.models import MODELS as ORGS_MODELS
from inspectapp.rectifications.models import MODELS as RECTIFICATIONS_MODELS
from inspectapp.reports.models import MODELS as REPORTS_MODELS
from inspectapp.surveys.appraisal_models import MODELS as APPRAISAL_MODELS
from inspectapp.surveys.models import MODELS as SURVEYS_MODELS
from inspectapp.surveys.response_models import MODELS as SURVEY_RESPONSE_MODELS
from inspectapp.workcal.models import MODELS as WORKCAL_MODELS

ALL_MODELS = [
    *ORGS_MODELS,
    *AUTH_MODELS,
    *AUDIT_MODELS,
    *OFFICIALDOC_MODELS,
    *WORKCAL_MODELS,
    *ROLLUP_STATE_MODELS,
    *EVALUATIONS_MODELS,
    *ROLLUP_MODELS,
    *COMPLAINTS_MODELS,
    *INSPECTIONS_MODELS,
    *INSPECTION_ROLLUP_MODELS,
    *RECTIFICATIONS_MODELS,
    *SURVEYS_MODELS,
    *SURVEY_RESPONSE_MODELS,
    *APPRAISAL_MODELS,
    *REPORTS_MODELS,
]

#: Idempotent functions that load reference data every deployment needs. `init-db` runs them
#: after creating tables; each must be safe to re-run and must never overwrite an admin's edits.
REFERENCE_DATA = [
    load_national_reasons,  # 好差评 coded reasons (domain.md §1.4)
    load_default_template,  # default 暗访 checklist (domain.md §2.2/§2.3)
]


def init_db():
    """Create missing tables, bring the schema up to date, load reference data. Safe to run again.

    A new database gets every table from the live models and all migrations recorded as
    applied (they describe changes the live models already contain). An existing database
    gets pending migrations run first, then new tables (and indexes) created: creating the live
    models' indexes before a migration added their column fails on PostgreSQL, and on SQLite
    silently indexes the column name as a string literal.
    """
    runner = migration_runner()
    for model in ALL_MODELS:
        # Models with `clustered = True` in their Meta are stored in primary-key order on SQLite.
        model._meta.without_rowid = is_sqlite() and getattr(model._meta, "clustered", False)
    with db.connection_context():
        fresh = not any(m.table_exists() for m in ALL_MODELS)
        if fresh:
            db.create_tables(ALL_MODELS, safe=True)
            applied = runner.up(fake=True)
        else:
            applied = runner.up()
            db.create_tables(ALL_MODELS, safe=True)
        with db.atomic():
            for load in REFERENCE_DATA:
                load()
    return fresh, applied
