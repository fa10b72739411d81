"""The intervals replay makes of a log, and the set of them open on one day.

Every interval is a :class:`Span` of dates that keeps the event that opened it and the one that
closed it, so every box a chart draws can cite its sources: a person in a role
(:class:`Tenure`), a role between two changes (:class:`RoleVersion`), a person's time in the
organisation (:class:`Stint`), a leave (:class:`Absence`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Sequence
from typing import TypeVar

import attrs

from orgsim.log.dates import PartialDate
from orgsim.log.events import CreateRole, Depart, Event, Leave
from orgsim.replay.rules import replay_order
from orgsim.replay.state import PersonNow, ReplayState, RoleNow, TenureNow

__all__ = [
    "Absence",
    "OpenOn",
    "RoleVersion",
    "Span",
    "Stint",
    "Tenure",
    "absence_span",
    "covering",
    "open_intervals",
    "span_order",
    "stint_order",
    "stint_span",
    "tenure_span",
    "version_order",
    "version_span",
]


@attrs.frozen(kw_only=True)
class Span:
    """An interval of dates, ``[start, end)``; ``end`` None means it still runs.

    ``event`` opened it and ``ended_by`` closed it, so every interval can cite its sources.
    """

    start: PartialDate
    end: PartialDate | None
    event: Event
    ended_by: Event | None

    def covers(self, day: dt.date) -> bool:
        return self.start.start <= day and (self.end is None or day < self.end.start)


@attrs.frozen(kw_only=True)
class Tenure(Span):
    """A spell of one person in one role."""

    role: str
    person: str
    acting: bool


@attrs.frozen(kw_only=True)
class RoleVersion(Span):
    """A role as it stood between two changes: its title, where it reported, and the roles it
    answered to by a dotted line."""

    role: str
    title: str
    reports_to: str | None
    created: CreateRole
    dotted_to: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Stint(Span):
    """A person's time in the organisation, from a hire to a departure."""

    person: str
    name: str


@attrs.frozen(kw_only=True)
class Absence(Span):
    """A leave of absence."""

    person: str


@attrs.frozen
class OpenOn:
    """Every interval open on one day: what the chart of that day is made of."""

    day: dt.date
    versions: tuple[RoleVersion, ...]
    """The roles that exist, in the order they were created."""
    tenures: tuple[Tenure, ...]
    """Who holds which role, in replay order of the events that put them there."""
    stints: tuple[Stint, ...]
    """Everyone in the organisation, in the order they joined."""
    absences: tuple[Absence, ...]
    """Everyone on leave."""


def open_intervals(state: ReplayState, opened_by: Event | None = None) -> list[Span]:
    """The intervals still open in ``state``, with no end: what :meth:`Replay.finish` records.
    With ``opened_by``, only those that event opened (what an append adds to a snapshot)."""
    spans: list[Span] = []
    for now in state.roles.values():
        spans.append(version_span(now, None))
    for role, tenure in state.holders.items():
        spans.append(tenure_span(role, tenure, None))
    for key, person in state.people.items():
        spans.append(stint_span(key, person, None))
        if person.leave is not None:
            spans.append(absence_span(key, person.leave, None))
    if opened_by is None:
        return spans
    return [span for span in spans if span.event is opened_by]


# The intervals replay makes, from what the state holds of them and the event that ends them
# (None while they still run).


def version_span(now: RoleNow, ended_by: Event | None) -> RoleVersion:
    return RoleVersion(
        start=now.since,
        end=ended_by.on if ended_by else None,
        event=now.changed,
        ended_by=ended_by,
        role=now.role,
        title=now.title,
        reports_to=now.reports_to,
        created=now.created,
        dotted_to=now.dotted_to,
    )


def tenure_span(role: str, now: TenureNow, ended_by: Event | None) -> Tenure:
    return Tenure(
        start=now.event.on,
        end=ended_by.on if ended_by else None,
        event=now.event,
        ended_by=ended_by,
        role=role,
        person=now.person,
        acting=now.acting,
    )


def stint_span(person: str, now: PersonNow, ended_by: Depart | None) -> Stint:
    return Stint(
        start=now.joined.on,
        end=ended_by.on if ended_by else None,
        event=now.joined,
        ended_by=ended_by,
        person=person,
        name=now.name,
    )


def absence_span(person: str, leave: Leave, ended_by: Event | None) -> Absence:
    return Absence(
        start=leave.on,
        end=ended_by.on if ended_by else None,
        event=leave,
        ended_by=ended_by,
        person=person,
    )


def span_order(span: Span) -> tuple[dt.date, int]:
    """Intervals in a group keep the replay order (rule 5) of the events that opened them."""
    return replay_order(span.event)


_S = TypeVar("_S", bound=Span)


def covering(spans: Sequence[_S], day: dt.date) -> _S | None:
    """The span of a non-overlapping, start-ordered sequence that covers ``day``, if any."""
    position = bisect_right(spans, day, key=lambda span: span.start.start)
    if position and spans[position - 1].covers(day):
        return spans[position - 1]
    return None


def version_order(version: RoleVersion) -> tuple[int, tuple[dt.date, int]]:
    return (version.created.seq, replay_order(version.event))


def stint_order(stint: Stint) -> int:
    return stint.event.seq
