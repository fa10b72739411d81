"""The timeline page and the explorer: self-contained HTML files to move through a log.

A slider (and the arrow keys, and a list of dates) steps through every date on which something
changed; the page shows the organisation on that date as a tree of cards and what changed that
day. Everything is inline: it opens without a network connection. The data holds each change
once (see :mod:`orgsim.views.steps`); the page's script rebuilds the organisation at a date from
them, so the page grows with the log, not with the log times the organisation.

Data reaches the page only as JSON inside a ``<script type="application/json">`` element, with
``<``, ``>`` and ``&`` written as ``\\u`` escapes so that no string can close the element, and
the page's script puts every name and title into the document with ``textContent``, never as
markup. A name holding ``<script>`` is shown as those characters.

The explorer (:func:`explorer_html`) is the same steps with more to ask of them: it animates the
chart from date to date, searches names and titles, and answers a click on a person or a role
and a hover on a box from :mod:`orgsim.views.explorer`'s data. A source is a link only when it is
an ``http(s)`` URL; any other (a file name, a ``javascript:`` address) is shown as text.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from importlib import resources
from typing import Any

from orgsim.replay.timeline import Timeline
from orgsim.views.explorer import explorer_data
from orgsim.views.steps import timeline_data

__all__ = ["explorer_data", "explorer_html", "timeline_data", "timeline_html"]

_SLOT = re.compile(r"\{\{(TITLE|STYLE|SCRIPT|DATA)\}\}")
#: Script shared by both pages (the organisation at a step), written before each page's own.
_SHARED_SCRIPT = "states.js"


def _script_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _page(name: str, title: str, data: Any) -> str:
    """The page ``name`` (its ``.html``, ``.css`` and ``.js`` in ``assets/``) with ``data``."""
    assets = resources.files("orgsim.views") / "assets"

    def asset(file: str) -> str:
        return (assets / file).read_text(encoding="utf-8")

    parts = {
        "TITLE": html.escape(title),
        "STYLE": asset(f"{name}.css"),
        "SCRIPT": asset(_SHARED_SCRIPT) + "\n" + asset(f"{name}.js"),
        "DATA": _script_json(data),
    }
    # One pass over the template, so that a title holding "{{SCRIPT}}" stays those characters.
    return _SLOT.sub(lambda slot: parts[slot.group(1)], asset(f"{name}.html"))


def timeline_html(
    timeline: Timeline, title: str, progress: Callable[[int], None] | None = None
) -> str:
    """The whole page, as text. ``progress`` is called as :func:`timeline_data` calls it."""
    return _page("timeline", title, timeline_data(timeline, title, progress))


def explorer_html(
    timeline: Timeline,
    title: str,
    scenario: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> str:
    """The explorer page, as text: the timeline page's slider with animated charts, search,
    each person's history and each role's succession on a click, and each box's source on
    hover. ``scenario`` is shown above the chart, so a what-if is never taken for history;
    ``progress`` as for :func:`timeline_data`."""
    return _page("explorer", title, explorer_data(timeline, title, scenario, progress))
