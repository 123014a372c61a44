"""Admin-written texts in the citizen's language: English when the admin wrote it, Traditional
Chinese converted character by character (OpenCC s2t: 窗口 stays 窗口), else as written."""
import functools


@functools.lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("s2t")


@functools.lru_cache(maxsize=8192)
def to_hant(text):
    return _converter().convert(text) if text else text


def localise(text, text_en="", locale="zh_Hans"):
    locale = str(locale)
    if locale == "en":
        return text_en or text
    if locale == "zh_Hant":
        return to_hant(text)
    return text
