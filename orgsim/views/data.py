"""A chart as plain data, for JSON: the shape ``orgsim show --format json`` promises.

Keys may be added in later versions; none will be renamed or removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from orgsim.log.dates import PartialDate
from orgsim.questions.chart import Chart
from orgsim.replay.branch import SetAside

__all__ = ["chart_data", "set_aside_data", "to_data"]


def _plain(_: object, __: object, value: Any) -> Any:
    if isinstance(value, PartialDate | dt.date):
        return str(value) if isinstance(value, PartialDate) else value.isoformat()
    return value


def to_data(value: Any) -> Any:
    """Any answer of the questions across time (:mod:`orgsim.questions`) as JSON-ready data: dates
    as ISO strings, tuples as lists, mappings as objects."""
    return attrs.asdict(value, value_serializer=_plain)


def chart_data(chart: Chart) -> dict[str, Any]:
    """``{"date", "roles": [...], "people": [...]}``, dates as ISO strings."""
    data: dict[str, Any] = {"date": chart.date.isoformat()}
    if chart.known_on is not None:
        data["known_on"] = chart.known_on.isoformat()
    if chart.scenario is not None:
        data["scenario"] = chart.scenario
    data["roles"] = [
        {
            "id": role.id,
            "title": role.title,
            "reports_to": role.reports_to,
            "dotted_to": list(role.dotted_to),
            "holder": None
            if role.holder is None
            else {
                "id": role.holder.person,
                "name": role.holder.name,
                "acting": role.holder.acting,
                "since": str(role.holder.since),
                "on_leave": role.holder.on_leave,
            },
        }
        for role in chart.roles
    ]
    data["people"] = [
        {
            "id": person.id,
            "name": person.name,
            "roles": list(person.roles),
            "on_leave": person.on_leave,
            "joined": str(person.joined),
        }
        for person in chart.people
    ]
    return data


def set_aside_data(
    items: Sequence[SetAside], place: Callable[[int], str] | None = None
) -> list[dict[str, Any]]:
    """The real events a scenario set aside, each ``{"seq", "event", "place", "rule",
    "reason", "because"}`` (``because``: the seq of the set-aside event it depends on, or
    null); ``place`` gives an event's file and line."""
    return [
        {
            "seq": item.event.seq,
            "event": item.event.brief(),
            "place": place(item.event.seq) if place is not None else None,
            "rule": item.violation.rule,
            "reason": item.reason(),
            "because": item.because.seq if item.because is not None else None,
        }
        for item in items
    ]
