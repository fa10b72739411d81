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
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import TypeVar, assert_never

import attrs

from orgsim.collector import quiet_collector
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
    mentioned,
    of_kind,
)
from orgsim.intervals import DayIndex, Spans
from orgsim.progress import Progress
from orgsim.rules import check, replay_order, withdrawn
from orgsim.state import PersonNow, ReplayState, RoleNow, TenureNow

__all__ = [
    "Absence",
    "Checked",
    "OpenOn",
    "Replay",
    "RoleVersion",
    "Span",
    "Stint",
    "Tenure",
    "Timeline",
    "check_log",
    "open_intervals",
    "resolve_name",
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


class Replay:
    """A replay in progress: applies events one by one to a :class:`ReplayState`, checking
    every rule first, and closes intervals as they end.

    :meth:`Timeline.build` runs one over a whole log; :meth:`Timeline.resume` gives one that
    goes on from a timeline's end, so that an organisation can check and apply each event it
    appends without replaying its history (and make a new :class:`Timeline` only when one is
    asked for, with :meth:`snapshot`).
    """

    def __init__(self, *, record: bool = True) -> None:
        self.record = record
        """Whether closed intervals are kept. A replay that only checks a log (``orgsim
        validate``) runs the same checks and state changes without them, and never makes a
        timeline."""
        self.count = 0
        """How many events have been applied: a timeline made from this replay knows it is
        behind when the replay has gone on."""
        self.state = ReplayState()
        self._no_intervals()
        self.latest: dt.date | None = None

    def _no_intervals(self) -> None:
        # One role's holders and versions, one person's stays and leaves never overlap, so they
        # close in the order they opened; a person's roles can close out of order.
        self.tenures: Spans[Tenure] = Spans(_span_order, in_order=True)
        self.held: Spans[Tenure] = Spans(_span_order)
        self.versions: Spans[RoleVersion] = Spans(_span_order, in_order=True)
        self.stints: Spans[Stint] = Spans(_span_order, in_order=True)
        self.absences: Spans[Absence] = Spans(_span_order, in_order=True)

    def copy(self, *, share_state: bool = False) -> Replay:
        """A replay that goes on from where this one stands (closed intervals are immutable).

        With ``share_state``, only the intervals are copied: enough to :meth:`finish` a copy,
        which reads the state but never changes it.
        """
        twin = Replay(record=self.record)
        twin.state = self.state if share_state else self.state.copy()
        twin.tenures = self.tenures.copy()
        twin.held = self.held.copy()
        twin.versions = self.versions.copy()
        twin.stints = self.stints.copy()
        twin.absences = self.absences.copy()
        twin.latest = self.latest
        twin.count = self.count
        return twin

    def _add_tenure(self, tenure: Tenure) -> None:
        self.tenures.add(tenure.role, tenure)
        self.held.add(tenure.person, tenure)

    def check(self, event: Event) -> None:
        """Raise :class:`~orgsim.errors.RuleViolation` if ``event`` cannot be applied next."""
        check(self.state, event)

    def apply(self, event: Event) -> None:
        """Check ``event`` against every rule, then apply it."""
        check(self.state, event)
        self.apply_checked(event)

    def apply_checked(self, event: Event) -> None:
        """Apply ``event``, which :meth:`check` has passed on this state."""
        self.count += 1
        self.latest = event.on.start
        # The commonest kinds first, as in rules.check.
        match event := of_kind(event):
            case Hire():
                self.state.people[event.person] = PersonNow(event.name, event, [])
                self.state.departures.pop(event.person, None)
                if event.role is not None:
                    self._take(event.person, event.role, event.acting, event)
            case Depart():
                self._depart(event)
            case Promote():
                self._promote(event)
            case CreateRole():
                self._create(event)
            case Reorg():
                self._reorg(event)
            case StepDown():
                self._give_up(event.role, event)
            case Leave():
                self.state.people[event.person].leave = event
            case Return():
                self._end_leave(event.person, event)
            case Retract():
                raise ValueError(f"a retraction is not replayed: {event.brief()}")
            case unknown:
                assert_never(unknown)

    def _create(self, event: CreateRole) -> None:
        self.state.roles[event.role] = RoleNow(
            event.role, event.title, event.reports_to, event, event, event.on
        )
        self.state.abolitions.pop(event.role, None)

    def _close_version(self, now: RoleNow, ended_by: Event | None) -> None:
        if not self.record:
            return
        self.versions.add(now.role, _version_span(now, ended_by))

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
        self.state.holders[role] = TenureNow(person, acting, event)
        self.state.people[person].roles.append(role)

    def _give_up(self, role: str, ended_by: Event) -> None:
        now = self.state.holders.pop(role)
        self.state.people[now.person].roles.remove(role)
        if self.record:
            self._add_tenure(_tenure_span(role, now, ended_by))

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
        self.state.people[person].leave = None
        if self.record:
            self.absences.add(person, _absence_span(person, began, ended_by))

    def _depart(self, event: Depart) -> None:
        person = self.state.people[event.person]
        for role in list(person.roles):
            self._give_up(role, event)
        if person.leave is not None:
            self._end_leave(event.person, event)
        self._close_stint(event.person, person, event)
        del self.state.people[event.person]
        self.state.departures[event.person] = event

    def _close_stint(self, key: str, person: PersonNow, ended_by: Depart | None) -> None:
        if not self.record:
            return
        self.stints.add(key, _stint_span(key, person, ended_by))

    def drain(self) -> list[Span]:
        """Every interval this replay has closed, taken out of it: what a
        :class:`~orgsim.snapshot.Snapshot` on disk adds after an append."""
        closed: list[Span] = []
        for spans in (self.versions, self.tenures, self.stints, self.absences):
            closed.extend(span for group in spans.groups.values() for span in group)
        self._no_intervals()
        return closed

    def snapshot(
        self, log: tuple[Event, ...], applied: tuple[Event, ...], withdrawn: Iterable[int]
    ) -> Timeline:
        """The timeline of where this replay stands: ``log`` is every event in seq order,
        ``applied`` those applied, in replay order. The replay can go on afterwards; the
        timeline keeps what it was given."""
        return Timeline._of(self, log, applied, withdrawn, (), None, in_seq_order=True)

    def finish(self) -> None:
        """Record the intervals still open at the end of the log, with no end. Call it on a
        copy: the replay itself can then still go on."""
        for span in open_intervals(self.state):
            if isinstance(span, RoleVersion):
                self.versions.add(span.role, span)
            elif isinstance(span, Tenure):
                self._add_tenure(span)
            elif isinstance(span, Stint):
                self.stints.add(span.person, span)
            elif isinstance(span, Absence):
                self.absences.add(span.person, span)


def open_intervals(state: ReplayState, opened_by: Event | None = None) -> list[Span]:
    """The intervals still open in ``state``, with no end: what :meth:`Replay.finish` records.
    With ``opened_by``, only those that event opened (what an append adds to a snapshot)."""
    spans: list[Span] = []
    for now in state.roles.values():
        spans.append(_version_span(now, None))
    for role, tenure in state.holders.items():
        spans.append(_tenure_span(role, tenure, None))
    for key, person in state.people.items():
        spans.append(_stint_span(key, person, None))
        if person.leave is not None:
            spans.append(_absence_span(key, person.leave, None))
    if opened_by is None:
        return spans
    return [span for span in spans if span.event is opened_by]


# The intervals replay makes, from what the state holds of them and the event that ends them
# (None while they still run).


def _version_span(now: RoleNow, ended_by: Event | None) -> RoleVersion:
    return RoleVersion(
        start=now.since,
        end=ended_by.on if ended_by else None,
        event=now.changed,
        ended_by=ended_by,
        role=now.role,
        title=now.title,
        reports_to=now.reports_to,
        created=now.created,
    )


def _tenure_span(role: str, now: TenureNow, ended_by: Event | None) -> Tenure:
    return Tenure(
        start=now.event.on,
        end=ended_by.on if ended_by else None,
        event=now.event,
        ended_by=ended_by,
        role=role,
        person=now.person,
        acting=now.acting,
    )


def _stint_span(person: str, now: PersonNow, ended_by: Depart | None) -> Stint:
    return Stint(
        start=now.joined.on,
        end=ended_by.on if ended_by else None,
        event=now.joined,
        ended_by=ended_by,
        person=person,
        name=now.name,
    )


def _absence_span(person: str, leave: Leave, ended_by: Event | None) -> Absence:
    return Absence(
        start=leave.on,
        end=ended_by.on if ended_by else None,
        event=leave,
        ended_by=ended_by,
        person=person,
    )


#: How many events replay applies between two calls of its ``progress``.
_PROGRESS_EVERY = 4096


def _span_order(span: Span) -> tuple[dt.date, int]:
    """Intervals in a group keep the replay order (rule 5) of the events that opened them."""
    return replay_order(span.event)


_S = TypeVar("_S", bound=Span)


def covering(spans: Sequence[_S], day: dt.date) -> _S | None:
    """The span of a non-overlapping, start-ordered sequence that covers ``day``, if any."""
    position = bisect_right(spans, day, key=lambda span: span.start.start)
    if position and spans[position - 1].covers(day):
        return spans[position - 1]
    return None


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


def _version_order(version: RoleVersion) -> tuple[int, tuple[dt.date, int]]:
    return (version.created.seq, replay_order(version.event))


def _stint_order(stint: Stint) -> int:
    return stint.event.seq


def _days(span: Span) -> tuple[dt.date, dt.date | None]:
    return span.start.start, None if span.end is None else span.end.start


class _Index:
    """A timeline's day indexes (see :class:`~orgsim.intervals.DayIndex`), built when a second
    day is asked about: one chart costs less by walking every group than by building them."""

    def __init__(self) -> None:
        self.asked = 0
        self.versions: DayIndex[RoleVersion] | None = None
        self.tenures: DayIndex[Tenure] = DayIndex((), _days)
        self.stints: DayIndex[Stint] = DayIndex((), _days)
        self.absences: DayIndex[Absence] = DayIndex((), _days)

    def build(self, timeline: Timeline) -> None:
        def every(groups: Mapping[str, Sequence[_S]]) -> list[_S]:
            return [span for group in groups.values() for span in group]

        self.tenures = DayIndex(sorted(every(timeline.tenures), key=_span_order), _days)
        self.stints = DayIndex(sorted(every(timeline.stints), key=_stint_order), _days)
        self.absences = DayIndex(every(timeline.absences), _days)
        self.versions = DayIndex(sorted(every(timeline.versions), key=_version_order), _days)


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
    _index: _Index = attrs.field(eq=False, repr=False, init=False, factory=lambda: _Index())

    @classmethod
    def build(
        cls,
        events: Iterable[Event],
        *,
        known_on: dt.date | None = None,
        lenient: bool = False,
        progress: Progress | None = None,
    ) -> Timeline:
        """Replay ``events``; the first broken rule raises :class:`RuleViolation`.

        ``known_on`` keeps only the events recorded by that day (an event with no ``recorded``
        counts as known from its ``on``): the timeline as the news told it then. ``lenient``
        replays past broken rules, skipping each offending event and collecting every violation
        in :attr:`violations`, for reading messy data from elsewhere. ``progress`` is called
        with the share of the events replayed so far.
        """
        with quiet_collector():
            return cls._build(events, known_on, lenient, progress)

    @classmethod
    def _build(
        cls,
        events: Iterable[Event],
        known_on: dt.date | None,
        lenient: bool,
        progress: Progress | None = None,
    ) -> Timeline:
        chosen = [event for event in events if known_on is None or _known(event, known_on)]
        violations: list[RuleViolation] = []
        taken = withdrawn(chosen, violations if lenient else None)
        replay = Replay()
        applied = _replay(replay, _effective(chosen, taken), violations, lenient, progress)
        return cls._of(replay, tuple(chosen), tuple(applied), taken, violations, known_on)

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
            return Timeline.build(self.log, known_on=self.known_on).resume()
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
            and not any(isinstance(e, Retract) for e in new)
        )
        if not plain:  # a retraction can withdraw anything: replay it all
            return Timeline.build(self.log + new, known_on=self.known_on)
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
            return Timeline.build(self.log, known_on=self.known_on).rewind(day)
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
            key=_span_order,
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
            tuple(sorted(open_in(self.versions), key=_version_order)),
            tuple(sorted(open_in(self.tenures), key=_span_order)),
            tuple(sorted(open_in(self.stints), key=_stint_order)),
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


