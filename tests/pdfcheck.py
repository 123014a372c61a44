"""Checks on real PDFs: text (pdftotext), fonts (pdffonts), geometry (pdfplumber) and glyph coverage
read from the embedded font programs themselves (pdfminer + fontTools), not from the text layer.

Positions are in millimetres from the top-left corner of the page. A character's box is its
ideographic em box: from 0.88 em above the baseline to 0.12 em below (the CJK em box of the cuts),
which is where the glyph is drawn; pdfminer's own box depends on the font's descent instead.
"""
import io
import re
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass

import pdfplumber
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

MM = 72 / 25.4
A4 = (210.0, 297.0)
#: GB/T 9704 版心: left 28, top 37, right 210 − 26, bottom 297 − 35 (mm).
TEXT_BLOCK = (28.0, 37.0, 184.0, 262.0)
PAGE_NO_RE = re.compile(r"^— \d+ —$")


@dataclass(frozen=True)
class Char:
    page: int
    text: str
    font: str
    size: float  # pt
    x0: float
    x1: float
    baseline: float

    @property
    def top(self):
        return self.baseline - 0.88 * self.size / MM

    @property
    def bottom(self):
        return self.baseline + 0.12 * self.size / MM


def chars(pdf):
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for c in page.chars:
                baseline = (page.height - c["matrix"][5]) / MM
                out.append(Char(page.page_number, c["text"], c["fontname"], c["size"], c["x0"] / MM,
                                c["x1"] / MM, baseline))
    return out


def page_sizes(pdf):
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [(round(p.width / MM, 1), round(p.height / MM, 1)) for p in doc.pages]


def rules(pdf):
    """Filled rectangles (rules, borders) as (page, x0, top, x1, bottom, colour) in mm."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for r in page.rects:
                out.append((page.page_number, r["x0"] / MM, r["top"] / MM, r["x1"] / MM, r["bottom"] / MM,
                            r.get("non_stroking_color")))
    return out


def lines(pdf):
    """Text lines: {(page, baseline rounded to 0.1 mm): [Char …]} in reading order."""
    grouped = defaultdict(list)
    for c in chars(pdf):
        grouped[(c.page, round(c.baseline, 1))].append(c)
    return dict(sorted(grouped.items()))


def line_texts(pdf):
    return [(key, "".join(c.text for c in row)) for key, row in lines(pdf).items()]


def is_page_number(row):
    return bool(PAGE_NO_RE.match("".join(c.text for c in row)))


def outside_text_block(pdf, tolerance=1.0):
    """Characters (except the page numbers) whose em box leaves the 版心 by more than `tolerance` mm."""
    x0, top, x1, bottom = TEXT_BLOCK
    bad = []
    for row in lines(pdf).values():
        if is_page_number(row):
            continue
        for c in row:
            if (c.x0 < x0 - tolerance or c.x1 > x1 + tolerance or c.top < top - tolerance
                    or c.bottom > bottom + tolerance):
                bad.append(c)
    return bad


def pdftotext(pdf, layout=False):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [fh.name, "-"]
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdffonts(pdf):
    """[(name, type, embedded, subset, unicode)] as pdffonts prints them."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        out = subprocess.run(["pdffonts", fh.name], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type… encoding emb sub uni object ID: the last five columns are fixed.
        rows.append((parts[0], " ".join(parts[1:-6]), parts[-5] == "yes", parts[-4] == "yes", parts[-3] == "yes"))
    return rows


def _tounicode(stream):
    """{cid: text} from a ToUnicode CMap (bfchar and bfrange entries)."""
    data = stream.get_data().decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for cid, uni in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(cid, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, uni in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(uni, 16)
            for offset, cid in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[cid] = chr(start + offset)
    return mapping


@dataclass
class EmbeddedFont:
    name: str
    #: {character: glyph id} of every character this font draws in the document.
    glyphs: dict
    #: glyph ids with no outline in the embedded program (a box or nothing would be printed).
    empty: set


def _blank(glyph_set, name):
    pen = BoundsPen(glyph_set)
    glyph_set[name].draw(pen)
    return pen.bounds is None


def embedded_fonts(pdf):
    """Every Type0 font of the document with the glyphs it really draws, read from FontFile2."""
    doc = PDFDocument(PDFParser(io.BytesIO(pdf)))
    found = {}
    for page in PDFPage.create_pages(doc):
        for font in (resolve1(page.resources.get("Font")) or {}).values():
            font = resolve1(font)
            name = font["BaseFont"].name
            if name in found:
                continue
            descendant = resolve1(resolve1(font["DescendantFonts"])[0])
            descriptor = resolve1(descendant["FontDescriptor"])
            program = resolve1(descriptor.get("FontFile2") or descriptor.get("FontFile3"))
            if program is None:
                found[name] = EmbeddedFont(name, {}, {"not embedded"})
                continue
            gid_map = resolve1(descendant.get("CIDToGIDMap"))
            assert gid_map is None or gid_map.name == "Identity", name
            ttf = TTFont(io.BytesIO(program.get_data()))
            order, glyph_set = ttf.getGlyphOrder(), ttf.getGlyphSet()
            mapping = _tounicode(resolve1(font["ToUnicode"]))
            empty = {gid for gid, text in mapping.items()
                     if gid == 0 or gid >= len(order) or (not text.isspace() and _blank(glyph_set, order[gid]))}
            found[name] = EmbeddedFont(name, {text: gid for gid, text in mapping.items()}, empty)
    return list(found.values())


def uncovered_characters(pdf):
    """Characters on the pages that no embedded font draws with a real glyph (would print as boxes)."""
    fonts = {f.name: f for f in embedded_fonts(pdf)}
    missing = set()
    for c in chars(pdf):
        if c.text.isspace():
            continue
        font = fonts.get(c.font)
        gid = font.glyphs.get(c.text) if font else None
        if gid is None or gid in font.empty:
            missing.add(c.text)
    return missing
