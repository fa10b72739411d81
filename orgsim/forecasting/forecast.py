"""Forecasts: what a log's own history says is likely to happen to each seat after a day.

A forecast is one more projection of the log: the timeline up to a day, folded into estimates
(:mod:`~orgsim.forecasting.estimates`) and the chart of that day, then carried on many times
by the Monte Carlo runs of :mod:`~orgsim.forecasting.runs`. What it answers, for each role: the
probability that its holder changes by the last day, and that it is vacant then; the likeliest
successors from its direct reports; and over the organisation, the expected departures by team
and level, the vacancy chains' lengths and the moves between levels (a Markov manpower model's
counts, beside the ones the log itself shows).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Final

import attrs
import numpy as np

from orgsim.errors import OrgsimError
from orgsim.forecasting.estimates import DEFAULTS, YEAR, Defaults, Estimates, estimate, level_band
from orgsim.forecasting.runs import CHUNK, Model, Seat, Tally, run_chunk
from orgsim.log.events import Retract
from orgsim.questions.chart import Chart
from orgsim.questions.transitions import Transitions, transitions
from orgsim.questions.vacancies import Vacancies, vacancies
from orgsim.replay.timeline import Timeline

__all__ = [
    "Departures",
    "Forecast",
    "LevelMove",
    "RoleForecast",
    "Successor",
    "forecast",
]

#: Below this many seats times runs a forecast stays in one process: there, a second one
#: saves next to nothing (300 runs of OpenAI's 35 seats: 0.98x the time).
_PARALLEL_FROM: Final = 20_000


@attrs.frozen
class Successor:
    """Someone who may fill a role first, and how likely that is."""

    person: str | None
    """An id, or None for someone hired from outside."""
    name: str
    probability: float


@attrs.frozen
class RoleForecast:
    """One role's forecast."""

    role: str
    title: str
    level: int
    """Its depth in the tree on the first day (0: the top)."""
    team: str
    """The title of the role at level 1 it sits under (its own at the top or at level 1)."""
    holder: str | None
    """Its holder on the first day (None: vacant)."""
    holder_name: str | None
    acting: bool
    changes: float
    """The probability that its holder on the last day is not the first day's."""
    vacant: float
    """The probability that it is vacant (not even an acting holder) on the last day."""
    successors: tuple[Successor, ...]
    """Who fills it first, likeliest first, when it falls vacant in the runs."""


@attrs.frozen
class Departures:
    """Expected departures of seat holders over the forecast, by team and by level."""

    by_team: tuple[tuple[str, float], ...]
    by_level: tuple[tuple[int, float], ...]

    @property
    def total(self) -> float:
        return sum(expected for _, expected in self.by_team)


@attrs.frozen
class LevelMove:
    """Expected seats changing hands from one level to another per run (None: outside)."""

    source: int | None
    target: int | None
    expected: float


@attrs.frozen
class Forecast:
    """A Monte Carlo forecast of a log from ``start`` to ``end``."""

    start: dt.date
    end: dt.date
    runs: int
    seed: int
    estimates: Estimates
    """What it assumed, from the log's history before ``start``."""
    roles: tuple[RoleForecast, ...]
    """In chart order."""
    departures: Departures
    chain_lengths: tuple[tuple[int, float], ...]
    """Expected vacancy chains per run, by length."""
    mean_chain_length: float | None
    moves: tuple[LevelMove, ...]
    """Simulated: expected per run."""
    observed: Transitions
    """The same counts in the log's own history, over as long a time before ``start`` as the
    forecast runs after it (or all of it, when shorter): what the simulated ``moves`` compare
    with, and what Bartholomew's model would be estimated from."""

    def role(self, role: str) -> RoleForecast:
        for found in self.roles:
            if found.role == role:
                return found
        raise OrgsimError(f"no role {role!r} on the chart of {self.start}")


def _teams(chart: Chart) -> tuple[dict[str, int], dict[str, str]]:
    levels: dict[str, int] = {}
    teams: dict[str, str] = {}
    titles = {role.id: role.title for role in chart.roles}
    branch: list[str] = []
    for depth, role in chart.walk():
        del branch[depth:]
        branch.append(role.id)
        levels[role.id] = depth
        teams[role.id] = titles[branch[1] if depth >= 1 else branch[0]]
    return levels, teams


