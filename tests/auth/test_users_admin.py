from inspectapp.audit.models import AuditLog
from inspectapp.auth.models import User
from inspectapp.auth.roles import Role
from tests.factories import make_unit
from tests.factories import make_user


def test_admin_lists_and_searches_users(client, login_as, page):
    login_as(make_user(Role.ADMIN, display_name="管理员甲"))
    make_user(Role.VIEWER, username="leader-zhang", display_name="张领导")
    html = page("auth.users", q="张")
    assert ">张领导</td>" in html and ">管理员甲</td>" not in html
    html = page("auth.users", role="viewer")
    assert "张领导" in html


def test_user_list_pages(client, login_as, page, app):
    app.config["PAGE_SIZE"] = 5
    login_as(make_user(Role.ADMIN))
    for _ in range(11):
        make_user(Role.VIEWER)
    html = page("auth.users", page=3)
    assert "第 3 / 3 页" in html and "共 12 条" in html


def test_create_unit_manager_requires_unit(client, login_as):
    login_as(make_user(Role.ADMIN))
    data = {"username": "mgr", "display_name": "负责人", "role": "unit_manager", "unit": "0",
            "password": "long-enough-1", "is_active": "y"}
    body = client.post("/auth/users/new", data=data).get_data(as_text=True)
    assert "单位负责人必须选择所属单位" in body
    assert not User.select().where(User.username == "mgr").exists()
    unit = make_unit()
    r = client.post("/auth/users/new", data=dict(data, unit=str(unit.id)))
    assert r.status_code == 302
    assert User.get(User.username == "mgr").unit_id == unit.id


def test_create_user_validation_errors_save_nothing(client, login_as):
    login_as(make_user(Role.ADMIN))
    before = User.select().count()
    body = client.post("/auth/users/new", data={"username": "bad name!", "display_name": "",
                                                "role": "viewer", "unit": "0"}).get_data(as_text=True)
    assert "用户名只能包含" in body and "请输入姓名" in body
    body = client.post("/auth/users/new", data={"username": "ok", "display_name": "某人", "role": "viewer",
                                                "unit": "0"}).get_data(as_text=True)
    assert "新建用户必须设置密码" in body
    assert User.select().count() == before


def test_duplicate_username(client, login_as):
    admin = login_as(make_user(Role.ADMIN))
    body = client.post("/auth/users/new", data={"username": admin.username, "display_name": "x", "role": "viewer",
                                                "unit": "0", "password": "long-enough-1"}).get_data(as_text=True)
    assert "用户名已存在" in body


def test_edit_user_keeps_password_when_blank(client, login_as):
    login_as(make_user(Role.ADMIN))
    user = make_user(Role.VIEWER)
    old_hash = user.password_hash
    r = client.post(f"/auth/users/{user.id}/edit", data={"username": user.username, "display_name": "新名字",
                                                         "role": "inspector", "unit": "0", "is_active": "y"})
    assert r.status_code == 302
    user = User.get_by_id(user.id)
    assert user.display_name == "新名字" and user.role == "inspector" and user.password_hash == old_hash


def test_deactivate_user_and_not_yourself(client, login_as):
    admin = login_as(make_user(Role.ADMIN))
    user = make_user(Role.VIEWER)
    assert client.post(f"/auth/users/{user.id}/deactivate").status_code == 302
    assert User.get_by_id(user.id).is_active is False
    assert AuditLog.select().where(AuditLog.action == "user.deactivated").count() == 1
    client.post(f"/auth/users/{admin.id}/deactivate")
    assert User.get_by_id(admin.id).is_active is True


def test_deactivating_a_user_asks_first_and_can_be_undone(client, login_as):
    login_as(make_user(Role.ADMIN))
    user = make_user(Role.VIEWER, display_name="李局长", username="lijz")
    ask = client.get(f"/auth/users/{user.id}/deactivate").get_data(as_text=True)
    assert "停用用户“李局长（lijz）”？" in ask and "立即退出登录" in ask and User.get_by_id(user.id).is_active
    done = client.post(f"/auth/users/{user.id}/deactivate", follow_redirects=True).get_data(as_text=True)
    assert "已停用用户“李局长（lijz）”" in done and f'action="/auth/users/{user.id}/activate"' in done
    client.post(f"/auth/users/{user.id}/activate")
    assert User.get_by_id(user.id).is_active is True
    assert AuditLog.select().where(AuditLog.action == "user.activated").count() == 1


def test_non_admins_cannot_manage_users(client, login_as):
    for role in (Role.VIEWER, Role.INSPECTOR, Role.UNIT_MANAGER):
        login_as(make_user(role))
        assert client.get("/auth/users/").status_code == 403
        assert client.post("/auth/users/new", data={}).status_code == 403


def test_anonymous_is_sent_to_login(client):
    r = client.get("/auth/users/")
    assert r.status_code == 302 and r.headers["Location"].startswith("/auth/login?next=")
