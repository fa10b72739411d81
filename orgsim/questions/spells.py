"""What the answers across time are made of: a stretch of time with its sources, and how a
stay in the organisation ended.

Every answer is an immutable value built from a :class:`~orgsim.replay.timeline.Timeline`, so it
works the same on the timeline "as known on" a day. Lengths between imprecise dates (a year, a
month) are counted from their starts and marked ``approximate``; a stretch that still runs is
measured to the last day the log knows of (:func:`measured_to`).
"""

from __future__ import annotations

import datetime as dt

import attrs

from orgsim.errors import NotFound, OrgsimError
from orgsim.log.dates import PartialDate, parse_day
from orgsim.log.events import Depart
from orgsim.replay.spans import Span, Stint
from orgsim.replay.timeline import Timeline

__all__ = [
    "Departure",
    "Spell",
    "approximate",
    "belongs_to",
    "date_range",
    "days_between",
    "measured_to",
    "not_found",
    "title_on",
]


def days_between(start: PartialDate, end: PartialDate | None, today: dt.date) -> int:
    return ((end.start if end else today) - start.start).days


def approximate(*dates: PartialDate | None) -> bool:
    return any(d is not None and not d.exact for d in dates)


@attrs.frozen
class Spell:
    """A stretch of time: in a role, in the organisation, or on leave.

    ``days`` counts from the start to the end (or to the timeline's last event when it still
    runs); ``approximate`` when either date is known only to the month or year. ``source`` is
    the source of the event that began it and ``end_source`` of the one that ended it (None
    while it runs), so that both dates can be checked.
    """

    start: PartialDate
    end: PartialDate | None
    days: int
    approximate: bool
    source: str
    end_source: str | None

    @classmethod
    def of(cls, span: Span, today: dt.date) -> Spell:
        return cls(
            start=span.start,
            end=span.end,
            days=max(0, days_between(span.start, span.end, today)),
            approximate=approximate(span.start, span.end),
            source=span.event.source,
            end_source=span.ended_by.source if span.ended_by else None,
        )


@attrs.frozen
class Departure:
    """How a stint in the organisation ended, and the roles the person left behind."""

    on: PartialDate
    reason: str
    destination: str | None
    source: str
    note: str | None
    roles: tuple[str, ...] = ()
    last_role: str | None = None
    """The role they held last in that stint (None if they held none)..."""
    last_title: str | None = None
    """...under the title it had while they held it..."""
    last_role_ended: PartialDate | None = None
    """...and when they gave it up: before ``on`` when they stepped down first."""

    @classmethod
    def of(cls, timeline: Timeline, event: Depart) -> Departure:
        held = timeline.roles_held.get(event.person, ())
        left = tuple(t.role for t in held if t.ended_by is event)
        stint = next(
            (s for s in timeline.stints.get(event.person, ()) if s.ended_by is event), None
        )
        within = [t for t in held if stint is not None and belongs_to(t, stint) and t.end]
        # The role given up last; of two given up together, the one taken last.
        last = max(within, key=lambda t: (t.end.start, t.start.start, t.event.seq), default=None)  # type: ignore[union-attr]
        title = ended = None
        if last is not None and last.end is not None:
            ended = last.end
            title = title_on(
                timeline, last.role, max(last.start.start, ended.start - dt.timedelta(days=1))
            )
        return cls(
            event.on,
            event.reason,
            event.destination,
            event.source,
            event.note,
            left,
            last.role if last else None,
            title,
            ended,
        )


def not_found(timeline: Timeline, what: str, key: str) -> NotFound:
    when = f" as known on {timeline.known_on}" if timeline.known_on else ""
    return NotFound(f"no {what} {key!r} in the log{when}")


def measured_to(timeline: Timeline) -> dt.date:
    """Where a spell that still runs is measured to: the ``known_on`` day of a past view, else
    the last date the log knows of (its latest ``on`` or ``recorded``), so that a log which
    stops in 2025 does not claim anyone stayed into 2026."""
    if timeline.known_on is not None:
        return timeline.known_on
    return max((max(e.on.start, e.known_from.start) for e in timeline.log), default=dt.date.today())


def title_on(timeline: Timeline, role: str, day: dt.date) -> str:
    version = timeline.role_at(role, day)
    if version is None:  # the role changed the same day: take its last title before
        versions = timeline.versions.get(role, ())
        earlier = [v for v in versions if v.start.start <= day] or list(versions)
        return earlier[-1].title if earlier else role
    return version.title


def date_range(start: dt.date | str, end: dt.date | str) -> tuple[dt.date, dt.date]:
    first, last = parse_day(start), parse_day(end)
    if first > last:
        raise OrgsimError(f"the range runs backwards: {first} is after {last}")
    return first, last


def belongs_to(span: Span, stint: Stint) -> bool:
    """Whether ``span`` (a tenure or a leave) belongs to ``stint``."""
    after_start = (span.start.start, span.event.seq) >= (stint.start.start, stint.event.seq)
    if stint.end is None or stint.ended_by is None:
        return after_start
    before_end = (span.start.start, span.event.seq) < (stint.end.start, stint.ended_by.seq)
    return after_start and before_end
