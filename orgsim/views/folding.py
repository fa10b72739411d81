"""A chart drawn to a width, on as many pages as it needs.

The plan arranges each team in the least area that fits the width (:mod:`~orgsim.views.layout`);
a team that would still make the page taller than :data:`TALLEST` times its width (or wider
than it) is folded into its manager's card ("+ 45 roles below, on page 3") and planned on a page
of its own, to the same width. Which teams go on which page is decided here, apart from the
plan of one page and from the drawing, which draws each page as it is given.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping

import attrs

from orgsim.questions.chart import Chart, Role
from orgsim.views.cards import Marks, role_label
from orgsim.views.layout import Plan, plan_of
from orgsim.views.measure import RANK, label_width

#: The tallest a page drawn to a width may be, in widths: a portrait A4 sheet's proportions.
TALLEST = math.sqrt(2)


@attrs.frozen
class Sheet:
    """One page being planned: the role at its top (None: the chart's own tops), the part of
    the chart it draws (its folded teams cut off), the plan, and the roles folded on it."""

    root: str | None
    chart: Chart
    plan: Plan
    folded: tuple[str, ...]


def sheets_of(chart: Chart, room: float, marks: Mapping[str, Marks]) -> list[Sheet]:
    """The pages of ``chart`` in ``room`` points: the first, then each folded team's, in the
    order they were folded (breadth first), each folding teams of its own that do not fit."""

    measured: dict[tuple[Role, int], float] = {}
    titles = {role.id: role.title for role in chart.roles}

    def measure(role: Role, below: int) -> float:  # a folded card names its page
        if (role, below) not in measured:
            dotted = [titles.get(line, line) for line in role.dotted_to]
            label = role_label(role, marks.get(role.id, Marks()), below, "page 999", dotted)
            measured[role, below] = label_width(label)
        return measured[role, below]

    sheets: list[Sheet] = []
    queue: list[tuple[str | None, Chart]] = [(None, chart)]
    while queue:
        root, part = queue.pop(0)
        page, plan, folded = _fold(part, room, measure)
        place = {role.id: index for index, role in enumerate(plan.order)}
        folded = tuple(sorted(folded, key=place.__getitem__))  # pages in the chart's order
        sheets.append(Sheet(root, page, plan, folded))
        queue += [(role, chart.subtree(role)) for role in folded]
    return sheets


#: How many of the largest teams folding tries each time, keeping the one that saves most.
_TRIES = 6
#: The fewest roles below a role for its team to be worth a page of its own.
_FOLD_AT_LEAST = 3


def _fold(
    chart: Chart, room: float, measure: Callable[[Role, int], float]
) -> tuple[Chart, Plan, tuple[str, ...]]:
    """``chart`` planned in ``room``, with teams folded (largest first, each time the one of
    the few largest that saves most height) while the page is taller than TALLEST widths or
    wider than the room, as long as a fold helps. A page's tops and their reports stay."""

    def planned(part: Chart) -> Plan:
        return plan_of(part, room, lambda role: measure(role, part.cut.get(role.id, 0)))

    folded: tuple[str, ...] = ()
    page, plan = chart, planned(chart)
    while _too_big(plan, room):
        tried = []
        for role in _foldable(page)[:_TRIES]:
            trial = _cut(chart, {*folded, role})
            tried.append((_extent(trial_plan := planned(trial)), role, trial, trial_plan))
        if not tried:
            break
        extent, role, trial, trial_plan = min(tried, key=lambda t: t[0])
        if extent >= _extent(plan):
            break
        folded, page, plan = (*folded, role), trial, trial_plan
    return page, plan, folded


def _ranks(plan: Plan) -> int:
    return max(plan.rank.values(), default=-1) + 1


def _too_big(plan: Plan, room: float) -> bool:
    return plan.width > room or _ranks(plan) * RANK > TALLEST * room


def _extent(plan: Plan) -> tuple[int, float]:
    return (_ranks(plan), plan.width)


def _foldable(chart: Chart) -> list[str]:
    """Roles below a top with a team worth a page of its own, the largest teams first."""
    parent = {role.id: role.reports_to for role in chart.roles}
    size: Counter[str] = Counter()
    for role in chart.roles:
        above = parent[role.id]
        while above is not None and above in parent:
            size[above] += 1
            above = parent[above]
    tops = {r.id for r in chart.roles if parent[r.id] is None or parent[r.id] not in parent}
    found = [r.id for r in chart.roles if size[r.id] >= _FOLD_AT_LEAST and r.id not in tops]
    return sorted(found, key=lambda r: -size[r])


def _cut(chart: Chart, folded: set[str]) -> Chart:
    """``chart`` without the teams below ``folded`` roles, each of which then says how many
    roles are below it (as a chart cut at a depth does); people keep the roles still shown."""
    hidden: dict[str, str] = {}  # a hidden role: the folded role it is below
    for _, role in chart.walk():
        above = role.reports_to
        if above is not None and (above in folded or above in hidden):
            hidden[role.id] = hidden.get(above, above)
    below = Counter(hidden.values())
    for gone, top in hidden.items():
        below[top] += chart.cut.get(gone, 0)
    people = tuple(
        attrs.evolve(person, roles=tuple(r for r in person.roles if r not in hidden))
        for person in chart.people
        if not person.roles or any(r not in hidden for r in person.roles)
    )
    return attrs.evolve(
        chart,
        roles=tuple(r for r in chart.roles if r.id not in hidden),
        people=people,
        cut={**{r: n for r, n in chart.cut.items() if r not in hidden}, **below},
    )