def _effective(events: Iterable[Event], taken: set[int]) -> list[Event]:
    """The events a replay applies, in the order it applies them (rules 5 and 6)."""
    return sorted(
        (e for e in events if e.seq not in taken and not isinstance(e, Retract)),
        key=replay_order,
    )


def _replay(
    replay: Replay,
    effective: Sequence[Event],
    violations: list[RuleViolation],
    lenient: bool,
    progress: Progress | None,
) -> list[Event]:
    """Apply ``effective`` on ``replay``, every rule checked first; the events applied. A
    broken rule raises, or when ``lenient`` is listed in ``violations`` and its event skipped."""
    applied: list[Event] = []
    for number, event in enumerate(effective):
        if progress is not None and number % _PROGRESS_EVERY == 0:
            progress(number / len(effective))
        try:
            replay.apply(event)
        except RuleViolation as violation:
            if not lenient:
                raise
            violations.append(violation)
            continue
        applied.append(event)
    if progress is not None:
        progress(1.0)
    return applied


@attrs.frozen
class Checked:
    """A log found to obey every rule by :func:`check_log`, and what it holds: as many people
    and roles as its :class:`Timeline` has in ``stints`` and ``versions``."""

    name: str
    """The log's name, as messages show it."""
    events: int
    """Every event of the log, retractions and retracted events included."""
    people: int
    """Everyone ever hired."""
    roles: int
    """Every role ever created."""


