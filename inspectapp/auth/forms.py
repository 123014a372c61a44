from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import PasswordField
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import EqualTo
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import Regexp

from inspectapp.auth.roles import Role
from inspectapp.common.forms import BaseForm

MIN_PASSWORD = 8


class LoginForm(BaseForm):
    username = StringField(_l("用户名"), validators=[DataRequired(_l("请输入用户名")), Length(max=50)])
    password = PasswordField(_l("密码"), validators=[DataRequired(_l("请输入密码")), Length(max=200)])


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(_l("当前密码"), validators=[DataRequired(_l("请输入当前密码"))])
    new_password = PasswordField(
        _l("新密码"),
        validators=[DataRequired(_l("请输入新密码")), Length(min=MIN_PASSWORD, max=200, message=_l("密码至少 8 位"))],
    )
    confirm = PasswordField(
        _l("再次输入新密码"),
        validators=[DataRequired(_l("请再次输入新密码")), EqualTo("new_password", _l("两次输入的密码不一致"))],
    )


def role_choices():
    return [(r, _l(Role.LABELS[r])) for r in Role.ALL]


class UserForm(BaseForm):
    username = StringField(
        _l("用户名"),
        validators=[
            DataRequired(_l("请输入用户名")),
            Length(max=50),
            Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("用户名只能包含字母、数字、下划线、点和连字符")),
        ],
    )
    display_name = StringField(_l("姓名"), validators=[DataRequired(_l("请输入姓名")), Length(max=50)])
    role = SelectField(_l("角色"), choices=role_choices, validators=[DataRequired()])
    unit = SelectField(_l("所属单位（仅单位负责人）"), coerce=int, validators=[Optional()])
    password = PasswordField(
        _l("密码"),
        description=_l("新建用户必填；编辑时留空表示不修改"),
        validators=[Optional(), Length(min=MIN_PASSWORD, max=200, message=_l("密码至少 8 位"))],
    )
    is_active = BooleanField(_l("启用"), default=True)