def model_of(chart: Chart, estimates: Estimates, days: float) -> Model:
    """What a run needs of ``chart`` and ``estimates``, per day."""
    levels, teams = _teams(chart)
    order = [role.id for _, role in chart.walk()]
    index = {role: number for number, role in enumerate(order)}
    by_id = {role.id: role for role in chart.roles}
    seats = []
    for role_id in order:
        role = by_id[role_id]
        holder = role.holder
        seats.append(
            Seat(
                role=role.id,
                reports_to=index.get(role.reports_to) if role.reports_to else None,
                level=level_band(levels[role.id]),
                team=teams[role.id],
                holder=holder.person if holder else None,
                acting=holder.acting if holder else False,
                held_days=float((chart.date - holder.since.start).days) if holder else 0.0,
            )
        )
    bands = range(len(estimates.hazards) // len(estimates.fills))
    return Model(
        seats=tuple(seats),
        roleless=tuple(person.id for person in chart.without_role()),
        days=days,
        exit_rates=tuple(
            tuple(estimates.hazard(level, band).exit_rate / YEAR for band in bands)
            for level in range(len(estimates.fills))
        ),
        move_rates=tuple(
            tuple(estimates.hazard(level, band).move_rate / YEAR for band in bands)
            for level in range(len(estimates.fills))
        ),
        fill_rates=tuple(fill.fill_rate / YEAR for fill in estimates.fills),
        shares=tuple((f.from_reports, f.inside, f.outside) for f in estimates.fills),
        acting=tuple(fill.acting for fill in estimates.fills),
    )


def _chunks(runs: int) -> list[int]:
    full, rest = divmod(runs, CHUNK)
    return [CHUNK] * full + ([rest] if rest else [])


def simulate_runs(
    model: Model,
    runs: int,
    seed: int,
    *,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Tally:
    """``runs`` runs of ``model`` in chunks over ``workers`` processes (default: one per core,
    and one process for a small forecast); ``progress`` is told how many runs each finished
    chunk did. The tally depends on ``seed`` alone, not on ``workers``."""
    sizes = _chunks(runs)
    streams = np.random.SeedSequence(seed).spawn(len(sizes))
    tally = Tally()
    count = workers if workers is not None else (os.cpu_count() or 1)
    small = runs * len(model.seats) < _PARALLEL_FROM
    if count <= 1 or (small and workers is None):
        for stream, size in zip(streams, sizes, strict=True):
            tally.add(run_chunk(model, stream, size))
            if progress is not None:
                progress(size)
        return tally
    with ProcessPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(run_chunk, model, s, n) for s, n in zip(streams, sizes, strict=True)]
        for future, size in zip(futures, sizes, strict=True):  # in order: the sum is the same
            tally.add(future.result())
            if progress is not None:
                progress(size)
    return tally


def forecast(
    timeline: Timeline,
    start: dt.date,
    end: dt.date,
    *,
    runs: int = 1000,
    seed: int = 0,
    workers: int | None = None,
    defaults: Defaults = DEFAULTS,
    progress: Callable[[int], None] | None = None,
) -> Forecast:
    """The forecast of ``timeline`` from ``start`` to ``end``: estimated from the history
    before ``start`` (events dated after it are not read: a timeline that goes on past it
    forecasts as if it stopped there), run ``runs`` times with draws from ``seed``."""
    if end <= start:
        raise OrgsimError(f"a forecast runs forwards: --to {end} is not after --from {start}")
    if runs < 1:
        raise OrgsimError(f"a forecast needs at least one run, not {runs}")
    first = min((e.on.start for e in timeline.applied), default=None)
    if first is None or start < first:
        raise OrgsimError(
            f"the log starts on {first}: there is nothing to forecast from on {start}"
            if first is not None
            else "the log is empty: there is nothing to forecast from"
        )
    cut = _cut(timeline, start)
    found = vacancies(cut)  # read by the estimates and by the log's own transitions
    estimates = estimate(cut, start, defaults, found=found)
    chart = Chart.at(cut, start)
    if not chart.roles:
        raise OrgsimError(f"no role exists on {start}: there is no seat to forecast")
    model = model_of(chart, estimates, float((end - start).days))
    tally = simulate_runs(model, runs, seed, workers=workers, progress=progress)
    return _result(cut, chart, estimates, model, tally, start, end, runs, seed, found)


def _cut(timeline: Timeline, day: dt.date) -> Timeline:
    """``timeline`` as if its log stopped on ``day``: no later event read, not even to learn
    a tenure's length."""
    if all(e.on.start <= day for e in timeline.applied):
        return timeline
    # Retractions stand whatever their date: what they withdrew was never so.
    kept = [e for e in timeline.log if e.on.start <= day or isinstance(e, Retract)]
    return Timeline.build(kept, known_on=timeline.known_on, lenient=True)


def _result(
    timeline: Timeline,
    chart: Chart,
    estimates: Estimates,
    model: Model,
    tally: Tally,
    start: dt.date,
    end: dt.date,
    runs: int,
    seed: int,
    found: Vacancies,
) -> Forecast:
    levels, _ = _teams(chart)
    names = {person.id: person.name for person in chart.people}

    def name(person: str | None) -> str:
        if person is None:
            return "(an outside hire)"
        return names.get(person) or timeline.name_of(person)

    on_chart = {role.id: role for role in chart.roles}
    roles = []
    for number, seat in enumerate(model.seats):
        holder = on_chart[seat.role].holder
        counts = tally.successors.get(number, Counter())
        ranked = sorted(counts.items(), key=lambda item: (-item[1], name(item[0])))
        roles.append(
            RoleForecast(
                role=seat.role,
                title=on_chart[seat.role].title,
                level=levels[seat.role],
                team=seat.team,
                holder=seat.holder,
                holder_name=holder.name if holder else None,
                acting=seat.acting,
                changes=tally.changed[number] / runs,
                vacant=tally.vacant[number] / runs,
                successors=tuple(
                    Successor(person, name(person), count / runs) for person, count in ranked[:5]
                ),
            )
        )
    teams = sorted(tally.departures_by_team.items(), key=lambda item: (-item[1], item[0]))
    departures = Departures(
        by_team=tuple((team, count / runs) for team, count in teams),
        by_level=tuple(
            (level, count / runs) for level, count in sorted(tally.departures_by_level.items())
        ),
    )
    chains = sorted(tally.chains.items())
    total = sum(count for _, count in chains)
    mean = sum(length * count for length, count in chains) / total if total else None

    def key(move: tuple[int | None, int | None]) -> tuple[int, int]:
        return (-1 if move[0] is None else move[0], -1 if move[1] is None else move[1])

    return Forecast(
        start=start,
        end=end,
        runs=runs,
        seed=seed,
        estimates=estimates,
        roles=tuple(roles),
        departures=departures,
        chain_lengths=tuple((length, count / runs) for length, count in chains),
        mean_chain_length=round(mean, 3) if mean is not None else None,
        moves=tuple(
            LevelMove(move[0], move[1], count / runs)
            for move, count in sorted(tally.moves.items(), key=lambda item: key(item[0]))
        ),
        observed=transitions(
            timeline, max(start - (end - start), estimates.since or start), start, found=found
        ),
    )
