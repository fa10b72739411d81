"""The plan of a drawing: each card's rank and the left-to-right order, and how each manager's
reports are arranged, in columns and rows.

The plan is made before any DOT is written, so that the order is fixed once, the same on every
date and in every kind of render, and so that a chart drawn to a width can be arranged to fit
it from the cards' estimated widths (:mod:`~orgsim.views.measure`).

- A plan (:func:`plan_of`) fixes each card's rank and the left-to-right order, depth first in
  chart order.
- A manager with many reports that have no reports of their own would make one very wide
  level; those reports are stacked in balanced columns of at most :data:`COLUMN` cards (never
  one). A manager with more than :data:`WRAP` reports or columns gets them in several rows,
  each below the last, so wide charts wrap.
- Given room (a chart drawn to a width) and the width of each card, the plan arranges each
  team in the least area that fits: more rows, taller columns, a few reports stacked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from orgsim.questions.chart import Chart, Role
from orgsim.views.measure import FRAME, GAP, LANE, NEST

#: A manager with more than this many leaf reports gets them stacked in columns.
STACK_AFTER = 4
#: The most cards in one stacked column.
COLUMN = 5
#: A manager with more units (reports or columns) than this gets them in several rows.
WRAP = 4
#: What one more row of a team costs, in ranks, when the plan weighs arrangements: each row
#: below the first adds a line (and a lane) per unit down past the rows above it.
_ROW_COST = 2


@attrs.frozen
class Plan:
    """Where every card goes: the left-to-right order (the same on every date and in every
    kind of render), each card's rank (level), the columns leaf reports are stacked in, and
    (drawn to a width) how wide the drawing is estimated to be, in points."""

    order: tuple[Role, ...]
    rank: dict[str, int]
    columns: dict[str, tuple[tuple[Role, ...], ...]]
    reports: dict[str, tuple[Role, ...]]
    width: float = 0.0
    lead: bool = False
    """Whether the tops stand in several rows (drawn to a width), held by an invisible lead."""


def _columns(leaves: list[Role], size: int = COLUMN) -> tuple[tuple[Role, ...], ...]:
    """Leaves in balanced columns of at most ``size`` cards: never a column of one (when
    there are more than ``size``, and ``size`` is COLUMN or more)."""
    count = -(-len(leaves) // size)
    base, extra = divmod(len(leaves), count)
    sizes = [base + (1 if i < extra else 0) for i in range(count)]
    starts = [sum(sizes[:i]) for i in range(count)]
    return tuple(
        tuple(leaves[start : start + size]) for start, size in zip(starts, sizes, strict=True)
    )


Unit = tuple[Role, ...]  # one report (and its team), or one stacked column of leaf reports


@attrs.frozen
class _Team:
    """How one manager's reports are arranged: the columns stacked, the reports left single,
    and the rows the units (a report, or a column) are drawn in."""

    columns: tuple[Unit, ...]
    reports: tuple[Role, ...]
    rows: tuple[tuple[Unit, ...], ...]


def _no_width(_: Role) -> float:
    return 0.0


def plan_of(
    chart: Chart, room: float | None = None, card: Callable[[Role], float] = _no_width
) -> Plan:
    """The plan of ``chart``: as drawn by default, or (given ``room``, in points, and the
    width of each ``card``) each team arranged in the fewest ranks that fit in the room."""
    children: dict[str | None, list[Role]] = {}
    for role in chart.roles:
        children.setdefault(role.reports_to, []).append(role)
    known = {role.id for role in chart.roles}
    roots = [r for r in chart.roles if r.reports_to is None or r.reports_to not in known]
    teams: dict[str, _Team] = {}
    height: dict[str, int] = {}
    width: dict[str, float] = {}
    framed: dict[Unit, float] = {}

    def size(unit: Unit) -> float:
        if len(unit) == 1:
            return width[unit[0].id]
        if unit not in framed:
            framed[unit] = max(map(card, unit)) + 2 * FRAME
        return framed[unit]

    def ranks(unit: Unit) -> int:
        return height[unit[0].id] if len(unit) == 1 else len(unit)

    def shape(role: Role, space: float | None) -> None:
        below = children.get(role.id, [])
        inner = None if space is None else space - 2 * NEST
        for report in below:
            shape(report, inner)
        rows: tuple[tuple[Unit, ...], ...] = ()
        if below:
            leaves = [r for r in below if r.id not in children]
            teams[role.id] = _arrange(below, leaves, inner, size, ranks)
            rows = teams[role.id].rows
        height[role.id] = 1 + sum(max(map(ranks, row)) for row in rows)
        team = _rows_width(rows, size) if rows else -2 * NEST
        width[role.id] = max(card(role), team + 2 * NEST)

    for root in roots:
        shape(root, room)
    tops = _fit_rows([(r,) for r in roots], room, size, False) if room is not None else [[
        (r,) for r in roots]]  # fmt: skip
    order: list[Role] = []
    rank: dict[str, int] = {}

    def place(role: Role, level: int) -> None:
        order.append(role)
        rank[role.id] = level
        top = level + 1
        for row in teams[role.id].rows if role.id in teams else ():
            for unit in row:
                if len(unit) == 1:  # a report (a column always holds two cards or more)
                    place(unit[0], top)
                else:
                    for depth, stacked in enumerate(unit):
                        order.append(stacked)
                        rank[stacked.id] = top + depth
            top += max(map(ranks, row))

    lead = len(tops) > 1  # tops in several rows hang from an invisible lead, a team's way
    level = 1 if lead else 0
    for row in tops if roots else []:
        for (root,) in row:
            place(root, level)
        level += max(map(ranks, row))
    widest = _rows_width(tops, size) if roots else 0.0
    managers = [role.id for role in order if role.id in teams]  # in the plan's order
    columns = {m: teams[m].columns for m in managers}
    reports = {m: teams[m].reports for m in managers}
    return Plan(tuple(order), rank, columns, reports, widest if room is not None else 0.0, lead)


def _arrange(
    below: list[Role],
    leaves: list[Role],
    space: float | None,
    size: Callable[[Unit], float],
    ranks: Callable[[Unit], int],
) -> _Team:
    """One manager's team. By default more than STACK_AFTER leaf reports go in columns of
    COLUMN, and the units in rows of WRAP; in ``space`` (points), whichever stacking (none, or
    balanced columns up to three times COLUMN tall) and rows fit in the least area (ranks, a
    row below the first counting more, times width), so that teams leave room for each
    other in their manager's rows."""
    options: list[int | None] = [COLUMN if len(leaves) > STACK_AFTER else None]
    if space is not None:
        options = [None] if len(leaves) <= STACK_AFTER else []
        options += [n for n in range(2, 3 * COLUMN + 1) if _stackable(len(leaves), n)]
    best: tuple[tuple[bool, float, int], _Team] | None = None
    for tallest in options:
        columns = _columns(leaves, tallest) if tallest else ()
        stacked = {r.id for column in columns for r in column}
        reports = tuple(r for r in below if r.id not in stacked)
        units = [(r,) for r in reports] + list(columns)
        rows = _rows(units) if space is None else _fit_rows(units, space, size)
        team = _Team(columns, reports, tuple(tuple(row) for row in rows))
        if space is None:
            return team
        wide = _rows_width(rows, size)
        tall = sum(max(map(ranks, row)) for row in rows) + _ROW_COST * (len(rows) - 1)
        score = (wide > space, (tall + 1) * (wide + GAP), tall)  # the least area
        if best is None or score < best[0]:
            best = (score, team)
    assert best is not None  # a manager has a report, so there is an option
    return best[1]


