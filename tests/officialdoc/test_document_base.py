"""The shared official-document base, measured on a rendered PDF against GB/T 9704 (domain.md §4)."""
import datetime as dt
import os
import shutil

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from inspectapp import create_app
from inspectapp.officialdoc import fonts
from inspectapp.officialdoc.cli import GRID_LINE
from inspectapp.officialdoc.cli import RARE_CHARACTERS
from inspectapp.officialdoc.cli import specimen_pdf
from inspectapp.officialdoc.fontcut import character_set
from inspectapp.officialdoc.fontcut import gb2312_chars
from inspectapp.officialdoc.fontcut import tygf_chars
from inspectapp.officialdoc.render import title_lines
from tests import pdfcheck

DAY = dt.date(2026, 12, 1)


def _app(instance):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "PUBLIC_BASE_URL": "https://zwfw.example.gov.cn",
                      "DATABASE_URL": f"sqlite:///{instance}/unused.sqlite"})
    app.instance_path = str(instance)
    return app


@pytest.fixture(scope="module")
def specimen(tmp_path_factory):
    app = _app(tmp_path_factory.mktemp("instance"))
    with app.app_context():
        return specimen_pdf(DAY)


def test_a4_every_font_embedded_and_only_the_shipped_cuts(specimen):
    assert set(pdfcheck.page_sizes(specimen)) == {pdfcheck.A4}
    rows = pdfcheck.pdffonts(specimen)
    assert rows and all(embedded and subset_ and uni for _n, _t, embedded, subset_, uni in rows)
    # Nothing drawn by a system font: on a machine without fonts-noto-cjk it would be boxes.
    assert {name.split("+")[1] for name, *_ in rows} == {"od-serif", "od-serif-bold", "od-sans"}


def test_every_character_is_drawn_by_a_real_glyph_of_an_embedded_font(specimen):
    text = pdfcheck.pdftotext(specimen)
    assert RARE_CHARACTERS in text and "关于核对公文版式和字体的样张" in text
    assert pdfcheck.uncovered_characters(specimen) == set()
    drawn = {c for f in pdfcheck.embedded_fonts(specimen) for c in f.glyphs}
    assert set(RARE_CHARACTERS) <= drawn


def test_every_text_box_is_inside_the_text_block_except_page_numbers(specimen):
    assert pdfcheck.outside_text_block(specimen) == []
    chars = pdfcheck.chars(specimen)
    body = [c for c in chars if round(c.size) == 16]
    assert min(c.x0 for c in body) == pytest.approx(28, abs=0.3)  # 订口 28 mm
    assert max(c.x1 for c in body) == pytest.approx(184, abs=1)  # right margin 26 mm
    # 天头 37 mm: the first grid line of a page starts at the 版心 top, its glyphs centred in the line.
    half_leading = (225 / 22 - 16 / pdfcheck.MM) / 2
    assert min(c.top for c in body if c.page > 1) - half_leading == pytest.approx(37, abs=1)


def test_body_is_3hao_on_the_22_by_28_grid(specimen):
    rows = [(key, text) for key, text in pdfcheck.line_texts(specimen) if text == GRID_LINE]
    full_page = [key for key, _ in rows if key[0] == 3]
    assert len(full_page) == 22  # a whole page of text: 22 lines of exactly 28 characters
    baselines = [b for _p, b in full_page]
    pitches = [b2 - b1 for b1, b2 in zip(baselines, baselines[1:])]
    assert all(p == pytest.approx(225 / 22, abs=0.15) for p in pitches)
    line = pdfcheck.lines(specimen)[full_page[0]]
    assert {round(c.size) for c in line} == {16} and line[-1].x1 - line[0].x0 == pytest.approx(156, abs=0.5)


def test_red_issuer_mark_rule_number_and_title(specimen):
    lines = pdfcheck.lines(specimen)
    first = [(key, row) for key, row in lines.items() if key[0] == 1]
    (_, mark), (_, number), (_, title) = first[0], first[1], first[2]
    assert "".join(c.text for c in mark) == "临江市政务服务管理办公室"
    assert mark[0].top - 37 == pytest.approx(35, abs=1)  # 发文机关标志 35 mm below the 版心 top
    assert (mark[0].x0 + mark[-1].x1) / 2 == pytest.approx(106, abs=1)  # centred
    assert "".join(c.text for c in number) == "样张〔2026〕1号"
    assert (number[0].x0 + number[-1].x1) / 2 == pytest.approx(106, abs=1)
    red = [r for r in pdfcheck.rules(specimen) if r[5] == (0.0, 0.8, 0.8, 0.0)]  # Y80 % M80 %, as CMYK
    assert len(red) == 1
    _page, x0, top, x1, _bottom, _colour = red[0]
    assert (x0, x1) == (pytest.approx(28, abs=0.2), pytest.approx(184, abs=0.2))  # as wide as the 版心
    assert top - number[0].bottom == pytest.approx(4, abs=0.5)  # 4 mm below the 发文字号
    assert {round(c.size) for c in title} == {22}  # 2号
    assert {round(c.size) for c in number} == {16}  # 3号


def test_page_numbers_are_em_dashed_7mm_below_the_text_block(specimen):
    numbers = [row for row in pdfcheck.lines(specimen).values() if pdfcheck.is_page_number(row)]
    assert ["".join(c.text for c in row) for row in numbers] == ["— 1 —", "— 2 —", "— 3 —", "— 4 —"]
    for n, row in enumerate(numbers, 1):
        dash_middle = row[0].baseline - 0.38 * row[0].size / pdfcheck.MM
        assert dash_middle - 262 == pytest.approx(7, abs=1)
        assert round(row[0].size) == 14  # 4号
        if n % 2:  # odd pages: right, one character in
            assert 184 - row[-1].x1 == pytest.approx(5.57, abs=1)
        else:
            assert row[0].x0 - 28 == pytest.approx(5.57, abs=1)


