"""Vacancy chains (Harrison White, *Chains of Opportunity*, 1970): how one vacancy moves down
through an organisation as each move to fill it leaves another seat empty.

A chain starts with a vacancy that no move left behind, and a chain's *opener* is the event that
opened it, one of:

- ``depart``: a departure (each role the person held starts a chain of its own);
- ``stepdown``: a step-down, whether or not the person keeps other roles;
- ``role``: a role created, which is vacant until someone takes it;
- ``promote``: a move that emptied a role no chain goes on from: the second and later roles of
  someone who held several (the chain the move fills goes on from the role they had taken
  first), or a role given up by someone confirmed in (or made acting in) another they held.

The vacancy in a role R is then filled by a person P. When P moved from another role R2 (a
:class:`~orgsim.log.events.Promote` that is not ``additional``), their move is the chain's next
step and the chain goes on from the vacancy in R2. It ends, by its ``end``, when:

- ``hire``: the vacancy is filled from outside: a hire into the role, or a promotion of someone
  present who held no role;
- ``additional``: the vacancy is filled by someone who keeps the role they hold (a second hat),
  so that no further vacancy opens;
- ``abolished``: the role is abolished while vacant;
- ``open``: the vacancy is still open at the end of the window (or of the log).

An acting appointment fills a vacancy like any other (its step says ``acting``); confirming
the acting holder later is no new step. A chain's ``length`` is White's: the number of
vacancies it passes through, one per step, the last one's included whether it was filled from
outside, abolished or is still open. So every vacancy of the log belongs to exactly one chain.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from statistics import mean
from typing import Final, Literal

import attrs

from orgsim.log.dates import PartialDate
from orgsim.log.events import Event, Promote, mentioned
from orgsim.questions.spells import date_range, title_on
from orgsim.questions.vacancies import Vacancies, Vacancy, vacancies
from orgsim.replay.timeline import Timeline

__all__ = ["END_KINDS", "OPENERS", "Chain", "Chains", "End", "Step", "chains"]

End = Literal["hire", "additional", "abolished", "open"]
END_KINDS: Final = ("hire", "additional", "abolished", "open")
#: The kinds of event that open a chain.
OPENERS: Final = ("depart", "stepdown", "role", "promote")


@attrs.frozen
class Step:
    """One vacancy of a chain, and how it was filled.

    ``filled`` and ``person`` are None for the last vacancy of a chain that was abolished or is
    still open. ``from_role`` is the role ``person`` left to take this one, where the chain goes
    on (None when they came from outside or kept it). ``filled_by`` is the hire or promotion.
    """

    role: str
    title: str
    """The role's title when it fell vacant."""
    opened: PartialDate
    filled: PartialDate | None
    person: str | None
    acting: bool
    from_role: str | None
    filled_by: Event | None


@attrs.frozen
class Chain:
    """A vacancy and the moves it set off, in order: each step's ``from_role`` is the role of
    the next step."""

    opener: str
    """The kind of ``opened_by``: one of :data:`OPENERS`."""
    opened_by: Event
    steps: tuple[Step, ...]
    end: End
    length: int = attrs.field(
        init=False, default=attrs.Factory(lambda chain: len(chain.steps), takes_self=True)
    )
    """The number of vacancies the chain passed through (White's length): one per step."""

    @property
    def opened(self) -> dt.date:
        return self.opened_by.on.start


@attrs.frozen
class Chains:
    """The vacancy chains that opened between two dates (both included), each followed to the
    end of the window at most."""

    start: dt.date
    end: dt.date
    chains: tuple[Chain, ...]
    """In the order they opened."""
    by_length: tuple[tuple[int, int], ...]
    """How many chains had each length, shortest first."""
    by_end: tuple[tuple[str, int], ...]
    """How many chains ended each way, in the order of :data:`END_KINDS` (none left out)."""
    by_opener: tuple[tuple[str, int], ...]
    """How many chains each kind of event opened, in the order of :data:`OPENERS`."""
    mean_length: float | None
    """The mean length, to two places (None without chains)."""
    names: Mapping[str, str]
    """Display names of the people named above, by id."""
    titles: Mapping[str, str]
    """Titles of the roles the chains' openers name (the role a move went to), by id."""

    @property
    def moves(self) -> int:
        """How many moves inside the organisation the chains are made of."""
        return sum(step.from_role is not None for chain in self.chains for step in chain.steps)


def chains(timeline: Timeline, start: dt.date | str, end: dt.date | str) -> Chains:
    """The vacancy chains opened between ``start`` and ``end`` (dates or ``"YYYY-MM-DD"``),
    each followed until it ends or the window does; a range given backwards is refused."""
    start, end = date_range(start, end)
    found = vacancies(timeline)
    continued = {left[0] for vacancy in found.all if (left := found.left_for(vacancy))}
    chosen = tuple(
        _chain(timeline, found, vacancy, end)
        for vacancy in found.all
        if vacancy not in continued and start <= vacancy.opened <= end
    )
    lengths = Counter(chain.length for chain in chosen)
    ends = Counter(chain.end for chain in chosen)
    openers = Counter(chain.opener for chain in chosen)
    return Chains(
        start=start,
        end=end,
        chains=chosen,
        by_length=tuple(sorted(lengths.items())),
        by_end=tuple((kind, ends[kind]) for kind in END_KINDS),
        by_opener=tuple((kind, openers[kind]) for kind in OPENERS),
        mean_length=round(mean(lengths.elements()), 2) if chosen else None,
        names={person: timeline.name_of(person) for person in _people(chosen)},
        titles={
            chain.opened_by.role: title_on(timeline, chain.opened_by.role, chain.opened)
            for chain in chosen
            if isinstance(chain.opened_by, Promote)
        },
    )


def _chain(timeline: Timeline, found: Vacancies, vacancy: Vacancy, end: dt.date) -> Chain:
    steps: list[Step] = []
    kind: End = "open"
    at: Vacancy | None = vacancy
    while at is not None:
        title = title_on(timeline, at.role, at.opened)
        fill = at.filled
        if fill is None or fill.start.start > end:
            closed = at.abolished
            if fill is None and closed is not None and closed.on.start <= end:
                kind = "abolished"
            steps.append(Step(at.role, title, at.opened_by.on, None, None, False, None, None))
            break
        left = found.left_for(at)
        after = left[0] if left else None
        steps.append(
            Step(
                at.role,
                title,
                at.opened_by.on,
                fill.start,
                fill.person,
                fill.acting,
                after.role if after else None,
                fill.event,
            )
        )
        if after is None:
            kind = "additional" if found.second_hat(at) else "hire"
        at = after
    return Chain(vacancy.opened_by.kind, vacancy.opened_by, tuple(steps), kind)


def _people(found: tuple[Chain, ...]) -> set[str]:
    people = {step.person for chain in found for step in chain.steps if step.person}
    return people.union(*(mentioned(chain.opened_by)[0] for chain in found))
