"""Replay: fold the log, once, into intervals per role and per person.

Replay applies events in order of their date, and in ``seq`` order within a date (rule 5),
checking every rule before each event (see :mod:`orgsim.rules`). What comes out is a
:class:`Timeline`: who held which role from when to when, how each role was titled and where it
reported, who was in the organisation and who was on leave. The chart at any date, the holders of
a role over time and a diff between two dates are then cheap queries on those intervals instead
of new replays.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Generic, TypeVar

import attrs

from orgsim.dates import PartialDate
from orgsim.errors import AmbiguousName, NotFound, RuleViolation
from orgsim.events import (
    CreateRole,
    Depart,
    Event,
    Hire,
    Leave,
    Promote,
    Reorg,
    Retract,
    Return,
    StepDown,
)
from orgsim.rules import RETRACTION, check

__all__ = ["Absence", "ReplayState", "RoleVersion", "Span", "Stint", "Tenure", "Timeline"]


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
    """A role as it stood between two changes: its title and where it reported."""

    role: str
    title: str
    reports_to: str | None
    created: CreateRole


@attrs.frozen(kw_only=True)
class Stint(Span):
    """A person's time in the organisation, from a hire to a departure."""

    person: str
    name: str


@attrs.frozen(kw_only=True)
class Absence(Span):
    """A leave of absence."""

    person: str


# The mutable state of a replay in progress: what the rules look at.


@attrs.define
class _RoleNow:
    role: str
    title: str
    reports_to: str | None
    created: CreateRole
    changed: Event
    since: PartialDate


@attrs.define
class _TenureNow:
    person: str
    acting: bool
    event: Event


@attrs.define
class _PersonNow:
    name: str
    joined: Hire
    roles: list[str]
    leave: Leave | None = None


@attrs.define
class ReplayState:
    """The organisation as replay has built it so far. Rules read it; only replay changes it."""

    roles: dict[str, _RoleNow] = attrs.Factory(dict)
    holders: dict[str, _TenureNow] = attrs.Factory(dict)
    people: dict[str, _PersonNow] = attrs.Factory(dict)
    departures: dict[str, Depart] = attrs.Factory(dict)
    abolitions: dict[str, Reorg] = attrs.Factory(dict)

    def copy(self) -> ReplayState:
        """An independent copy: replay can go on from it without touching this one."""
        return ReplayState(
            roles={
                key: _RoleNow(r.role, r.title, r.reports_to, r.created, r.changed, r.since)
                for key, r in self.roles.items()
            },
            holders={
                key: _TenureNow(t.person, t.acting, t.event) for key, t in self.holders.items()
            },
            people={
                key: _PersonNow(p.name, p.joined, list(p.roles), p.leave)
                for key, p in self.people.items()
            },
            departures=dict(self.departures),
            abolitions=dict(self.abolitions),
        )