def test_signature_date_and_colophon(specimen):
    texts = dict(pdfcheck.line_texts(specimen))
    last = max(page for page, _ in texts)
    rows = {text: pdfcheck.lines(specimen)[key] for key, text in texts.items() if key[0] == last}
    date = rows["2026年12月1日"]
    assert 184 - date[-1].x1 == pytest.approx(4 * 5.571, abs=1.5)  # 成文日期右空四字
    name = rows["临江市政务服务管理办公室"]
    assert (name[0].x0 + name[-1].x1) / 2 == pytest.approx((date[0].x0 + date[-1].x1) / 2, abs=1)
    assert "临江市政务服务管理办公室2026年12月1日印发" in rows and "抄送：本单位办公室。" in rows
    bottoms = [r[4] for r in pdfcheck.rules(specimen) if r[0] == last]
    assert max(bottoms) == pytest.approx(262, abs=0.5)  # the last 版记 rule is the 版心's bottom edge


def test_title_lines_break_at_word_boundaries():
    assert title_lines("关于核对公文版式的样张") == ["关于核对公文版式的样张"]
    assert title_lines("临江市政务服务管理办公室关于社保局窗口服务问题限期整改的通知书") == [
        "临江市政务服务管理办公室", "关于社保局窗口服务问题限期整改的通知书"]
    assert title_lines("关于临江市人力资源和社会保障局窗口服务问题限期整改的通知书") == [
        "关于临江市人力资源和社会保障局", "窗口服务问题限期整改的通知书"]
    assert title_lines("关于临江市不动产登记中心窗口限期整改的通知书") == ["关于临江市不动产登记中心窗口限期整改的",
                                                                           "通知书"]
    assert all(len(line) <= 20 for line in title_lines("甲" * 45))


def test_character_set_is_gb2312_and_the_general_standard_table():
    tygf = tygf_chars()
    assert len(tygf) == 8105 and len(gb2312_chars()) >= 6763 + 682 - 20
    chars = character_set()
    assert tygf <= chars and gb2312_chars() <= chars and set("〔〕—“”（）：；①□") <= chars
    for cut in fonts.SHIPPED:
        with TTFont(fonts.shipped_path(cut), lazy=True) as font:
            cmap = font.getBestCmap()
            assert all(ord(c) in cmap for c in tygf), cut  # every 通用规范 character is in every cut
            assert "glyf" in font and "CFF " not in font  # TrueType outlines


def _tiny_font(path, family, text):
    """A licensed-font stand-in: a few glyphs of the sans cut, renamed."""
    with TTFont(fonts.shipped_path("od-sans")) as font:
        sub = subset.Subsetter()
        sub.populate(text=text)
        sub.subset(font)
        for record in font["name"].names:
            if record.nameID in (1, 4):
                record.string = family
            if record.nameID == 6:
                record.string = "Licensed-Test"
        font.save(path)


def test_licensed_fonts_in_the_instance_folder_come_first_and_the_cut_fills_their_gaps(tmp_path):
    folder = tmp_path / "fonts"
    folder.mkdir()
    _tiny_font(folder / "fzfs.ttf", "仿宋_GB2312", "本样张用于核对公文版式和字体")
    _tiny_font(folder / "title.ttf", "Whatever Title", "关于核对公文版式和字体的样张")
    shutil.copy(folder / "fzfs.ttf", folder / "notes.txt")  # not a font file name: ignored
    found = fonts.licensed_fonts(str(folder))
    assert set(found) == {"body", "title"} and found["body"].name == "仿宋_gb2312"
    app = _app(tmp_path)
    with app.app_context():
        pdf = specimen_pdf(DAY)
    names = {name.split("+")[1] for name, *_ in pdfcheck.pdffonts(pdf)}
    assert {"od-body", "od-title"} <= names
    by_font = {}
    for c in pdfcheck.chars(pdf):
        by_font.setdefault(c.font.split("+")[1], set()).add(c.text)
    assert "样" in by_font["od-body"] and "堃" not in by_font["od-body"]
    assert "堃" in by_font["od-serif"]  # the rare character the licensed font lacks: drawn by the cut
    assert pdfcheck.uncovered_characters(pdf) == set()


def test_a_character_outside_the_cuts_is_flagged_by_the_font_check(app):
    from flask import render_template_string

    from inspectapp.officialdoc.numbers import issuer_from_config
    from inspectapp.officialdoc.render import OfficialDoc
    from inspectapp.officialdoc.render import official_html_to_pdf

    doc = OfficialDoc(issuer=issuer_from_config(app.config), title="测试", number="测〔2026〕1号")
    with app.app_context():
        html = render_template_string('{% extends "pdf/_official.html" %}{% block body %}<p>琍</p>{% endblock %}',
                                      doc=doc)
        pdf = official_html_to_pdf(html)
    fonts_used = {c.font.split("+")[1] for c in pdfcheck.chars(pdf) if c.text == "琍"}
    # 琍 (U+740D) is in neither GB 2312 nor 通用规范汉字表: some system font drew it, not a cut.
    assert not fonts_used & {"od-serif", "od-serif-bold", "od-sans"}
    assert "琍" not in character_set()


def test_cli_writes_the_specimen_and_lists_the_fonts(runner, tmp_path):
    out = tmp_path / "s.pdf"
    result = runner.invoke(args=["documents", "specimen", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    result = runner.invoke(args=["documents", "fonts"])
    assert "思源宋体 Noto Serif CJK SC Bold" in result.output
    assert os.path.basename(fonts.SHIPPED["od-sans"]) in result.output
