"""Words users read: search boxes name what they search, every date filter says 开始日期/结束日期,
no internal codes beside versions, role names read naturally."""
import re

from inspectapp.auth.roles import Role
from inspectapp.inspections.reference import load_default_template
from tests.factories import make_user


def test_search_boxes_name_what_users_search(app, login_as, page):
    login_as(make_user(Role.ADMIN))
    assert 'placeholder="搜索工号、姓名或单位"' in page("orgs.index", kind="staff")
    assert 'placeholder="搜索窗口号、窗口名称、单位或大厅"' in page("orgs.index", kind="windows")


def test_every_date_filter_has_the_same_two_labels(app, login_as, page):
    login_as(make_user(Role.ADMIN))
    for endpoint in ("evaluations.index", "complaints.index", "inspections.findings", "reports.index"):
        html = page(endpoint)
        labels = re.findall(r'<label>([^<]+)<input type="date"', html)
        assert labels == ["开始日期", "结束日期"], (endpoint, labels)


def test_checklists_show_versions_in_words_not_codes(app, login_as, page):
    load_default_template()
    login_as(make_user(Role.ADMIN))
    html = page("inspections.checklists")
    assert "第 1 版" in html and ">v1<" not in html and ">default<" not in html


def test_the_read_only_role_reads_naturally(app):
    assert Role.LABELS[Role.VIEWER] == "领导（只读）"
