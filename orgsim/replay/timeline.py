"""The timeline: a log folded, once, into intervals per role and per person.

A :class:`Timeline` holds what a replay (:mod:`orgsim.replay.replay`) closed: who held which
role from when to when, how each role was titled and where it reported, who was in the
organisation and who was on leave. The chart at any date, the holders of a role over time and a
diff between two dates are then cheap queries on those intervals instead of new replays. A
timeline never changes: more events make a new one, replayed on from its end (``resume``) or,
for a backdated event, from the start of that event's day (``rewind``).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import TypeVar

import attrs

from orgsim.collector import quiet_collector
from orgsim.errors import NotFound
from orgsim.log.events import Depart, Event, Hire, Leave, Reorg, Retract, mentioned
from orgsim.progress import Progress
from orgsim.replay.branch import Branch, SetAside, SetAsides
from orgsim.replay.intervals import DayIndex, Spans
from orgsim.replay.names import resolve_name
from orgsim.replay.replay import Replay, effective, replay_events
from orgsim.replay.rules import RuleViolation, replay_order, withdrawn
from orgsim.replay.spans import (
    Absence,
    OpenOn,
    RoleVersion,
    Span,
    Stint,
    Tenure,
    covering,
    span_order,
    stint_order,
    version_order,
)
from orgsim.replay.state import PersonNow, ReplayState, RoleNow, TenureNow

__all__ = ["Timeline"]

_S = TypeVar("_S", bound=Span)


def _days(span: Span) -> tuple[dt.date, dt.date | None]:
    return span.start.start, None if span.end is None else span.end.start


class _Index:
    """A timeline's day indexes (see :class:`~orgsim.replay.intervals.DayIndex`), built when a
    second day is asked about: one chart costs less by walking every group than by building them."""

    def __init__(self) -> None:
        self.asked = 0
        self.versions: DayIndex[RoleVersion] | None = None
        self.tenures: DayIndex[Tenure] = DayIndex((), _days)
        self.stints: DayIndex[Stint] = DayIndex((), _days)
        self.absences: DayIndex[Absence] = DayIndex((), _days)

    def build(self, timeline: Timeline) -> None:
        def every(groups: Mapping[str, Sequence[_S]]) -> list[_S]:
            return [span for group in groups.values() for span in group]

        self.tenures = DayIndex(sorted(every(timeline.tenures), key=span_order), _days)
        self.stints = DayIndex(sorted(every(timeline.stints), key=stint_order), _days)
        self.absences = DayIndex(every(timeline.absences), _days)
        self.versions = DayIndex(sorted(every(timeline.versions), key=version_order), _days)


@attrs.frozen
class Timeline:
    """The log folded into intervals: every query across time starts here.

    Build one with :meth:`Timeline.build`. It is immutable; a longer log makes a new timeline.
    """

    applied: tuple[Event, ...]
    """The events replayed, in replay order (retracted events and retractions left out)."""
    withdrawn: frozenset[int]
    """The seqs of retracted events."""
    violations: tuple[RuleViolation, ...]
    """Every rule violation, when built leniently (always empty otherwise)."""
    known_on: dt.date | None
    versions: Mapping[str, Sequence[RoleVersion]]
    """Per role id: how it stood over time."""
    tenures: Mapping[str, Sequence[Tenure]]
    """Per role id: its holders over time (never overlapping, rule 1)."""
    roles_held: Mapping[str, Sequence[Tenure]]
    """Per person id: the roles they held over time."""
    stints: Mapping[str, Sequence[Stint]]
    """Per person id: their times in the organisation."""
    absences: Mapping[str, Sequence[Absence]]
    """Per person id: their leaves of absence."""
    log: tuple[Event, ...] = attrs.field(repr=False)
    """Every event given (after the ``known_on`` filter), retractions included, in seq order."""
    _replay: Replay = attrs.field(eq=False, repr=False, alias="replay")
    _replayed: int = attrs.field(eq=False, repr=False, alias="replayed")
    """How many events ``_replay`` had applied when this timeline was made."""
    set_aside: tuple[SetAside, ...] = attrs.field(default=(), eq=False)
    """In a scenario's branch, the real events it made impossible, in replay order."""
    branch: Branch | None = attrs.field(default=None, eq=False, repr=False)
    """Where a scenario's events leave the real log, when this is one (built with a branch)."""
    _index: _Index = attrs.field(eq=False, repr=False, init=False, factory=lambda: _Index())

    @classmethod
    def build(
        cls,
        events: Iterable[Event],
        *,
        known_on: dt.date | None = None,
        lenient: bool = False,
        progress: Progress | None = None,
        branch: Branch | None = None,
    ) -> Timeline:
        """Replay ``events``; the first broken rule raises :class:`RuleViolation`.

        ``known_on`` keeps only the events recorded by that day (an event with no ``recorded``
        counts as known from its ``on``): the timeline as the news told it then. ``lenient``
        replays past broken rules, skipping each offending event and collecting every violation
        in :attr:`violations`, for reading messy data from elsewhere. ``progress`` is called
        with the share of the events replayed so far. With a ``branch`` (a scenario's: see
        :mod:`orgsim.replay.branch`), a real event the scenario made impossible is set aside
        (listed in :attr:`set_aside`) instead of breaking the replay.
        """
        with quiet_collector():
            return cls._build(events, known_on, lenient, progress, branch)

    @classmethod
    def _build(
        cls,
        events: Iterable[Event],
        known_on: dt.date | None,
        lenient: bool,
        progress: Progress | None = None,
        branch: Branch | None = None,
    ) -> Timeline:
        chosen = [event for event in events if known_on is None or _known(event, known_on)]
        violations: list[RuleViolation] = []
        taken = withdrawn(chosen, violations if lenient else None)
        replay = Replay()
        aside = SetAsides(branch) if branch is not None else None
        ordered = effective(chosen, taken)
        applied = replay_events(replay, ordered, violations, lenient, progress, aside)
        timeline = cls._of(replay, tuple(chosen), tuple(applied), taken, violations, known_on)
        if branch is None:
            return timeline
        found = tuple(aside.found) if aside is not None else ()
        return attrs.evolve(timeline, set_aside=found, branch=branch)

    @classmethod
    def standing(
        cls,
        replay: Replay,
        log: tuple[Event, ...],
        applied: tuple[Event, ...],
        withdrawn: Iterable[int],
    ) -> Timeline:
        """The timeline of where ``replay`` stands: ``log`` is every event in seq order,
        ``applied`` those applied, in replay order. The replay can go on afterwards; the
        timeline keeps what it was given."""
        return cls._of(replay, log, applied, withdrawn, (), None, in_seq_order=True)

    @classmethod
    def _of(
        cls,
        replay: Replay,
        log: tuple[Event, ...],
        applied: tuple[Event, ...],
        withdrawn: Iterable[int],
        violations: Iterable[RuleViolation],
        known_on: dt.date | None,
        *,
        in_seq_order: bool = False,
    ) -> Timeline:
        if not replay.record:
            raise ValueError("a replay that records no intervals makes no timeline")
        final = replay.copy(share_state=True)
        final.finish()
        return cls(
            applied=applied,
            withdrawn=frozenset(withdrawn),
            violations=tuple(violations),
            known_on=known_on,
            versions=final.versions.groups,
            tenures=final.tenures.groups,
            roles_held=final.held.groups,
            stints=final.stints.groups,
            absences=final.absences.groups,
            log=log if in_seq_order else tuple(sorted(log, key=lambda event: event.seq)),
            replay=replay,
            replayed=replay.count,
        )

    def resume(self) -> Replay:
        """A replay that goes on from the end of this timeline (its own copy of the state)."""
        if self._replay.count != self._replayed:  # the replay went on after this was made
            return Timeline.build(self.log, known_on=self.known_on, branch=self.branch).resume()
        return self._replay.copy()

    def extend(self, events: Iterable[Event]) -> Timeline:
        """This timeline with more events: the same as building from the whole log again.

        Events that come after everything replayed so far (not backdated, not retractions) are
        replayed on from where this timeline stands, which costs no new replay of the past;
        otherwise the whole log is replayed. Raises :class:`RuleViolation` like :meth:`build`.
        """
        with quiet_collector():
            return self._extend(tuple(events))

    def _extend(self, new: tuple[Event, ...]) -> Timeline:
        plain = (
            self.known_on is None
            and not self.violations
            and self.branch is None
            and not any(isinstance(e, Retract) for e in new)
        )
        if not plain:  # a retraction can withdraw anything: replay it all
            return Timeline.build(self.log + new, known_on=self.known_on, branch=self.branch)
        day = min((e.on.start for e in new), default=None)
        latest = self.applied[-1].on.start if self.applied else None
        if day is None or latest is None or day >= latest:
            replay = self.resume()
            kept: tuple[Event, ...] = self.applied
        else:
            # Backdated: what happened before its day stands; only the rest is replayed, with
            # every rule checked again on it.
            replay = self.rewind(day)
            kept = self.applied[: replay.count]
        ordered = sorted([*self.applied[len(kept) :], *new], key=replay_order)
        for event in ordered:
            replay.apply(event)
        log = self.log + new
        in_order = all(a.seq < b.seq for a, b in pairwise(self.log[-1:] + new))
        applied = kept + tuple(ordered)
        return Timeline._of(replay, log, applied, self.withdrawn, (), None, in_seq_order=in_order)

    def rewind(self, day: dt.date) -> Replay:
        """A replay standing where this timeline's stood at the start of ``day``: every event
        dated before it applied, none after. Nothing is replayed: the replay at the end is
        copied, and only what the events from ``day`` on touched (their people and roles) is
        set back, read off the intervals of the day before; so a backdated event costs what
        comes after it, not the whole history."""
        if self._replay.count != self._replayed:  # the replay went on after this was made
            return Timeline.build(self.log, known_on=self.known_on, branch=self.branch).rewind(day)
        before = day.toordinal()
        count = bisect_right(self.applied, before - 1, key=_ordinal)
        replay = self._replay.copy()
        replay.count = count
        replay.latest = self.applied[count - 1].on.start if count else None
        if not count:
            return Replay()
        people: set[str] = set()
        roles: set[str] = set()
        for event in self.applied[count:]:
            named_people, named_roles = mentioned(event)
            people |= named_people
            roles |= named_roles
        # A role changes hands only through its holder's events: the roles they ever held.
        roles.update(tenure.role for person in people for tenure in self.roles_held.get(person, ()))
        eve = dt.date.fromordinal(before - 1)
        for role in roles:
            self._set_back_role(replay.state, role, eve)
        for person in people:
            self._set_back_person(replay.state, person, eve)
        _closed_before(replay.versions, roles, before)
        _closed_before(replay.tenures, roles, before)
        _closed_before(replay.held, people, before)
        _closed_before(replay.stints, people, before)
        _closed_before(replay.absences, people, before)
        return replay

    def _set_back_role(self, state: ReplayState, role: str, eve: dt.date) -> None:
        """``role`` in ``state`` as it stood at the end of the day ``eve``."""
        version = covering(self.versions.get(role, ()), eve)
        if version is None:
            state.roles.pop(role, None)
        else:
            state.roles[role] = RoleNow(
                role,
                version.title,
                version.reports_to,
                version.created,
                version.event,
                version.start,
                version.dotted_to,
            )
        tenure = covering(self.tenures.get(role, ()), eve)
        if tenure is None:
            state.holders.pop(role, None)
        else:
            state.holders[role] = TenureNow(tenure.person, tenure.acting, tenure.event)
        # Abolished then when its last version before had ended, by an abolition.
        newest = _last_started_before(self.versions.get(role, ()), eve.toordinal() + 1)
        abolition = None if version is not None or newest is None else newest.ended_by
        if isinstance(abolition, Reorg) and abolition.abolished:
            state.abolitions[role] = abolition
        else:
            state.abolitions.pop(role, None)

    def _set_back_person(self, state: ReplayState, person: str, eve: dt.date) -> None:
        """``person`` in ``state`` as they stood at the end of the day ``eve``."""
        stint = covering(self.stints.get(person, ()), eve)
        if stint is None:
            state.people.pop(person, None)
            newest = _last_started_before(self.stints.get(person, ()), eve.toordinal() + 1)
            if newest is not None and isinstance(newest.ended_by, Depart):
                state.departures[person] = newest.ended_by
            else:
                state.departures.pop(person, None)
            return
        held = sorted(
            (tenure for tenure in self.roles_held.get(person, ()) if tenure.covers(eve)),
            key=span_order,
        )
        absence = covering(self.absences.get(person, ()), eve)
        state.people[person] = PersonNow(
            stint.name,
            _hire(stint.event),
            [tenure.role for tenure in held],  # in the order they were taken
            None if absence is None else _leave(absence.event),
        )
        state.departures.pop(person, None)

    def open_on(self, day: dt.date) -> OpenOn:
        """Every interval open on ``day``: the roles, holders, people and leaves of that day.

        From the second day asked on, an index answers in time that grows with what the
        organisation holds on the day, not with the length of its history.
        """
        index = self._index
        if index.versions is None:
            index.asked += 1
            if index.asked < 2:
                return self._open_on_by_walking(day)
            with quiet_collector(freeze=True):
                index.build(self)
        assert index.versions is not None
        return OpenOn(
            day,
            tuple(index.versions.open_on(day)),
            tuple(index.tenures.open_on(day)),
            tuple(index.stints.open_on(day)),
            tuple(index.absences.open_on(day)),
        )

    def _open_on_by_walking(self, day: dt.date) -> OpenOn:
        def open_in(groups: Mapping[str, Sequence[_S]]) -> list[_S]:
            return [span for group in groups.values() if (span := covering(group, day))]

        return OpenOn(
            day,
            tuple(sorted(open_in(self.versions), key=version_order)),
            tuple(sorted(open_in(self.tenures), key=span_order)),
            tuple(sorted(open_in(self.stints), key=stint_order)),
            tuple(open_in(self.absences)),
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

    def person_id(self, query: str, *, suggest: bool = True) -> str:
        """The id of the person ``query`` names: their id, or their name (any case).

        :class:`NotFound` says which names are near, unless ``suggest`` is false (a caller
        that expects a new id, and would not show the message, spares the search)."""
        if query in self.stints:
            return query
        names = {person: {stint.name for stint in stints} for person, stints in self.stints.items()}
        return resolve_name("person", query, names, suggest)

    def role_id(self, query: str) -> str:
        """The id of the role ``query`` names: its id, or a title it has had (any case)."""
        if query in self.versions:
            return query
        titles = {role: {v.title for v in versions} for role, versions in self.versions.items()}
        return resolve_name("role", query, titles)


def _ordinal(event: Event) -> int:
    return event.on.start.toordinal()


def _ended_before(span: Span, day: int) -> bool:
    return span.end is not None and span.end.start.toordinal() < day


def _last_started_before(spans: Sequence[_S], day: int) -> _S | None:
    """The last of a group's spans (in start order) that began before the day ``day``."""
    position = bisect_right(spans, day - 1, key=lambda span: span.start.start.toordinal())
    return spans[position - 1] if position else None


def _closed_before(spans: Spans[_S], keys: Iterable[str], day: int) -> None:
    """Leave in the groups of ``keys`` only the spans closed before the day ``day``."""
    for key in keys:
        group = spans.groups.get(key)
        if group is None:
            continue
        kept = [span for span in group if _ended_before(span, day)]
        if kept:
            spans.groups[key] = kept
        else:
            del spans.groups[key]


def _hire(event: Event) -> Hire:
    assert isinstance(event, Hire), event
    return event


def _leave(event: Event) -> Leave:
    assert isinstance(event, Leave), event
    return event


def _known(event: Event, day: dt.date) -> bool:
    return event.known_from.start <= day
