"""The rectification flow through the services: opening, numbers, deadlines on the calendar, every
allowed and forbidden step, the report and its evidence, verification, return, extension."""
import datetime as dt

import pytest

from inspectapp.common.errors import DomainError
from inspectapp.rectifications import opening
from inspectapp.rectifications import services
from inspectapp.rectifications.models import CaseItem
from inspectapp.rectifications.models import CaseStatus as S
from inspectapp.rectifications.models import RectificationCase
from inspectapp.rectifications.models import RectificationEvent
from inspectapp.rectifications.services import ItemReport
from inspectapp.rectifications.workflow import TRANSITIONS
from inspectapp.rectifications.workflow import WORKFLOW
from inspectapp.rectifications.workflow import Action
from inspectapp.workcal import services as workcal
from tests.inspections.factories import jpeg_bytes
from tests.rectifications.factories import ISSUED_ON
from tests.rectifications.factories import ISSUER
from tests.rectifications.factories import complete_report
from tests.rectifications.factories import issued_case
from tests.rectifications.factories import make_world
from tests.rectifications.factories import open_cases
from tests.threads import run_at_once


@pytest.fixture
def world(app):
    return make_world()


def fresh(case):
    return RectificationCase.get_by_id(case.id)


def actions(case):
    return [e.action for e in RectificationEvent.select().where(RectificationEvent.case == case)
            .order_by(RectificationEvent.id)]


def test_a_published_inspection_opens_one_draft_per_unit_with_its_findings(world):
    previews = opening.preview_for_inspection(world.inspection)
    assert [(p.unit.short_name, len(p.findings)) for p in previews] == [("社保", 2), ("不动产", 1)]
    social, estate = open_cases(world)
    assert (social.status, social.doc_no, social.deadline_days) == (S.DRAFT, None, 10)
    items = list(social.items_in_order())
    assert [i.finding_id for i in items] == [f.id for f in world.findings[:2]]
    assert items[0].problem.startswith("10:13，A12窗口") and items[0].basis == "B1 玩手机"
    # prefilled from the checklist item (its problem and its duty)
    assert "“玩手机”" in items[0].requirement and "不玩手机、不看视频" in items[0].requirement
    assert actions(social) == [Action.OPEN]
    assert [p.case.id for p in opening.preview_for_inspection(world.inspection)] == [social.id, estate.id]
    with pytest.raises(DomainError, match="尚未生成"):
        opening.open_from_inspection(world.inspection, [world.social.id], world.admin, 10)


def test_an_unpublished_inspection_opens_nothing(app):
    from tests.inspections.factories import make_inspection

    with pytest.raises(DomainError, match="发布后"):
        opening.preview_for_inspection(make_inspection())


def test_drafts_are_edited_then_issued_with_consecutive_numbers_and_a_working_day_deadline(world):
    social, estate = open_cases(world)
    items = list(social.items_in_order())
    opening.edit_draft(social, world.admin, 5, "举一反三", {items[0].id: "立即纠正", items[1].id: "批评教育"})
    with pytest.raises(DomainError) as exc:
        opening.edit_draft(social, world.admin, 5, "", {items[0].id: "x", items[1].id: " "})
    assert exc.value.field == f"requirement_{items[1].id}"
    with pytest.raises(DomainError, match="1至60"):
        opening.edit_draft(social, world.admin, 0, "", {items[0].id: "x", items[1].id: "y"})
    services.issue_drafts([social, estate], world.admin, ISSUER, today=ISSUED_ON)
    social, estate = fresh(social), fresh(estate)
    assert (social.doc_no, estate.doc_no) == ("临政服改〔2026〕1号", "临政服改〔2026〕2号")
    assert social.issued_on == ISSUED_ON and social.due_on == social.notice_due_on == dt.date(2026, 12, 1)  # 5 wd
    assert estate.due_on == dt.date(2026, 12, 8)  # 10 working days from Tue 24 Nov
    assert actions(social) == [Action.OPEN, Action.EDIT, Action.ISSUE]
    with pytest.raises(DomainError, match="签发后不能再修改"):
        opening.edit_draft(social, world.admin, 5, "", {})


