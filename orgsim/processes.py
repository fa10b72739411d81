"""A process manager: a rule that reacts to events as they happen, and to time passing.

A projection (:mod:`orgsim.projections`) answers what *is*. A process manager decides what to
*do*. It watches the events as they take effect, keeps a little state of its own (the
processes under way, each with a deadline), and acts when something happens or when a
deadline passes with nothing happening. In a live system it would append a command or page
someone. Run over a log that already happened, as here, it reports what it would have done,
and when.

:class:`VacancyWatch` is the one orgsim ships: when a watched seat falls vacant it starts a
process, and expects a holder, acting or permanent, within ``days``. A holder closes the
process. At the deadline it warns once, and the process stays open until the seat is
filled, or abolished. :func:`run` drives any :class:`ProcessManager` through a log's replay,
in the order events take effect (rules 5 and 6), with the replay's state after each event.

May import: errors, log, replay, organisation.
"""

from __future__ import annotations

import abc
import datetime as dt
import heapq
from collections.abc import Iterable

import attrs

from orgsim.errors import OrgsimError
from orgsim.log.dates import PartialDate, parse_day
from orgsim.log.events import Event, Reorg, mentioned
from orgsim.organisation import Organisation
from orgsim.replay.replay import Replay
from orgsim.replay.state import ReplayState

__all__ = ["Action", "Deadline", "ProcessManager", "VacancyWatch", "Watched", "run"]


@attrs.frozen
class Deadline:
    """A process waiting for something to happen by ``due``."""

    due: dt.date
    key: str
    """The process it belongs to (for the vacancy watch, the role)."""
    started_by: Event


@attrs.frozen
class Action:
    """What the manager did, or would have done: on ``day``, because of ``events``."""

    day: dt.date
    kind: str
    """``warn`` (a deadline passed), ``closed`` (the process ended), or ``open`` (still
    waiting when the log ends)."""
    key: str
    message: str
    events: tuple[Event, ...]


class ProcessManager(abc.ABC):
    """Reacts to each event (with the organisation as it stands after it) and to deadlines.

    :meth:`handle` returns the deadlines to set and the actions taken; :meth:`expire` is called
    once for each deadline that passes before anything cancels it. A process is keyed by a
    string, and setting a deadline for a key replaces the one it had."""

    @abc.abstractmethod
    def handle(
        self, event: Event, state: ReplayState, day: dt.date
    ) -> tuple[list[Deadline], list[str], list[Action]]:
        """The deadlines to set, the keys whose deadlines to cancel, and the actions taken."""

    @abc.abstractmethod
    def expire(self, deadline: Deadline, state: ReplayState) -> list[Action]:
        """What to do when ``deadline`` passes."""

    def finish(self, day: dt.date) -> list[Action]:
        """What is still under way when the log (or the run) ends on ``day``."""
        return []


def run(
    manager: ProcessManager,
    org: Organisation,
    *,
    until: str | dt.date | None = None,
    known_on: str | dt.date | None = None,
) -> tuple[Action, ...]:
    """Drive ``manager`` through ``org``'s log in the order its events take effect, with the
    replay's state after each, firing each deadline before the first event after it, and the
    rest up to ``until`` (default: the last date the log knows). ``known_on`` runs it over the
    log as known on that day."""
    timeline = org.timeline(known_on)
    applied = timeline.applied
    last = max((event.on.start for event in applied), default=None)
    end = parse_day(until) if isinstance(until, str) else until
    if end is None:
        if last is None:
            return ()
        end = last
    replay = Replay(record=False)
    pending: list[tuple[dt.date, int, Deadline]] = []
    live: dict[str, Deadline] = {}
    actions: list[Action] = []
    order = 0

    def fire(before: dt.date) -> None:
        while pending and pending[0][0] < before:
            _, _, deadline = heapq.heappop(pending)
            if live.get(deadline.key) is deadline:
                del live[deadline.key]
                actions.extend(manager.expire(deadline, replay.state))

    for event in applied:
        day = event.on.start
        if day > end:
            break
        fire(day)
        replay.apply(event)
        deadlines, cancelled, done = manager.handle(event, replay.state, day)
        for key in cancelled:
            live.pop(key, None)
        for deadline in deadlines:
            live[deadline.key] = deadline
            heapq.heappush(pending, (deadline.due, order, deadline))
            order += 1
        actions.extend(done)
    fire(end + dt.timedelta(days=1))
    actions.extend(manager.finish(end))
    return tuple(actions)


@attrs.frozen
class Watched:
    """A vacancy the watch has open: since when, and the event that opened it."""

    since: dt.date
    opened_by: Event
    title: str
    """The seat's title then, for messages after it is gone."""
    warned: bool = False


