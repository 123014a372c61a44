"""The answering flow shared by the public pages (/q/…) and the admin preview: one page per
request, posted pages merged into the draft, errors shown next to their question, the last page
stored as one response. The preview runs the very same code and templates; it only never stores
a response."""
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

from inspectapp.common.citizen import elder_mode
from inspectapp.common.citizen import finish
from inspectapp.common.timeutil import local_today
from inspectapp.common.web import client_ip
from inspectapp.evaluations.holds import HoldRules
from inspectapp.evaluations.models import Level
from inspectapp.orgs.models import Hall
from inspectapp.orgs.models import Window
from inspectapp.surveys import answering
from inspectapp.surveys.kinds import NA
from inspectapp.surveys.kinds import Kind
from inspectapp.surveys.kinds import format_number
from inspectapp.surveys.models import StaffMode
from inspectapp.surveys.texts import localise

META_FIELDS = {"csrf_token", "key", "v", "w", "h", "nav"}


@dataclass
class Urls:
    """Where a flow's pages post and go: public or preview."""

    page: Callable  # (key, page) -> url
    done: Callable  # (key) -> url
    first: str  # page 1 before any draft exists


class Flow:
    """One questionnaire being answered (or previewed) under one key."""

    def __init__(self, questionnaire, version, ctx, key, raw, urls, preview=False, has_draft=False):
        self.questionnaire, self.ctx, self.key, self.raw = questionnaire, ctx, key, raw
        self.form = answering.Form(questionnaire, version, ctx)
        self.urls, self.preview, self.has_draft = urls, preview, has_draft

    @property
    def version(self):
        return self.form.version

    # --- rendering -------------------------------------------------------------------------------
    def render(self, page, states=None, status=200, banner=None, raw=None):
        """A page; errors only when `states` come from a post (a plain visit shows none)."""
        raw = self.raw if raw is None else raw
        show_errors = states is not None
        states = states if show_errors else self.form.states(raw)
        visible = self.form.visible_pages(states)
        page = page if page in visible else visible[0]
        html = render_template("survey/page.html", **self._context(page, states, visible, raw, banner, show_errors))
        return finish(current_app.make_response((html, status)))

    def _context(self, page, states, visible, raw, banner, show_errors):
        locale = str(get_locale())
        numbers = _numbers(self.form, states)
        questions = [(states[slot.q.key], slot.subjects,
                      self.form.slot_error(slot, states, raw) if show_errors else None)
                     for slot in self.form.pages[page - 1] if states[slot.q.key].visible]
        q = self.questionnaire
        return dict(
            flow=self, questionnaire=q, page=page, position=visible.index(page) + 1, page_count=len(visible),
            is_last=page == visible[-1], questions=questions, numbers=numbers, raw=raw, banner=banner,
            title=localise(q.title, q.title_en, locale), intro=localise(q.intro, q.intro_en, locale),
            privacy=localise(q.privacy_note, "", locale), loc=lambda text, en="": localise(text, en, locale),
            window=Window.get_or_none(Window.id == self.ctx.window_id) if self.ctx.window_id else None,
            hall=Hall.get_or_none(Hall.id == self.ctx.hall_id) if self.ctx.hall_id else None,
            action=self.urls.page(self.key, page) if self.has_draft else self.urls.first,
            elder=elder_mode(), Kind=Kind, Level=Level, NA=NA, StaffMode=StaffMode, first=_first,
            format_number=format_number, preview=self.preview,
        )

    # --- posting ---------------------------------------------------------------------------------
    def post(self, page):
        """Handle one posted page: back, next, or (last page) the response."""
        posted = {k: v for k, v in request.form.to_dict(flat=False).items() if k not in META_FIELDS}
        raw = answering.merge(self.raw, posted, self.form.fields_of(page))
        if not _csrf_ok():
            return self.render(page, status=400, raw=raw, banner=_("页面已过期，请再次提交本页（您填写的内容还在）"))
        states = self.form.states(raw)
        visible = self.form.visible_pages(states)
        if request.form.get("nav") == "back":
            earlier = [p for p in visible if p < page] or visible[:1]
            return self._go(raw, earlier[-1])
        if self.form.page_errors(states, page, raw):
            self._save(raw, page)
            return self.render(page, states, status=400, raw=raw, banner=_("请按提示修改后再提交"))
        later = [p for p in visible if p > page]
        if later:
            return self._go(raw, later[0])
        return self._finish(raw)

    def _save(self, raw, page):
        answering.save_draft(self.form, self.key, raw, _origin(), page=page, preview=self.preview)
        self.has_draft = True

    def _go(self, raw, page):
        self._save(raw, page)
        return finish(redirect(self.urls.page(self.key, page), code=303))

    def _finish(self, raw):
        if self.preview:
            self._save(raw, self.form.visible_pages(self.form.states(raw))[-1])
            return redirect(self.urls.done(self.key), code=303)
        if not answering.accepting(self.questionnaire, local_today()):
            raise answering.NotAccepting()
        draft = answering.draft(self.questionnaire, self.key) if self.has_draft else None
        try:
            answering.submit(self.form, self.key, raw, _origin(), HoldRules.from_config(current_app.config),
                             started_at=draft.started_at if draft else None, had_draft=draft is not None)
        except answering.AnswerErrors as exc:
            self._save(raw, exc.page)
            return self.render(exc.page, exc.states, status=400, raw=raw, banner=_("请按提示修改后再提交"))
        return finish(redirect(self.urls.done(self.key), code=303))


def _numbers(form, states):
    """Display numbers of the visible questions, counted across pages."""
    visible = [q.key for q in form.qdefs if states[q.key].visible]
    return {key: n for n, key in enumerate(visible, 1)}


def _first(raw, name):
    values = raw.get(name) or []
    return values[0] if values else ""


def _csrf_ok():
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    try:
        validate_csrf(request.form.get("csrf_token"))
    except (ValidationError, CSRFError):
        return False
    return True


def _origin():
    return answering.Origin(device_id=g.device_id, ip=client_ip(), user_agent=request.user_agent.string,
                            locale=str(get_locale()))