@pytest.mark.parametrize("issued_on,days,due_on", [
    (dt.date(2025, 9, 29), 10, dt.date(2025, 10, 20)),  # 国庆+中秋 2025, Sat 11 Oct is a make-up working day
    (dt.date(2026, 9, 30), 10, dt.date(2026, 10, 20)),  # 国庆 2026, Sat 10 Oct is a make-up working day
    (dt.date(2026, 9, 24), 3, dt.date(2026, 9, 30)),  # 中秋 Fri 25 Sep 2026 and the weekend
    (dt.date(2026, 12, 31), 1, dt.date(2027, 1, 1)),  # 2027 is not known yet: Monday–Friday, marked estimated
])
def test_deadlines_count_working_days_across_holidays_and_make_up_days(world, issued_on, days, due_on):
    case = open_cases(world, days=days)[0]
    services.issue(case, world.admin, ISSUER, today=issued_on)
    assert fresh(case).due_on == due_on
    assert fresh(case).deadline_estimated == (issued_on.year == 2026 and due_on.year == 2027)


def test_the_whole_flow_with_a_return_and_a_second_report(world, tmp_path):
    case = issued_case(world)
    with pytest.raises(DomainError, match="当前状态为「已下发，待签收」，不能提交整改报告"):
        services.submit_report(case, world.manager)
    services.acknowledge(case, world.manager)
    assert (fresh(case).status, fresh(case).ack_signer) == (S.ACKNOWLEDGED, "社保王科长")
    complete_report(case, world.manager, tmp_path, today=dt.date(2026, 11, 26))
    assert fresh(case).status == S.REPORTED
    services.return_case(fresh(case), world.admin, "整改后照片不清晰，培训记录缺失", extend_days=3,
                         today=dt.date(2026, 11, 27))
    case = fresh(case)
    assert (case.status, case.report_round, case.due_on) == (S.RETURNED, 2, dt.date(2026, 12, 11))
    with pytest.raises(DomainError, match="至少上传一份佐证材料"):
        services.submit_report(case, world.manager, today=dt.date(2026, 11, 30))  # round 2 needs its own files
    complete_report(case, world.manager, tmp_path, today=dt.date(2026, 11, 30), photo=jpeg_bytes(color=(9, 9, 9)))
    services.verify(fresh(case), world.admin, ISSUER, "经现场复查，已整改到位", today=dt.date(2026, 12, 2))
    case = fresh(case)
    assert (case.status, case.review_doc_no) == (S.VERIFIED, "临政服复〔2026〕1号")
    assert actions(case) == [Action.OPEN, Action.ISSUE, Action.ACKNOWLEDGE, Action.SUBMIT_REPORT, Action.RETURN,
                             Action.EXTEND, Action.SUBMIT_REPORT, Action.VERIFY]
    first, second = [e.data_dict for e in case.events if e.action == Action.SUBMIT_REPORT]
    assert first["round"] == 1 and second["round"] == 2 and first["evidence"] != second["evidence"]
    assert first["items"][0]["measures"] == "已批评教育并组织全员培训"  # the report as submitted, kept


def test_an_incomplete_report_names_the_first_missing_field_and_keeps_what_was_typed(world, tmp_path):
    case = issued_case(world)
    services.acknowledge(case, world.manager)
    first, second = case.items_in_order()
    services.save_report(case, world.manager, {first.id: ItemReport(cause="疏于管理"),
                                               second.id: ItemReport(measures="已培训")})
    with pytest.raises(DomainError) as exc:
        services.submit_report(case, world.manager, today=dt.date(2026, 11, 26))
    assert exc.value.field == f"measures_{first.id}"
    assert CaseItem.get_by_id(first.id).cause == "疏于管理" and CaseItem.get_by_id(second.id).measures == "已培训"
    services.save_report(case, world.manager, {i.id: ItemReport("原因", "措施", "王科长", dt.date(2026, 11, 27))
                                               for i in (first, second)})
    with pytest.raises(DomainError, match="不能晚于今天") as exc:
        services.submit_report(case, world.manager, today=dt.date(2026, 11, 26))
    services.save_report(case, world.manager, {i.id: ItemReport("原因", "措施", "王科长", dt.date(2026, 11, 20))
                                               for i in (first, second)})
    with pytest.raises(DomainError, match="不能早于发现问题"):
        services.submit_report(case, world.manager, today=dt.date(2026, 11, 26))
    assert fresh(case).status == S.ACKNOWLEDGED


