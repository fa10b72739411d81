"""The chart: the organisation on one date, as an immutable value.

A chart is what every view draws: the tree of roles (vacancies included, because a role exists
whether or not anyone holds it), who holds each and since when, whether they are acting or on
leave, and everyone in the organisation that day, with or without a role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol

import attrs

from orgsim.collector import quiet_collector
from orgsim.errors import NotFound
from orgsim.log.dates import PartialDate
from orgsim.replay.timeline import Timeline

__all__ = ["Chart", "Holder", "OpenIntervals", "Person", "Role", "lend_drawing"]

#: How a chart draws itself as SVG for Jupyter, lent by the views (:func:`lend_drawing`).
_drawing: Callable[[Chart], str] | None = None


def lend_drawing(draw: Callable[[Chart], str]) -> None:
    """Let charts draw themselves in Jupyter with ``draw`` (the views call it as they load:
    the chart cannot import them, since they import it)."""
    global _drawing
    _drawing = draw


class _Version(Protocol):
    @property
    def role(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def reports_to(self) -> str | None: ...
    @property
    def dotted_to(self) -> tuple[str, ...]: ...


class _Tenure(Protocol):
    @property
    def role(self) -> str: ...
    @property
    def person(self) -> str: ...
    @property
    def acting(self) -> bool: ...
    @property
    def start(self) -> PartialDate: ...


class _Stint(Protocol):
    @property
    def person(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def start(self) -> PartialDate: ...


class _Absence(Protocol):
    @property
    def person(self) -> str: ...


class OpenIntervals(Protocol):
    """What a chart is made of: every interval open on its day, in chart order (what
    :meth:`~orgsim.replay.timeline.Timeline.open_on` returns, or a snapshot's rows). Only the fields
    named here are read."""

    @property
    def versions(self) -> Sequence[_Version]:
        """The roles that exist, in the order they were created."""
        ...

    @property
    def tenures(self) -> Sequence[_Tenure]:
        """Who holds which role, in replay order of the events that put them there."""
        ...

    @property
    def stints(self) -> Sequence[_Stint]:
        """Everyone in the organisation, in the order they joined."""
        ...

    @property
    def absences(self) -> Sequence[_Absence]:
        """Everyone on leave."""
        ...


@attrs.frozen
class Holder:
    """The person in a role on the chart's date."""

    person: str
    name: str
    acting: bool
    since: PartialDate
    on_leave: bool


@attrs.frozen
class Role:
    """A box on the chart: a role, where it reports, and its holder (None when vacant).

    ``dotted_to`` are the roles it also answers to by a dotted line (matrix reporting), in the
    order the log gave them: lines beside the tree, never part of it (``reports``, ``walk``
    and ``subtree`` follow ``reports_to`` alone).
    """

    id: str
    title: str
    reports_to: str | None
    holder: Holder | None
    dotted_to: tuple[str, ...] = ()

    @property
    def vacant(self) -> bool:
        return self.holder is None


@attrs.frozen
class Person:
    """Someone in the organisation on the chart's date."""

    id: str
    name: str
    roles: tuple[str, ...]
    on_leave: bool
    joined: PartialDate


@attrs.frozen
class Chart:
    """The organisation on ``date`` (as known on ``known_on``, when given).

    ``roles`` are in the order they were created, ``people`` in the order they joined, so two
    charts of the same log list things in the same order.
    """

    date: dt.date
    roles: tuple[Role, ...]
    people: tuple[Person, ...]
    known_on: dt.date | None = None
    scenario: str | None = None
    """The overlays it was drawn with, when it is a what-if: every view then says so."""
    set_aside: int = 0
    """In a scenario, how many later real events it made impossible and set aside."""
    organisation: str | None = None
    """What the organisation is called (its heading in every view), when known."""
    cut: Mapping[str, int] = attrs.field(factory=dict)
    """For part of a chart (:meth:`subtree` with a depth), the roles whose reports were cut
    off, with how many roles are below them, so that views can say there is more."""

    @classmethod
    def at(cls, timeline: Timeline, day: dt.date) -> Chart:
        """The chart of ``timeline`` on ``day``."""
        with quiet_collector():  # a large chart is hundreds of thousands of objects
            return cls.of(day, timeline.open_on(day), timeline.known_on)

    @classmethod
    def of(cls, day: dt.date, now: OpenIntervals, known_on: dt.date | None = None) -> Chart:
        """The chart on ``day`` made of the intervals open then (from a timeline or a
        :class:`~orgsim.snapshot.Snapshot`: one assembly, so both draw the same chart)."""
        holders = {tenure.role: tenure for tenure in now.tenures}
        held: dict[str, list[str]] = {}
        for tenure in now.tenures:
            held.setdefault(tenure.person, []).append(tenure.role)
        stints = {stint.person: stint for stint in now.stints}
        away = {absence.person for absence in now.absences}
        roles = []
        for version in now.versions:
            held_by = holders.get(version.role)
            holder = None
            if held_by is not None:
                stint = stints.get(held_by.person)
                holder = Holder(
                    person=held_by.person,
                    name=stint.name if stint else held_by.person,
                    acting=held_by.acting,
                    since=held_by.start,
                    on_leave=held_by.person in away,
                )
            roles.append(
                Role(version.role, version.title, version.reports_to, holder, version.dotted_to)
            )
        people = tuple(
            Person(
                id=stint.person,
                name=stint.name,
                roles=tuple(held.get(stint.person, ())),
                on_leave=stint.person in away,
                joined=stint.start,
            )
            for stint in now.stints
        )
        return cls(date=day, roles=tuple(roles), people=people, known_on=known_on)

    def role(self, role_id: str) -> Role:
        for role in self.roles:
            if role.id == role_id:
                return role
        raise NotFound(f"no role {role_id!r} on {self.date}")

    def person(self, person_id: str) -> Person:
        for person in self.people:
            if person.id == person_id:
                return person
        raise NotFound(f"nobody with id {person_id!r} is in the organisation on {self.date}")

    def roots(self) -> tuple[Role, ...]:
        """The roles that report to no one: the tops of the trees."""
        return tuple(role for role in self.roles if role.reports_to is None)

    def reports(self, role_id: str) -> tuple[Role, ...]:
        """The roles that report directly to ``role_id``."""
        return tuple(role for role in self.roles if role.reports_to == role_id)

    def dotted_reports(self, role_id: str) -> tuple[Role, ...]:
        """The roles that answer to ``role_id`` by a dotted line."""
        return tuple(role for role in self.roles if role_id in role.dotted_to)

    def walk(self) -> Iterator[tuple[int, Role]]:
        """Every role with its depth, depth first from the roots, in chart order."""
        children: dict[str | None, list[Role]] = {}
        for role in self.roles:
            children.setdefault(role.reports_to, []).append(role)
        stack = [(0, role) for role in reversed(children.get(None, []))]
        while stack:
            depth, role = stack.pop()
            yield depth, role
            stack.extend((depth + 1, child) for child in reversed(children.get(role.id, [])))

    def subtree(self, root: str | None = None, depth: int | None = None) -> Chart:
        """Part of the chart: ``root`` (or every root, when None) and the roles under it, down
        to ``depth`` levels below (all when None). ``root`` becomes a top; people keep only the
        roles shown, and people with none of them are left out."""
        if root is not None:
            self.role(root)  # NotFound when the role is not on the chart
        keep: dict[str, int] = {}
        for _, role in self.walk():
            if role.id == root or (root is None and role.reports_to is None):
                keep[role.id] = 0
            elif role.reports_to in keep and (depth is None or keep[role.reports_to] < depth):
                keep[role.id] = keep[role.reports_to] + 1
        roles = tuple(
            attrs.evolve(role, reports_to=None) if role.id == root else role
            for role in self.roles
            if role.id in keep
        )
        people = tuple(
            attrs.evolve(person, roles=tuple(r for r in person.roles if r in keep))
            for person in self.people
            if any(r in keep for r in person.roles)
        )
        below: dict[str, int] = {}
        parent = {role.id: role.reports_to for role in self.roles}
        for role in self.roles:
            if role.id in keep:
                continue
            manager = parent.get(role.id)
            while manager is not None and manager not in keep:
                manager = parent.get(manager)
            if manager is not None:
                below[manager] = below.get(manager, 0) + 1
        cut = {r: n for r, n in below.items() if depth is not None and keep[r] == depth}
        return attrs.evolve(self, roles=roles, people=people, cut=cut)

    def _repr_svg_(self) -> str | None:
        """Jupyter shows a chart as its drawing. Drawing is the views' work, and they sit above
        the chart, so they lend it here when imported (``import orgsim`` imports them); until
        then Jupyter shows the chart's text (None: no drawing)."""
        return None if _drawing is None else _drawing(self)

    def vacancies(self) -> tuple[Role, ...]:
        return tuple(role for role in self.roles if role.vacant)

    def without_role(self) -> tuple[Person, ...]:
        """People in the organisation who hold no role that day."""
        return tuple(person for person in self.people if not person.roles)

    def to_records(self) -> list[dict[str, object]]:
        """Every role on the chart as a plain dict, depth first from the tops (:meth:`walk`'s
        order): its id, title, ``reports_to`` and depth, and its holder that day (id, name,
        acting, on leave, since when), or ``vacant``. The fields are
        :class:`~orgsim.questions.records.ChartRecord`'s; for a DataFrame or an Arrow table,
        ``orgsim.chart_table(chart).to_pandas()`` (or ``.to_arrow()``)."""
        # Imported here, where it is used: the rows are records.py's (which never imports this).
        from orgsim.questions.records import chart_table

        return chart_table(self).to_records()

    def to_pandas(self) -> Any:
        """The rows of :meth:`to_records` as a pandas DataFrame (the ``pandas`` extra)."""
        from orgsim.questions.records import chart_table

        return chart_table(self).to_pandas()

    def to_arrow(self) -> Any:
        """The rows of :meth:`to_records` as an Arrow table (the ``pandas`` extra)."""
        from orgsim.questions.records import chart_table

        return chart_table(self).to_arrow()