def _stackable(leaves: int, tallest: int) -> bool:
    """Whether ``leaves`` leaf reports stack in balanced columns of at most ``tallest``, none
    of one card, in a number of columns no shorter limit already gives."""
    if leaves < 2:
        return False
    count = -(-leaves // tallest)
    return leaves // count >= 2 and (tallest == 2 or -(-leaves // (tallest - 1)) != count)


def _fit_rows(
    units: list[Unit], space: float, size: Callable[[Unit], float], lanes: bool = True
) -> list[list[Unit]]:
    """Units in as few balanced rows as fit in ``space`` (one a row, if nothing fewer does)."""
    for count in range(1, len(units)):
        rows = _split(units, count)
        if _rows_width(rows, size, lanes) <= space:
            return rows
    return [[unit] for unit in units]


def _rows_width(
    rows: Sequence[Sequence[Unit]], size: Callable[[Unit], float], lanes: bool = True
) -> float:
    """How wide rows of units are drawn: the widest row, counting beside each row a lane for
    every line that passes it down to a unit in a later row (Graphviz routes each through a
    point of its own on every rank it crosses). The tops of a chart have no such lines."""
    later = [sum(len(row) for row in rows[i + 1 :]) for i in range(len(rows))] if lanes else []
    return max(
        _row_width(row, size) + (LANE * later[i] if lanes else 0.0) for i, row in enumerate(rows)
    )


def _row_width(row: Sequence[Unit], size: Callable[[Unit], float]) -> float:
    return sum(size(unit) for unit in row) + GAP * (len(row) - 1)


def _rows(units: list[Unit]) -> list[list[Unit]]:
    return _split(units, -(-len(units) // WRAP)) if units else []


def _split(units: list[Unit], count: int) -> list[list[Unit]]:
    """``units`` in ``count`` rows (or fewer), as even as rows of whole units can be."""
    size = -(-len(units) // count)
    return [units[i : i + size] for i in range(0, len(units), size)]
