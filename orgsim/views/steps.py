"""The timeline page's data: every date with a change, and only what changed on it.

A page that held the whole chart for every date would grow with the number of dates times the
size of the organisation; on a 100,000-event log that is gigabytes. Instead each step carries
the differences between the organisation on its date and on the step before: roles that appeared
or changed and roles that are gone, holders set and roles vacated, people who joined and left,
leaves begun and ended. The page's script applies them in order from an empty organisation, and
:func:`timeline_states` does the same in Python, so that the two can be checked against
:meth:`Chart.at <orgsim.questions.chart.Chart.at>`.

The steps are computed from the timeline's intervals in one pass over them: an interval opens on
the first step on or after its start and closes on the first step on or after its end, exactly
the steps that :meth:`Span.covers <orgsim.replay.timeline.Span.covers>` says it covers.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

from orgsim.log.dates import PartialDate
from orgsim.log.events import Event
from orgsim.replay.spans import Absence, RoleVersion, Span, Stint, Tenure
from orgsim.replay.timeline import Timeline
from orgsim.views.report import describe_event

__all__ = ["timeline_data", "timeline_states"]

_S = TypeVar("_S", bound=Span)


class _Boundaries(Generic[_S]):
    """Which intervals open and which close on each step, for one kind of interval."""

    def __init__(self, days: Sequence[dt.date], groups: Mapping[str, Sequence[_S]]) -> None:
        self.opened: list[list[_S]] = [[] for _ in days]
        self.closed: list[list[_S]] = [[] for _ in days]
        for spans in groups.values():
            for span in spans:
                first = bisect_left(days, span.start.start)
                last = len(days) if span.end is None else bisect_left(days, span.end.start)
                if first >= last:
                    continue  # begun and ended between two steps: on no step's chart
                self.opened[first].append(span)
                if last < len(days):
                    self.closed[last].append(span)


def _ended(boundaries: _Boundaries[_S], index: int, key: Callable[[_S], str]) -> list[str]:
    """The ids whose interval closes on step ``index`` with no new one opening on it."""
    reopened = {key(span) for span in boundaries.opened[index]}
    return [key(span) for span in boundaries.closed[index] if key(span) not in reopened]


def _role(span: RoleVersion | Tenure) -> str:
    return span.role


def _person(span: Stint | Absence) -> str:
    return span.person


class _Order:
    """Chart order as one integer per interval: roles by creation, people by joining."""

    def __init__(self, groups: Mapping[str, Sequence[_S]], seq: Callable[[_S], int]) -> None:
        keyed = [
            (seq(span), place) for place, spans in enumerate(groups.values()) for span in spans
        ]
        self.rank = {key: rank for rank, key in enumerate(sorted(set(keyed)))}
        self.place = {name: place for place, name in enumerate(groups)}

    def of(self, name: str, seq: int) -> int:
        return self.rank[(seq, self.place[name])]


def _changes_by_day(timeline: Timeline) -> dict[dt.date, list[Event]]:
    """The events of each date with a change, in replay order."""
    by_day: dict[dt.date, list[Event]] = {}
    for event in timeline.applied:
        by_day.setdefault(event.on.start, []).append(event)
    return by_day


def _label(day: dt.date, events: Sequence[Event]) -> str:
    """The date as a person writes it: "2016", not "1 Jan 2016", when every change of the day
    is known only to the year."""
    dates: set[PartialDate] = {event.on for event in events}
    return next(iter(dates)).label() if len(dates) == 1 else PartialDate.of(day).label()


class _Differences:
    """What changes on each step, from the timeline's intervals, and in what order a chart lists
    roles and people. With ``cite`` (a place for each event seq), each role and holder also
    says which change of its step put it there."""

    def __init__(
        self,
        timeline: Timeline,
        days: Sequence[dt.date],
        cite: Mapping[int, int] | None = None,
    ) -> None:
        self.cite = cite
        self.versions = _Boundaries(days, timeline.versions)
        self.tenures = _Boundaries(days, timeline.tenures)
        self.stints = _Boundaries(days, timeline.stints)
        self.absences = _Boundaries(days, timeline.absences)
        self.role_order = _Order(timeline.versions, lambda v: v.created.seq)
        self.person_order = _Order(timeline.stints, lambda s: s.event.seq)

    def _cited(self, span: Span) -> dict[str, Any]:
        """``{"cite": n}``, the place in its step's changes of the event that opened ``span``
        (one small number, so that a page citing every box stays linear in the log)."""
        if self.cite is None:
            return {}
        return {"cite": self.cite.get(span.event.seq)}

    def roles(self, index: int) -> dict[str, Any]:
        opened = self.versions.opened[index]
        return {
            "roles": [
                {
                    "id": v.role,
                    "title": v.title,
                    "reports_to": v.reports_to,
                    # Only where there are any: most roles have none, and a page is linear.
                    **({"dotted_to": list(v.dotted_to)} if v.dotted_to else {}),
                    "order": self.role_order.of(v.role, v.created.seq),
                    **self._cited(v),
                }
                for v in opened
            ],
            "gone": _ended(self.versions, index, _role),
        }

    def holders(self, index: int) -> dict[str, Any]:
        opened = self.tenures.opened[index]
        return {
            "holders": [
                {
                    "role": t.role,
                    "person": t.person,
                    "acting": t.acting,
                    "since_label": t.start.label(),
                    **self._cited(t),
                }
                for t in opened
            ],
            "vacated": _ended(self.tenures, index, _role),
        }

    def people(self, index: int) -> dict[str, Any]:
        opened = self.stints.opened[index]
        return {
            "joined": [
                {
                    "id": s.person,
                    "name": s.name,
                    "order": self.person_order.of(s.person, s.event.seq),
                }
                for s in opened
            ],
            "left": _ended(self.stints, index, _person),
            "leave": [absence.person for absence in self.absences.opened[index]],
            "back": _ended(self.absences, index, _person),
        }


def timeline_data(
    timeline: Timeline,
    title: str,
    progress: Callable[[int], None] | None = None,
    *,
    cite: bool = False,
) -> dict[str, Any]:
    """``{"title", "steps": [...]}``: one step for every date with a change, in date order.

    A step has its ``date`` (ISO), ``label`` (as a person writes it), ``changes`` (a sentence for
    each event) and the differences from the step before: ``roles`` (``id``, ``title``,
    ``reports_to``, ``dotted_to`` when it has dotted lines, ``order``) that appeared or changed,
    ``gone`` (role ids), ``holders``
    (``role``, ``person``, ``acting``, ``since_label``) set, ``vacated`` (role ids), ``joined``
    (``id``, ``name``, ``order``), ``left``, ``leave`` and ``back`` (person ids). ``order`` sorts
    roles and people as a chart lists them. ``progress`` is called with the number of events of
    each step as it is built.

    With ``cite``, every event's source is there too, each written once: the data has
    ``sources`` (every distinct source, in order of first use), each step ``citations`` (one
    ``[source index, note]`` beside each of its ``changes``), and each role and holder ``cite``
    (the index in its step's ``changes`` of the event that put it there).
    """
    by_day = _changes_by_day(timeline)
    days = sorted(by_day)
    places = _places(by_day) if cite else None
    differences = _Differences(timeline, days, places)
    sources: dict[str, int] = {}
    steps = []
    for index, day in enumerate(days):
        events = by_day[day]
        steps.append(
            {
                "date": day.isoformat(),
                "label": _label(day, events),
                "changes": [describe_event(event, timeline) for event in events],
                **({"citations": _citations(events, sources)} if cite else {}),
                **differences.roles(index),
                **differences.holders(index),
                **differences.people(index),
            }
        )
        if progress is not None:
            progress(len(events))
    if cite:
        return {"title": title, "sources": list(sources), "steps": steps}
    return {"title": title, "steps": steps}


def _places(by_day: Mapping[dt.date, Sequence[Event]]) -> dict[int, int]:
    """Each event's place among the changes of its date, by seq."""
    return {event.seq: place for events in by_day.values() for place, event in enumerate(events)}


def _citations(events: Sequence[Event], sources: dict[str, int]) -> list[list[Any]]:
    """``[source index, note]`` for each event; a source seen first is added to ``sources``, so
    that a URL cited by a thousand events is written once."""
    return [[sources.setdefault(event.source, len(sources)), event.note] for event in events]


def timeline_states(data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The organisation at every step of :func:`timeline_data`, by applying its differences as
    the page does: ``{"roles": [...], "people": [...]}`` in chart order, a role's ``holder``
    ``{"id", "name", "acting", "since_label", "on_leave"}`` or None, a person's ``roles`` the
    ids of the roles they hold (in no promised order). For tests and for reading a page's data.
    """
    roles: dict[str, dict[str, Any]] = {}
    holders: dict[str, dict[str, Any]] = {}
    people: dict[str, dict[str, Any]] = {}
    on_leave: set[str] = set()
    for step in data["steps"]:
        for role_id in step["gone"]:
            del roles[role_id]
        roles.update((role["id"], role) for role in step["roles"])
        for role_id in step["vacated"]:
            del holders[role_id]
        holders.update((holder["role"], holder) for holder in step["holders"])
        for person_id in step["left"]:
            del people[person_id]
        people.update((person["id"], person) for person in step["joined"])
        on_leave.difference_update(step["back"])
        on_leave.update(step["leave"])
        yield _state(roles, holders, people, on_leave)


def _state(
    roles: Mapping[str, Mapping[str, Any]],
    holders: Mapping[str, Mapping[str, Any]],
    people: Mapping[str, Mapping[str, Any]],
    on_leave: set[str],
) -> dict[str, Any]:
    """One step's organisation, assembled as the page's script assembles it to draw."""
    held: dict[str, list[str]] = {}
    for role_id, holder in holders.items():
        held.setdefault(holder["person"], []).append(role_id)

    def holder_of(role_id: str) -> dict[str, Any] | None:
        holder = holders.get(role_id)
        if holder is None:
            return None
        person = people.get(holder["person"])
        return {
            "id": holder["person"],
            "name": person["name"] if person else holder["person"],
            "acting": holder["acting"],
            "since_label": holder["since_label"],
            "on_leave": holder["person"] in on_leave,
        }

    return {
        "roles": [
            {
                "id": role["id"],
                "title": role["title"],
                "reports_to": role["reports_to"],
                "dotted_to": role.get("dotted_to", []),
                "holder": holder_of(role["id"]),
            }
            for role in sorted(roles.values(), key=lambda role: role["order"])
        ],
        "people": [
            {
                "id": person["id"],
                "name": person["name"],
                "roles": held.get(person["id"], []),
                "on_leave": person["id"] in on_leave,
            }
            for person in sorted(people.values(), key=lambda person: person["order"])
        ],
    }
