"""Locale choice: a sticky cookie set by the language switch, else zh_Hans — or zh_Hant when the
browser's first Chinese preference is Traditional. English only when the user picks it: a browser
(or a phone) set to English still gets the Chinese UI the hall's staff and citizens expect.

Message ids are Simplified Chinese (the default UI); catalogs exist for zh_Hant and en.
"""
from flask import current_app
from flask import has_request_context
from flask import request

from inspectapp.extensions import babel

LANG_COOKIE = "lang"


def N_(message):
    """Mark a msgid for extraction; it is translated where it is shown."""
    return message

#: Browser language tags -> our locales (Chinese only: English is never inferred).
_BROWSER_MAP = {
    "zh-tw": "zh_Hant",
    "zh-hk": "zh_Hant",
    "zh-mo": "zh_Hant",
    "zh-hant": "zh_Hant",
    "zh": "zh_Hans",
    "zh-cn": "zh_Hans",
    "zh-sg": "zh_Hans",
    "zh-hans": "zh_Hans",
}

LANGUAGE_NAMES = {"zh_Hans": "简体中文", "zh_Hant": "繁體中文", "en": "English"}


def select_locale():
    if not has_request_context():  # CLI commands, background work: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    for tag, _quality in request.accept_languages:
        tag = tag.lower()
        locale = _BROWSER_MAP.get(tag) or _BROWSER_MAP.get(tag.split("-")[0])
        if locale:
            return locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def html_lang(locale):
    return {"zh_Hans": "zh-CN", "zh_Hant": "zh-Hant", "en": "en"}.get(str(locale), "zh-CN")


def init_app(app):
    import os

    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=os.path.join(os.path.dirname(__file__), "translations"),
    )
    from flask_babel import get_locale

    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    app.jinja_env.globals["html_lang"] = html_lang
