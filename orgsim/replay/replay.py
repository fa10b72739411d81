"""Replay: apply a log's events one by one, every rule checked first, closing intervals.

Replay applies events in order of their date, and in ``seq`` order within a date (rule 5),
checking every rule before each event (see :mod:`orgsim.replay.rules`). What it closes are the
intervals of :mod:`orgsim.replay.spans`; a :class:`~orgsim.replay.timeline.Timeline` keeps
them. :func:`check_log` runs the same replay without keeping any: all that ``orgsim validate``
needs to say of a log that obeys the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import assert_never

import attrs

from orgsim.collector import quiet_collector
from orgsim.log.events import (
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
    of_kind,
)
from orgsim.progress import Progress
from orgsim.replay.branch import SetAsides
from orgsim.replay.intervals import Spans
from orgsim.replay.rules import RuleViolation, check, replay_order, withdrawn
from orgsim.replay.spans import (
    Absence,
    RoleVersion,
    Span,
    Stint,
    Tenure,
    absence_span,
    open_intervals,
    span_order,
    stint_span,
    tenure_span,
    version_span,
)
from orgsim.replay.state import PersonNow, ReplayState, RoleNow, TenureNow

__all__ = ["Checked", "Replay", "check_log", "effective", "replay_events"]


class Replay:
    """A replay in progress: applies events one by one to a :class:`ReplayState`, checking
    every rule first, and closes intervals as they end.

    :meth:`~orgsim.replay.timeline.Timeline.build` runs one over a whole log;
    :meth:`~orgsim.replay.timeline.Timeline.resume` gives one that goes on from a timeline's end, so
    that an organisation can check and apply each event it appends without replaying its history
    (and make a new :class:`~orgsim.replay.timeline.Timeline` only when one is asked for, with
    :meth:`~orgsim.replay.timeline.Timeline.standing`).
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
        self.tenures: Spans[Tenure] = Spans(span_order, in_order=True)
        self.held: Spans[Tenure] = Spans(span_order)
        self.versions: Spans[RoleVersion] = Spans(span_order, in_order=True)
        self.stints: Spans[Stint] = Spans(span_order, in_order=True)
        self.absences: Spans[Absence] = Spans(span_order, in_order=True)

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
        """Raise :class:`~orgsim.replay.rules.RuleViolation` if ``event`` cannot be applied next."""
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
            event.role, event.title, event.reports_to, event, event, event.on, event.dotted_to
        )
        self.state.abolitions.pop(event.role, None)

    def _close_version(self, now: RoleNow, ended_by: Event | None) -> None:
        if not self.record:
            return
        self.versions.add(now.role, version_span(now, ended_by))

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
        if event.dotted_to is not None:
            now.dotted_to = event.dotted_to
        now.changed = event
        now.since = event.on

    def _take(self, person: str, role: str, acting: bool, event: Event) -> None:
        self.state.holders[role] = TenureNow(person, acting, event)
        self.state.people[person].roles.append(role)

    def _give_up(self, role: str, ended_by: Event) -> None:
        now = self.state.holders.pop(role)
        self.state.people[now.person].roles.remove(role)
        if self.record:
            self._add_tenure(tenure_span(role, now, ended_by))

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
            self.absences.add(person, absence_span(person, began, ended_by))

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
        self.stints.add(key, stint_span(key, person, ended_by))

    def drain(self) -> list[Span]:
        """Every interval this replay has closed, taken out of it: what a
        :class:`~orgsim.snapshot.Snapshot` on disk adds after an append."""
        closed: list[Span] = []
        for spans in (self.versions, self.tenures, self.stints, self.absences):
            closed.extend(span for group in spans.groups.values() for span in group)
        self._no_intervals()
        return closed

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


#: How many events replay applies between two calls of its ``progress``.
_PROGRESS_EVERY = 4096


def effective(events: Iterable[Event], taken: set[int]) -> list[Event]:
    """The events a replay applies, in the order it applies them (rules 5 and 6)."""
    return sorted(
        (e for e in events if e.seq not in taken and not isinstance(e, Retract)),
        key=replay_order,
    )


def replay_events(
    replay: Replay,
    effective: Sequence[Event],
    violations: list[RuleViolation],
    lenient: bool,
    progress: Progress | None,
    set_aside: SetAsides | None = None,
) -> list[Event]:
    """Apply ``effective`` on ``replay``, every rule checked first; the events applied. A
    broken rule raises, or when ``lenient`` is listed in ``violations`` and its event skipped.
    In a scenario's branch, a real event it made impossible is taken by ``set_aside``."""
    applied: list[Event] = []
    for number, event in enumerate(effective):
        if progress is not None and number % _PROGRESS_EVERY == 0:
            progress(number / len(effective))
        try:
            replay.apply(event)
        except RuleViolation as violation:
            if set_aside is not None and set_aside.take(event, violation):
                continue
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
    """A log found to obey every rule by :func:`check_log`, and what it holds: as many people and
    roles as its :class:`~orgsim.replay.timeline.Timeline` has in ``stints`` and ``versions``."""

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
    """Check every rule on the log ``events`` as :meth:`~orgsim.replay.timeline.Timeline.build` does
    (the same rule code, the same replay; the first broken rule raises :class:`RuleViolation`), but
    without recording intervals: all that ``orgsim validate`` says of a log that obeys them, at a
    fraction of the cost of a timeline. ``progress`` as for
    :meth:`~orgsim.replay.timeline.Timeline.build`."""
    with quiet_collector():
        taken = withdrawn(events)
        applied = effective(events, taken)
        replay_events(Replay(record=False), applied, [], False, progress)
    # In a log that obeys every rule each hire and creation was applied, and each opened a
    # person's stint or a role's version: the timeline's keys.
    people = {e.person for e in applied if isinstance(e, Hire)}
    roles = {e.role for e in applied if isinstance(e, CreateRole)}
    return Checked(name, len(events), len(people), len(roles))
