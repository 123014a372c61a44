"""Every feature's models in dependency order (create_tables, migrations, tests)."""
from inspectapp.audit.models import MODELS as AUDIT_MODELS
from inspectapp.auth.models import MODELS as AUTH_MODELS
from inspectapp.common.rollups import MODELS as ROLLUP_STATE_MODELS
from inspectapp.complaints.models import MODELS as COMPLAINTS_MODELS
from inspectapp.evaluations.models import MODELS as EVALUATIONS_MODELS
from inspectapp.evaluations.reasons import load_national_reasons
from inspectapp.evaluations.rollup import MODELS as ROLLUP_MODELS
from inspectapp.inspections.models import MODELS as INSPECTIONS_MODELS
from inspectapp.inspections.rollup import MODELS as INSPECTION_ROLLUP_MODELS
from inspectapp.inspections.reference import load_default_template
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