def test_report_files_use_the_inspection_evidence_checker(world, tmp_path):
    case = issued_case(world)
    services.acknowledge(case, world.manager)
    item = case.items_in_order().first()
    with pytest.raises(DomainError, match="不是可识别的照片"):
        services.add_evidence(item, b"%PDF-1.7 not a photo", world.manager, str(tmp_path))
    with pytest.raises(DomainError, match="已损坏"):
        services.add_evidence(item, jpeg_bytes()[:400], world.manager, str(tmp_path))
    photo = jpeg_bytes()
    first, created = services.add_evidence(item, photo, world.manager, str(tmp_path), filename="a.jpg")
    again, created_again = services.add_evidence(item, photo, world.manager, str(tmp_path), filename="a.jpg")
    assert created and not created_again and again.id == first.id  # the same photo twice is stored once
    assert first.public_name.startswith(f"rectification/{case.id}/") and (tmp_path / first.public_name).exists()
    assert services.report_evidence(case).count() == 1
    services.withdraw_evidence(first, world.manager)
    assert services.report_evidence(case).count() == 0  # kept, but no longer part of the report


#: A path from a fresh draft to each status (admin a, manager m).
PATHS = {
    S.DRAFT: [],
    S.ISSUED: ["issue"],
    S.ACKNOWLEDGED: ["issue", "ack"],
    S.REPORTED: ["issue", "ack", "report"],
    S.RETURNED: ["issue", "ack", "report", "return"],
    S.VERIFIED: ["issue", "ack", "report", "verify"],
    S.CANCELLED: ["cancel"],
}


def _steps(world, root):
    a, m = world.admin, world.manager
    return {
        "issue": lambda c: services.issue(c, a, ISSUER, today=ISSUED_ON),
        "cancel": lambda c: opening.cancel_draft(c, a, "误开"),
        "ack": lambda c: services.acknowledge(c, m),
        "report": lambda c: complete_report(c, m, root, today=dt.date(2026, 11, 26)),
        "return": lambda c: services.return_case(c, a, "不到位"),
        "verify": lambda c: services.verify(c, a, ISSUER, "到位", today=dt.date(2026, 11, 27)),
        "extend": lambda c: services.extend(c, a, 2, "延期"),
    }


ACTION_OF = {"issue": Action.ISSUE, "cancel": Action.CANCEL, "ack": Action.ACKNOWLEDGE,
             "report": Action.SUBMIT_REPORT, "return": Action.RETURN, "verify": Action.VERIFY,
             "extend": Action.EXTEND}


def test_the_table_covers_every_status_and_step():
    assert set(PATHS) == set(S.ALL)
    assert {action for _s, action in TRANSITIONS} == set(ACTION_OF.values()) | {Action.ESCALATE}


def test_every_step_from_every_status_is_allowed_exactly_as_the_table_says(world, tmp_path):
    steps = _steps(world, tmp_path)
    for status, path in PATHS.items():
        for name, action in ACTION_OF.items():
            world.inspection = world.inspection  # same published inspection, a fresh unit per attempt
            case = _fresh_draft(world)
            for step in path:
                steps[step](fresh(case))
            before = (fresh(case).status, len(actions(case)))
            if (status, action) in TRANSITIONS:
                steps[name](fresh(case))
                assert len(actions(case)) > before[1], (status, name)
            else:
                with pytest.raises(DomainError) as exc:
                    steps[name](fresh(case))
                assert "不能" in exc.value.message or "无权" in exc.value.message or "请" in exc.value.message
                assert (fresh(case).status, len(actions(case))) == before, (status, name)


