"""Every box a chart can show, made once, so that the chart on any day is only picked out.

A chart is a few objects per role and per person (:class:`~orgsim.questions.chart.Role` with its
:class:`~orgsim.questions.chart.Holder`, :class:`~orgsim.questions.chart.Person`), and making them
is most of what a chart costs: 75 ms for a 12,000-role chart, while a database answers "who holds
which role that day" from the same tenures in 7. Yet a role's box stays the same from one change of
that role (its title, its manager, its holder, the holder's leave) to the next, and a person's from
one change of theirs to the next. :class:`ChartIndex` cuts the intervals of a log at those changes
into *rows*, each a box ready made with the days it holds, and keeps a
:class:`~orgsim.replay.intervals.DayIndex` of them: the chart on a day is then the rows open that
day, in chart order, at the cost of a few set operations per box and no new object but the chart.

Rows are made from intervals of either source (a timeline's, or a snapshot's spans), given as
plain tuples with their days as ordinals, so both draw the same charts (a property test holds
them to :meth:`Chart.of <orgsim.questions.chart.Chart.of>`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple, TypeVar, cast

from orgsim.collector import quiet_collector
from orgsim.log.dates import PartialDate
from orgsim.log.events import Event
from orgsim.questions.chart import Chart, Holder, Person, Role
from orgsim.replay.intervals import DayIndex
from orgsim.replay.timeline import Timeline

__all__ = ["ChartIndex", "Charts"]


class VersionRow(NamedTuple):
    """A role as it stood between two changes (a timeline's ``RoleVersion``). Each row's days
    are ordinals: the first it holds, and the end (None while it runs)."""

    role: str
    first: int
    end: int | None
    title: str
    reports_to: str | None
    created: int
    """The seq of the role's creation: roles stand on a chart in the order they were made."""
    dotted_to: tuple[str, ...] = ()


class TenureRow(NamedTuple):
    role: str
    first: int
    end: int | None
    person: str
    acting: bool
    start: PartialDate
    order: tuple[int, int]
    """Replay order of the event that began it: a person's roles are listed in this order."""


class StintRow(NamedTuple):
    person: str
    first: int
    end: int | None
    name: str
    start: PartialDate
    order: int
    """The seq of the hire: people stand on a chart in the order they joined."""


class AbsenceRow(NamedTuple):
    person: str
    first: int
    end: int | None


class _Row(NamedTuple):
    order: tuple[int, int]
    start: int
    end: int | None
    box: Role | Person


_R = TypeVar("_R", VersionRow, TenureRow, StintRow, AbsenceRow)


def _by(rows: Iterable[_R], key: int) -> dict[str, list[_R]]:
    """Rows grouped by their ``key``-th field, each group in order of its start."""
    groups: dict[str, list[_R]] = {}
    for row in rows:
        if row.end is None or row.first < row.end:  # open on some day at all
            groups.setdefault(str(row[key]), []).append(row)
    for group in groups.values():
        if len(group) > 1:
            group.sort(key=lambda row: row.first)
    return groups


def _covering(rows: Sequence[_R], day: int) -> _R | None:
    """The row of a non-overlapping, start-ordered group open on ``day``. Groups are short (a
    role's holders, a person's stays), so a scan from the end beats a bisection."""
    for row in reversed(rows):
        if row.first <= day:
            return row if row.end is None or day < row.end else None
    return None


def _step(rows: Sequence[_R], at: int, day: int) -> int:
    """From ``at``, past the rows of a start-ordered group that ended by ``day``."""
    while at < len(rows) and (end := rows[at].end) is not None and end <= day:
        at += 1
    return at


def _at(rows: Sequence[_R], at: int, day: int) -> _R | None:
    """The row at ``at`` if it is open on ``day`` (:func:`_step` has passed those before)."""
    return rows[at] if at < len(rows) and rows[at].first <= day else None


def _cuts(*groups: Iterable[TenureRow | VersionRow | StintRow | AbsenceRow]) -> list[int]:
    """Every day on which something in ``groups`` begins or ends."""
    days = set()
    for group in groups:
        for row in group:
            days.add(row.first)
            if row.end is not None:
                days.add(row.end)
    return sorted(days)


def _pieces(cuts: list[int]) -> Iterable[tuple[int, int | None]]:
    """The days between consecutive cuts, the last running on."""
    for at, day in enumerate(cuts):
        yield day, cuts[at + 1] if at + 1 < len(cuts) else None


def _clipped(leaves: Iterable[AbsenceRow], tenure: TenureRow) -> Iterator[AbsenceRow]:
    """The part of each leave within ``tenure``: what changes the box of the role held."""
    for leave in leaves:
        start = max(leave.first, tenure.first)
        end = leave.end if tenure.end is None else min(leave.end or tenure.end, tenure.end)
        if end is None or start < end:
            yield AbsenceRow(leave.person, start, end)


class ChartIndex:
    """The rows of every role and every person, and an index of the days they hold."""

    def __init__(
        self,
        versions: Iterable[VersionRow],
        tenures: Iterable[TenureRow],
        stints: Iterable[StintRow],
        absences: Iterable[AbsenceRow],
        known_on: dt.date | None = None,
    ) -> None:
        self.known_on = known_on
        with quiet_collector(freeze=True):  # hundreds of thousands of long-lived boxes
            self._make(versions, tenures, stints, absences)

    def _make(
        self,
        versions: Iterable[VersionRow],
        tenures: Iterable[TenureRow],
        stints: Iterable[StintRow],
        absences: Iterable[AbsenceRow],
    ) -> None:
        tenures = list(tenures)
        versions_of, holders_of = _by(versions, 0), _by(tenures, 0)
        held_by, stints_of, away = _by(tenures, 3), _by(stints, 0), _by(absences, 0)
        none: list[AbsenceRow] = []
        role_rows: list[_Row] = []
        for key, spells in versions_of.items():
            holders = holders_of.get(key, [])
            leaves = [
                leave
                for holder in holders
                for leave in _clipped(away.get(holder.person, none), holder)
            ]
            made: dict[tuple[int, bool], Holder] = {}  # a holder's box, on leave or not
            at_version = at_holder = 0
            for start, end in _pieces(_cuts(spells, holders, leaves)):
                # The pieces come in order, so the version and the holder of each are found
                # by stepping on from the last piece's.
                at_version = _step(spells, at_version, start)
                version = _at(spells, at_version, start)
                if version is None:
                    continue
                at_holder = _step(holders, at_holder, start)
                tenure = _at(holders, at_holder, start)
                holder = None
                if tenure is not None:
                    away_then = bool(leaves) and (
                        _covering(away.get(tenure.person, none), start) is not None
                    )
                    holder = made.get((at_holder, away_then))
                    if holder is None:
                        stint = _covering(stints_of.get(tenure.person, []), tenure.first)
                        holder = made[at_holder, away_then] = Holder(
                            person=tenure.person,
                            name=stint.name if stint else tenure.person,
                            acting=tenure.acting,
                            since=tenure.start,
                            on_leave=away_then,
                        )
                role = Role(
                    version.role, version.title, version.reports_to, holder, version.dotted_to
                )
                role_rows.append(_Row((version.created, start), start, end, role))
        person_rows: list[_Row] = []
        for person, stays in stints_of.items():
            held = sorted(held_by.get(person, []), key=lambda tenure: tenure.order)
            leaves = away.get(person, none)
            at_stint = 0
            for start, end in _pieces(_cuts(stays, held, leaves)):
                at_stint = _step(stays, at_stint, start)
                stint = _at(stays, at_stint, start)
                if stint is None:
                    continue
                roles = tuple(
                    t.role for t in held if t.first <= start and (t.end is None or start < t.end)
                )
                someone = Person(
                    id=person,
                    name=stint.name,
                    roles=roles,
                    on_leave=bool(leaves) and _covering(leaves, start) is not None,
                    joined=stint.start,
                )
                person_rows.append(_Row((stint.order, start), start, end, someone))
        self._roles = _index(role_rows, Role)
        self._people = _index(person_rows, Person)

    @classmethod
    def of(cls, timeline: Timeline) -> ChartIndex:
        """The rows of a timeline's intervals."""

        def ordinal(date: PartialDate | None) -> int | None:
            return None if date is None else date.start.toordinal()

        def order(event: Event) -> tuple[int, int]:  # replay order (rule 5)
            return event.on.start.toordinal(), event.seq

        return cls(
            (
                VersionRow(
                    v.role,
                    v.start.start.toordinal(),
                    ordinal(v.end),
                    v.title,
                    v.reports_to,
                    v.created.seq,
                    v.dotted_to,
                )
                for group in timeline.versions.values()
                for v in group
            ),
            (
                TenureRow(
                    t.role,
                    t.start.start.toordinal(),
                    ordinal(t.end),
                    t.person,
                    t.acting,
                    t.start,
                    order(t.event),
                )
                for group in timeline.tenures.values()
                for t in group
            ),
            (
                StintRow(
                    s.person,
                    s.start.start.toordinal(),
                    ordinal(s.end),
                    s.name,
                    s.start,
                    s.event.seq,
                )
                for group in timeline.stints.values()
                for s in group
            ),
            (
                AbsenceRow(a.person, a.start.start.toordinal(), ordinal(a.end))
                for group in timeline.absences.values()
                for a in group
            ),
            timeline.known_on,
        )

    def chart(self, day: dt.date) -> Chart:
        """The chart on ``day``: what :meth:`Chart.at <orgsim.questions.chart.Chart.at>` draws."""
        roles, people = self._roles, self._people
        return Chart(
            date=day,
            roles=tuple(map(roles.spans.__getitem__, roles.positions_on(day))),
            people=tuple(map(people.spans.__getitem__, people.positions_on(day))),
            known_on=self.known_on,
        )


_B = TypeVar("_B", Role, Person)


def _index(rows: list[_Row], kind: type[_B]) -> DayIndex[_B]:
    """The boxes of ``rows`` in chart order (a role or a person has one row on a day), indexed
    by the days each holds."""
    rows.sort(key=lambda row: row.order)
    boxes = [row.box for row in rows]
    assert all(isinstance(box, kind) for box in boxes)
    return DayIndex.of_ordinals(cast(list[_B], boxes), [(row.start, row.end) for row in rows])


class Charts:
    """Charts of one log, drawn one by one (``draw``) until together they have made as many
    boxes as the log has intervals (``size``), which is about what an index of every box
    costs; then from a :class:`ChartIndex` (``index`` makes it). So a few charts of a long
    history never pay for an index of all of it, many charts get one, and the work is never
    much more than twice what knowing in advance how many would be asked would have cost."""

    def __init__(
        self,
        draw: Callable[[dt.date], Chart],
        index: Callable[[], ChartIndex],
        size: int,
    ) -> None:
        self._draw = draw
        self._make_index = index
        self._size = size
        self._made = 0
        self._index: ChartIndex | None = None

    @classmethod
    def of(cls, timeline: Timeline) -> Charts:
        """The charts of ``timeline``."""
        size = sum(
            len(group)
            for groups in (timeline.versions, timeline.tenures, timeline.stints, timeline.absences)
            for group in groups.values()
        )
        return cls(lambda day: Chart.at(timeline, day), lambda: ChartIndex.of(timeline), size)

    def chart(self, day: dt.date) -> Chart:
        if self._index is not None:
            return self._index.chart(day)
        chart = self._draw(day)
        self._made += len(chart.roles) + len(chart.people)
        if self._made >= self._size:
            self._index = self._make_index()
        return chart
