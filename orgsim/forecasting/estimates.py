"""What a forecast assumes, estimated from the log's own history, and said out loud.

A forecast needs three things the log can tell, each by *level* (a role's depth in the tree: 0
at the top, then 1, 2, and 3 for everything deeper, pooled):

- **How long holders stay.** The hazard of a holder's tenure ending, split into leaving the
  organisation (*exit*) and leaving the role for another or none (*move*; a promotion into the
  role above is not one: the forecast makes those when it fills that role), per level and per
  band of time in the role (under a year, one to three years, three or more). Each is the
  maximum-likelihood rate of a piecewise-constant hazard: the tenures that ended in the band
  divided by the years all tenures spent in it, tenures still running counted up to the day
  the forecast starts (right-censored). That is what Kaplan-Meier gives for a few wide bands,
  in a few lines and without a dependency (lifelines brings pandas and scipy along).
- **How long a seat stays empty.** The rate at which vacancies are filled, the same way:
  fills divided by the years seats stood empty.
- **Who fills it.** The share of fills by a direct report of the seat, by someone else inside
  (another role's holder, or someone without one), from outside (a hire); and how often a
  vacancy is first covered by an acting holder.

A role's level is its depth on the last day it stood before the forecast begins.

A short log cannot tell much. Every figure is therefore pulled toward a wider one, in
proportion to how little evidence it has (partial pooling): a band's rate toward its level's,
with the weight of :data:`PRIOR_YEARS` years of exposure; a level's toward the whole log's; the
whole log's toward the documented :data:`DEFAULTS`, with the weight of :data:`DEFAULT_YEARS`.
Each estimate keeps its evidence (events and exposure), so a reader can see which figures the
log supports and which are mostly the defaults. Acting tenures are left out of the hazards: an
acting holder is a stop-gap, not a tenure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

import attrs

from orgsim.log.events import Depart, Hire, Promote
from orgsim.questions.vacancies import Vacancies, Vacancy, depth, vacancies
from orgsim.replay.spans import Tenure
from orgsim.replay.timeline import Timeline

__all__ = [
    "DEFAULTS",
    "DEFAULT_YEARS",
    "LEVELS",
    "PRIOR_YEARS",
    "TENURE_BANDS",
    "Defaults",
    "Estimates",
    "FillEstimate",
    "HazardEstimate",
    "estimate",
    "level_band",
]

YEAR: Final = 365.25
#: The levels estimated apart: 0, 1, 2, and 3 for every level from 3 down.
LEVELS: Final = 4
#: Bands of time in a role, in days from the start of the tenure: [0, 1y), [1y, 3y), [3y, ...).
TENURE_BANDS: Final = (0.0, YEAR, 3 * YEAR)
#: The weight, in years of exposure, of the wider estimate a band's or a level's is pulled to.
PRIOR_YEARS: Final = 5.0
#: The weight of the defaults, in years of exposure, against the whole log's own estimate.
DEFAULT_YEARS: Final = 10.0
#: The weight of the default fill rate and shares, in vacancies.
PRIOR_VACANCIES: Final = 3.0


@attrs.frozen
class Defaults:
    """What a forecast assumes where the log cannot tell. Rates are per year."""

    exit: float = 0.10
    """Holders leaving the organisation: about one in ten a year, the order of voluntary
    turnover among managers in published surveys."""
    move: float = 0.10
    """Holders leaving a role for another one (or none) inside."""
    fill_days: float = 90.0
    """The mean time a seat stays empty: about three months for a senior hire."""
    from_reports: float = 0.4
    """The share of seats filled by one of the seat's direct reports."""
    inside: float = 0.2
    """The share filled by someone else inside."""
    outside: float = 0.4
    """The share filled from outside."""
    acting: float = 0.2
    """The share of vacancies first covered by an acting holder."""


DEFAULTS: Final = Defaults()


def level_band(level: int) -> int:
    """The level a forecast estimates for: the role's own, down to 3, then 3."""
    return min(level, LEVELS - 1)


def tenure_band(days: float) -> int:
    band = 0
    for number, start in enumerate(TENURE_BANDS):
        if days >= start:
            band = number
    return band


@attrs.frozen
class HazardEstimate:
    """The rates a band of holders leave at, per year, with the evidence for them."""

    level: int
    band: int
    """Index into :data:`TENURE_BANDS`."""
    exits: int
    moves: int
    years: float
    """Years of exposure: the time all tenures spent in this level and band."""
    exit_rate: float
    move_rate: float
    """The rates after pooling (see the module's docstring), per year."""


