"""Login, logout, change password, and user administration."""
from flask import Blueprint
from flask import current_app
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_babel import gettext as _
from peewee import JOIN

from inspectapp.auth import login_limits
from inspectapp.auth import roles
from inspectapp.auth import services
from inspectapp.auth.decorators import login_required
from inspectapp.auth.decorators import permission_required
from inspectapp.auth.forms import ChangePasswordForm
from inspectapp.auth.forms import LoginForm
from inspectapp.auth.forms import UserForm
from inspectapp.auth.models import User
from inspectapp.common import switch
from inspectapp.common.errors import DomainError
from inspectapp.common.web import client_ip
from inspectapp.common.web import get_or_404
from inspectapp.common.web import paginate_request
from inspectapp.common.web import safe_redirect_target
from inspectapp.common.web import show_domain_error
from inspectapp.extensions import limiter
from inspectapp.orgs.models import Unit

bp = Blueprint("auth", __name__)


SESSION_KEY = "sid"


def _session_rules():
    config = current_app.config
    return services.SessionRules(idle_minutes=int(config["SESSION_IDLE_MINUTES"]),
                                 lifetime_seconds=int(current_app.permanent_session_lifetime.total_seconds()))


@bp.before_app_request
def load_logged_in_user():
    """g.user from a live login session (the signed cookie alone is not enough: see LoginSession)."""
    g.user = None
    token = session.get(SESSION_KEY)
    if token is not None:
        g.user = services.session_user(token, _session_rules())
        if g.user is None:
            session.clear()


@bp.route("/login", methods=("GET", "POST"))
@limiter.limit(login_limits.rate, methods=["POST"], key_func=login_limits.address_key,
               deduct_when=login_limits.failed)
@limiter.limit(login_limits.rate, methods=["POST"], key_func=login_limits.username_key,
               deduct_when=login_limits.failed)
def login():
    """Log in with username and password."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.username.data, form.password.data, ip=client_ip())
        except services.LoginFailed as exc:
            show_domain_error(exc)
        else:
            session.clear()
            session.permanent = True
            session[SESSION_KEY] = services.start_session(user, client_ip(), request.user_agent.string)
            return login_limits.remember_device(redirect(safe_redirect_target(request.args.get("next"))),
                                                user.username)
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=("POST",))
def logout():
    services.end_session(session.get(SESSION_KEY))
    session.clear()
    flash(_("您已退出登录"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=("GET", "POST"))
@login_required
def change_password():
    """Change one's own password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(g.user, form.current_password.data, form.new_password.data, ip=client_ip(),
                                     keep_token=session.get(SESSION_KEY))
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("密码已修改"), "success")
            return redirect(url_for("core.index"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/users/")
@permission_required(roles.can_manage_users)
def users():
    """List users with search and paging."""
    query = User.select(User, Unit).join(Unit, on=(User.unit == Unit.id), join_type=JOIN.LEFT_OUTER)
    q = request.args.get("q", "").strip()
    if q:
        query = query.where(User.username.contains(q) | User.display_name.contains(q))
    role = request.args.get("role", "")
    if role in roles.Role.ALL:
        query = query.where(User.role == role)
    page = paginate_request(query.order_by(User.is_active.desc(), User.username))
    return render_template("auth/users.html", page=page, q=q, role=role, Role=roles.Role)


def _user_form(user=None):
    form = UserForm(obj=user)
    units = Unit.select().where(Unit.is_active | (Unit.id == (user.unit_id if user else 0))).order_by(Unit.code)
    form.unit.choices = [(0, _("（无）"))] + [(u.id, f"{u.code} {u.name}") for u in units]
    if user is not None and request.method == "GET":
        form.unit.data = user.unit_id or 0
    return form


def _save_user_from(form, user):
    unit = Unit.get_or_none(Unit.id == form.unit.data) if form.unit.data else None
    return services.save_user(
        user,
        username=form.username.data,
        display_name=form.display_name.data,
        role=form.role.data,
        unit=unit,
        password=form.password.data,
        is_active=form.is_active.data,
        actor=g.user,
        ip=client_ip(),
    )


@bp.route("/users/new", methods=("GET", "POST"))
@permission_required(roles.can_manage_users)
def new_user():
    """Create a user."""
    form = _user_form()
    if form.validate_on_submit():
        try:
            user = _save_user_from(form, None)
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("已创建用户 %(name)s", name=user.username), "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=("GET", "POST"))
@permission_required(roles.can_manage_users)
def edit_user(user_id):
    """Edit a user (leave the password empty to keep it)."""
    user = get_or_404(User.select(), user_id)
    form = _user_form(user)
    if form.validate_on_submit():
        try:
            _save_user_from(form, user)
        except DomainError as exc:
            show_domain_error(exc, form)
        else:
            flash(_("已保存"), "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=user)


@bp.route("/users/<int:user_id>/deactivate", methods=("GET", "POST"))
@permission_required(roles.can_manage_users)
def deactivate_user(user_id):
    """Ask first (GET), then deactivate (POST): the user is logged out at once; the message offers undo."""
    user = get_or_404(User.select(), user_id)
    name = f"{user.display_name}（{user.username}）"
    if request.method == "GET":
        effects = (_("该用户立即退出登录，之后无法再登录；"), _("账号、角色和所做的记录都保留。"))
        return switch.confirm_page(switch.Consequence(_("用户"), name, effects),
                                   url_for("auth.deactivate_user", user_id=user_id), url_for("auth.users"))
    try:
        services.deactivate_user(user, g.user, ip=client_ip())
    except DomainError as exc:
        show_domain_error(exc)
    else:
        switch.flash_switched_off(_("已停用用户“%(name)s”", name=name),
                                  url_for("auth.activate_user", user_id=user_id))
    return redirect(url_for("auth.users"))


@bp.route("/users/<int:user_id>/activate", methods=("POST",))
@permission_required(roles.can_manage_users)
def activate_user(user_id):
    """Switch a deactivated account back on (with the password it had)."""
    user = get_or_404(User.select(), user_id)
    services.activate_user(user, g.user, ip=client_ip())
    flash(_("已重新启用用户“%(name)s”", name=f"{user.display_name}（{user.username}）"), "success")
    return redirect(url_for("auth.users"))
