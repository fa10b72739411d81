"""The timeline page: one self-contained HTML file to move through a log date by date.

A slider (and the arrow keys, and a list of dates) steps through every date on which something
changed; the page shows the organisation on that date as a tree of cards and what changed that
day. Everything is inline: it opens without a network connection.

Data reaches the page only as JSON inside a ``<script type="application/json">`` element, with
``<``, ``>`` and ``&`` written as ``\\u`` escapes so that no string can close the element, and
the page's script puts every name and title into the document with ``textContent``, never as
markup. A name holding ``<script>`` is shown as those characters.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from importlib import resources
from typing import Any

from orgsim.chart import Chart
from orgsim.dates import PartialDate
from orgsim.timeline import Timeline
from orgsim.views.data import chart_data
from orgsim.views.report import describe_event

__all__ = ["timeline_data", "timeline_html"]


def timeline_data(timeline: Timeline, title: str) -> dict[str, Any]:
    """For every date with a change: the chart on that date and the changes of that day."""
    by_day: dict[dt.date, list[str]] = {}
    dates: dict[dt.date, set[PartialDate]] = {}
    for event in timeline.events:
        by_day.setdefault(event.on.start, []).append(describe_event(event, timeline))
        dates.setdefault(event.on.start, set()).add(event.on)
    steps = []
    for day, changes in sorted(by_day.items()):
        # "2016", not "1 Jan 2016", when every change of the day is known only to the year.
        label = next(iter(dates[day])).label() if len(dates[day]) == 1 else None
        chart = chart_data(Chart.at(timeline, day))
        for role in chart["roles"]:
            if role["holder"] is not None:
                role["holder"]["since_label"] = PartialDate.parse(role["holder"]["since"]).label()
        steps.append(
            {
                "date": day.isoformat(),
                "label": label or PartialDate.of(day).label(),
                "changes": changes,
                "roles": chart["roles"],
                "people": chart["people"],
            }
        )
    return {"title": title, "steps": steps}


def _script_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def timeline_html(timeline: Timeline, title: str) -> str:
    """The whole page, as text."""
    assets = resources.files("orgsim.views") / "assets"
    template = (assets / "timeline.html").read_text(encoding="utf-8")
    return (
        template.replace("{{TITLE}}", html.escape(title))
        .replace("{{STYLE}}", (assets / "timeline.css").read_text(encoding="utf-8"))
        .replace("{{SCRIPT}}", (assets / "timeline.js").read_text(encoding="utf-8"))
        .replace("{{DATA}}", _script_json(timeline_data(timeline, title)))
    )
