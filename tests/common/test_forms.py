"""Every form of the app is a BaseForm (common/forms.py): one set of checks for text, dates and
numbers, whoever wrote the form; and the id helper behind every id that comes in as text."""
import pathlib

import pytest

import inspectapp
from inspectapp.common.args import MAX_ID
from inspectapp.common.args import as_id

PACKAGE = pathlib.Path(inspectapp.__file__).parent


def test_no_form_bypasses_the_base_form():
    """A FlaskForm subclass anywhere else skips the control-character, date and number checks
    (the rectification forms did: NUL in a report reached PostgreSQL)."""
    direct = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
              if p.name != "forms.py" or p.parent.name != "common"
              if "FlaskForm" in p.read_text(encoding="utf-8")]
    assert direct == []


@pytest.mark.parametrize("text, expected", [
    ("1", 1), ("0042", 42), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("0", None), ("", None), (None, None),
    ("-1", None), ("²", None), ("١٢", None), ("１２", None), ("9" * 30, None), (" 1", None), ("1\n", None)])
def test_as_id_accepts_only_ascii_ids_in_range(text, expected):
    assert as_id(text) == expected
