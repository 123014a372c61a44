"""发文字号 and dates as GB/T 9704 writes them (domain.md §4.3, §4.2).

    doc_no("临政服改", 2026, 12)  -> "临政服改〔2026〕12号"   (六角括号 U+3014/U+3015, no zero padding, no 第)
    chinese_date(date(2026, 12, 1)) -> "2026年12月1日"        (Arabic numerals, full year, no zero padding)
"""
import re

DOC_NO_RE = re.compile(r"^(?P<code>[\u4e00-\u9fa5A-Za-z]{1,20})〔(?P<year>(19|20)\d{2})〕(?P<serial>[1-9]\d*)号$")


def doc_no(code, year, serial):
    """The printed number of a document: 机关代字〔年份〕序号号."""
    if serial < 1:
        raise ValueError("a document serial starts at 1")
    text = f"{code}〔{year}〕{serial}号"
    if not DOC_NO_RE.match(text):
        raise ValueError(f"机关代字 {code!r} must be 1–20 Chinese or Latin letters")
    return text


def parse_doc_no(text):
    """(code, year, serial) of a printed number, also when typed with [] or () around the year; else None."""
    text = (text or "").strip().replace(" ", "")
    text = re.sub(r"[\[［(（【]((?:19|20)\d{2})[\]］)）】]", r"〔\1〕", text)
    match = DOC_NO_RE.match(text)
    if match is None:
        return None
    return match["code"], int(match["year"]), int(match["serial"])


def chinese_date(day):
    """"2026年12月1日" — the 成文日期 form."""
    return f"{day.year}年{day.month}月{day.day}日"


_DIGITS = "〇一二三四五六七八九"


def cn_number(n):
    """Chinese numerals for headings and list marks: 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 105 → 一百零五."""
    if n < 0:
        raise ValueError("no negative numerals")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + cn_number(rest) if rest < 10 else
                                 ("一" + cn_number(rest) if rest < 20 else cn_number(rest)))
    return _DIGITS[n // 100] + "百" + tail if n < 1000 else str(n)
