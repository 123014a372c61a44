"""The step forms of the case page: which panels a user gets now (only the steps the workflow
table and the user's role allow)."""
from flask_babel import lazy_gettext as _l

from inspectapp.auth import roles
from inspectapp.rectifications import forms
from inspectapp.rectifications.workflow import WORKFLOW
from inspectapp.rectifications.workflow import Action

#: Step name in the URL -> (action, form class).
STEPS = {
    "issue": (Action.ISSUE, forms.ConfirmForm),
    "cancel": (Action.CANCEL, forms.CancelForm),
    "acknowledge": (Action.ACKNOWLEDGE, forms.AcknowledgeForm),
    "verify": (Action.VERIFY, forms.VerifyForm),
    "return": (Action.RETURN, forms.ReturnForm),
    "extend": (Action.EXTEND, forms.ExtendForm),
}


def action_panels(case, user, given):
    """{step: form} for the steps the user may take now; `given` holds forms that failed validation."""
    allowed = set(WORKFLOW.allowed_actions(case, user))
    panels = {step: given.get(step) or form_class(formdata=None)
              for step, (action, form_class) in STEPS.items() if action in allowed}
    if "acknowledge" in panels and not roles.can_report_rectification(user, case):
        panels["acknowledge"].signer.description = _l("请填写纸质回执上签收人的姓名")  # an admin recording it
    return panels
