"""The app's exports (ratings, findings, org tree) through the one helper: hostile text stays text,
CSV and XLSX alike, and nothing is cached."""
import io
import zipfile

import pytest
from openpyxl import load_workbook

from inspectapp.auth.roles import Role
from inspectapp.common import exports
from inspectapp.evaluations import services as evaluations
from inspectapp.orgs import csvio
from tests.factories import make_hall
from tests.factories import make_user
from tests.factories import make_window
from tests.inspections.factories import make_finding
from tests.inspections.factories import make_inspection

FORMULA = '=HYPERLINK("http://evil.example","点我")'
EXPORTS = ["/evaluations/export", "/inspections/findings", "/orgs/export"]


@pytest.fixture
def hostile(app):
    hall = make_hall(name="-2+3 大厅")
    window = make_window(hall=hall, name="@SUM(A1)")
    rules = evaluations.Rules(hours_grace_minutes=24 * 60, hold_non_workdays=False)
    evaluations.submit(window, evaluations.Submission(idempotency_key="k" * 20, level=5, comment=FORMULA), rules)
    inspection = make_inspection(hall=hall)
    make_finding(inspection, window=window, sentence="=1+1 工作人员玩手机", sentence_auto=False)
    return window


def _cells(fmt, data):
    if fmt == "csv":
        import csv
        return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")
    sheet = load_workbook(io.BytesIO(data)).active
    return [c for row in sheet.iter_rows() for c in row if c.data_type == "s"]


@pytest.mark.parametrize("fmt", exports.FORMATS)
@pytest.mark.parametrize("path", EXPORTS)
def test_exports_never_carry_a_live_formula(client, login_as, hostile, path, fmt):
    login_as(make_user(Role.ADMIN))
    response = client.get(f"{path}.{fmt}?status=all")
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "no-store"
    cells = _cells(fmt, response.data)
    if fmt == "csv":
        assert cells and not [c for c in cells if c[:1] in exports.FORMULA_STARTS]
        texts = [exports.restore(c) for c in cells]
    else:
        risky = [c for c in cells if str(c.value)[:1] in exports.FORMULA_STARTS]
        assert risky and all(c.quotePrefix for c in risky)
        texts = [c.value for c in cells]
    expected = {"/evaluations/export": FORMULA, "/inspections/findings": "=1+1 工作人员玩手机",
                "/orgs/export": "@SUM(A1)"}[path]
    assert expected in texts


def test_org_import_reads_hostile_exports_back_unchanged(app, hostile):
    for fmt in exports.FORMATS:
        report = csvio.import_csv(csvio.read(csvio.export_table(fmt)))
        assert report.errors == [] and report.created == 0 and report.updated == 0
