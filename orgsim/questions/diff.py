"""What changed between two dates: who joined, left (and where to) and moved, which roles were
created, retitled, moved, given or relieved of dotted lines, abolished, vacated and filled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from orgsim.log.events import Depart
from orgsim.questions.chart import Chart, Role
from orgsim.questions.spells import Departure, date_range, title_on
from orgsim.replay.timeline import Timeline

__all__ = ["Change", "Diff", "DottedChange", "Move", "diff"]


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
class DottedChange:
    """A role whose dotted lines changed between two dates: the roles it answered to by a
    dotted line before and after."""

    role: str
    before: tuple[str, ...]
    after: tuple[str, ...]

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(line for line in self.after if line not in self.before)

    @property
    def ended(self) -> tuple[str, ...]:
        return tuple(line for line in self.before if line not in self.after)


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
    dotted: tuple[DottedChange, ...]
    """Roles on both dates whose dotted lines changed (an order changed alone is no change)."""
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
    start, end = date_range(start, end)
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
                titles.setdefault(role, title_on(timeline, role, departure.on.start))
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
        dotted=tuple(
            DottedChange(r, roles_before[r].dotted_to, roles_after[r].dotted_to)
            for r in both
            if set(roles_before[r].dotted_to) != set(roles_after[r].dotted_to)
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
