"""The step forms of the case page: which panels a user gets now (only the steps the workflow
table and the user's role allow)."""
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
    return {step: given.get(step) or form_class(formdata=None)
            for step, (action, form_class) in STEPS.items() if action in allowed}