def check_log(
    events: Sequence[Event], *, name: str = "", progress: Progress | None = None
) -> Checked:
    """Check every rule on the log ``events`` as :meth:`Timeline.build` does (the same rule
    code, the same replay; the first broken rule raises :class:`RuleViolation`), but without
    recording intervals: all that ``orgsim validate`` says of a log that obeys them, at a
    fraction of the cost of a timeline. ``progress`` as for :meth:`Timeline.build`."""
    with quiet_collector():
        taken = withdrawn(events)
        effective = _effective(events, taken)
        _replay(Replay(record=False), effective, [], False, progress)
    # In a log that obeys every rule each hire and creation was applied, and each opened a
    # person's stint or a role's version: the timeline's keys.
    people = {e.person for e in effective if isinstance(e, Hire)}
    roles = {e.role for e in effective if isinstance(e, CreateRole)}
    return Checked(name, len(events), len(people), len(roles))


def _known(event: Event, day: dt.date) -> bool:
    return event.known_from.start <= day


def _words(text: str) -> str:
    return " ".join(sorted(re.split(r"[\s,.-]+", text.casefold().strip())))


#: How alike a name must be to be suggested (difflib's ratio).
_NEAR = 0.75


def _near(matcher: difflib.SequenceMatcher[str], label: str) -> float:
    """How alike ``label`` is to what ``matcher`` holds, or 0 when its quick upper bounds show
    it cannot reach :data:`_NEAR` (a log of 200,000 roles is searched in a fraction of the
    time; what is suggested is the same)."""
    matcher.set_seq2(label)
    if matcher.real_quick_ratio() < _NEAR or matcher.quick_ratio() < _NEAR:
        return 0.0
    return matcher.ratio()


