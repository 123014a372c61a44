"""Every feature's models in dependency order (create_tables, migrations, tests)."""
from inspectapp.audit.models import MODELS as AUDIT_MODELS
from inspectapp.auth.models import MODELS as AUTH_MODELS
from inspectapp.orgs.models import MODELS as ORGS_MODELS

ALL_MODELS = [*ORGS_MODELS, *AUTH_MODELS, *AUDIT_MODELS]

#: Idempotent functions that load reference data every deployment needs (national reason codes,
#: the default checklist …). `init-db` runs them after creating tables; each must be safe to re-run
#: and must never overwrite an admin's edits.
REFERENCE_DATA = []

# Citizen evaluations (好差评), 差评 tickets and the shared working-day calendar.
from inspectapp.complaints.models import MODELS as COMPLAINTS_MODELS  # noqa: E402
from inspectapp.evaluations.models import MODELS as EVALUATIONS_MODELS  # noqa: E402
from inspectapp.evaluations.reasons import load_national_reasons  # noqa: E402
from inspectapp.workcal.models import MODELS as WORKCAL_MODELS  # noqa: E402

ALL_MODELS += [*WORKCAL_MODELS, *EVALUATIONS_MODELS, *COMPLAINTS_MODELS]
REFERENCE_DATA.append(load_national_reasons)