@attrs.frozen
class FillEstimate:
    """How the seats of one level are filled, with the evidence."""

    level: int
    fills: int
    vacant_years: float
    fill_rate: float
    """Fills per year of vacancy, after pooling."""
    from_reports: float
    inside: float
    outside: float
    """Shares of the fills, after pooling; they sum to 1."""
    acting: float
    """Share of vacancies first covered by an acting holder, after pooling."""

    @property
    def mean_days(self) -> float:
        """The mean time a seat stays empty, in days."""
        return YEAR / self.fill_rate


@attrs.frozen
class Estimates:
    """Everything a forecast assumes, estimated from ``timeline`` up to ``day``."""

    day: dt.date
    since: dt.date | None
    """The first day of the history the estimates come from (None: no history at all)."""
    hazards: tuple[HazardEstimate, ...]
    """By level, then band: ``LEVELS * len(TENURE_BANDS)`` of them."""
    fills: tuple[FillEstimate, ...]
    """By level."""
    defaults: Defaults

    def hazard(self, level: int, band: int) -> HazardEstimate:
        return self.hazards[level_band(level) * len(TENURE_BANDS) + band]

    def fill(self, level: int) -> FillEstimate:
        return self.fills[level_band(level)]


def _pooled(events: float, years: float, prior: float, weight: float) -> float:
    """The rate ``events / years`` pulled toward ``prior`` with the weight of ``weight``
    years of exposure: a gamma-Poisson posterior mean."""
    return (events + prior * weight) / (years + weight)


def _exposure(tenure: Tenure, since: dt.date, day: dt.date) -> list[tuple[int, float]]:
    """The days ``tenure`` spent in each band of time in the role, within [since, day)."""
    start = tenure.start.start
    end = min(tenure.end.start, day) if tenure.end is not None else day
    low, high = max(start, since), end
    if high <= low:
        return []
    spent: list[tuple[int, float]] = []
    bounds = [*TENURE_BANDS, float("inf")]
    first, last = (low - start).days, (high - start).days
    for band in range(len(TENURE_BANDS)):
        a, b = max(first, bounds[band]), min(last, bounds[band + 1])
        if b > a:
            spent.append((band, b - a))
    return spent


def _ends(timeline: Timeline, tenure: Tenure, day: dt.date) -> str | None:
    """How ``tenure`` ended by ``day``: ``exit``, ``move``, or None: running then, only
    changed to or from acting in the same role (no end of a holding), or ended by a promotion
    into the role it reports to. A forecast makes those promotions itself, when the seat above
    falls vacant and is filled from its reports: counted here too, they would happen twice."""
    ended = tenure.ended_by
    if ended is None or tenure.end is None or tenure.end.start > day:
        return None
    if isinstance(ended, Depart):
        return "exit"
    if isinstance(ended, Promote):
        if ended.person == tenure.person and ended.role == tenure.role:
            return None
        version = timeline.role_at(tenure.role, tenure.end.start - dt.timedelta(days=1))
        if version is not None and version.reports_to == ended.role:
            return None
    return "move"


def estimate(
    timeline: Timeline,
    day: dt.date,
    defaults: Defaults = DEFAULTS,
    *,
    found: Vacancies | None = None,
) -> Estimates:
    """The estimates a forecast from ``day`` makes of ``timeline``'s history before it
    (``found``: its vacancies, when the caller has them already)."""
    days = [e.on.start for e in timeline.applied if e.on.start <= day]
    since = min(days) if days else None
    shape = (LEVELS, len(TENURE_BANDS))
    exits = [[0] * shape[1] for _ in range(shape[0])]
    moves = [[0] * shape[1] for _ in range(shape[0])]
    years = [[0.0] * shape[1] for _ in range(shape[0])]
    levels: dict[str, int] = {}

    def level_of(role: str, _: dt.date) -> int:
        # A role's level is its depth on the last day it stood before the forecast: roles
        # seldom change levels, and asking once per role keeps this linear in the log.
        if role not in levels:
            versions = timeline.versions[role]
            last = versions[-1].end.start if versions[-1].end is not None else day
            on = min(last, day) - dt.timedelta(days=1)
            levels[role] = level_band(depth(timeline, role, max(on, versions[0].start.start)))
        return levels[role]

    if since is not None:
        for role, tenures in timeline.tenures.items():
            for tenure in tenures:
                if tenure.acting:
                    continue
                spent = _exposure(tenure, since, day)
                if not spent:
                    continue
                last = min(tenure.end.start, day) if tenure.end is not None else day
                level = level_of(role, last - dt.timedelta(days=1))
                for band, span in spent:
                    years[level][band] += span / YEAR
                how = _ends(timeline, tenure, day)
                if how is not None:
                    band = tenure_band((last - tenure.start.start).days)
                    (exits if how == "exit" else moves)[level][band] += 1
    hazards = _hazards(exits, moves, years, defaults)
    if since is not None and found is None:
        found = vacancies(timeline)
    fills = _fills(timeline, day, since, defaults, level_of, found)
    return Estimates(day, since, hazards, fills, defaults)


