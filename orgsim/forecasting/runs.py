"""Monte Carlo runs: the organisation carried on past a day, seat by seat, many times over.

A run starts from the chart on the forecast's first day and moves through time from one event
to the next (a discrete-event simulation), until the last day:

- each holder's tenure ends at a time drawn from the hazards of their level and time in the
  role (:mod:`orgsim.forecasting.estimates`): they leave the organisation (every seat they hold
  falls vacant) or leave the seat for another inside;
- a vacant seat is first covered by an acting holder, one of its direct reports, with the
  level's acting share; it is filled after a time drawn from the level's fill rate, by one of
  its direct reports (whose own seat then falls vacant: the vacancy chain goes on), by someone
  inside who holds no seat, or from outside, in the level's shares.

Seats are neither created nor abolished, and people without a seat are not followed: the
forecast is of the seats the chart holds. Runs are done in *chunks*; a chunk's draws come from
its own stream (numpy's :class:`~numpy.random.SeedSequence` spawned from the seed), so a
forecast is the same for a seed whatever the number of processes that share the chunks.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections import Counter
from typing import Final

import attrs
import numpy as np

from orgsim.forecasting.estimates import TENURE_BANDS, YEAR

__all__ = ["CHUNK", "Model", "Seat", "Tally", "run_chunk"]

#: Runs per chunk: the unit of work a process is given, and of the progress reported.
CHUNK: Final = 25
#: Draws made at once: numpy draws a block of them far faster than one by one.
_BLOCK: Final = 4096


@attrs.frozen
class Seat:
    """A seat on the first day: where it stands, and who holds it."""

    role: str
    reports_to: int | None
    """The index of the seat it reports to."""
    level: int
    """Its level band (see :func:`~orgsim.forecasting.estimates.level_band`)."""
    team: str
    holder: str | None
    acting: bool
    held_days: float
    """How long the holder had held it on the first day."""


@attrs.frozen
class Model:
    """Everything a run needs, plain enough to send to another process."""

    seats: tuple[Seat, ...]
    roleless: tuple[str, ...]
    """People present on the first day who hold no seat."""
    days: float
    """How long a run lasts, in days."""
    exit_rates: tuple[tuple[float, ...], ...]
    move_rates: tuple[tuple[float, ...], ...]
    """Per level band, per tenure band: per day."""
    fill_rates: tuple[float, ...]
    """Per level band: per day."""
    shares: tuple[tuple[float, float, float], ...]
    """Per level band: filled from reports, from inside, from outside."""
    acting: tuple[float, ...]
    """Per level band: the share of vacancies first covered by an acting holder."""


@attrs.define
class Tally:
    """What a chunk of runs counted, to be added up over every chunk."""

    runs: int = 0
    changed: Counter[int] = attrs.Factory(Counter)
    """By seat: the runs whose holder on the last day was not the first day's."""
    vacant: Counter[int] = attrs.Factory(Counter)
    """By seat: the runs in which it was vacant (no holder, not even acting) on the last day."""
    successors: dict[int, Counter[str | None]] = attrs.Factory(dict)
    """By seat: who filled it first (a person's id, or None: an outside hire), per run."""
    departures_by_team: Counter[str] = attrs.Factory(Counter)
    departures_by_level: Counter[int] = attrs.Factory(Counter)
    chains: Counter[int] = attrs.Factory(Counter)
    """Vacancy chains that opened, by length (closed or still open on the last day)."""
    moves: Counter[tuple[int | None, int | None]] = attrs.Factory(Counter)
    """Seats changing hands from a level to another (None: outside)."""

    def add(self, other: Tally) -> None:
        self.runs += other.runs
        self.changed.update(other.changed)
        self.vacant.update(other.vacant)
        for seat, counts in other.successors.items():
            self.successors.setdefault(seat, Counter()).update(counts)
        self.departures_by_team.update(other.departures_by_team)
        self.departures_by_level.update(other.departures_by_level)
        self.chains.update(other.chains)
        self.moves.update(other.moves)


class _Draws:
    """Blocks of numpy draws, handed out one at a time."""

    def __init__(self, generator: np.random.Generator) -> None:
        self.generator = generator
        self._exp: list[float] = []
        self._uniform: list[float] = []

    def exponential(self) -> float:
        """A draw of the exponential distribution of mean 1."""
        if not self._exp:
            self._exp = self.generator.standard_exponential(_BLOCK).tolist()
        return self._exp.pop()

    def uniform(self) -> float:
        if not self._uniform:
            self._uniform = self.generator.random(_BLOCK).tolist()
        return self._uniform.pop()

    def pick(self, count: int) -> int:
        return min(int(self.uniform() * count), count - 1)


