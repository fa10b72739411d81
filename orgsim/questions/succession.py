"""A role's succession: every holder in order, the vacancies between them, and its titles."""

from __future__ import annotations

import datetime as dt

import attrs

from orgsim.log.dates import PartialDate
from orgsim.log.events import Reorg
from orgsim.questions.spells import Spell, approximate, days_between, measured_to, not_found
from orgsim.replay.spans import Tenure
from orgsim.replay.timeline import Timeline

__all__ = ["Gap", "Incumbent", "Succession", "succession"]


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
        raise not_found(timeline, "role", role)
    today = measured_to(timeline)
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
    return Gap(start, end, max(0, days_between(start, end, today)), approximate(start, end))


def _name(timeline: Timeline, tenure: Tenure) -> str:
    stint = timeline.stint_at(tenure.person, tenure.start.start)
    return stint.name if stint else timeline.name_of(tenure.person)
