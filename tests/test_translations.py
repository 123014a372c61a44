"""Every string in the zh_Hant and en catalogs has a translation (an empty msgstr shows the
Simplified Chinese source to a reader who chose another language)."""
import os

import pytest
from babel.messages.pofile import read_po

CATALOGS = os.path.join(os.path.dirname(__file__), "..", "inspectapp", "translations")


@pytest.mark.parametrize("locale", ["en", "zh_Hant"])
def test_every_message_is_translated(locale):
    with open(os.path.join(CATALOGS, locale, "LC_MESSAGES", "messages.po"), "rb") as po:
        catalog = read_po(po)
    untranslated = [m.id for m in catalog if m.id and (m.fuzzy or not all(
        m.string if isinstance(m.string, tuple) else [m.string]))]
    assert untranslated == []


def test_placeholders_survive_translation():
    with open(os.path.join(CATALOGS, "en", "LC_MESSAGES", "messages.po"), "rb") as po:
        catalog = read_po(po)
    for message in catalog:
        if message.id and "python-format" in message.flags and isinstance(message.id, str):
            assert set(_names(message.id)) == set(_names(message.string)), message.id


def _names(text):
    import re

    return re.findall(r"%\((\w+)\)s", text)
