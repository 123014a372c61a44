from inspectapp.auth.models import User
from inspectapp.auth.roles import Role
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Staff
from inspectapp.orgs.models import Unit
from inspectapp.orgs.models import Window


def test_init_db_command_twice(runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "Checked database" in result.output
    assert runner.invoke(args=["init-db"]).exit_code == 0


def test_migrate_command_with_nothing_pending(runner):
    result = runner.invoke(args=["migrate"])
    assert result.exit_code == 0
    assert "nothing pending" in result.output


def test_seed_demo_builds_a_realistic_org_and_prints_logins(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert Hall.select().count() >= 2
    assert Unit.select().count() >= 8
    assert Window.select().count() >= 40
    assert Staff.select().count() >= 60
    assert {u.role for u in User.select()} == set(Role.ALL)
    names = {u.short_name for u in Unit.select()}
    assert {"社保", "医保", "不动产", "市场监管", "公积金", "税务", "出入境", "民政"} <= names
    for username in ("admin", "inspector", "manager", "viewer"):
        assert username in result.output
    assert "demo1234" in result.output
    _rectification_demo_has_every_state()
    # A second run leaves existing data alone.
    again = runner.invoke(args=["seed-demo"])
    assert "nothing seeded" in again.output
    assert Window.select().count() == 40


def _rectification_demo_has_every_state():
    from inspectapp.complaints.models import ComplaintTicket
    from inspectapp.rectifications.escalation import overdue_working_days
    from inspectapp.rectifications.models import Card
    from inspectapp.rectifications.models import CaseStatus
    from inspectapp.rectifications.models import RectificationCase
    from inspectapp.workcal.services import due_window

    cases = list(RectificationCase.select())
    assert {c.status for c in cases} >= {CaseStatus.DRAFT, CaseStatus.ISSUED, CaseStatus.ACKNOWLEDGED,
                                         CaseStatus.REPORTED, CaseStatus.RETURNED, CaseStatus.VERIFIED}
    due = due_window()
    overdue = [c for c in cases if due.state(c) == "overdue"]
    assert {c.card for c in overdue} >= {Card.YELLOW, Card.RED}
    assert all(overdue_working_days(c, due.today) > 0 for c in overdue)
    assert any(c.ticket_id for c in cases) and ComplaintTicket.select().where(
        ComplaintTicket.status == "rectifying").exists()
    issued = sorted((c for c in cases if c.doc_no), key=lambda c: (c.issued_on, c.id))
    assert [int(c.doc_no.split("〕")[1][:-1]) for c in issued] == list(range(1, len(issued) + 1))  # in time order


def test_users_create(runner):
    result = runner.invoke(args=["users", "create", "chief", "--role", "admin", "--password", "s3cret-pass"])
    assert result.exit_code == 0, result.output
    user = User.get(User.username == "chief")
    assert user.role == Role.ADMIN and user.check_password("s3cret-pass")
    dup = runner.invoke(args=["users", "create", "chief", "--password", "x" * 10])
    assert dup.exit_code != 0 and "用户名已存在" in dup.output


def test_users_create_unit_manager_needs_known_unit(runner):
    result = runner.invoke(args=["users", "create", "m", "--role", "unit_manager", "--unit", "NOPE",
                                 "--password", "x" * 10])
    assert result.exit_code != 0 and "No unit" in result.output


def test_orgs_import_and_export_commands(runner, tmp_path):
    path = tmp_path / "org.csv"
    path.write_text("类型,编码,名称,简称,大厅,单位\n大厅,H1,一号大厅,,,\n单位,U1,人社局,社保,,\n窗口,A01,,,H1,U1\n",
                    encoding="utf-8")
    result = runner.invoke(args=["orgs", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "created 3" in result.output
    out = tmp_path / "out.csv"
    assert runner.invoke(args=["orgs", "export", "-o", str(out)]).exit_code == 0
    assert "窗口,A01" in out.read_text(encoding="utf-8-sig")
    bad = tmp_path / "bad.csv"
    bad.write_text("类型,编码,名称\n星球,X,Y\n", encoding="utf-8")
    result = runner.invoke(args=["orgs", "import", str(bad)])
    assert result.exit_code == 1
    assert "line 2" in result.output
