"""整改通知书 speed, as ratios against a baseline measured in the same process (PRODUCT.md §4):

1. a one-page official document in Chinese on the notice's base (its fonts, red header, 3号 body),
   warm, against a one-page Latin-only WeasyPrint document (target <= 1.6 x);
2. the real notice of a case with one finding (it runs to several pages: header, five sections, QR
   code, 回执), warm, against a Latin document with the same number of pages;
3. the batch PDF of 50 notices of one inspection (target <= 10 s).

Warm = the second and later renders in the process (fonts and stylesheets loaded once); the
figures are the median of `--repeat` runs.

Usage: .venv/bin/python bench/rectification_notice.py [--repeat 7] [--batch 50]
"""
import argparse
import datetime as dt
import io
import statistics
import time

from _common import temp_app

LATIN_PARAGRAPH = ("The quick brown fox jumps over the lazy dog while the inspector writes down what she saw at "
                   "window A12 of the service hall, with the exact time and the evidence photographed. ")
CHINESE_PARAGRAPH = ("2026年11月23日10时13分，A12窗口（社保）工作人员工作时间玩手机，群众在窗口前等候约5分钟；"
                     "请你单位高度重视，对照问题逐项整改，举一反三，建立长效机制。")


def median_seconds(render, repeat):
    render()  # warm-up: fonts, stylesheets, templates
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        render()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def pages_of(pdf):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def latin_document(pages):
    from inspectapp.common.pdf import html_to_pdf

    body = "".join(f"<h2>Section {n}</h2><p>{LATIN_PARAGRAPH * 9}</p>" for n in range(2 * pages - 1))
    html = f"<style>@page {{ size: A4; margin: 37mm 26mm 35mm 28mm }} body {{ font-size: 12pt }}</style>{body}"
    return lambda: html_to_pdf(html)


def one_page_official():
    from flask import current_app
    from flask import render_template_string

    from inspectapp.officialdoc.numbers import issuer_from_config
    from inspectapp.officialdoc.render import OfficialDoc
    from inspectapp.officialdoc.render import official_html_to_pdf

    doc = OfficialDoc(issuer=issuer_from_config(current_app.config), title="关于社保局窗口服务问题限期整改的通知书",
                      number="临政服改〔2026〕12号", recipients="临江市人力资源和社会保障局", issued_on=dt.date(2026,
                                                                                                                12, 1))
    html = render_template_string('{% extends "pdf/_official.html" %}{% block body %}<h2>一、发现的问题</h2>'
                                  "<p>{{ text }}</p>{% endblock %}{% block signature %}{% endblock %}",
                                  doc=doc, text=CHINESE_PARAGRAPH * 2)
    return lambda: official_html_to_pdf(html)


def batch_world(size):
    """A published inspection with one finding at each of `size` units, every case issued."""
    from inspectapp.rectifications import opening
    from inspectapp.rectifications import services
    from tests.rectifications.factories import ISSUER
    from tests.rectifications.factories import make_world
    from tests.rectifications.factories import published_inspection_of

    world = make_world()
    inspection, units = published_inspection_of(world, size)
    cases = opening.open_from_inspection(inspection, [u.id for u in units], world.admin, 10)
    return world, [services.issue(case, world.admin, ISSUER, today=dt.date(2026, 11, 24)) for case in cases]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    app, _directory = temp_app()
    from inspectapp.rectifications import notice

    with app.test_request_context("/"):
        world, cases = batch_world(args.batch)
        latin_one = median_seconds(latin_document(1), args.repeat)
        official_one = median_seconds(one_page_official(), args.repeat)
        assert pages_of(one_page_official()()) == 1
        case = cases[0]
        single = notice.notice_pdf(case, notice.case_url(case))
        pages = pages_of(single)
        notice_time = median_seconds(lambda: notice.notice_pdf(case, notice.case_url(case)), args.repeat)
        latin_same = median_seconds(latin_document(pages), args.repeat)
        start = time.perf_counter()
        batch = notice.notices_pdf(cases, notice.case_url)
        batch_time = time.perf_counter() - start
    print(f"one-page Latin WeasyPrint PDF (baseline): {latin_one * 1000:.0f} ms")
    print(f"one-page Chinese official document, warm: {official_one * 1000:.0f} ms "
          f"= {official_one / latin_one:.2f} x the Latin page (target <= 1.6 x)")
    print(f"整改通知书, 1 finding, {pages} pages, {len(single) // 1024} KB, warm: {notice_time * 1000:.0f} ms "
          f"= {notice_time / latin_same:.2f} x a {pages}-page Latin document ({latin_same * 1000:.0f} ms)")
    print(f"batch of {len(cases)} notices: {batch_time:.2f} s, {pages_of(batch)} pages (blank ones between notices "
          f"for double-sided printing), {len(batch) // 1024} KB (target <= 10 s: ratio {batch_time / 10:.2f}; "
          f"= {batch_time / (len(cases) * latin_same):.2f} x {len(cases)} {pages}-page Latin documents)")


if __name__ == "__main__":
    main()
