"""The default checklist is reference data: loaded by init-db, never duplicated or overwritten."""
from decimal import Decimal

from inspectapp.inspections.models import ChecklistItem
from inspectapp.inspections.models import ChecklistTemplate
from inspectapp.inspections.models import Severity
from inspectapp.inspections.reference import DEFAULT_KEY
from inspectapp.models import init_db
from tests.inspections.factories import default_template


def test_default_template_covers_groups_a_to_g(app):
    template = default_template()
    assert template.version == 1 and template.is_current
    items = list(template.items_in_order())
    assert {i.code[0] for i in items} == set("ABCDEFG")
    problems = " ".join(i.problem for i in items)
    for word in ("冷", "硬", "横", "推", "拖", "卡", "玩手机", "脱岗", "未佩戴工牌", "一次性告知"):
        assert word in problems, word
    phone = next(i for i in items if i.code == "B1")
    assert phone.deduction == Decimal("1") and phone.severity == Severity.MINOR
    quarrel = next(i for i in items if i.code == "D4")
    assert quarrel.deduction == Decimal("3") and quarrel.severity == Severity.SERIOUS and quarrel.is_critical
    assert next(i for i in items if i.code == "C4").deduction == Decimal("0.5")
    assert all("{时间}" in i.finding_pattern for i in items)


def test_init_db_again_neither_duplicates_nor_overwrites(app):
    item = default_template().items.where(ChecklistItem.code == "B1").get()
    item.deduction = Decimal("2")  # an admin's later edit
    item.save()
    init_db()
    init_db()
    assert ChecklistTemplate.select().where(ChecklistTemplate.key == DEFAULT_KEY).count() == 1
    assert ChecklistItem.get_by_id(item.id).deduction == Decimal("2")


def test_seed_demo_adds_a_published_and_a_current_inspection(runner):
    from inspectapp.common.timeutil import local_today
    from inspectapp.inspections import services
    from inspectapp.inspections.models import Finding
    from inspectapp.inspections.models import Inspection
    from inspectapp.inspections.models import Status

    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    published = Inspection.get(Inspection.status == Status.PUBLISHED)
    assert Finding.select().where(Finding.inspection == published).count() == 6
    sheet = services.score_sheet(published)
    assert len(sheet.windows) == 11 and any(s.score < 100 for _u, s in sheet.units)
    today = Inspection.get(Inspection.status == Status.DRAFT)
    assert today.date == local_today() and [u.username for u in today.members()] == ["inspector"]
    first = Finding.select().where(Finding.inspection == published).order_by(Finding.id).first()
    assert first.sentence == "09:42，A01窗口（社保）工作人员（工号RSJ001）工作时间玩手机"
