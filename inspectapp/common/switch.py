"""Switching a record off and on again, the same way for halls, units, windows, staff and users.

GET on a deactivate URL shows what will happen and asks (a plain form: works without JavaScript);
POST switches off and flashes what was switched off with a button that switches it back on.
"""
from collections import namedtuple

from flask import flash
from flask import render_template

#: The flash category whose message is a dict {"text": ..., "undo": url}: base.html draws the button.
UNDO = "undo"

Consequence = namedtuple("Consequence", "kind_label name effects")


def confirm_page(thing, action, cancel):
    """The 确认停用 page for a Consequence `thing`; the form posts to `action`."""
    return render_template("_switch_off.html", thing=thing, action=action, cancel=cancel)


def flash_switched_off(text, reactivate_url):
    flash({"text": text, "undo": reactivate_url}, UNDO)
