"""The results report: HTML preview and PDF on the official-document base (GB/T 9704), with the
ranking and the confirmed 表扬 list of an appraisal; Chinese fonts embedded, no glyph missing."""
from inspectapp.auth.roles import Role
from inspectapp.orgs.models import Unit
from inspectapp.surveys import appraisal
from inspectapp.surveys import campaigns
from inspectapp.surveys.models import SubjectKind
from tests import pdfcheck
from tests.factories import make_user
from tests.surveys.test_appraisal import campaign
from tests.surveys.test_appraisal import org  # noqa: F401  (fixture)
from tests.surveys.test_appraisal import vote
from tests.surveys.test_results import answered  # noqa: F401  (fixture)
from tests.surveys.test_results import places  # noqa: F401  (fixture)


def test_questionnaire_report_pdf(answered, client, login_as):  # noqa: F811
    login_as(make_user(Role.ADMIN))
    response = client.get(f"/surveys/{answered.id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.get_data()
    text = pdfcheck.pdftotext(pdf)
    assert "关于2026年窗口服务满意度调查结果的报告" in text.replace("\n", "")
    assert "共收到有效答卷8份" in text and "您对大厅的总体服务满意吗" in text and "满意率75.0%" in text
    assert all(embedded for _n, _t, embedded, _s, _u in pdfcheck.pdffonts(pdf))
    assert not pdfcheck.uncovered_characters(pdf)
    assert {(round(w), round(h)) for w, h in pdfcheck.page_sizes(pdf)} == {(210, 297)}
    preview = client.get(f"/surveys/{answered.id}/report").get_data(as_text=True)
    assert "共收到有效答卷8份" in preview


def test_appraisal_report_prints_the_ranking_formula_and_commendations(org, client, login_as):  # noqa: F811
    social, tax, health = org["units"]
    survey = campaign(org, SubjectKind.UNIT, min_ratings=1, award_quota=2)
    vote(survey, {social.id: 5, tax.id: 4, health.id: 2})
    vote(survey, {social.id: 5, tax.id: 5})
    admin = login_as(make_user(Role.ADMIN))
    campaigns.close(survey, admin)
    proposed = [r.subject.id for r in appraisal.standings(survey) if r.proposed]
    appraisal.confirm(survey, proposed, "", admin)
    text = pdfcheck.pdftotext(client.get(f"/surveys/{survey.id}/report.pdf").get_data()).replace("\n", "")
    assert "三、评议排名" in text and "四、表扬名单" in text
    assert "综合得分 =（评议得分×60 + 好评率×30 + 暗访得分×10）÷ 100" in text
    assert "经审核确认，以下2个评为“先进窗口单位”" in text and "社保局" in text and "税务局" in text


def test_reports_are_for_admins_and_viewers(answered, client, login_as):  # noqa: F811
    login_as(make_user(Role.VIEWER))
    assert client.get(f"/surveys/{answered.id}/report.pdf").status_code == 200
    login_as(make_user(Role.UNIT_MANAGER, unit=Unit.get()))
    assert client.get(f"/surveys/{answered.id}/report.pdf").status_code == 403
