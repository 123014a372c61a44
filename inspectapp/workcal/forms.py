from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms import RadioField
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired
from wtforms.validators import Length

from inspectapp.common.forms import BaseForm


class DayForm(BaseForm):
    day = DateField(_l("日期"), validators=[DataRequired(_l("请选择日期"))])
    kind = RadioField(_l("类型"), choices=[SelectChoice("holiday", _l("放假（不计工作日）")),
                                           SelectChoice("workday", _l("调休上班（计工作日）"))],
                      default="holiday", invalid_choice_message=_l("请选择类型"))
    name = StringField(_l("名称"), description=_l("如“国庆节”“国庆节调休上班”"),
                       validators=[DataRequired(_l("请填写名称")), Length(max=50)])