class _Replay:
    """Applies events one by one to a :class:`ReplayState`, closing intervals as they end."""

    def __init__(self) -> None:
        self.state = ReplayState()
        self.tenures: _Spans[Tenure] = _Spans("role")
        self.held: _Spans[Tenure] = _Spans("person")
        self.versions: _Spans[RoleVersion] = _Spans("role")
        self.stints: _Spans[Stint] = _Spans("person")
        self.absences: _Spans[Absence] = _Spans("person")
        self.latest: dt.date | None = None

    def copy(self, *, share_state: bool = False) -> _Replay:
        """A replay that goes on from where this one stands (closed intervals are immutable).

        With ``share_state``, only the intervals are copied: enough to :meth:`finish` a copy,
        which reads the state but never changes it.
        """
        twin = _Replay()
        twin.state = self.state if share_state else self.state.copy()
        twin.tenures = self.tenures.copy()
        twin.held = self.held.copy()
        twin.versions = self.versions.copy()
        twin.stints = self.stints.copy()
        twin.absences = self.absences.copy()
        twin.latest = self.latest
        return twin

    def _add_tenure(self, tenure: Tenure) -> None:
        self.tenures.add(tenure)
        self.held.add(tenure)

    def apply(self, event: Event) -> None:
        check(self.state, event)
        self.latest = event.on.start
        match event:
            case CreateRole():
                self._create(event)
            case Reorg():
                self._reorg(event)
            case Hire():
                self.state.people[event.person] = _PersonNow(event.name, event, [])
                self.state.departures.pop(event.person, None)
                if event.role is not None:
                    self._take(event.person, event.role, event.acting, event)
            case Promote():
                self._promote(event)
            case StepDown():
                self._give_up(event.role, event)
            case Leave():
                self.state.people[event.person].leave = event
            case Return():
                self._end_leave(event.person, event)
            case Depart():
                self._depart(event)

    def _create(self, event: CreateRole) -> None:
        self.state.roles[event.role] = _RoleNow(
            event.role, event.title, event.reports_to, event, event, event.on
        )
        self.state.abolitions.pop(event.role, None)

    def _close_version(self, now: _RoleNow, ended_by: Event | None) -> None:
        self.versions.add(
            RoleVersion(
                start=now.since,
                end=ended_by.on if ended_by else None,
                event=now.changed,
                ended_by=ended_by,
                role=now.role,
                title=now.title,
                reports_to=now.reports_to,
                created=now.created,
            )
        )

    def _reorg(self, event: Reorg) -> None:
        now = self.state.roles[event.role]
        self._close_version(now, event)
        if event.abolished:
            del self.state.roles[event.role]
            self.state.abolitions[event.role] = event
            return
        if event.title is not None:
            now.title = event.title
        if event.root:
            now.reports_to = None
        elif event.reports_to is not None:
            now.reports_to = event.reports_to
        now.changed = event
        now.since = event.on

    def _take(self, person: str, role: str, acting: bool, event: Event) -> None:
        self.state.holders[role] = _TenureNow(person, acting, event)
        self.state.people[person].roles.append(role)

    def _give_up(self, role: str, ended_by: Event) -> None:
        now = self.state.holders.pop(role)
        self.state.people[now.person].roles.remove(role)
        self._add_tenure(
            Tenure(
                start=now.event.on,
                end=ended_by.on,
                event=now.event,
                ended_by=ended_by,
                role=role,
                person=now.person,
                acting=now.acting,
            )
        )

    def _promote(self, event: Promote) -> None:
        person = self.state.people[event.person]
        current = self.state.holders.get(event.role)
        if current is not None and current.acting != event.acting:
            self._give_up(event.role, event)  # confirmed (or made acting): a new tenure
        if not event.additional:
            for role in [held for held in person.roles if held != event.role]:
                self._give_up(role, event)
        if event.role not in person.roles:
            self._take(event.person, event.role, event.acting, event)

    def _end_leave(self, person: str, ended_by: Event) -> None:
        began = self.state.people[person].leave
        assert began is not None
        self.absences.add(
            Absence(start=began.on, end=ended_by.on, event=began, ended_by=ended_by, person=person)
        )
        self.state.people[person].leave = None

    def _depart(self, event: Depart) -> None:
        person = self.state.people[event.person]
        for role in list(person.roles):
            self._give_up(role, event)
        if person.leave is not None:
            self._end_leave(event.person, event)
        self._close_stint(event.person, person, event)
        del self.state.people[event.person]
        self.state.departures[event.person] = event

    def _close_stint(self, key: str, person: _PersonNow, ended_by: Depart | None) -> None:
        self.stints.add(
            Stint(
                start=person.joined.on,
                end=ended_by.on if ended_by else None,
                event=person.joined,
                ended_by=ended_by,
                person=key,
                name=person.name,
            )
        )

    def finish(self) -> None:
        """Record the intervals still open at the end of the log, with no end. Call it on a
        copy: the replay itself can then still go on."""
        state = self.state
        for now in state.roles.values():
            self._close_version(now, None)
        for role, tenure in state.holders.items():
            self._add_tenure(
                Tenure(
                    start=tenure.event.on,
                    end=None,
                    event=tenure.event,
                    ended_by=None,
                    role=role,
                    person=tenure.person,
                    acting=tenure.acting,
                )
            )
        for key, person in state.people.items():
            self._close_stint(key, person, None)
            if person.leave is not None:
                self.absences.add(
                    Absence(
                        start=person.leave.on,
                        end=None,
                        event=person.leave,
                        ended_by=None,
                        person=key,
                    )
                )


@contextmanager
def _quiet_collector() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while replay allocates its intervals.

    Replay makes hundreds of thousands of small objects and no reference cycles; each
    generation-2 collection would walk all of them again, which on a 100,000-event log cost more
    than the replay itself (benchmarks/bench_replay.py). Reference counting still frees
    everything; the collector is restored, as it was, on the way out.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def replay_order(event: Event) -> tuple[dt.date, int]:
    """Rule 5: by date (an imprecise date at its start), then by seq."""
    return (event.on.start, event.seq)


