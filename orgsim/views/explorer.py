"""The explorer page's data: the timeline page's steps with their sources, and every person's
history and every role's succession, so that a click on a box can answer at once.

The steps are :func:`~orgsim.views.steps.timeline_data` with ``cite``: each change once, with
its source and note, and each box pointing at the change that put it there. The histories and
successions say what :func:`~orgsim.questions.history.history` and
:func:`~orgsim.questions.succession.succession` say (a test holds them to it), but are read off
the timeline's intervals in one pass: asking those questions once per person would measure
every spell against the whole log each time, and the page would grow slower than the log.
Each tenure is written once, in its role's line, and each stay once, so the data stays linear in
the log.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from orgsim.log.dates import PartialDate
from orgsim.log.events import Depart, Reorg
from orgsim.questions.spells import belongs_to, title_on
from orgsim.replay.spans import RoleVersion, Stint
from orgsim.replay.timeline import Timeline
from orgsim.views.steps import timeline_data

__all__ = ["explorer_data"]


def _label(date: PartialDate | None) -> str | None:
    return None if date is None else date.label()


def explorer_data(
    timeline: Timeline,
    title: str,
    scenario: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """The timeline data with ``cite`` (see :func:`timeline_data`), ``scenario`` (the line that
    says the page is hypothetical, or None), ``people`` and ``roles``.

    ``people`` maps each person to ``{"name", "stays"}``, a stay being ``[name, from, to,
    reason, destination]``. ``roles`` maps each role to ``{"title", "titles", "created",
    "abolished", "line"}``: ``titles`` is ``[from, title]`` for each title it has had, and
    ``line`` every holder ``[person, stay, acting, from, to, title]`` (``stay`` an index in the
    person's stays, ``title`` one in ``titles``: the role's title when they took it) and every
    vacancy ``[from, to]``, in order. A person's roles are read off the lines, so each tenure is
    written once. Dates are labels as a person writes them, None for an end still to come; the
    lists are arrays, not objects, because their keys would double the page.
    ``progress`` as for :func:`timeline_data`."""
    data = timeline_data(timeline, title, progress, cite=True)
    stays = _stays(timeline)
    return {
        **data,
        "scenario": scenario,
        "people": {
            person: {"name": stints[-1].name, "stays": [_stay(stint) for stint in stints]}
            for person, stints in timeline.stints.items()
        },
        "roles": {
            role: _role(timeline, role, versions, stays)
            for role, versions in timeline.versions.items()
        },
    }


def _stays(timeline: Timeline) -> dict[int, int]:
    """Which stay of its person each tenure belongs to (by the seq of the event that opened
    it), as :func:`~orgsim.questions.history.history` assigns them."""
    found: dict[int, int] = {}
    for person, held in timeline.roles_held.items():
        stints = timeline.stints.get(person, ())
        for tenure in held:
            place = next((i for i, s in enumerate(stints) if belongs_to(tenure, s)), None)
            if place is not None:
                found[tenure.event.seq] = place
    return found


def _stay(stint: Stint) -> list[Any]:
    departure = stint.ended_by if isinstance(stint.ended_by, Depart) else None
    return [
        stint.name,
        stint.start.label(),
        _label(stint.end),
        departure.reason if departure else None,
        departure.destination if departure else None,
    ]


def _role(
    timeline: Timeline, role: str, versions: Sequence[RoleVersion], stays: Mapping[int, int]
) -> dict[str, Any]:
    last = versions[-1]
    abolished = last.end if isinstance(last.ended_by, Reorg) and last.ended_by.abolished else None
    titles: list[list[str]] = []
    for version in versions:
        if not titles or titles[-1][1] != version.title:
            titles.append([version.start.label(), version.title])
    return {
        "title": last.title,
        "titles": titles,
        "created": versions[0].start.label(),
        "abolished": _label(abolished),
        "line": _line(timeline, role, titles, stays, abolished),
    }


def _line(
    timeline: Timeline,
    role: str,
    titles: Sequence[Sequence[str]],
    stays: Mapping[int, int],
    abolished: PartialDate | None,
) -> list[list[Any]]:
    """The holders in order, with a vacancy wherever one holder's end (or the role's creation)
    comes before the next start, and after the last holder unless the role ends with them: the
    vacancies :func:`~orgsim.questions.succession.succession` finds."""
    title_index = {title: place for place, (_, title) in enumerate(titles)}
    line: list[list[Any]] = []
    edge: PartialDate | None = timeline.versions[role][0].start
    for tenure in timeline.tenures.get(role, ()):
        if edge is not None and edge.start < tenure.start.start:
            line.append([edge.label(), tenure.start.label()])
        line.append(
            [
                tenure.person,
                stays.get(tenure.event.seq),
                tenure.acting,
                tenure.start.label(),
                _label(tenure.end),
                title_index[title_on(timeline, role, tenure.start.start)],
            ]
        )
        edge = tenure.end
    if edge is not None and (abolished is None or edge.start < abolished.start):
        line.append([edge.label(), _label(abolished)])
    return line
