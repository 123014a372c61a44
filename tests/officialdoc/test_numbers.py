"""发文字号: the printed form, and serials with no gaps and no reuse, also under concurrency
(run on SQLite by default and on PostgreSQL when INSPECTAPP_TEST_DATABASE_URL is set)."""
import datetime as dt

import pytest
from peewee import IntegrityError

from inspectapp.db import db
from inspectapp.officialdoc.docno import chinese_date
from inspectapp.officialdoc.docno import doc_no
from inspectapp.officialdoc.docno import parse_doc_no
from inspectapp.officialdoc.models import DocNumber
from inspectapp.officialdoc.numbers import Issuer
from inspectapp.officialdoc.numbers import find_number
from inspectapp.officialdoc.numbers import issue_number
from inspectapp.officialdoc.numbers import issuer_from_config
from tests.threads import run_at_once

ISSUER = Issuer(name="临江市政务服务管理办公室", mark="临江市政务服务管理办公室", code="临政服",
                series_codes={"rectification": "临政服改", "bulletin": "临政服通"})


def issue(series="rectification", year=2026, target_id=1):
    with db.atomic():
        return issue_number(ISSUER, series, year, "test", target_id)


def test_printed_form_follows_gbt_9704():
    assert doc_no("临政服改", 2026, 12) == "临政服改〔2026〕12号"
    assert doc_no("揭府办函", 2026, 2) == "揭府办函〔2026〕2号"
    with pytest.raises(ValueError):
        doc_no("临政服改", 2026, 0)
    with pytest.raises(ValueError):
        doc_no("临政服 改", 2026, 1)
    assert chinese_date(dt.date(2026, 12, 1)) == "2026年12月1日"
    assert chinese_date(dt.date(2027, 1, 9)) == "2027年1月9日"


def test_typed_numbers_are_read_back_with_any_brackets():
    assert parse_doc_no("临政服改〔2026〕12号") == ("临政服改", 2026, 12)
    assert parse_doc_no(" 临政服改[2026]12号") == ("临政服改", 2026, 12)
    assert parse_doc_no("临政服改（2026）12号") == ("临政服改", 2026, 12)
    assert parse_doc_no("临政服改〔2026〕012号") is None  # zero padding is not a 文号
    assert parse_doc_no("12") is None


def test_issuer_comes_from_the_configuration(app):
    issuer = issuer_from_config(app.config)
    assert issuer.name == issuer.mark == "临江市政务服务管理办公室"
    assert issuer.code_for("rectification") == "临政服改" and issuer.code_for("other") == "临政服"


def test_serials_count_up_per_series_and_start_again_each_year(app):
    assert [issue(target_id=i).text for i in (1, 2, 3)] == ["临政服改〔2026〕1号", "临政服改〔2026〕2号",
                                                           "临政服改〔2026〕3号"]
    assert issue("bulletin").text == "临政服通〔2026〕1号"  # the bulletin's own serial
    assert issue(year=2027).text == "临政服改〔2027〕1号"
    assert issue().text == "临政服改〔2026〕4号"
    assert find_number("临政服改〔2026〕2号").target_id == 2


def test_series_sharing_a_code_share_its_serial_so_a_printed_number_never_repeats(app):
    shared = Issuer(name="x", mark="x", code="临政服")  # no codes per series: both print 临政服
    with db.atomic():
        first = issue_number(shared, "rectification", 2026, "test", 1)
        second = issue_number(shared, "review", 2026, "test", 2)
    assert (first.text, second.text) == ("临政服〔2026〕1号", "临政服〔2026〕2号")


def test_a_rolled_back_document_gives_its_number_back(app):
    issue()
    with pytest.raises(RuntimeError), db.atomic():
        issue_number(ISSUER, "rectification", 2026, "test", 99)
        raise RuntimeError("storing the document failed")
    assert issue().text == "临政服改〔2026〕2号"  # no gap


def test_numbers_are_never_reused_and_only_issued_inside_a_transaction(app):
    issue()
    with pytest.raises(IntegrityError), db.atomic():
        DocNumber.create(issuer="临政服", series="rectification", code="临政服改", year=2026, serial=1,
                         text="临政服改〔2026〕1号", target_type="test", target_id=5)
    with pytest.raises(RuntimeError, match="inside the transaction"):
        issue_number(ISSUER, "rectification", 2026, "test", 1)


def test_twenty_admins_issuing_at_the_same_moment_get_twenty_consecutive_numbers(app):
    results = []

    def admin(n):
        with db.atomic():
            results.append(issue_number(ISSUER, "rectification", 2026, "test", n).serial)

    assert run_at_once([lambda n=n: admin(n) for n in range(20)]) == []
    assert sorted(results) == list(range(1, 21))
    rows = DocNumber.select().where(DocNumber.year == 2026)
    assert sorted(r.serial for r in rows) == list(range(1, 21))
    assert len({r.target_id for r in rows}) == 20
