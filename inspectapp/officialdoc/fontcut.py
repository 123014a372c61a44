"""Cut the PDF fonts once, at install time, from the system's Noto CJK fonts.

    python -m inspectapp.officialdoc.fontcut          # what `make install` runs; skips up-to-date cuts
    python -m inspectapp.officialdoc.fontcut --force

Each cut keeps GB 2312 (all of it: hanzi, punctuation, Greek, Cyrillic, kana) ∪ 通用规范汉字表 (8,105
characters, `data/tygf-8105.txt`) ∪ ASCII, Latin-1 and the punctuation blocks a document uses; only the
`kern` layout feature; no hinting. CFF outlines are converted to TrueType (quadratic) outlines. With
these cuts a page renders about as fast as a Latin page (HarfBuzz subsets a small `glyf` font quickly)
and rare name characters such as 堃喆昇珺玥旻䶮 are drawn in the same face as the rest of the text.
Nothing is downloaded: the sources are the Debian package `fonts-noto-cjk`.
"""
import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection
from fontTools.ttLib import newTable

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.path.join(HERE, "data")
#: Where the cuts are written (git-ignored; `make install` fills it).
OUTPUT_DIR = os.path.join(HERE, "fonts")
SYSTEM_DIR = "/usr/share/fonts/opentype/noto"
#: Bump when the character set or the options change, so installed cuts are redone.
CUT_VERSION = "2"


@dataclass(frozen=True)
class Cut:
    filename: str  # output, in OUTPUT_DIR
    source: str  # a .ttc of fonts-noto-cjk
    family: str  # the face to take from the collection
    #: The cut's own names, so a PDF shows which font drew the text (never the system's Noto).
    new_family: str
    style: str


CUTS = (
    Cut("inspectapp-serif-regular.ttf", "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC",
        "Inspectapp Serif SC", "Regular"),
    Cut("inspectapp-serif-bold.ttf", "NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", "Inspectapp Serif SC", "Bold"),
    Cut("inspectapp-sans-regular.ttf", "NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "Inspectapp Sans SC", "Regular"),
)

#: Non-hanzi blocks a Chinese official document uses (besides GB 2312's own symbols).
EXTRA_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement (° · × ÷ …)
    (0x2000, 0x206F),  # general punctuation (— … ‘ ’ “ ” ‰ ※)
    (0x2100, 0x218F),  # letterlike symbols, number forms (№ ℃ Ⅰ Ⅱ …)
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ②)
    (0x2500, 0x25FF),  # box drawing, geometric shapes (□ ■ ○ ●)
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。〔〕《》【】)
    (0xFF00, 0xFFEF),  # fullwidth forms (，：；（）)
)


def gb2312_chars():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def tygf_chars():
    """The 8,105 characters of 通用规范汉字表 shipped in data/tygf-8105.txt."""
    with open(os.path.join(DATA_DIR, "tygf-8105.txt"), encoding="utf-8") as fh:
        return {line.strip() for line in fh if line.strip() and not line.startswith("#")}


def character_set():
    chars = gb2312_chars() | tygf_chars()
    for first, last in EXTRA_RANGES:
        chars.update(chr(c) for c in range(first, last + 1))
    return chars


def _face(path, family):
    collection = TTCollection(path)
    for font in collection.fonts:
        if font["name"].getDebugName(1) == family:
            return font
    raise SystemExit(f"{path} has no face named {family!r}")


def _subset(font, codepoints):
    options = subset.Options()
    options.layout_features = ["kern"]
    options.hinting = False
    options.notdef_outline = True
    options.glyph_names = False
    options.name_languages = ["*"]
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE", "JSTF", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)


def _to_truetype(font, max_err=1.0):
    """CFF → glyf, as fontTools' Snippets/otf2ttf.py does."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    glyf.compile(font)
    _truetype_maxp(font, glyf)
    post = font["post"]
    post.formatType = 3.0
    post.extraNames, post.mapping = [], {}
    font.sfntVersion = "\000\001\000\000"


def _truetype_maxp(font, glyf):
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for name in ("maxZones",):
        setattr(maxp, name, 1)
    for name in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, name, 0)
    maxp.maxComponentElements = max(len(getattr(g, "components", []) or []) for g in glyf.glyphs.values())
    maxp.compile(font)


def _rename(font, cut):
    """Name the cut after itself (OFL: a modified font keeps the copyright, not necessarily the name)."""
    postscript = cut.new_family.replace(" ", "") + "-" + cut.style
    names = {1: cut.new_family, 3: f"{postscript};inspectapp fontcut {CUT_VERSION}",
             4: f"{cut.new_family} {cut.style}", 6: postscript}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (16, 17):
            table.removeNames(nameID=record.nameID)
    for record in table.names:
        if record.nameID in names:
            record.string = names[record.nameID]


def _stamp_path(cut):
    return os.path.join(OUTPUT_DIR, cut.filename + ".version")


def is_current(cut, source_dir=SYSTEM_DIR):
    out = os.path.join(OUTPUT_DIR, cut.filename)
    source = os.path.join(source_dir, cut.source)
    try:
        with open(_stamp_path(cut), encoding="ascii") as fh:
            stamp = fh.read().strip()
        return stamp == CUT_VERSION and os.path.getmtime(out) >= os.path.getmtime(source)
    except OSError:
        return False


def make_cut(cut, source_dir=SYSTEM_DIR):
    """Cut one font; returns (path, seconds)."""
    started = time.monotonic()
    font = _face(os.path.join(source_dir, cut.source), cut.family)
    _subset(font, sorted(ord(c) for c in character_set()))
    _to_truetype(font)
    _rename(font, cut)
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    out = os.path.join(OUTPUT_DIR, cut.filename)
    font.save(out + ".part")
    os.replace(out + ".part", out)
    with open(_stamp_path(cut), "w", encoding="ascii") as fh:
        fh.write(CUT_VERSION + "\n")
    return out, time.monotonic() - started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="cut again even if up to date")
    parser.add_argument("--source-dir", default=SYSTEM_DIR)
    args = parser.parse_args(argv)
    todo = [cut for cut in CUTS if args.force or not is_current(cut, args.source_dir)]
    missing = [cut.source for cut in todo if not os.path.exists(os.path.join(args.source_dir, cut.source))]
    if missing:
        print(f"Missing {', '.join(missing)} in {args.source_dir}: install the Debian package fonts-noto-cjk.",
              file=sys.stderr)
        return 1
    # The cuts are independent and CPU-bound (about a minute each): one process per core.
    with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1) or 1) as pool:
        for cut, (out, seconds) in zip(todo, pool.map(make_cut, todo, [args.source_dir] * len(todo))):
            print(f"Cut {cut.family} → {out} ({os.path.getsize(out) // 1024} KB, {seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
