"""Free-text answers: the searchable list, and whether a text names a person.

A text names a person when it contains the name of any staff member on record (active or not),
a 工号-like code, a mobile number, or a surname with a title or form of address ("王科长",
"李姐", "姓张的"). Those texts are shown to admins only; everyone else sees that a text exists.
"""
import re

from inspectapp.evaluations.models import Status
from inspectapp.orgs.models import Staff
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.response_models import Answer
from inspectapp.surveys.response_models import Response

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
TITLES = ("先生|女士|小姐|师傅|阿姨|大姐|大哥|姐|哥|科长|股长|主任|处长|局长|所长|经理|老师|同志|警官|会计")
PERSON_RE = re.compile(rf"[{SURNAMES}](?:{TITLES})|姓[\u4e00-\u9fa5]|工号|1[3-9]\d{{9}}|[A-Za-z]{{1,6}}\d{{3,}}")


def person_names():
    """Every staff name on record (two characters or more), longest first."""
    names = {name for (name,) in Staff.select(Staff.name).tuples() if name and len(name) >= 2}
    return sorted(names, key=len, reverse=True)


def names_person(text, names):
    if not text:
        return False
    return bool(PERSON_RE.search(text)) or any(name in text for name in names)


def text_answers(questionnaire, question_ids, search="", unit_scope=None, kind=Kind.TEXT, subs=None):
    """Counted text answers (or appraisal reasons) of some questions, newest first. A unit
    manager gets the texts given at their unit's windows, or the reasons about their subjects."""
    query = (Answer.select(Answer, Response).join(Response)
             .where((Response.questionnaire == questionnaire) & (Response.status == Status.VALID)
                    & Answer.question.in_(question_ids) & Answer.text.is_null(False))
             .order_by(Response.submitted_at.desc(), Answer.id.desc()))
    if unit_scope is not None and kind != Kind.APPRAISAL:
        query = query.where(Response.unit == unit_scope)
    if subs is not None:
        query = query.where(Answer.sub.in_(subs or [-2]))
    if search:
        query = query.where(Answer.text.contains(search))
    return query
