"""Page weight of the questionnaire pages a citizen sees (/q/<token>): HTML + CSS + JS + images,
uncompressed, against the rating page /e/<token> measured in the same run and the 30 KB budget
both share (PRODUCT.md §2, §4). The questionnaire is the demo's: seven questions of every kind on
two pages, reached from a window's thank-you page. Staff appraisal: a unit's list of 8 people.

Usage: .venv/bin/python bench/survey_page_weight.py
"""
import re

from _common import make_hall_with_windows
from _common import temp_app
from page_weight import BUDGET
from page_weight import weigh


def main():
    app, _dir = temp_app({"WTF_CSRF_ENABLED": False, "EVAL_HOLD_NON_WORKDAYS": False})
    from inspectapp.auth.models import User
    from inspectapp.surveys import campaigns
    from inspectapp.surveys.demo import QUESTIONS
    from inspectapp.surveys.demo import _satisfaction_survey
    from inspectapp.surveys.models import CampaignKind
    from inspectapp.surveys.models import SubjectKind

    hall, windows = make_hall_with_windows(8, staff_per_window=8)
    window = windows[0]
    admin = User.create(username="bench", display_name="bench", password_hash="x", role="admin")
    survey = _satisfaction_survey(hall, admin)
    settings = campaigns.Settings(title="窗口工作人员群众评议", opens_on=survey.opens_on, closes_on=survey.closes_on)
    appraisal = campaigns.create(CampaignKind.APPRAISAL, settings, admin, subject_kind=SubjectKind.STAFF)
    campaigns.set_subjects(appraisal, [w.unit_id for w in windows], admin)
    campaigns.publish(appraisal, admin)
    client = app.test_client()
    states = {"rating page (baseline)": client.get(f"/e/{window.public_token}")}
    key = re.search(rb'name="key" value="([^"]+)"', states["rating page (baseline)"].get_data()).group(1).decode()
    done = client.post(f"/e/{window.public_token}", data={"key": key, "level": "5", "reasons": ["517"]})
    states["thank-you with the offer"] = client.get(done.headers["Location"])
    start = f"/q/{survey.token}?w={window.public_token}"
    states["questionnaire page 1"] = client.get(start)
    page = states["questionnaire page 1"].get_data(as_text=True)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    states["page 1 with errors"] = client.post(f"/q/{survey.token}", data={**hidden, "nav": "next"})
    moved = client.post(f"/q/{survey.token}", data={**hidden, "Q1": "2", "Q3": "2", "nav": "next"})
    states["page 2"] = client.get(moved.headers["Location"])
    states["page 2, elder mode"] = client.get(moved.headers["Location"] + "?elder=1")
    finished = client.post(moved.headers["Location"], data={"Q6": "材料没说清", "nav": "next"})
    states["questionnaire thank-you"] = client.get(finished.headers["Location"])
    states["appraisal page (6 of 8 staff)"] = client.get(f"/q/{appraisal.token}?w={window.public_token}")
    print(f"{len(QUESTIONS)} questions; {'state':<30}{'HTML':>8}{'CSS':>8}{'JS':>8}{'total':>9}  vs rating  vs 30 KB")
    baseline = None
    worst = 0
    for name, response in states.items():
        assert response.status_code in (200, 400), (name, response.status_code)
        sizes, foreign = weigh(client, response)
        assert not foreign, foreign
        baseline = baseline or sizes["total"]
        if name != "rating page (baseline)":
            worst = max(worst, sizes["total"])
        print(f"{name:<44}{sizes['html']:>8}{sizes['css']:>8}{sizes['js']:>8}{sizes['total']:>9}"
              f"  {sizes['total'] / baseline:8.2f}  {sizes['total'] / BUDGET:7.2f}")
    print(f"heaviest questionnaire page: {worst} bytes = {worst / 1024:.1f} KB; ratio to the 30 KB budget "
          f"{worst / BUDGET:.2f} ({'OK' if worst <= BUDGET else 'OVER BUDGET'}); external requests: 0")


if __name__ == "__main__":
    main()