class VacancyWatch(ProcessManager):
    """Expect every watched seat that falls vacant to get a holder within ``days``.

    ``roles`` are the seats to watch (ids); None watches every seat. A seat created vacant is
    not a vacancy of this kind: only one that had a holder and lost them is."""

    def __init__(self, days: int, roles: Iterable[str] | None = None) -> None:
        if days < 0:
            raise OrgsimError(f"a watch needs a number of days from 0, not {days}")
        self.days = days
        self.roles = None if roles is None else frozenset(roles)
        self.vacant: dict[str, Watched] = {}
        self._held: dict[str, str] = {}
        """Each watched seat's holder, as the watch last saw it."""
        self._seats: dict[str, set[str]] = {}
        """The same, by holder."""

    def _watches(self, role: str) -> bool:
        return self.roles is None or role in self.roles

    def handle(
        self, event: Event, state: ReplayState, day: dt.date
    ) -> tuple[list[Deadline], list[str], list[Action]]:
        deadlines: list[Deadline] = []
        cancelled: list[str] = []
        actions: list[Action] = []
        touched = self._touched(event, state)
        for role in touched:
            holder = self._held.get(role)
            if holder is None:
                continue
            now = state.holders.get(role)
            if now is None or now.person != holder:
                del self._held[role]
                self._seats[holder].discard(role)
                if now is None and role in state.roles:
                    self.vacant[role] = Watched(day, event, _title(state, role))
                    due = day + dt.timedelta(days=self.days)
                    deadlines.append(Deadline(due, role, event))
        for role in touched:
            tenure = state.holders.get(role)
            if tenure is None or not self._watches(role):
                continue
            self._held[role] = tenure.person
            self._seats.setdefault(tenure.person, set()).add(role)
            opened = self.vacant.pop(role, None)
            if opened is not None:
                cancelled.append(role)
                waited = (day - opened.since).days
                if waited == 0:
                    continue  # a handover on one day: the seat was never left empty
                how = "acting " if tenure.acting else ""
                late = f", {waited - self.days} days late" if waited > self.days else ""
                name = state.people[tenure.person].name
                actions.append(
                    Action(
                        day,
                        "closed",
                        role,
                        f"{_title(state, role)}: filled by {name} ({how}holder) after "
                        f"{waited} days{late}",
                        (opened.opened_by, event),
                    )
                )
        if isinstance(event, Reorg) and event.abolished and event.role in self.vacant:
            opened = self.vacant.pop(event.role)
            cancelled.append(event.role)
            if day == opened.since:  # the seat ended with its holder's term
                return deadlines, cancelled, actions
            actions.append(
                Action(
                    day,
                    "closed",
                    event.role,
                    f"{opened.title}: abolished while vacant, after {(day - opened.since).days} "
                    "days",
                    (opened.opened_by, event),
                )
            )
        return deadlines, cancelled, actions

    def _touched(self, event: Event, state: ReplayState) -> list[str]:
        """The seats ``event`` may have filled or emptied: its role, and every seat its person
        held before it or holds after it (so that a watch costs what each event touches, not
        the size of the organisation)."""
        people, named = mentioned(event)
        roles = dict.fromkeys(sorted(named))
        for person in sorted(people):
            for held in sorted(self._seats.get(person, ())):
                roles[held] = None
            now = state.people.get(person)
            for held in now.roles if now is not None else ():
                roles[held] = None
        return list(roles)

    def expire(self, deadline: Deadline, state: ReplayState) -> list[Action]:
        opened = self.vacant.get(deadline.key)
        if opened is None:  # pragma: no cover - a filled seat cancels its deadline
            return []
        self.vacant[deadline.key] = attrs.evolve(opened, warned=True)
        return [
            Action(
                deadline.due,
                "warn",
                deadline.key,
                f"{_title(state, deadline.key)}: vacant since {_day(opened.since)} "
                f"({opened.opened_by.brief()}), no holder after {self.days} days: "
                "appoint an acting holder",
                (opened.opened_by,),
            )
        ]

    def finish(self, day: dt.date) -> list[Action]:
        return [
            Action(
                day,
                "open",
                role,
                f"{opened.title}: still vacant on {_day(day)}, since {_day(opened.since)}"
                + (" (warned)" if opened.warned else ""),
                (opened.opened_by,),
            )
            for role, opened in sorted(self.vacant.items())
        ]


def _title(state: ReplayState, role: str) -> str:
    now = state.roles.get(role)
    return f"{now.title} ({role})" if now is not None else role


def _day(day: dt.date) -> str:
    return PartialDate(day.year, day.month, day.day).label()
