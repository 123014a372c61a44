"""Which font draws what in an official document, as @font-face rules.

Five roles, named as GB/T 9704 names the typefaces: `title` (小标宋: 发文机关标志 and 标题), `body`
(仿宋: everything else), `hei` (黑体: level-1 headings, 附件 label), `kai` (楷体: level-2 headings) and
`song` (宋体: page numbers). Each role is a CSS family `od-<role>` backed, in this order, by

1. a licensed font a deployment put in `<instance>/fonts/` (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312,
   宋体 …), recognised by the family name inside the file or by a file named `<role>.ttf` / `.otf`;
2. the cut shipped with the app (`fontcut.py`), declared as the families `od-serif`, `od-serif-bold`
   and `od-sans`, which the stylesheet always lists after the role, so a character a licensed
   GB 2312 font lacks (堃, 喆, 䶮 …) is drawn by the cut instead of becoming a box.

Every face is declared with weight 400: bold text uses the bold cut, never a synthesised bold.
No font is ever loaded from the network (the PDF fetcher allows only file: and data: URLs).
"""
import os
from dataclasses import dataclass

from fontTools.ttLib import TTFont
from fontTools.ttLib import TTLibError

from inspectapp.officialdoc.fontcut import OUTPUT_DIR

ROLES = ("title", "body", "hei", "kai", "song")

#: The shipped cuts: CSS family → file in fontcut.OUTPUT_DIR.
SHIPPED = {
    "od-serif": "inspectapp-serif-regular.ttf",
    "od-serif-bold": "inspectapp-serif-bold.ttf",
    "od-sans": "inspectapp-sans-regular.ttf",
}
#: How the shipped cuts are named to people (specimen, `flask documents fonts`).
SHIPPED_NAMES = {"od-serif": "思源宋体 Noto Serif CJK SC", "od-serif-bold": "思源宋体 Noto Serif CJK SC Bold",
                 "od-sans": "思源黑体 Noto Sans CJK SC"}
#: The cut a role uses when the deployment has no licensed font for it.
ROLE_DEFAULT = {"title": "od-serif-bold", "body": "od-serif", "hei": "od-sans", "kai": "od-serif",
                "song": "od-serif"}

#: Words in a font's family name that give its role, checked in this order (小标宋 before 宋).
NAME_HINTS = (
    ("title", ("小标宋", "xiaobiaosong", "xbs")),
    ("body", ("仿宋", "fangsong", "fang song")),
    ("kai", ("楷体", "kaiti", "kai")),
    ("hei", ("黑体", "simhei", "heiti", "hei")),
    ("song", ("宋体", "simsun", "songti", "song")),
)
FONT_EXTENSIONS = (".ttf", ".otf")


class FontsMissing(RuntimeError):
    """The shipped cuts are not installed."""


@dataclass(frozen=True)
class FontChoice:
    role: str
    path: str
    #: "licensed" for a file from <instance>/fonts, "shipped" for the app's own cut.
    source: str
    name: str


def shipped_path(family):
    path = os.path.join(OUTPUT_DIR, SHIPPED[family])
    if not os.path.exists(path):
        raise FontsMissing(
            f"PDF font {path} is missing. Run `make install` (or `python -m inspectapp.officialdoc.fontcut`), "
            "which cuts it from the Debian package fonts-noto-cjk.")
    return path


def family_names(path):
    """Every family / full name a font file declares (any language), lower-cased."""
    try:
        font = TTFont(path, lazy=True, fontNumber=0)
    except (TTLibError, OSError, ValueError):
        return []
    try:
        return [r.toUnicode().lower() for r in font["name"].names if r.nameID in (1, 4, 16)]
    finally:
        font.close()


def role_of(path):
    """The role of a licensed font file, from its file name or its family names; None if unknown."""
    stem = os.path.splitext(os.path.basename(path))[0].lower()
    if stem in ROLES:
        return stem
    names = family_names(path)
    for role, hints in NAME_HINTS:
        if any(hint in name for name in names for hint in hints):
            return role
    return None


def licensed_fonts(folder):
    """{role: FontChoice} for the usable font files in <instance>/fonts (first file per role wins)."""
    found = {}
    if not os.path.isdir(folder):
        return found
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not name.lower().endswith(FONT_EXTENSIONS) or not os.path.isfile(path):
            continue
        role = role_of(path)
        if role and role not in found:
            names = family_names(path)
            found[role] = FontChoice(role, path, "licensed", names[0] if names else name)
    return found


def choices(folder):
    """The font of every role: the licensed one if present, else the shipped cut."""
    licensed = licensed_fonts(folder)
    return {role: licensed.get(role) or FontChoice(role, shipped_path(ROLE_DEFAULT[role]), "shipped",
                                                   SHIPPED_NAMES[ROLE_DEFAULT[role]])
            for role in ROLES}


def _face(family, path):
    url = "file://" + path.replace("\\", "/")
    fmt = "opentype" if path.lower().endswith(".otf") else "truetype"
    return f'@font-face {{ font-family: "{family}"; src: url("{url}") format("{fmt}"); font-weight: 400; }}'


def font_face_css(folder):
    """@font-face rules for the three shipped cuts and the licensed role fonts.

    A role without a licensed font gets no rule of its own: the stylesheet's next family (its cut)
    draws it, so the PDF embeds each cut once instead of once per role."""
    rules = [_face(family, shipped_path(family)) for family in SHIPPED]
    rules += [_face(f"od-{role}", choice.path) for role, choice in licensed_fonts(folder).items()]
    return "\n".join(rules) + "\n"


def signature(folder):
    """What the CSS depends on (files and their mtimes): a cache key."""
    entries = []
    for family in SHIPPED:
        path = shipped_path(family)
        entries.append((path, os.path.getmtime(path)))
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                entries.append((path, os.path.getmtime(path)))
    return tuple(entries)
