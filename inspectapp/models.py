"""Every feature's models in dependency order (create_tables, migrations, tests)."""
from inspectapp.audit.models import MODELS as AUDIT_MODELS
from inspectapp.auth.models import MODELS as AUTH_MODELS
from inspectapp.inspections.models import MODELS as INSPECTIONS_MODELS
from inspectapp.inspections.reference import load_default_template
from inspectapp.orgs.models import MODELS as ORGS_MODELS

ALL_MODELS = [*ORGS_MODELS, *AUTH_MODELS, *AUDIT_MODELS]
ALL_MODELS += INSPECTIONS_MODELS

#: Idempotent functions that load reference data every deployment needs (national reason codes,
#: the default checklist …). `init-db` runs them after creating tables; each must be safe to re-run
#: and must never overwrite an admin's edits.
REFERENCE_DATA = []
REFERENCE_DATA.append(load_default_template)
