"""Lint: every problem of a log at once, and what breaks no rule but looks wrong.

A log imported from a spreadsheet can obey every rule and still hold mistakes: a seat empty for
years (a missing row), someone re-hired the day after they left (one term split in two), a date
known only to the year among dates known to the day, two titles that differ only in case or
spacing (one role typed two ways), a manager with a span no real manager has, two tenures that
touch on the same day. Each finding names its events and where they are in the log.

May import: errors, log, replay, questions, organisation.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence

import attrs

from orgsim.log.dates import Precision
from orgsim.log.events import Event
from orgsim.organisation import Organisation
from orgsim.replay.rules import RuleViolation
from orgsim.replay.timeline import Timeline

__all__ = ["KINDS", "Finding", "lint"]

#: What lint looks for, by the name each finding carries.
KINDS = {
    "rule": "a broken rule (the log is refused when read strictly)",
    "long-vacancy": "a role vacant for longer than the threshold",
    "rehired-next-day": "a person re-hired within a day of leaving",
    "imprecise-date": "a date less precise than the events just before and after it",
    "similar-titles": "titles that differ only in case, spacing or punctuation",
    "wide-span": "a role with more direct reports than the threshold",
    "touching-tenures": "one person's tenure in a role ending the day their next one starts",
}


@attrs.frozen
class Finding:
    """One thing lint found: its kind (see :data:`KINDS`), what it is, and its events."""

    kind: str
    message: str
    events: tuple[int, ...]
    places: tuple[str, ...]

    def __str__(self) -> str:
        where = self.places[0] if self.places else "the log"
        return f"{where}: {self.kind}: {self.message}"


#: How each check makes a finding: kind, message, the events it is about.
_Found = Callable[[str, str, Sequence["Event | None"]], "Finding"]


def lint(org: Organisation, *, vacancy_years: float = 2.0, span: int = 12) -> tuple[Finding, ...]:
    """Everything lint finds in ``org`` (open it with ``lenient=True`` to see every broken rule
    rather than be refused at the first), in the order of the log."""
    timeline = org.timeline()

    def found(kind: str, message: str, events: Sequence[Event | None]) -> Finding:
        seqs = tuple(e.seq for e in events if e is not None)
        return Finding(kind, message, seqs, tuple(org.place(seq) for seq in seqs))

    findings = [
        Finding("rule", str(v).split(": ", 1)[-1] if v.place else str(v), _seqs(v), _places(v))
        for v in timeline.violations
    ]
    findings += _vacancies(timeline, found, vacancy_years)
    findings += _rehired(timeline, found)
    findings += _imprecise(org.events, found)
    findings += _similar_titles(timeline, found)
    findings += _spans(timeline, found, span)
    findings += _touching(timeline, found)
    return tuple(sorted(findings, key=lambda f: (f.events or (0,), f.kind)))


def _seqs(violation: RuleViolation) -> tuple[int, ...]:
    return tuple(e.seq for e in (violation.event, violation.conflict) if e is not None)


def _places(violation: RuleViolation) -> tuple[str, ...]:
    return (violation.place,) if violation.place else ()


def _both(one: str, other: str) -> str:
    return one if one == other else f"{one} and the {other}"


def _days(start: dt.date, end: dt.date) -> str:
    years = (end - start).days / 365.25
    return f"{years:.1f} years" if years >= 1 else f"{(end - start).days} days"


def _vacancies(timeline: Timeline, found: _Found, years: float) -> Iterator[Finding]:
    """Gaps in a role's holders longer than ``years``: after it was created, between
    holders, and after the last one until the log's end (or the role's abolition)."""
    last_day = max((e.on.start for e in timeline.applied), default=None)
    for role, versions in timeline.versions.items():
        created, gone = versions[0], versions[-1]
        gaps: list[tuple[dt.date, Event | None, dt.date | None, Event | None]] = []
        free_from: dt.date | None = created.start.start
        freed_by: Event | None = created.event
        for tenure in timeline.tenures.get(role, ()):
            if free_from is not None:
                gaps.append((free_from, freed_by, tenure.start.start, tenure.event))
            free_from = tenure.end.start if tenure.end is not None else None
            freed_by = tenure.ended_by
        if free_from is not None:
            closing = gone.end.start if gone.end is not None else last_day
            gaps.append((free_from, freed_by, closing, gone.ended_by))
        for start, opened, end, closed in gaps:
            if end is None or (end - start).days <= years * 365.25:
                continue
            yield found(
                "long-vacancy",
                f"{gone.title} ({role}) is vacant for {_days(start, end)}, {start} to {end}",
                [opened, closed],
            )


def _rehired(timeline: Timeline, found: _Found) -> Iterator[Finding]:
    for person, stints in timeline.stints.items():
        for before, after in itertools.pairwise(stints):
            if before.end is not None and (after.start.start - before.end.start).days <= 1:
                yield found(
                    "rehired-next-day",
                    f"{after.name} ({person}) left on {before.end} and was re-hired on "
                    f"{after.start}: one stint written as two?",
                    [before.ended_by, after.event],
                )


def _imprecise(events: Sequence[Event], found: _Found) -> Iterator[Finding]:
    order = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}
    for before, event, after in zip(events, events[1:], events[2:], strict=False):
        mine = order[event.on.precision]
        if mine < order[before.on.precision] and mine < order[after.on.precision]:
            yield found(
                "imprecise-date",
                f"event #{event.seq} is dated {event.on.label()} (to the "
                f"{event.on.precision.value}) between events dated to the "
                + _both(before.on.precision.value, after.on.precision.value),
                [event],
            )


_NORMAL = re.compile(r"[\W_]+")


def _similar_titles(timeline: Timeline, found: _Found) -> Iterator[Finding]:
    seen: dict[str, dict[str, Event]] = defaultdict(dict)
    for versions in timeline.versions.values():
        for version in versions:
            key = _NORMAL.sub(" ", version.title.casefold()).strip()
            seen[key].setdefault(version.title, version.event)
    for titles in seen.values():
        if len(titles) > 1:
            shown = " / ".join(repr(t) for t in titles)
            yield found(
                "similar-titles",
                f"titles that differ only in case, spacing or punctuation: {shown}",
                list(titles.values()),
            )


def _spans(timeline: Timeline, found: _Found, limit: int) -> Iterator[Finding]:
    changes: dict[str, list[tuple[dt.date, int, Event]]] = defaultdict(list)
    for versions in timeline.versions.values():
        for version in versions:
            if version.reports_to is None:
                continue
            changes[version.reports_to].append((version.start.start, 1, version.event))
            if version.end is not None and version.ended_by is not None:
                changes[version.reports_to].append((version.end.start, -1, version.ended_by))
    for manager, moves in changes.items():
        count = 0
        for day, step, event in sorted(moves, key=lambda m: (m[0], m[1])):
            count += step
            if count > limit:
                yield found(
                    "wide-span",
                    f"{manager} has {count} direct reports from {day} (more than {limit})",
                    [event],
                )
                break


def _touching(timeline: Timeline, found: _Found) -> Iterator[Finding]:
    for role, tenures in timeline.tenures.items():
        for before, after in itertools.pairwise(tenures):
            touch = before.end is not None and before.end.start == after.start.start
            if touch and before.person == after.person and before.acting == after.acting:
                yield found(
                    "touching-tenures",
                    f"{after.person} ends a tenure in {role} on {after.start} and starts "
                    "another there the same day: one term written as two?",
                    [before.ended_by, after.event],
                )
