"""Dev tool (make messages): fill empty zh_Hant entries by converting the Simplified msgid with OpenCC s2t
(character-level: the phrase modes turn 窗口 into 視窗, a GUI window).

With --report-missing LOCALE it only lists the msgids that still lack a translation.
"""
import os
import sys

from babel.messages.pofile import read_po
from babel.messages.pofile import write_po

HERE = os.path.dirname(__file__)


def catalog_path(locale):
    return os.path.join(HERE, locale, "LC_MESSAGES", "messages.po")


def main(argv):
    if argv[:1] == ["--report-missing"]:
        with open(catalog_path(argv[1]), "rb") as f:
            missing = [m.id for m in read_po(f) if m.id and not m.string]
        for msgid in missing:
            print(f"untranslated ({argv[1]}): {msgid}")
        return
    import opencc

    converter = opencc.OpenCC("s2t")
    path = catalog_path("zh_Hant")
    with open(path, "rb") as f:
        catalog = read_po(f)
    filled = 0
    for message in catalog:
        if message.id and not message.string:
            message.string = converter.convert(message.id)
            filled += 1
    with open(path, "wb") as f:
        write_po(f, catalog, width=0)
    print(f"zh_Hant: filled {filled} entries")


if __name__ == "__main__":
    main(sys.argv[1:])