_END, _FILL = 0, 1
#: How the people a run hires are named: never a log's id, which is a slug.
_HIRED: Final = "(hired) "
_BOUNDS: Final = (*TENURE_BANDS[1:], float("inf"))
_LAST: Final = len(_BOUNDS) - 1
_NEVER: Final = float("inf")


class _Plan:
    """What every run of a model starts from, worked out once per chunk: the tree, the first
    day's holders, and each level's rates as a run reads them (in lists, indexed)."""

    def __init__(self, model: Model) -> None:
        seats = model.seats
        self.levels = [seat.level for seat in seats]
        self.children: list[list[int]] = [[] for _ in seats]
        for index, seat in enumerate(seats):
            if seat.reports_to is not None:
                self.children[seat.reports_to].append(index)
        self.holder = [seat.holder for seat in seats]
        self.acting = [seat.acting for seat in seats]
        self.since = [-seat.held_days for seat in seats]
        self.rates = [
            [e + m for e, m in zip(exits, moves, strict=True)]
            for exits, moves in zip(model.exit_rates, model.move_rates, strict=True)
        ]
        self.exit_shares = [
            [e / (e + m) if e + m > 0 else 1.0 for e, m in zip(exits, moves, strict=True)]
            for exits, moves in zip(model.exit_rates, model.move_rates, strict=True)
        ]