def _fresh_draft(world):
    """A new draft for the social unit (the earlier one is moved aside to keep one case per unit)."""
    RectificationCase.update(inspection=None).where(
        (RectificationCase.inspection == world.inspection) & (RectificationCase.unit == world.social)).execute()
    return opening.open_from_inspection(world.inspection, [world.social.id], world.admin, 10)[0]


def test_who_may_take_each_step(world):
    case = issued_case(world)
    for outsider in (world.estate_manager, world.viewer, world.team[0]):
        with pytest.raises(DomainError, match="无权签收"):
            services.acknowledge(fresh(case), outsider, signer="某人")
    with pytest.raises(DomainError, match="请填写回执上的签收人"):
        services.acknowledge(fresh(case), world.admin)
    services.acknowledge(fresh(case), world.admin, signer="李四（纸质回执）")  # an admin records the paper 回执
    with pytest.raises(DomainError, match="无权提交整改报告"):
        services.submit_report(fresh(case), world.admin)  # only the unit reports
    assert "extend" in WORKFLOW.allowed_actions(fresh(case), world.admin)
    assert WORKFLOW.allowed_actions(fresh(case), world.manager) == [Action.SUBMIT_REPORT]
    assert WORKFLOW.allowed_actions(fresh(case), world.estate_manager) == []


def test_an_extension_moves_the_deadline_not_the_printed_one(world):
    case = issued_case(world)
    services.extend(case, world.admin, 3, "春节前后窗口人员调整", today=dt.date(2026, 12, 1))
    case = fresh(case)
    assert (case.notice_due_on, case.due_on) == (dt.date(2026, 12, 8), dt.date(2026, 12, 11))
    event = case.events.where(RectificationEvent.action == Action.EXTEND).get()
    assert event.data_dict == {"days": 3, "due_on": "2026-12-11", "old_due_on": "2026-12-08"}
    with pytest.raises(DomainError, match="1至30"):
        services.extend(case, world.admin, 0, "x")
    with pytest.raises(DomainError, match="延期理由"):
        services.extend(case, world.admin, 2, " ")


def test_confirming_a_year_recounts_estimated_case_deadlines(world):
    case = open_cases(world, days=10)[0]
    services.issue(case, world.admin, ISSUER, today=dt.date(2027, 9, 28))
    case = fresh(case)
    assert case.deadline_estimated and case.due_on == dt.date(2027, 10, 12)  # Monday–Friday
    for day in range(1, 8):
        workcal.set_day(dt.date(2027, 10, day), False, "国庆节", actor=world.admin)
    workcal.set_day(dt.date(2027, 10, 9), True, "国庆节调休上班", actor=world.admin)
    _row, recounts = workcal.confirm_year(2027, actor=world.admin)
    assert ("整改通知", 1) in [(r.label, r.changed) for r in recounts]
    case = fresh(case)
    assert not case.deadline_estimated and case.due_on == dt.date(2027, 10, 18)
    assert case.notice_due_on == dt.date(2027, 10, 12)  # what the printed notice said stays on record


def test_twenty_admins_issuing_at_the_same_moment_get_twenty_consecutive_numbers(app):
    from tests.rectifications.factories import published_inspection_of

    world = make_world()
    inspection, units = published_inspection_of(world, 20)
    drafts = opening.open_from_inspection(inspection, [u.id for u in units], world.admin, 10)
    assert len(drafts) == 20

    def sign(case):
        services.issue(case, world.admin, ISSUER, today=ISSUED_ON)

    assert run_at_once([lambda c=c: sign(c) for c in drafts]) == []
    numbers = sorted(c.doc_no for c in RectificationCase.select())
    assert numbers == sorted(f"临政服改〔2026〕{n}号" for n in range(1, 21))
