import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from flask_wtf.file import FileRequired
from wtforms import BooleanField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TimeField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import Regexp

CODE = Regexp(r"^[A-Za-z0-9_-]+$", message=_l("编码只能包含字母、数字、下划线和连字符"))


class HallForm(FlaskForm):
    code = StringField(_l("大厅编码"), validators=[DataRequired(_l("请输入编码")), Length(max=32), CODE])
    name = StringField(_l("大厅名称"), validators=[DataRequired(_l("请输入名称")), Length(max=100)])
    address = StringField(_l("地址"), validators=[Optional(), Length(max=200)])
    opens_at = TimeField(_l("开门时间"), default=dt.time(9, 0), validators=[DataRequired(_l("请输入开门时间"))])
    closes_at = TimeField(_l("关门时间"), default=dt.time(17, 0), validators=[DataRequired(_l("请输入关门时间"))])
    is_active = BooleanField(_l("启用"), default=True)


class UnitForm(FlaskForm):
    code = StringField(_l("单位编码"), validators=[DataRequired(_l("请输入编码")), Length(max=32), CODE])
    name = StringField(_l("单位全称"), validators=[DataRequired(_l("请输入名称")), Length(max=100)])
    short_name = StringField(
        _l("简称"),
        description=_l("用于问题描述，如“A12窗口（社保）”"),
        validators=[DataRequired(_l("请输入简称")), Length(max=20)],
    )
    is_active = BooleanField(_l("启用"), default=True)


class WindowForm(FlaskForm):
    hall = SelectField(_l("所属大厅"), coerce=int, validators=[DataRequired(_l("请选择大厅"))])
    unit = SelectField(_l("窗口单位"), coerce=int, validators=[DataRequired(_l("请选择单位"))])
    number = StringField(
        _l("窗口号"),
        validators=[
            DataRequired(_l("请输入窗口号")),
            Length(max=16),
            Regexp(r"^[A-Za-z0-9-]+$", message=_l("窗口号只能包含字母、数字和连字符，如 A12")),
        ],
    )
    name = StringField(_l("窗口名称"), validators=[Optional(), Length(max=100)])
    is_active = BooleanField(_l("启用"), default=True)


class StaffForm(FlaskForm):
    staff_no = StringField(_l("工号"), validators=[DataRequired(_l("请输入工号")), Length(max=32), CODE])
    name = StringField(_l("姓名"), validators=[DataRequired(_l("请输入姓名")), Length(max=50)])
    unit = SelectField(_l("所属单位"), coerce=int, validators=[DataRequired(_l("请选择单位"))])
    window = SelectField(_l("当前窗口"), coerce=int, validators=[Optional()])
    is_active = BooleanField(_l("启用"), default=True)


class RotateTokenForm(FlaskForm):
    reason = StringField(_l("停用原因"), validators=[DataRequired(_l("请填写原因")), Length(max=200)])


class ImportForm(FlaskForm):
    file = FileField(_l("CSV 或 Excel 文件"), validators=[FileRequired(_l("请选择文件"))])
