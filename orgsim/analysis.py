"""Questions across time, answered from a timeline: what a snapshot chart never can.

- :func:`history`: every role a person held, from when to when, their leaves, and when, why and
  where they left.
- :func:`succession`: every holder of a role in order, with the vacancies between them.
- :func:`diff`: what changed between two dates: who joined, left (and where to) and moved, which
  roles were created, retitled, moved, abolished, vacated and filled.
- :func:`churn`: arrivals, departures and role changes per month, quarter or year; the roles
  that turned over most; where leavers went; how long they had stayed.

Every answer is an immutable value built from a :class:`~orgsim.timeline.Timeline`, so it works
the same on the timeline "as known on" a day. Lengths between imprecise dates (a year, a month)
are counted from their starts and marked ``approximate``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from statistics import mean
from typing import Final, Literal

import attrs

from orgsim.chart import Chart, Role
from orgsim.dates import PartialDate, Precision, parse_day
from orgsim.errors import NotFound, OrgsimError
from orgsim.events import Depart, Hire, Promote, Reorg, StepDown
from orgsim.timeline import Span, Stint, Tenure, Timeline

__all__ = [
    "Change",
    "Churn",
    "Departure",
    "Diff",
    "Gap",
    "History",
    "Incumbent",
    "Move",
    "Period",
    "RoleSpell",
    "Spell",
    "Stay",
    "Succession",
    "Turnover",
    "churn",
    "diff",
    "history",
    "succession",
]

Granularity = Literal["month", "quarter", "year"]
GRANULARITIES: Final = ("month", "quarter", "year")


def _days(start: PartialDate, end: PartialDate | None, today: dt.date) -> int:
    return ((end.start if end else today) - start.start).days


def _approximate(*dates: PartialDate | None) -> bool:
    return any(d is not None and not d.exact for d in dates)


@attrs.frozen
class Spell:
    """A stretch of time: in a role, in the organisation, or on leave.

    ``days`` counts from the start to the end (or to the timeline's last event when it still
    runs); ``approximate`` when either date is known only to the month or year. ``source`` is
    the source of the event that began it and ``end_source`` of the one that ended it (None
    while it runs), so that both dates can be checked.
    """

    start: PartialDate
    end: PartialDate | None
    days: int
    approximate: bool
    source: str
    end_source: str | None

    @classmethod
    def of(cls, span: Span, today: dt.date) -> Spell:
        return cls(
            start=span.start,
            end=span.end,
            days=max(0, _days(span.start, span.end, today)),
            approximate=_approximate(span.start, span.end),
            source=span.event.source,
            end_source=span.ended_by.source if span.ended_by else None,
        )


@attrs.frozen
class RoleSpell:
    """A person in one role."""

    role: str
    title: str
    acting: bool
    spell: Spell


@attrs.frozen
class Departure:
    """How a stint in the organisation ended, and the roles the person left behind."""

    on: PartialDate
    reason: str
    destination: str | None
    source: str
    note: str | None
    roles: tuple[str, ...] = ()
    last_role: str | None = None
    """The role they held last in that stint (None if they held none)..."""
    last_title: str | None = None
    """...under the title it had while they held it..."""
    last_role_ended: PartialDate | None = None
    """...and when they gave it up: before ``on`` when they stepped down first."""

    @classmethod
    def of(cls, timeline: Timeline, event: Depart) -> Departure:
        held = timeline.roles_held.get(event.person, ())
        left = tuple(t.role for t in held if t.ended_by is event)
        stint = next(
            (s for s in timeline.stints.get(event.person, ()) if s.ended_by is event), None
        )
        within = [t for t in held if stint is not None and _inside(t, stint) and t.end]
        # The role given up last; of two given up together, the one taken last.
        last = max(within, key=lambda t: (t.end.start, t.start.start, t.event.seq), default=None)  # type: ignore[union-attr]
        title = ended = None
        if last is not None and last.end is not None:
            ended = last.end
            title = _title(
                timeline, last.role, max(last.start.start, ended.start - dt.timedelta(days=1))
            )
        return cls(
            event.on,
            event.reason,
            event.destination,
            event.source,
            event.note,
            left,
            last.role if last else None,
            title,
            ended,
        )


@attrs.frozen
class Stay:
    """One time in the organisation: joined, roles, leaves, departure (None if still there)."""

    name: str
    spell: Spell
    roles: tuple[RoleSpell, ...]
    leaves: tuple[Spell, ...]
    departure: Departure | None


@attrs.frozen
class History:
    """Everything a log says about one person, in order. A re-hire makes a second stay."""

    person: str
    name: str
    stays: tuple[Stay, ...]


def _not_in(timeline: Timeline, what: str, key: str) -> NotFound:
    when = f" as known on {timeline.known_on}" if timeline.known_on else ""
    return NotFound(f"no {what} {key!r} in the log{when}")


def _today(timeline: Timeline) -> dt.date:
    """Where a spell that still runs is measured to: the ``known_on`` day of a past view, else
    the last date the log knows of (its latest ``on`` or ``recorded``), so that a log which
    stops in 2025 does not claim anyone stayed into 2026."""
    if timeline.known_on is not None:
        return timeline.known_on
    return max((max(e.on.start, e.known_from.start) for e in timeline.log), default=dt.date.today())


def _title(timeline: Timeline, role: str, day: dt.date) -> str:
    version = timeline.role_at(role, day)
    if version is None:  # the role changed the same day: take its last title before
        versions = timeline.versions.get(role, ())
        earlier = [v for v in versions if v.start.start <= day] or list(versions)
        return earlier[-1].title if earlier else role
    return version.title


def _range(start: dt.date | str, end: dt.date | str) -> tuple[dt.date, dt.date]:
    first, last = parse_day(start), parse_day(end)
    if first > last:
        raise OrgsimError(f"the range runs backwards: {first} is after {last}")
    return first, last


def history(timeline: Timeline, person: str) -> History:
    """Every stay of ``person`` (an id or a name)."""
    person = timeline.person_id(person) if person not in timeline.stints else person
    stints = timeline.stints.get(person)
    if not stints:
        raise _not_in(timeline, "person", person)
    today = _today(timeline)
    stays = []
    for stint in stints:
        within = [t for t in timeline.roles_held.get(person, ()) if _inside(t, stint)]
        leaves = [a for a in timeline.absences.get(person, ()) if _inside(a, stint)]
        departure = None
        if isinstance(stint.ended_by, Depart):
            event = stint.ended_by
            departure = Departure.of(timeline, event)
        stays.append(
            Stay(
                name=stint.name,
                spell=Spell.of(stint, today),
                roles=tuple(
                    RoleSpell(
                        t.role,
                        _title(timeline, t.role, t.start.start),
                        t.acting,
                        Spell.of(t, today),
                    )
                    for t in within
                ),
                leaves=tuple(Spell.of(a, today) for a in leaves),
                departure=departure,
            )
        )
    return History(person=person, name=stints[-1].name, stays=tuple(stays))


def _inside(span: Span, stint: Stint) -> bool:
    """Whether ``span`` (a tenure or a leave) belongs to ``stint``."""
    after_start = (span.start.start, span.event.seq) >= (stint.start.start, stint.event.seq)
    if stint.end is None or stint.ended_by is None:
        return after_start
    before_end = (span.start.start, span.event.seq) < (stint.end.start, stint.ended_by.seq)
    return after_start and before_end


@attrs.frozen
class Incumbent:
    """One holder of a role in a succession."""

    person: str
    name: str
    acting: bool
    spell: Spell


@attrs.frozen
class Gap:
    """A vacancy between two holders (or before the first, after the last)."""

    start: PartialDate
    end: PartialDate | None
    days: int
    approximate: bool


@attrs.frozen
class Succession:
    """The holders of a role in order, the vacancies between them, and its titles over time."""

    role: str
    titles: tuple[tuple[PartialDate, str], ...]
    holders: tuple[Incumbent, ...]
    gaps: tuple[Gap, ...]
    created: PartialDate
    abolished: PartialDate | None


def succession(timeline: Timeline, role: str) -> Succession:
    """Every holder of ``role`` (an id or a title it has had)."""
    role = timeline.role_id(role) if role not in timeline.versions else role
    versions = timeline.versions.get(role)
    if not versions:
        raise _not_in(timeline, "role", role)
    today = _today(timeline)
    tenures = timeline.tenures.get(role, ())
    holders = tuple(
        Incumbent(t.person, _name(timeline, t), t.acting, Spell.of(t, today)) for t in tenures
    )
    gaps = []
    edge: PartialDate | None = versions[0].start
    for tenure in tenures:
        if edge is not None and edge.start < tenure.start.start:
            gaps.append(_gap(edge, tenure.start, today))
        edge = tenure.end
    last = versions[-1]
    abolished = last.end if isinstance(last.ended_by, Reorg) and last.ended_by.abolished else None
    if edge is not None and (abolished is None or edge.start < abolished.start):
        gaps.append(_gap(edge, abolished, today))
    titles: list[tuple[PartialDate, str]] = []
    for version in versions:
        if not titles or titles[-1][1] != version.title:
            titles.append((version.start, version.title))
    return Succession(role, tuple(titles), holders, tuple(gaps), versions[0].start, abolished)


def _gap(start: PartialDate, end: PartialDate | None, today: dt.date) -> Gap:
    return Gap(start, end, max(0, _days(start, end, today)), _approximate(start, end))


def _name(timeline: Timeline, tenure: Tenure) -> str:
    stint = timeline.stint_at(tenure.person, tenure.start.start)
    return stint.name if stint else timeline.name_of(tenure.person)


@attrs.frozen
class Move:
    """Someone present on both dates whose roles changed."""

    person: str
    name: str
    before: tuple[str, ...]
    after: tuple[str, ...]


@attrs.frozen
class Change:
    """A role whose title or reporting line changed between two dates."""

    role: str
    before: str | None
    after: str | None


@attrs.frozen
class Diff:
    """What changed between the charts on two dates (as role ids and person ids)."""

    start: dt.date
    end: dt.date
    joined: tuple[str, ...]
    left: tuple[tuple[str, Departure | None], ...]
    moved: tuple[Move, ...]
    created: tuple[str, ...]
    abolished: tuple[str, ...]
    retitled: tuple[Change, ...]
    reparented: tuple[Change, ...]
    vacated: tuple[str, ...]
    filled: tuple[str, ...]
    changed_hands: tuple[str, ...]
    names: Mapping[str, str]
    """Display names of the people named above, by id."""
    titles: Mapping[str, str]
    """Titles of the roles named above, by id (as on ``end``, or on ``start`` if gone)."""

    @property
    def empty(self) -> bool:
        """Whether nothing changed."""
        return not any(attrs.astuple(self, recurse=False)[2:-2])


def diff(timeline: Timeline, start: dt.date | str, end: dt.date | str) -> Diff:
    """The changes from the chart on ``start`` to the chart on ``end`` (dates or
    ``"YYYY-MM-DD"``); a range given backwards is refused."""
    start, end = _range(start, end)
    before, after = Chart.at(timeline, start), Chart.at(timeline, end)
    people_before = {p.id: p for p in before.people}
    people_after = {p.id: p for p in after.people}
    roles_before = {r.id: r for r in before.roles}
    roles_after = {r.id: r for r in after.roles}
    left = []
    for person in people_before:
        if person not in people_after:
            left.append((person, _departure_between(timeline, person, start, end)))
    moved = tuple(
        Move(pid, people_after[pid].name, people_before[pid].roles, people_after[pid].roles)
        for pid in people_after
        if pid in people_before
        and sorted(people_before[pid].roles) != sorted(people_after[pid].roles)
    )
    both = [rid for rid in roles_after if rid in roles_before]

    def holder(roles: Mapping[str, Role], rid: str) -> str | None:
        role = roles.get(rid)
        return None if role is None or role.holder is None else role.holder.person

    names = {p.id: p.name for p in (*before.people, *after.people)}
    titles = {r.id: r.title for r in (*before.roles, *after.roles)}
    for _, departure in left:
        if departure is not None:
            for role in departure.roles:
                titles.setdefault(role, _title(timeline, role, departure.on.start))
    return Diff(
        names=names,
        titles=titles,
        start=start,
        end=end,
        joined=tuple(p for p in people_after if p not in people_before),
        left=tuple(left),
        moved=moved,
        created=tuple(r for r in roles_after if r not in roles_before),
        abolished=tuple(r for r in roles_before if r not in roles_after),
        retitled=tuple(
            Change(r, roles_before[r].title, roles_after[r].title)
            for r in both
            if roles_before[r].title != roles_after[r].title
        ),
        reparented=tuple(
            Change(r, roles_before[r].reports_to, roles_after[r].reports_to)
            for r in both
            if roles_before[r].reports_to != roles_after[r].reports_to
        ),
        vacated=tuple(r for r in both if holder(roles_before, r) and not holder(roles_after, r)),
        filled=tuple(
            r for r in roles_after if holder(roles_after, r) and not holder(roles_before, r)
        ),
        changed_hands=tuple(
            r
            for r in both
            if holder(roles_before, r)
            and holder(roles_after, r)
            and holder(roles_before, r) != holder(roles_after, r)
        ),
    )


def _departure_between(
    timeline: Timeline, person: str, start: dt.date, end: dt.date
) -> Departure | None:
    for stint in timeline.stints.get(person, ()):
        event = stint.ended_by
        if isinstance(event, Depart) and start < event.on.start <= end:
            return Departure.of(timeline, event)
    return None


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
    start, end = _range(start, end)
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
            return _days(stint.start, stint.end, departure.on.start), _approximate(
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
            found.append(Turnover(role, _title(timeline, role, end), tuple(people)))
    found.sort(key=lambda t: (-len(t.holders), t.role))
    return tuple(found)
