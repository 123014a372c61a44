"""The results report of a campaign: one set of data for the HTML preview and the PDF on the
official-document base (GB/T 9704), with the ranking and the 表扬 list of an appraisal."""
from flask import current_app

from inspectapp.common.pdf import pdf_response
from inspectapp.common.timeutil import local_today
from inspectapp.officialdoc.numbers import issuer_from_config
from inspectapp.officialdoc.render import OfficialDoc
from inspectapp.officialdoc.render import render_official_pdf
from inspectapp.surveys import appraisal
from inspectapp.surveys import charts
from inspectapp.surveys import results
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.results import ResultFilter


def report_data(questionnaire, positive_levels=(5, 4, 3)):
    flt = ResultFilter()
    days = results.per_day(questionnaire, flt)
    data = {
        "questionnaire": questionnaire, "total": sum(n for _d, n in days), "days": days,
        "questions": results.question_results(questionnaire, flt, None, positive_levels),
        "charts": charts, "Kind": Kind, "today": local_today(), "rows": [], "commendation": None, "entries": [],
    }
    if questionnaire.is_appraisal:
        data["rows"] = appraisal.standings(questionnaire, positive_levels)
        data["commendation"] = appraisal.confirmed(questionnaire)
        data["entries"] = list(data["commendation"].entries()) if data["commendation"] else []
    return data


def official_doc(questionnaire, config, today):
    """The report as an official document: unnumbered (a report to read, not a notice issued),
    dated today, from the configured issuer."""
    return OfficialDoc(issuer=issuer_from_config(config), title=f"关于{questionnaire.title}结果的报告", issued_on=today,
                       printed_by=config["ISSUER_NAME"], printed_on=today)


def pdf_response_for(questionnaire, positive_levels=(5, 4, 3)):
    data = report_data(questionnaire, positive_levels)
    doc = official_doc(questionnaire, current_app.config, data["today"])
    pdf = render_official_pdf("pdf/survey_report.html", doc=doc, pdf=True, **data)
    return pdf_response(pdf, f"survey-report-{questionnaire.id}-{data['today']:%Y%m%d}.pdf")