def _hazards(
    exits: list[list[int]],
    moves: list[list[int]],
    years: list[list[float]],
    defaults: Defaults,
) -> tuple[HazardEstimate, ...]:
    all_years = sum(map(sum, years))
    overall_exit = _pooled(sum(map(sum, exits)), all_years, defaults.exit, DEFAULT_YEARS)
    overall_move = _pooled(sum(map(sum, moves)), all_years, defaults.move, DEFAULT_YEARS)
    found = []
    for level in range(LEVELS):
        level_years = sum(years[level])
        level_exit = _pooled(sum(exits[level]), level_years, overall_exit, PRIOR_YEARS)
        level_move = _pooled(sum(moves[level]), level_years, overall_move, PRIOR_YEARS)
        for band in range(len(TENURE_BANDS)):
            y = years[level][band]
            found.append(
                HazardEstimate(
                    level,
                    band,
                    exits[level][band],
                    moves[level][band],
                    round(y, 4),
                    _pooled(exits[level][band], y, level_exit, PRIOR_YEARS),
                    _pooled(moves[level][band], y, level_move, PRIOR_YEARS),
                )
            )
    return tuple(found)


def _confirmed(timeline: Timeline, vacancy: Vacancy) -> Tenure | None:
    """The first tenure that is not acting to start in ``vacancy``'s role once it opened,
    unless the role was abolished first."""
    if vacancy.filled is None:
        return None
    if not vacancy.filled.acting:
        return vacancy.filled
    limit = vacancy.abolished.on.start if vacancy.abolished is not None else None
    for tenure in timeline.tenures.get(vacancy.role, ()):
        if tenure.acting or tenure.start.start < vacancy.filled.start.start:
            continue
        if limit is not None and tenure.start.start >= limit:
            return None
        return tenure
    return None


def _how_filled(timeline: Timeline, fill: Tenure, found: Vacancies) -> str:
    """``reports``, ``inside`` or ``outside``: where the person who filled a seat for good
    (``fill``) came from."""
    if isinstance(fill.event, Hire):
        return "outside"
    for previous in found.opened_by.get(fill.event.seq, ()):
        if previous.role == fill.role or previous.vacated is None:
            continue
        if previous.vacated.person != fill.person:
            continue
        version = timeline.role_at(previous.role, previous.opened - dt.timedelta(days=1))
        if version is not None and version.reports_to == fill.role:
            return "reports"
    return "inside"


def _fills(
    timeline: Timeline,
    day: dt.date,
    since: dt.date | None,
    defaults: Defaults,
    level_of: Callable[[str, dt.date], int],
    found: Vacancies | None,
) -> tuple[FillEstimate, ...]:
    fills = [0] * LEVELS
    vacant = [0.0] * LEVELS
    ways = [{"reports": 0, "inside": 0, "outside": 0} for _ in range(LEVELS)]
    acting = [0] * LEVELS
    if since is not None and found is not None:
        for vacancy in found.all:
            opened = vacancy.opened
            if opened >= day:
                continue
            # A seat is filled when someone holds it for good: an acting holder covers it
            # meanwhile (the runs appoint one at once, in the level's acting share).
            confirmed = _confirmed(timeline, vacancy)
            filled_on = confirmed.start.start if confirmed is not None else None
            abolished_on = vacancy.abolished.on.start if vacancy.abolished is not None else None
            end = min(x for x in (filled_on, abolished_on, day) if x is not None)
            level = level_of(vacancy.role, opened)
            vacant[level] += max((end - max(opened, since)).days, 0) / YEAR
            if confirmed is None or filled_on is None or filled_on > day:
                continue
            fills[level] += 1
            if vacancy.filled is not None and vacancy.filled.acting:
                acting[level] += 1
            ways[level][_how_filled(timeline, confirmed, found)] += 1
    default_rate = YEAR / defaults.fill_days
    overall_rate = _pooled(sum(fills), sum(vacant), default_rate, PRIOR_VACANCIES / default_rate)
    shares = {
        "reports": defaults.from_reports,
        "inside": defaults.inside,
        "outside": defaults.outside,
    }
    found_fills = []
    for level in range(LEVELS):
        rate = _pooled(fills[level], vacant[level], overall_rate, PRIOR_VACANCIES / overall_rate)
        total = fills[level] + PRIOR_VACANCIES
        share = {way: (ways[level][way] + PRIOR_VACANCIES * shares[way]) / total for way in shares}
        found_fills.append(
            FillEstimate(
                level,
                fills[level],
                round(vacant[level], 4),
                rate,
                share["reports"],
                share["inside"],
                share["outside"],
                (acting[level] + PRIOR_VACANCIES * defaults.acting) / total,
            )
        )
    return tuple(found_fills)
