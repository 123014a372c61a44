"""The 整改通知书 as printed: its text, fonts, geometry (GB/T 9704 版心), glyph coverage, QR code,
the batch of an inspection and the 复查意见; and the CLI that prints them."""
import datetime as dt

import pytest

from inspectapp.rectifications import notice
from inspectapp.rectifications import services
from tests import pdfcheck
from tests.qr.test_qr import decode_pdf
from tests.rectifications.factories import ISSUER
from tests.rectifications.factories import complete_report
from tests.rectifications.factories import make_world
from tests.rectifications.factories import open_cases

ISSUED_ON = dt.date(2026, 12, 1)


@pytest.fixture
def issued(app):
    world = make_world()
    social, estate = open_cases(world)
    services.issue(social, world.admin, ISSUER, today=ISSUED_ON)
    services.issue(estate, world.admin, ISSUER, today=ISSUED_ON)
    with app.test_request_context():
        pdf = notice.notice_pdf(social, notice.case_url(social))
    return world, social, estate, pdf


def test_the_notice_says_what_the_issue_lists(issued):
    world, social, _estate, pdf = issued
    text = pdfcheck.pdftotext(pdf).replace("\n", "")
    for expected in [
        "临江市政务服务管理办公室",  # red 发文机关标志 and 署名
        "临政服改〔2026〕1号",
        "关于临江市人力资源和社会保障局窗口服务问题限期整改的通知书",
        "临江市人力资源和社会保障局：",
        "2026年11月23日，我办第2检查组对临江市政务服务中心开展暗访",
        "（一）2026年11月23日10时13分，A12窗口",  # the finding with date, time and window
        "工作时间玩手机", "（二）2026年11月23日10时40分",
        "整改要求", "不玩手机、不看视频",
        "请于2026年12月15日前完成整改",  # the deadline as a date (10 working days from 1 Dec)
        "整改报告应逐项写明问题原因、整改措施、责任人和完成时间",  # how to report back
        "逾期1个工作日予以提醒", "红牌，予以通报批评并约谈",  # what happens when it is overdue
        "2026年12月1日",  # 成文日期: Arabic numerals, no zero padding
        "签收单位（盖章）", "签收人（签字）", "签收日期",  # the tear-off 回执
    ]:
        assert expected in text, expected
    assert "张秘访" not in text and "anfang" not in text and "李秘访" not in text


def test_qr_code_opens_the_case_page(issued, tmp_path):
    _world, social, _estate, pdf = issued
    assert decode_pdf(pdf, tmp_path) == [f"https://zwfw.example.gov.cn/rectifications/{social.id}"]


def test_fonts_are_embedded_and_cover_every_character(issued):
    *_rest, pdf = issued
    rows = pdfcheck.pdffonts(pdf)
    assert rows and all(embedded for _n, _t, embedded, _s, _u in rows)
    assert {name.split("+")[1] for name, *_ in rows} <= {"od-serif", "od-serif-bold", "od-sans"}
    assert pdfcheck.uncovered_characters(pdf) == set()


def test_geometry_is_gbt_9704(issued):
    *_rest, pdf = issued
    assert set(pdfcheck.page_sizes(pdf)) == {pdfcheck.A4}
    assert pdfcheck.outside_text_block(pdf) == []  # every text box inside the 版心 except "— N —"
    lines = pdfcheck.lines(pdf)
    mark = next(iter(lines.values()))
    assert mark[0].top - 37 == pytest.approx(35, abs=1) and round(mark[0].size) >= 22
    red = [r for r in pdfcheck.rules(pdf) if r[5] == (0.0, 0.8, 0.8, 0.0)]
    assert len(red) == 1 and red[0][3] - red[0][1] == pytest.approx(156, abs=0.3)
    numbers = ["".join(c.text for c in row) for row in lines.values() if pdfcheck.is_page_number(row)]
    assert numbers == [f"— {n} —" for n in range(1, len(pdfcheck.page_sizes(pdf)) + 1)]
    body = [c for c in pdfcheck.chars(pdf) if round(c.size) == 16]
    assert min(c.x0 for c in body) == pytest.approx(28, abs=0.3) and max(c.x1 for c in body) <= 184.5


def test_batch_of_an_inspection_restarts_page_numbers_per_notice(issued, app):
    world, social, estate, pdf = issued
    with app.test_request_context():
        batch = notice.notices_pdf([social, estate], notice.case_url)
        single = notice.notice_pdf(estate, notice.case_url(estate))
    first, second = len(pdfcheck.page_sizes(pdf)), len(pdfcheck.page_sizes(single))
    blank = first % 2  # the second notice starts on a right-hand (odd) page, for double-sided printing
    assert len(pdfcheck.page_sizes(batch)) == first + blank + second
    numbered = {key[0]: text for key, text in pdfcheck.line_texts(batch) if pdfcheck.PAGE_NO_RE.match(text)}
    expected = {**{p: f"— {p} —" for p in range(1, first + 1)},
                **{first + blank + p: f"— {p} —" for p in range(1, second + 1)}}
    assert numbered == expected  # each notice counts from 1; a blank page has no number
    text = pdfcheck.pdftotext(batch)
    assert "临政服改〔2026〕1号" in text and "临政服改〔2026〕2号" in text
    assert pdfcheck.outside_text_block(batch) == []


def test_review_opinion_once_verified(issued, app, tmp_path):
    world, social, _estate, _pdf = issued
    services.acknowledge(social, world.manager)
    complete_report(social, world.manager, tmp_path, today=dt.date(2026, 12, 3))
    services.verify(social, world.admin, ISSUER, "经2026年12月4日现场复查，上述问题已整改到位。", today=dt.date(2026,
                                                                                                                12, 4))
    with app.test_request_context():
        pdf = notice.review_pdf(social)
    text = pdfcheck.pdftotext(pdf).replace("\n", "")
    assert "临政服复〔" in text and "关于临江市人力资源和社会保障局整改情况的复查意见" in text
    assert "（临政服改〔2026〕1号）" in text and "已整改到位，准予销号" in text
    assert "已批评教育并组织全员培训" in text and pdfcheck.uncovered_characters(pdf) == set()
    assert pdfcheck.outside_text_block(pdf) == []


def test_cli_prints_a_notice_by_number_or_id_and_the_batch(issued, runner, tmp_path):
    world, social, _estate, _pdf = issued
    for number in ("临政服改〔2026〕1号", "临政服改[2026]1号", str(social.id)):
        out = tmp_path / "n.pdf"
        result = runner.invoke(args=["rectifications", "notice", number, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "临政服改〔2026〕1号" in pdfcheck.pdftotext(out.read_bytes())
    missing = runner.invoke(args=["rectifications", "notice", "临政服改〔2026〕99号", "-o", str(tmp_path / "x.pdf")])
    assert missing.exit_code != 0 and "没有编号为" in missing.output
    out = tmp_path / "batch.pdf"
    result = runner.invoke(args=["rectifications", "notices", "--inspection", str(world.inspection.id), "-o", str(out)])
    assert result.exit_code == 0 and "2 notice(s)" in result.output
    assert pdfcheck.pdftotext(out.read_bytes()).count("签收人（签字）") == 2
