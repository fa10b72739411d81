"""Churn: arrivals, departures and role changes per month, quarter or year; the roles that
turned over most; where leavers went; how long they had stayed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from statistics import mean
from typing import Final, Literal

import attrs

from orgsim.log.dates import Precision
from orgsim.log.events import Depart, Hire, Promote, StepDown
from orgsim.questions.spells import approximate, date_range, days_between, title_on
from orgsim.replay.timeline import Timeline

__all__ = ["GRANULARITIES", "Churn", "Granularity", "Period", "Turnover", "churn"]


Granularity = Literal["month", "quarter", "year"]
GRANULARITIES: Final = ("month", "quarter", "year")


@attrs.frozen
class Period:
    """Counts for one month, quarter or year. ``approximate`` counts the events whose date is
    coarser than the period (a year-precision departure in a monthly count), which are counted
    in the period where their date starts."""

    label: str
    start: dt.date
    arrivals: int
    departures: int
    role_changes: int
    approximate: int


@attrs.frozen
class Turnover:
    """A role that had more than one holder in the window."""

    role: str
    title: str
    holders: tuple[str, ...]


@attrs.frozen
class Churn:
    """Arrivals, departures and role changes between two dates (both included)."""

    start: dt.date
    end: dt.date
    by: str
    periods: tuple[Period, ...]
    arrivals: tuple[str, ...]
    departures: tuple[str, ...]
    turnover: tuple[Turnover, ...]
    destinations: tuple[tuple[str, int], ...]
    reasons: tuple[tuple[str, int], ...]
    average_tenure_days: float | None
    tenure_approximate: bool
    names: Mapping[str, str]
    """Display names of the people named above, by id."""


def _period_start(day: dt.date, by: Granularity) -> dt.date:
    if by == "month":
        return day.replace(day=1)
    if by == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, 1, 1)


def _label(start: dt.date, by: Granularity) -> str:
    if by == "month":
        return f"{start:%Y-%m}"
    if by == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def _next(start: dt.date, by: Granularity) -> dt.date:
    months = {"month": 1, "quarter": 3, "year": 12}[by]
    month = start.month - 1 + months
    return dt.date(start.year + month // 12, month % 12 + 1, 1)


_FINER: Final = {
    "month": {Precision.DAY, Precision.MONTH},
    "quarter": {Precision.DAY, Precision.MONTH},
    "year": {Precision.DAY, Precision.MONTH, Precision.YEAR},
}


def churn(
    timeline: Timeline, start: dt.date | str, end: dt.date | str, by: Granularity = "month"
) -> Churn:
    """Who came, who went and who moved between ``start`` and ``end`` (dates or
    ``"YYYY-MM-DD"``), per ``by``; a range given backwards is refused."""
    start, end = date_range(start, end)
    if by not in GRANULARITIES:
        raise ValueError(f"by must be one of {', '.join(GRANULARITIES)}")
    window = [e for e in timeline.applied if start <= e.on.start <= end]
    arrivals = [e for e in window if isinstance(e, Hire)]
    departures = [e for e in window if isinstance(e, Depart)]
    periods = []
    cursor = _period_start(start, by)
    while cursor <= end:
        following = _next(cursor, by)
        inside = [e for e in window if cursor <= e.on.start < following]
        periods.append(
            Period(
                label=_label(cursor, by),
                start=cursor,
                arrivals=sum(isinstance(e, Hire) for e in inside),
                departures=sum(isinstance(e, Depart) for e in inside),
                role_changes=sum(isinstance(e, Promote | StepDown) for e in inside),
                approximate=sum(
                    e.on.precision not in _FINER[by]
                    for e in inside
                    if isinstance(e, Hire | Depart | Promote | StepDown)
                ),
            )
        )
        cursor = following
    tenures = [_stay_length(timeline, event) for event in departures]
    known = [days for days, _ in tenures if days is not None]
    turnover = _turnover(timeline, start, end)
    return Churn(
        start=start,
        end=end,
        by=by,
        periods=tuple(periods),
        arrivals=tuple(e.person for e in arrivals),
        departures=tuple(e.person for e in departures),
        turnover=turnover,
        destinations=_counted(e.destination or "unknown" for e in departures),
        reasons=_counted(e.reason for e in departures),
        average_tenure_days=round(mean(known), 1) if known else None,
        tenure_approximate=any(approx for _, approx in tenures),
        names={
            person: timeline.name_of(person)
            for person in _people_in(arrivals, departures, turnover)
        },
    )


def _people_in(
    arrivals: list[Hire], departures: list[Depart], turnover: tuple[Turnover, ...]
) -> set[str]:
    return (
        {e.person for e in arrivals}
        | {e.person for e in departures}
        | {person for turn in turnover for person in turn.holders}
    )


def _counted(values: Iterable[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(Counter(values).items(), key=lambda item: (-item[1], item[0])))


def _stay_length(timeline: Timeline, departure: Depart) -> tuple[int | None, bool]:
    for stint in timeline.stints.get(departure.person, ()):
        if stint.ended_by == departure:
            return days_between(stint.start, stint.end, departure.on.start), approximate(
                stint.start, stint.end
            )
    return None, False


def _turnover(timeline: Timeline, start: dt.date, end: dt.date) -> tuple[Turnover, ...]:
    found = []
    for role, tenures in timeline.tenures.items():
        inside = [
            t for t in tenures if t.start.start <= end and (t.end is None or t.end.start > start)
        ]
        people = list(dict.fromkeys(t.person for t in inside))
        if len(people) > 1:
            found.append(Turnover(role, title_on(timeline, role, end), tuple(people)))
    found.sort(key=lambda t: (-len(t.holders), t.role))
    return tuple(found)
