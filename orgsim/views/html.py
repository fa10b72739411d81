"""The timeline page: one self-contained HTML file to move through a log date by date.

A slider (and the arrow keys, and a list of dates) steps through every date on which something
changed; the page shows the organisation on that date as a tree of cards and what changed that
day. Everything is inline: it opens without a network connection. The data holds each change
once (see :mod:`orgsim.views.steps`); the page's script rebuilds the organisation at a date from
them, so the page grows with the log, not with the log times the organisation.

Data reaches the page only as JSON inside a ``<script type="application/json">`` element, with
``<``, ``>`` and ``&`` written as ``\\u`` escapes so that no string can close the element, and
the page's script puts every name and title into the document with ``textContent``, never as
markup. A name holding ``<script>`` is shown as those characters.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from importlib import resources
from typing import Any

from orgsim.replay.timeline import Timeline
from orgsim.views.steps import timeline_data

__all__ = ["timeline_data", "timeline_html"]

_SLOT = re.compile(r"\{\{(TITLE|STYLE|SCRIPT|DATA)\}\}")


def _script_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def timeline_html(
    timeline: Timeline, title: str, progress: Callable[[int], None] | None = None
) -> str:
    """The whole page, as text. ``progress`` is called as :func:`timeline_data` calls it."""
    assets = resources.files("orgsim.views") / "assets"
    template = (assets / "timeline.html").read_text(encoding="utf-8")
    parts = {
        "TITLE": html.escape(title),
        "STYLE": (assets / "timeline.css").read_text(encoding="utf-8"),
        "SCRIPT": (assets / "timeline.js").read_text(encoding="utf-8"),
        "DATA": _script_json(timeline_data(timeline, title, progress)),
    }
    # One pass over the template, so that a title holding "{{SCRIPT}}" stays those characters.
    return _SLOT.sub(lambda slot: parts[slot.group(1)], template)