class _Run:
    """One run: the state of every seat, and the events still to come."""

    def __init__(self, model: Model, plan: _Plan, draws: _Draws, tally: Tally) -> None:
        self.model = model
        self.plan = plan
        self.draws = draws
        self.tally = tally
        count = len(model.seats)
        self.holder: list[str | None] = list(plan.holder)
        self.acting: list[bool] = list(plan.acting)
        self.since: list[float] = list(plan.since)
        self.version = [0] * count
        self.chain: list[int | None] = [None] * count
        """By vacant seat: the length of the chain it belongs to so far."""
        self.first_fill: list[bool] = [False] * count
        self.children = plan.children  # the tree does not change during a run
        self.held: dict[str, set[int]] = {}
        for index, person in enumerate(self.holder):
            if person is not None:
                self.held.setdefault(person, set()).add(index)
        self.roleless: list[str] = list(model.roleless)
        self.left: dict[str, int] = {}
        """By person without a seat: the seat they stepped down from."""
        self.queue: list[tuple[float, int, int, int]] = []
        self.hired = 0

    def start(self) -> None:
        for index, person in enumerate(self.holder):
            if person is None or self.acting[index]:
                self._schedule_fill(index, 0.0)
                self.chain[index] = 0  # a chain that opened before the first day
            else:
                self._schedule_end(index, 0.0)

    def _schedule_end(self, seat: int, now: float) -> None:
        """Draw when the holder of ``seat`` goes: the hazard is constant within a band of time
        in the role, so the time left is drawn band by band."""
        level = self.plan.levels[seat]
        rates = self.plan.rates[level]
        held = now - self.since[seat]
        band = bisect_right(_BOUNDS, held)
        at = now
        while True:
            rate = rates[band]
            wait = self.draws.exponential() / rate if rate > 0 else _NEVER
            if band == _LAST or wait < _BOUNDS[band] - held:
                at += wait
                break
            at += _BOUNDS[band] - held
            held = _BOUNDS[band]
            band += 1
        if at < self.model.days:
            kind = 0 if self.draws.uniform() < self.plan.exit_shares[level][band] else 1
            self._push(at, _END, seat, kind)

    def _schedule_fill(self, seat: int, now: float) -> None:
        rate = self.model.fill_rates[self.plan.levels[seat]]
        at = now + self.draws.exponential() / rate
        if at < self.model.days:
            self._push(at, _FILL, seat, 0)

    def _push(self, at: float, what: int, seat: int, kind: int) -> None:
        self.version[seat] += 1
        # The version makes an event stale once the seat changes again before it comes.
        heapq.heappush(self.queue, (at, what * 2 + kind, seat, self.version[seat]))

    def go(self) -> None:
        self.start()
        while self.queue:
            at, what, seat, version = heapq.heappop(self.queue)
            if version != self.version[seat]:
                continue
            if what // 2 == _END:
                self._end(seat, at, leaves=what % 2 == 0)
            else:
                self._fill(seat, at)
        self._finish()

    def _end(self, seat: int, now: float, *, leaves: bool) -> None:
        person = self.holder[seat]
        assert person is not None
        level = self.plan.levels[seat]
        if leaves:
            self.tally.departures_by_team[self.model.seats[seat].team] += 1
            self.tally.departures_by_level[level] += 1
            for other in sorted(self.held.pop(person, set())):
                if not self.acting[other]:
                    self.tally.moves[(self.plan.levels[other], None)] += 1
                self._vacate(other, now, chain=0)
        else:
            self.tally.moves[(level, None)] += 1
            self._vacate(seat, now, chain=0)
            if not self.held.get(person):
                self.held.pop(person, None)
                self.roleless.append(person)
                self.left[person] = seat  # not the one to fill it again

    def _vacate(self, seat: int, now: float, *, chain: int) -> None:
        person = self.holder[seat]
        was_acting = self.acting[seat]
        if person is not None:
            self.held.get(person, set()).discard(seat)
        self.holder[seat], self.acting[seat] = None, False
        if was_acting:  # a stand-in gone: the seat's fill is still to come
            return
        self.version[seat] += 1  # what was to come to its holder will not: they are gone
        self.chain[seat] = chain
        level = self.plan.levels[seat]
        cover = [c for c in self.children[seat] if self.holder[c] and not self.acting[c]]
        if cover and self.draws.uniform() < self.model.acting[level]:
            stand_in = self.holder[cover[self.draws.pick(len(cover))]]
            assert stand_in is not None
            self.holder[seat], self.acting[seat] = stand_in, True
            self.held.setdefault(stand_in, set()).add(seat)
        self._schedule_fill(seat, now)

    def _fill(self, seat: int, now: float) -> None:
        level = self.plan.levels[seat]
        reports, inside, _ = self.model.shares[level]
        way = self.draws.uniform()
        chain = self.chain[seat] or 0
        self.chain[seat] = None
        stand_in = self.holder[seat] if self.acting[seat] else None
        if stand_in is not None:
            self.held.get(stand_in, set()).discard(seat)
            self.holder[seat], self.acting[seat] = None, False
        person: str | None = None
        came_from: int | None = None
        candidates = [c for c in self.children[seat] if self.holder[c] and not self.acting[c]]
        if way < reports and candidates:
            chosen = next((c for c in candidates if self.holder[c] == stand_in), None)
            if chosen is None:
                chosen = candidates[self.draws.pick(len(candidates))]
            came_from = chosen
            person = self.holder[came_from]
        elif way < reports + inside and (
            pool := [n for n, p in enumerate(self.roleless) if self.left.get(p) != seat]
        ):
            person = self.roleless.pop(pool[self.draws.pick(len(pool))])
        if not self.first_fill[seat]:
            self.first_fill[seat] = True
            # Someone hired during the run came from outside too.
            known = person if person is not None and not person.startswith(_HIRED) else None
            self.tally.successors.setdefault(seat, Counter())[known] += 1
        if person is None:
            self.hired += 1
            person = f"{_HIRED}{self.hired}"
        if came_from is not None:
            self.tally.moves[(self.plan.levels[came_from], level)] += 1
            self._vacate(came_from, now, chain=chain + 1)
        else:
            self.tally.moves[(None, level)] += 1
            self.tally.chains[chain + 1] += 1
        self.holder[seat], self.acting[seat], self.since[seat] = person, False, now
        self.held.setdefault(person, set()).add(seat)
        self._schedule_end(seat, now)

    def _finish(self) -> None:
        for index, seat in enumerate(self.model.seats):
            if self.holder[index] != seat.holder:
                self.tally.changed[index] += 1
            if self.holder[index] is None:
                self.tally.vacant[index] += 1
            chain = self.chain[index]
            if chain is not None:  # a chain still open on the last day, at this vacancy
                self.tally.chains[chain + 1] += 1


def run_chunk(model: Model, seed: np.random.SeedSequence, runs: int) -> Tally:
    """``runs`` runs of ``model``, their draws from ``seed``'s stream."""
    draws = _Draws(np.random.default_rng(seed))
    tally = Tally()
    plan = _Plan(model)
    for _ in range(runs):
        _Run(model, plan, draws, tally).go()
        tally.runs += 1
    return tally


def per_day(rate_per_year: float) -> float:
    return rate_per_year / YEAR
