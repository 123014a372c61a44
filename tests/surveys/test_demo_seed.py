"""seed-demo: an open questionnaire for the first hall (offered on its thank-you pages) and a closed
群众评议 with votes and a confirmed 表扬 list; every page of both renders. Checked inside the one
seed-demo test (tests/evaluations/test_demo_seed.py): seeding the demo twice costs CI time."""
import re

from inspectapp.auth.models import User
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Window
from inspectapp.surveys.appraisal_models import Commendation
from inspectapp.surveys.models import CampaignKind
from inspectapp.surveys.models import Questionnaire
from inspectapp.surveys.response_models import Response


def check_seeded_questionnaires(output, app, client, login_as):
    assert "questionnaires" in output
    survey = Questionnaire.get(Questionnaire.kind == CampaignKind.QUESTIONNAIRE)
    campaign = Questionnaire.get(Questionnaire.kind == CampaignKind.APPRAISAL)
    assert Response.of(survey).count() > 50 and Response.of(campaign).count() > 30
    commendation = Commendation.get(Commendation.questionnaire == campaign)
    assert 1 <= len([e for e in commendation.entries() if e.is_commended]) <= 3
    first = Window.select().join(Hall).where(Hall.code == "LJZX").order_by(Window.number).first()
    citizen = app.test_client()
    page = citizen.get(f"/e/{first.public_token}").get_data(as_text=True)
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    thanks = citizen.post(f"/e/{first.public_token}", data={"key": key, "level": "5", "reasons": "517"})
    assert "愿意再用1分钟回答几个问题吗？" in citizen.get(thanks.location).get_data(as_text=True)
    login_as(User.get(User.username == "admin"))
    for q in (survey, campaign):
        for url in (f"/surveys/{q.id}", f"/surveys/{q.id}/results", f"/surveys/{q.id}/results/crosstab",
                    f"/surveys/{q.id}/results/texts", f"/surveys/{q.id}/review", f"/surveys/{q.id}/preview",
                    f"/surveys/{q.id}/report", f"/surveys/{q.id}/bank"):
            assert client.get(url).status_code == 200, url
    assert client.get(f"/surveys/{campaign.id}/ranking").status_code == 200
    assert client.get("/surveys/").status_code == 200