def _suggest(wanted: str, labels: Mapping[str, set[str]]) -> str:
    """``; did you mean ...?`` with the nearest names, when some are near enough: letters
    compared in order, words in any order ("Kingma Durk" finds "Durk Kingma"), and whole
    words of a name ("Kingma" finds "Durk Kingma")."""
    scored = []
    words = _words(wanted)
    part = set(words.split()) if len(wanted) >= 3 else None
    letters, in_any_order = (
        difflib.SequenceMatcher(None, wanted),
        difflib.SequenceMatcher(None, words),
    )
    for key, names in labels.items():
        candidates = []
        for label in names | {key}:
            label_words = _words(label)
            score = max(
                _near(letters, label.casefold()),
                _near(in_any_order, label_words),
                0.9 if part and part <= set(label_words.split()) else 0.0,
            )
            candidates.append((score, label != key, label))  # a name reads better than an id
        best = max(candidates)
        if best[0] >= _NEAR:
            scored.append(best)
    near = [label for *_, label in sorted(scored, reverse=True)[:3]]
    return f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""


def resolve_name(
    what: str, query: str, labels: Mapping[str, set[str]], suggest: bool = True
) -> str:
    """The key of ``labels`` (id -> every name or title it has had) that ``query`` names: the
    key itself, or a name in any case; else :class:`NotFound` (with the names near it, when
    ``suggest``) or :class:`AmbiguousName`. A caller that finds the candidates another way
    (a snapshot's index) passes only those, and gets the same answer."""
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
        near = _suggest(wanted, labels) if suggest else ""
        raise NotFound(f"no {what} matches {query!r}" + near)
    raise AmbiguousName(
        f"{len(matches)} {what}s match {query!r}: {', '.join(matches)}; give the id", matches
    )
