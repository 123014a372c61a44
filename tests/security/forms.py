"""Find every form on the pages an identity can open: its action and its fields (HTML parsing
with the standard library), so that the fuzzing and injection tests cover forms added later."""
from dataclasses import dataclass
from dataclasses import field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, hidden, password, select, radio, checkbox, file, number, date, tel …
    default: str = ""
    options: list = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str
    fields: dict = field(default_factory=dict)

    @property
    def key(self):
        return (self.action, tuple(sorted(self.fields)))


class _Parser(HTMLParser):
    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self.form, self.select, self.textarea = page, [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self.form = Form(self.page, a.get("action") or self.page)
        if self.form is None or "name" not in a and tag in ("input", "select", "textarea"):
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            existing = self.form.fields.get(a["name"])
            if kind in ("radio", "checkbox") and existing:
                existing.options.append(a.get("value", "on"))
                return
            self.form.fields[a["name"]] = Field(a["name"], kind, a.get("value", ""),
                                                [a.get("value", "on")] if kind in ("radio", "checkbox") else [])
        elif tag == "select":
            self.select = self.form.fields[a["name"]] = Field(a["name"], "select")
        elif tag == "option" and self.select is not None:
            self.select.options.append(a.get("value", ""))
        elif tag == "textarea":
            self.textarea = self.form.fields[a["name"]] = Field(a["name"], "textarea")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.default += data

    def handle_endtag(self, tag):
        if tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def forms_on(page, html):
    parser = _Parser(page)
    parser.feed(html)
    return parser.forms
