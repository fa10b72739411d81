"""Transitions between levels: the counts a Markov manpower model is estimated from
(Bartholomew, *Stochastic Models for Social Processes*).

A role's *level* is its depth in the reporting tree on the day in question: 0 for a role that
reports to no one, 1 for the roles reporting to those, and so on. The model's states are the
levels and one more, *outside* (no role); what it counts is seats changing hands, read off the
same vacancies as the vacancy chains (:mod:`orgsim.questions.vacancies`):

- a *move* from level i to level j: someone left a role at level i to fill one at level j (a
  promotion that is not ``additional``; of several roles left at once, the one taken first);
- an *entry* into level j: a role at level j filled by someone who left no role for it (an
  outside hire, a promotion of someone who held none, or a second hat);
- an *exit* from level i: a role at level i given up with no role taken for it (a departure, a
  step-down, or the other roles left by a move out of several).

Counts are of seats, not people: someone who holds two roles is in two levels. So for every
level the seats held on the last day of the window, less those held the day before it begins,
is what came in (entries and moves to it) less what went out (exits and moves from it), as long
as no role moved under another manager in the window (which changes levels without a move).
Confirming an acting holder, or making a holder acting, is no transition.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import attrs

from orgsim.questions.spells import date_range
from orgsim.questions.vacancies import Vacancies, Vacancy, depth, vacancies
from orgsim.replay.timeline import Timeline

__all__ = ["Transition", "Transitions", "transitions"]


@attrs.frozen
class Transition:
    """How many seats changed hands from one level to another in the window.

    ``source`` None is an entry (from outside the roles), ``target`` None an exit.
    """

    source: int | None
    target: int | None
    count: int


@attrs.frozen
class Transitions:
    """The moves between levels, the entries into them and the exits from them between two
    dates (both included), with the seats held at each level on either side of the window."""

    start: dt.date
    end: dt.date
    counts: tuple[Transition, ...]
    """Entries first, then moves, then exits; each by level."""
    held_before: tuple[int, ...]
    """By level: the roles held at the end of the day before ``start``."""
    held_after: tuple[int, ...]
    """By level: the roles held at the end of ``end``."""

    @property
    def levels(self) -> int:
        """How many levels the counts and the seats held name."""
        named = [t for c in self.counts for t in (c.source, c.target) if t is not None]
        return max(len(self.held_before), len(self.held_after), max(named, default=-1) + 1)

    def moves(self) -> dict[tuple[int, int], int]:
        """By (from level, to level): the moves inside the organisation."""
        return {
            (c.source, c.target): c.count
            for c in self.counts
            if c.source is not None and c.target is not None
        }

    def entries(self) -> dict[int, int]:
        """By level: the roles filled from outside the roles."""
        return {c.target: c.count for c in self.counts if c.source is None and c.target is not None}

    def exits(self) -> dict[int, int]:
        """By level: the roles given up to outside the roles."""
        return {c.source: c.count for c in self.counts if c.target is None and c.source is not None}


def transitions(
    timeline: Timeline,
    start: dt.date | str,
    end: dt.date | str,
    *,
    found: Vacancies | None = None,
) -> Transitions:
    """The level-to-level transitions between ``start`` and ``end`` (dates or
    ``"YYYY-MM-DD"``); a range given backwards is refused. ``found``: the timeline's
    vacancies, when the caller has them already."""
    start, end = date_range(start, end)
    if found is None:
        found = vacancies(timeline)
    counted: Counter[tuple[int | None, int | None]] = Counter()
    continued: set[Vacancy] = set()
    for vacancy in found.all:
        fill = vacancy.filled
        left = found.left_for(vacancy)
        if left:
            continued.add(left[0])
        if fill is None or not start <= fill.start.start <= end:
            continue
        day = fill.start.start
        source = depth(timeline, left[0].role, day) if left else None
        counted[source, depth(timeline, vacancy.role, day)] += 1
    for vacancy in found.all:
        given_up = vacancy.vacated is not None and vacancy not in continued
        if given_up and start <= vacancy.opened <= end:
            counted[depth(timeline, vacancy.role, vacancy.opened), None] += 1
    return Transitions(
        start=start,
        end=end,
        counts=tuple(
            Transition(source, target, count)
            for (source, target), count in sorted(
                counted.items(), key=lambda item: _order(*item[0])
            )
        ),
        held_before=() if start == dt.date.min else _held(timeline, start - dt.timedelta(days=1)),
        held_after=_held(timeline, end),
    )


def _order(source: int | None, target: int | None) -> tuple[int, int, int]:
    kind = 0 if source is None else 2 if target is None else 1
    return kind, -1 if source is None else source, -1 if target is None else target


def _held(timeline: Timeline, day: dt.date) -> tuple[int, ...]:
    levels = Counter(depth(timeline, t.role, day) for t in timeline.open_on(day).tenures)
    return tuple(levels[level] for level in range(max(levels, default=-1) + 1))
