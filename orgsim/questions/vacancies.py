"""Vacancies: every stretch of time a role stood empty, what emptied it and what ended it.

The timeline keeps who held each role when (:class:`~orgsim.replay.spans.Tenure`); a vacancy is
the gap between two of them, read off the same intervals. It opens when the role is created, or
when a holder's tenure ends (a departure, a step-down, a move to another role); it ends when
someone takes the role (a *fill*), when the role is abolished, or never (still open). A holder
confirmed in a role they held acting, or made acting in one they held, starts a new tenure with
no gap: that is no vacancy, and the new tenure no fill.

Vacancy chains (:mod:`orgsim.questions.chains`) and the transitions between levels
(:mod:`orgsim.questions.transitions`) are both read from these, so that both count the same
moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs

from orgsim.log.events import CreateRole, Event, Promote, Reorg
from orgsim.replay.rules import replay_order
from orgsim.replay.spans import RoleVersion, Tenure, span_order
from orgsim.replay.timeline import Timeline

__all__ = ["Vacancies", "Vacancy", "depth", "vacancies"]


@attrs.frozen
class Vacancy:
    """A role standing empty from ``opened_by`` until ``filled`` (or ``abolished``, or now).

    ``vacated`` is the tenure whose end opened it (None when the role was new). ``filled`` is
    the tenure that ended it, with the event that put its holder there (``filled.event``).
    """

    role: str
    opened_by: Event
    vacated: Tenure | None
    filled: Tenure | None
    abolished: Reorg | None

    @property
    def opened(self) -> dt.date:
        return self.opened_by.on.start


@attrs.frozen
class Vacancies:
    """Every vacancy of a timeline, and how they connect: the ones each event opened."""

    all: tuple[Vacancy, ...]
    """In the order they opened (replay order of the events that opened them)."""
    opened_by: Mapping[int, Sequence[Vacancy]]
    """By the ``seq`` of the event that opened them: a departure or a move can empty several
    roles at once."""
    kept: Mapping[int, Sequence[Tenure]]
    """By the ``seq`` of a move made as a second hat (``additional``): the roles its person
    held on to, so vacated none of."""

    def left_for(self, vacancy: Vacancy) -> tuple[Vacancy, ...]:
        """The vacancies the filler of ``vacancy`` left behind to take it, the role they had
        taken first leading: none for an outside hire, a promotion of someone who held no
        role, or a second hat."""
        if vacancy.filled is None or not isinstance(vacancy.filled.event, Promote):
            return ()
        return tuple(sorted(self.opened_by.get(vacancy.filled.event.seq, ()), key=_taken))

    def second_hat(self, vacancy: Vacancy) -> bool:
        """Whether ``vacancy`` was filled by someone who kept a role they held (``additional``)."""
        return vacancy.filled is not None and bool(self.kept.get(vacancy.filled.event.seq))


def _taken(vacancy: Vacancy) -> tuple[dt.date, int]:
    """When the role a move left had been taken (a move's vacancies always left a tenure)."""
    assert vacancy.vacated is not None
    return span_order(vacancy.vacated)


def vacancies(timeline: Timeline) -> Vacancies:
    """Every vacancy of every role in ``timeline``, from its first event to its last."""
    found: list[Vacancy] = []
    for role, versions in timeline.versions.items():
        found.extend(_of_role(role, versions, timeline.tenures.get(role, ())))
    found.sort(key=lambda v: (replay_order(v.opened_by), _created(timeline, v.role)))
    opened_by: dict[int, list[Vacancy]] = {}
    for vacancy in found:
        opened_by.setdefault(vacancy.opened_by.seq, []).append(vacancy)
    kept: dict[int, list[Tenure]] = {}
    for vacancy in found:
        fill = vacancy.filled
        if fill is not None and isinstance(fill.event, Promote) and fill.event.additional:
            others = _held_across(timeline, fill)
            if others:
                kept[fill.event.seq] = others
    return Vacancies(tuple(found), opened_by, kept)


def _created(timeline: Timeline, role: str) -> int:
    return timeline.versions[role][0].created.seq


def _of_role(
    role: str, versions: Sequence[RoleVersion], tenures: Sequence[Tenure]
) -> list[Vacancy]:
    """The vacancies of one role: its creations, abolitions and tenures walked in replay order.

    A tenure that ends and the one that starts by the same event (a change of ``acting``) are
    one holding: no vacancy between them."""
    # (when, 0 for an ending and 1 for a start, the event, the tenure it ends or starts): so
    # that an event ending one tenure and starting the next ends the first one first.
    marks: list[tuple[tuple[dt.date, int], int, Event, Tenure | None]] = []
    for version in versions:
        if version.event is version.created:
            marks.append((replay_order(version.created), 0, version.created, None))
        ended = version.ended_by
        if isinstance(ended, Reorg) and ended.abolished:
            marks.append((replay_order(ended), 0, ended, None))
    for tenure in tenures:
        if tenure.ended_by is not None:
            marks.append((replay_order(tenure.ended_by), 0, tenure.ended_by, tenure))
        marks.append((replay_order(tenure.event), 1, tenure.event, tenure))
    marks.sort(key=lambda mark: (mark[0], mark[1]))
    found: list[Vacancy] = []
    opening: tuple[Event, Tenure | None] | None = None
    for _, starts, event, held in marks:
        if held is None and isinstance(event, CreateRole):
            opening = (event, None)
        elif held is None:
            assert opening is not None, f"{role} abolished while held"
            found.append(Vacancy(role, opening[0], opening[1], None, _abolition(event)))
            opening = None
        elif not starts:
            if not _same_holding(held, event):
                opening = (event, held)
        elif opening is not None:  # else the holder carries on: a change of acting
            found.append(Vacancy(role, opening[0], opening[1], held, None))
            opening = None
    if opening is not None:
        found.append(Vacancy(role, opening[0], opening[1], None, None))
    return found


def _abolition(event: Event) -> Reorg:
    assert isinstance(event, Reorg) and event.abolished, event
    return event


def _same_holding(tenure: Tenure, ended_by: Event) -> bool:
    """Whether ``ended_by`` ends ``tenure`` only to start its person's next one in the role."""
    return (
        isinstance(ended_by, Promote)
        and ended_by.person == tenure.person
        and ended_by.role == tenure.role
    )


def _held_across(timeline: Timeline, fill: Tenure) -> list[Tenure]:
    """The other roles ``fill``'s person held when the event of ``fill`` put them in it."""
    when = replay_order(fill.event)
    return [
        held
        for held in timeline.roles_held.get(fill.person, ())
        if held.role != fill.role
        and replay_order(held.event) < when
        and (held.ended_by is None or replay_order(held.ended_by) > when)
    ]


def depth(timeline: Timeline, role: str, day: dt.date) -> int:
    """How many roles stand above ``role`` on ``day`` (0: it reports to no one).

    A role gone by the end of the day (vacated and abolished on it) is placed as it stood
    last, so that a departure on its last day still has a level."""
    above = 0
    seen = {role}
    manager = _standing(timeline, role, day)
    while manager is not None and manager not in seen:
        seen.add(manager)
        above += 1
        manager = _standing(timeline, manager, day)
    return above


def _standing(timeline: Timeline, role: str, day: dt.date) -> str | None:
    """Where ``role`` reported on ``day``, or as it stood last before."""
    version = timeline.role_at(role, day)
    if version is None:
        earlier = [v for v in timeline.versions.get(role, ()) if v.start.start <= day]
        if not earlier:
            return None
        version = earlier[-1]
    return version.reports_to
