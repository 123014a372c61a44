"""The texts a supervisor writes before issuing a bulletin."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms import HiddenField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import Optional

from inspectapp.common.forms import BaseForm
from inspectapp.reports.bulletin_content import Texts


class BulletinTextsForm(BaseForm):
    title = StringField(_l("标题"), validators=[DataRequired(_l("请填写标题")), Length(max=120)],
                        description=_l("发文机关 + 事由 + 文种，如：关于2026年11月窗口服务情况的通报"))
    recipients = StringField(_l("主送机关"), validators=[DataRequired(_l("请填写主送机关")), Length(max=200)])
    deadline = DateField(_l("整改情况报送期限"), validators=[DataRequired(_l("请填写整改报送期限"))])
    requirements = TextAreaField(_l("工作要求"), validators=[DataRequired(_l("请填写工作要求")), Length(max=4000)],
                                 description=_l("每行一段"), render_kw={"rows": 7})
    note = TextAreaField(_l("补充说明"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    cc = StringField(_l("抄送"), validators=[Optional(), Length(max=300)], description=_l("多个机关用顿号分隔"))
    printed_by = StringField(_l("印发机关"), validators=[Optional(), Length(max=100)])
    #: One key per preview: a double click on 签发 issues one bulletin.
    issue_key = HiddenField(validators=[Optional(), Length(max=64)])

    def load(self, texts):
        for name in ("title", "recipients", "deadline", "requirements", "note", "cc", "printed_by"):
            getattr(self, name).data = getattr(texts, name)

    def texts(self):
        return Texts(title=self.title.data or "", recipients=self.recipients.data or "",
                     requirements=self.requirements.data or "", deadline=self.deadline.data,
                     cc=self.cc.data or "", printed_by=self.printed_by.data or "", note=self.note.data or "")