def _withdrawn(events: Sequence[Event], violations: list[RuleViolation], lenient: bool) -> set[int]:
    """The seqs that retractions withdraw (rule 6 checked)."""
    by_seq = {event.seq: event for event in events}
    withdrawn: dict[int, Retract] = {}
    for event in sorted(events, key=lambda e: e.seq):
        if not isinstance(event, Retract):
            continue
        target = by_seq.get(event.target)
        problem: RuleViolation | None = None
        if target is None or target.seq >= event.seq:
            problem = RETRACTION.broken(f"there is no earlier event #{event.target}", event)
        elif isinstance(target, Retract):
            problem = RETRACTION.broken("a retraction cannot itself be retracted", event, target)
        elif event.known_from.start < target.known_from.start:
            problem = RETRACTION.broken(
                f"it is recorded before #{event.target}, which it withdraws, was known",
                event,
                target,
            )
        elif event.target in withdrawn:
            problem = RETRACTION.broken(
                f"#{event.target} is already retracted", event, withdrawn[event.target]
            )
        if problem is not None:
            if not lenient:
                raise problem
            violations.append(problem)
            continue
        withdrawn[event.target] = event
    return set(withdrawn)


_S = TypeVar("_S", bound=Span)


class _Spans(Generic[_S]):
    """Intervals grouped by role or person id, each group in replay order of its start.

    Groups are tuples, replaced (never changed) when an interval is added, so a copy of the
    grouping costs one dictionary copy: replay can go on from a copy while the timeline built
    from the original keeps its intervals.
    """

    def __init__(self, key: str, groups: dict[str, tuple[_S, ...]] | None = None) -> None:
        self.key = key
        self.groups: dict[str, tuple[_S, ...]] = groups if groups is not None else {}

    def add(self, span: _S) -> None:
        name: str = getattr(span, self.key)
        group = self.groups.get(name, ()) + (span,)
        if len(group) > 1 and replay_order(group[-2].event) > replay_order(span.event):
            # A person's roles can close out of start order (a second hat kept longer).
            group = tuple(sorted(group, key=lambda s: replay_order(s.event)))
        self.groups[name] = group

    def copy(self) -> _Spans[_S]:
        return _Spans(self.key, dict(self.groups))


def covering(spans: Sequence[_S], day: dt.date) -> _S | None:
    """The span of a non-overlapping, start-ordered sequence that covers ``day``, if any."""
    position = bisect_right(spans, day, key=lambda span: span.start.start)
    if position and spans[position - 1].covers(day):
        return spans[position - 1]
    return None


