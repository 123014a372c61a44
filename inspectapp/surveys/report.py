"""The results report of a campaign: one set of data for the HTML preview and the PDF on the
official-document base (GB/T 9704), with the ranking and the 表扬 list of an appraisal."""
from inspectapp.common.errors import DomainError
from inspectapp.common.timeutil import local_today
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


def pdf_response_for(questionnaire, positive_levels=(5, 4, 3)):
    raise DomainError("结果报告PDF暂不可用")