@attrs.frozen
class Timeline:
    """The log folded into intervals: every query across time starts here.

    Build one with :meth:`Timeline.build`. It is immutable; a longer log makes a new timeline.
    """

    events: tuple[Event, ...]
    """The events replayed, in replay order (retracted events and retractions left out)."""
    withdrawn: frozenset[int]
    """The seqs of retracted events."""
    violations: tuple[RuleViolation, ...]
    """Every rule violation, when built leniently (always empty otherwise)."""
    known_on: dt.date | None
    versions: Mapping[str, tuple[RoleVersion, ...]]
    """Per role id: how it stood over time."""
    tenures: Mapping[str, tuple[Tenure, ...]]
    """Per role id: its holders over time (never overlapping, rule 1)."""
    roles_held: Mapping[str, tuple[Tenure, ...]]
    """Per person id: the roles they held over time."""
    stints: Mapping[str, tuple[Stint, ...]]
    """Per person id: their times in the organisation."""
    absences: Mapping[str, tuple[Absence, ...]]
    """Per person id: their leaves of absence."""
    log: tuple[Event, ...] = attrs.field(repr=False)
    """Every event given (after the ``known_on`` filter), retractions included, in seq order."""
    _replay: _Replay = attrs.field(eq=False, repr=False, alias="replay")

    @classmethod
    def build(
        cls,
        events: Iterable[Event],
        *,
        known_on: dt.date | None = None,
        lenient: bool = False,
    ) -> Timeline:
        """Replay ``events``; the first broken rule raises :class:`RuleViolation`.

        ``known_on`` keeps only the events recorded by that day (an event with no ``recorded``
        counts as known from its ``on``): the timeline as the news told it then. ``lenient``
        replays past broken rules, skipping each offending event and collecting every violation
        in :attr:`violations`, for reading messy data from elsewhere.
        """
        with _quiet_collector():
            return cls._build(events, known_on, lenient)

    @classmethod
    def _build(cls, events: Iterable[Event], known_on: dt.date | None, lenient: bool) -> Timeline:
        chosen = [event for event in events if known_on is None or _known(event, known_on)]
        violations: list[RuleViolation] = []
        withdrawn = _withdrawn(chosen, violations, lenient)
        effective = sorted(
            (e for e in chosen if e.seq not in withdrawn and not isinstance(e, Retract)),
            key=replay_order,
        )
        replay = _Replay()
        applied: list[Event] = []
        for event in effective:
            try:
                replay.apply(event)
            except RuleViolation as violation:
                if not lenient:
                    raise
                violations.append(violation)
                continue
            applied.append(event)
        return cls._of(replay, tuple(chosen), tuple(applied), withdrawn, violations, known_on)

    @classmethod
    def _of(
        cls,
        replay: _Replay,
        log: tuple[Event, ...],
        applied: tuple[Event, ...],
        withdrawn: Iterable[int],
        violations: Iterable[RuleViolation],
        known_on: dt.date | None,
    ) -> Timeline:
        final = replay.copy(share_state=True)
        final.finish()
        return cls(
            events=applied,
            withdrawn=frozenset(withdrawn),
            violations=tuple(violations),
            known_on=known_on,
            versions=final.versions.groups,
            tenures=final.tenures.groups,
            roles_held=final.held.groups,
            stints=final.stints.groups,
            absences=final.absences.groups,
            log=tuple(sorted(log, key=lambda event: event.seq)),
            replay=replay,
        )

    def extend(self, events: Iterable[Event]) -> Timeline:
        """This timeline with more events: the same as building from the whole log again.

        Events that come after everything replayed so far (not backdated, not retractions) are
        replayed on from where this timeline stands, which costs no new replay of the past;
        otherwise the whole log is replayed. Raises :class:`RuleViolation` like :meth:`build`.
        """
        with _quiet_collector():
            return self._extend(tuple(events))

    def _extend(self, new: tuple[Event, ...]) -> Timeline:
        latest = self._replay.latest
        resumable = (
            self.known_on is None
            and not self.violations
            and not any(isinstance(e, Retract) for e in new)
            and all(latest is None or e.on.start >= latest for e in new)
        )
        if not resumable:
            return Timeline.build(self.log + new, known_on=self.known_on)
        replay = self._replay.copy()
        ordered = sorted(new, key=replay_order)
        for event in ordered:
            replay.apply(event)
        return Timeline._of(
            replay, self.log + new, self.events + tuple(ordered), self.withdrawn, (), None
        )

    def role_at(self, role: str, day: dt.date) -> RoleVersion | None:
        """How ``role`` stood on ``day``; None if it did not exist then."""
        return covering(self.versions.get(role, ()), day)

    def holder_at(self, role: str, day: dt.date) -> Tenure | None:
        """Who held ``role`` on ``day``; None if it was vacant."""
        return covering(self.tenures.get(role, ()), day)

    def stint_at(self, person: str, day: dt.date) -> Stint | None:
        """``person``'s time in the organisation that covers ``day``, if they were in it."""
        return covering(self.stints.get(person, ()), day)

    def on_leave(self, person: str, day: dt.date) -> bool:
        return covering(self.absences.get(person, ()), day) is not None

    def name_of(self, person: str) -> str:
        """A person's latest display name."""
        stints = self.stints.get(person)
        if not stints:
            raise NotFound(f"no person {person!r} in the log")
        return stints[-1].name

    def person_id(self, query: str) -> str:
        """The id of the person ``query`` names: their id, or their name (any case)."""
        names = {person: {stint.name for stint in stints} for person, stints in self.stints.items()}
        return _resolve("person", query, names)

    def role_id(self, query: str) -> str:
        """The id of the role ``query`` names: its id, or a title it has had (any case)."""
        titles = {role: {v.title for v in versions} for role, versions in self.versions.items()}
        return _resolve("role", query, titles)


def _known(event: Event, day: dt.date) -> bool:
    return event.known_from.start <= day


def _words(text: str) -> str:
    return " ".join(sorted(re.split(r"[\s,.-]+", text.casefold().strip())))


def _suggest(wanted: str, labels: Mapping[str, set[str]]) -> str:
    """``; did you mean ...?`` with the nearest names, when some are near enough: letters
    compared in order, words in any order ("Kingma Durk" finds "Durk Kingma"), and whole
    words of a name ("Kingma" finds "Durk Kingma")."""
    scored = []
    words = _words(wanted)
    part = set(words.split()) if len(wanted) >= 3 else None
    for key, names in labels.items():
        best = max(
            (
                max(
                    difflib.SequenceMatcher(None, wanted, label.casefold()).ratio(),
                    difflib.SequenceMatcher(None, words, _words(label)).ratio(),
                    0.9 if part and part <= set(_words(label).split()) else 0.0,
                ),
                label != key,  # a display name reads better than an id
                label,
            )
            for label in names | {key}
        )
        if best[0] >= 0.75:
            scored.append(best)
    near = [label for *_, label in sorted(scored, reverse=True)[:3]]
    return f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""


def _resolve(what: str, query: str, labels: Mapping[str, set[str]]) -> str:
    if query in labels:
        return query
    wanted = query.casefold().strip()
    matches = sorted(
        key
        for key, names in labels.items()
        if key == wanted or any(name.casefold() == wanted for name in names)
    )
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFound(f"no {what} matches {query!r}" + _suggest(wanted, labels))
    raise AmbiguousName(
        f"{len(matches)} {what}s match {query!r}: {', '.join(matches)}; give the id", matches
    )
