"""A chart as Graphviz DOT: one card per role, top-down, in the chart's stable order.

Every string from data goes through :func:`~orgsim.views.escape.html_label_text`; node names
are generated (``r0``, ``r1``, ...), never taken from data, so no id or title can break the DOT.

Layout choices, so that real charts stay readable:

- A plan (:func:`_plan`) fixes each card's rank and the left-to-right order, depth first in
  chart order, and every rank is chained in that order with invisible edges: roles keep the same
  order on every date and in every kind of render, ghosts and lists only slot in between.
- A manager with many reports that have no reports of their own would make one very wide
  level; those reports are stacked in balanced columns of at most :data:`COLUMN` cards (never
  one), joined by a light line and hanging from the manager. A manager with more than :data:`WRAP`
  reports or columns gets them in several rows, each below the last, so wide charts wrap.
- A role whose reports were cut off (``--depth``) says how many roles are below it; people in
  the organisation without a role are listed at the bottom (the first :data:`LISTED`).
- With ``changes`` (a :class:`~orgsim.questions.diff.Diff` from an earlier date), cards carry marks
  (new role, new in role, moved); people who left are dashed ghosts under the role they held
  last, with the title it had then and when they left it; those who held no role are listed
  apart at the bottom; a legend explains the marks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

import attrs
import graphviz

from orgsim.log.dates import PartialDate
from orgsim.questions.chart import Chart, Role
from orgsim.questions.diff import Diff
from orgsim.questions.spells import Departure
from orgsim.views.escape import html_label_text
from orgsim.views.text import scenario_line

__all__ = ["COLUMN", "LISTED", "STACK_AFTER", "WRAP", "chart_dot"]

#: A manager with more than this many leaf reports gets them stacked in columns.
STACK_AFTER = 4
#: The most cards in one stacked column.
COLUMN = 5

_FONT = "Helvetica"
_COLOURS = {
    "filled": ("#4a6fa5", "#eef3fb"),
    "marked": ("#c98a00", "#fff4d6"),
    "vacant": ("#9a9a9a", "#ffffff"),
    "ghost": ("#b0b0b0", "#f7f7f7"),
}
_GREEN = "#1e7b34"
_AMBER = "#9a5b00"
_SCENARIO = "#b00020"


@attrs.frozen
class _Marks:
    """What changed about one card since the earlier date."""

    new_role: bool = False
    new_holder: bool = False
    moved_from: str | None = None


def _row(text: str, colour: str = "#000000", size: int = 11, bold: bool = False) -> str:
    inner = f"<B>{text}</B>" if bold else text
    return f'<TR><TD><FONT POINT-SIZE="{size}" COLOR="{colour}">{inner}</FONT></TD></TR>'


def _table(rows: Sequence[str]) -> str:
    return f'<<TABLE BORDER="0" CELLPADDING="2" CELLSPACING="0">{"".join(rows)}</TABLE>>'


def _card(role: Role, marks: _Marks, below: int = 0) -> str:
    """The HTML-like label of one role: title, holder, since when, marks, and how many roles
    are below it when the chart was cut there."""
    rows = [_row(html_label_text(role.title), bold=True)]
    if below:
        rows.append(_row(f"+ {below} role{'s' if below > 1 else ''} below", "#555555", 8))
    if marks.new_role:
        rows.append(_row("NEW ROLE", _GREEN, 8, bold=True))
    holder = role.holder
    if holder is None:
        rows.append(_row("<I>Vacant</I>", "#8a8a8a"))
        return _table(rows)
    rows.append(_row(html_label_text(holder.name)))
    states = [s for s, on in (("ACTING", holder.acting), ("ON LEAVE", holder.on_leave)) if on]
    if states:
        rows.append(_row(" · ".join(states), _AMBER, 8, bold=True))
    if marks.moved_from is not None:
        rows.append(_row(f"MOVED from {html_label_text(marks.moved_from)}", _GREEN, 8, bold=True))
    elif marks.new_holder and not marks.new_role:
        rows.append(_row("NEW IN ROLE", _GREEN, 8, bold=True))
    rows.append(_row(f"since {holder.since.label()}", "#555555", 9))
    return _table(rows)


def _style(role: Role) -> dict[str, str]:
    if role.holder is None:
        kind, style = "vacant", "rounded,dashed"
    elif role.holder.acting or role.holder.on_leave:
        kind, style = "marked", "rounded,filled"
    else:
        kind, style = "filled", "rounded,filled"
    colour, fill = _COLOURS[kind]
    return {"style": style, "color": colour, "fillcolor": fill}


def _marks(chart: Chart, changes: Diff | None) -> dict[str, _Marks]:
    if changes is None:
        return {}
    moved = {move.person: move for move in changes.moved}
    found: dict[str, _Marks] = {}
    for role in chart.roles:
        holder = role.holder
        move = moved.get(holder.person) if holder else None
        previous = [r for r in move.before if r != role.id] if move else []
        found[role.id] = _Marks(
            new_role=role.id in changes.created,
            new_holder=role.id in changes.filled or role.id in changes.changed_hands,
            moved_from=changes.titles.get(previous[0], previous[0]) if previous else None,
        )
    return found


def _ghost(name: str, departure: Departure) -> str:
    """Who left, the role they last held under the title it had then, and when they left it
    (and the organisation, when that was later)."""
    rows = [_row(html_label_text(name), "#6b6b6b", bold=True)]
    title = html_label_text(departure.last_title or departure.last_role or "")
    rows.append(_row(f"LEFT {title}", "#8a8a8a", 8, bold=True))
    where = f", to {html_label_text(departure.destination)}" if departure.destination else ""
    ended = departure.last_role_ended
    if ended is not None and ended != departure.on:
        rows.append(_row(f"stepped down {ended.label()}", "#8a8a8a", 9))
        rows.append(_row(f"left {departure.on.label()}: {departure.reason}{where}", "#8a8a8a", 9))
    else:
        rows.append(_row(f"{departure.on.label()}: {departure.reason}{where}", "#8a8a8a", 9))
    return _table(rows)


def _legend(changes: Diff) -> str:
    start = PartialDate.of(changes.start).label()
    rows = [
        _row(f"<B>Changes since {start}</B>", size=10),
        _row("NEW ROLE · NEW IN ROLE · MOVED: changed since then", _GREEN, 9),
        _row("grey dashed card: a person who has left", "#6b6b6b", 9),
        _row("dashed card: vacant role; amber: acting or on leave", "#6b6b6b", 9),
    ]
    return _table(rows)


def chart_dot(
    chart: Chart,
    heading: str | None = None,
    *,
    changes: Diff | None = None,
    before: Chart | None = None,
) -> str:
    """DOT source for ``chart``; the same chart always gives the same text.

    ``changes`` (the diff from ``before`` to ``chart``) marks what changed and draws people who
    left as ghosts under the roles they held on the earlier date.
    """
    graph = graphviz.Digraph("orgchart")
    caption = f"{heading or chart.organisation or 'Organisation'} on "
    caption += PartialDate.of(chart.date).label()
    if chart.known_on is not None:
        caption += f" (as known on {PartialDate.of(chart.known_on).label()})"
    label = f"<B>{html_label_text(caption)}</B>"
    if chart.scenario is not None:  # a hypothetical chart must never pass for history
        warning = scenario_line(chart.scenario, chart.set_aside)
        label += f'<BR/><FONT COLOR="{_SCENARIO}">{html_label_text(warning)}</FONT>'
    graph.attr(
        "graph",
        label=f"<{label}>",
        labelloc="t",
        fontname=_FONT,
        fontsize="16",
        rankdir="TB",
        ordering="out",
        nodesep="0.25",
        ranksep="0.45",
        compound="true",
        newrank="true",
    )
    graph.attr("node", shape="box", fontname=_FONT, margin="0.08,0.04")
    graph.attr("edge", arrowhead="none", color="#7a7a7a")
    plan = _plan(chart)
    node = {role.id: f"r{number}" for number, role in enumerate(plan.order)}
    marks = _marks(chart, changes)
    for role in plan.order:
        label = _card(role, marks.get(role.id, _Marks()), chart.cut.get(role.id, 0))
        graph.node(node[role.id], label=label, **_style(role))
    _connect(graph, plan, node)
    # (rank, place in the order, node): ghosts just after the role they hang from, lists last.
    extra: list[tuple[int, float, str]] = []
    bottom = max(plan.rank.values(), default=-1) + 1
    if changes is not None and before is not None:
        extra += _ghosts(graph, before, changes, node, plan)
        if _roleless_leavers(changes):
            graph.node("left", label=_left_list(changes), shape="box", style="rounded,dashed",
                       color=_COLOURS["ghost"][0])  # fmt: skip
            extra.append((bottom, float("inf"), "left"))
        graph.node("legend", label=_legend(changes), shape="plain")
    if chart.without_role():
        graph.node("others", label=_others(chart), shape="box", style="rounded",
                   color="#d0d0d0")  # fmt: skip
        extra.append((bottom, float("inf"), "others"))
    _order(graph, plan, node, extra)
    source: str = graph.source
    return source


@attrs.frozen
class _Plan:
    """Where every card goes: the left-to-right order (the same on every date and in every
    kind of render), each card's rank (level), and the columns leaf reports are stacked in."""

    order: tuple[Role, ...]
    rank: dict[str, int]
    columns: dict[str, tuple[tuple[Role, ...], ...]]
    reports: dict[str, tuple[Role, ...]]


def _columns(leaves: list[Role]) -> tuple[tuple[Role, ...], ...]:
    """Leaves in balanced columns of at most COLUMN cards: never a column of one."""
    count = -(-len(leaves) // COLUMN)
    base, extra = divmod(len(leaves), count)
    sizes = [base + (1 if i < extra else 0) for i in range(count)]
    starts = [sum(sizes[:i]) for i in range(count)]
    return tuple(
        tuple(leaves[start : start + size]) for start, size in zip(starts, sizes, strict=True)
    )


def _plan(chart: Chart) -> _Plan:
    children: dict[str | None, list[Role]] = {}
    for role in chart.roles:
        children.setdefault(role.reports_to, []).append(role)
    known = {role.id for role in chart.roles}
    columns: dict[str, tuple[tuple[Role, ...], ...]] = {}
    reports: dict[str, tuple[Role, ...]] = {}
    units: dict[str, list[tuple[Role, ...]]] = {}  # a unit: one report, or one column
    for manager, below in children.items():
        if manager is None or manager not in known:
            continue
        leaves = [r for r in below if r.id not in children]
        stacked = _columns(leaves) if len(leaves) > STACK_AFTER else ()
        columns[manager] = stacked
        in_columns = {r.id for column in stacked for r in column}
        reports[manager] = tuple(r for r in below if r.id not in in_columns)
        units[manager] = [(r,) for r in reports[manager]] + list(stacked)

    height: dict[str, int] = {}

    def measure(role: Role) -> int:
        rows = _rows(units.get(role.id, []))
        tall = sum(max(_unit_height(u, measure) for u in row) for row in rows)
        height[role.id] = 1 + tall
        return height[role.id]

    roots = [r for r in chart.roles if r.reports_to is None or r.reports_to not in known]
    for root in roots:
        measure(root)
    order: list[Role] = []
    rank: dict[str, int] = {}

    def place(role: Role, level: int) -> None:
        order.append(role)
        rank[role.id] = level
        top = level + 1
        for row in _rows(units.get(role.id, [])):
            for unit in row:
                if len(unit) == 1:  # a report (a column always holds two cards or more)
                    place(unit[0], top)
                else:
                    for depth, card in enumerate(unit):
                        order.append(card)
                        rank[card.id] = top + depth
            top += max(_unit_height(u, lambda r: height[r.id]) for u in row)

    for root in roots:
        place(root, 0)
    return _Plan(tuple(order), rank, columns, reports)


#: A manager with more units (reports or columns) than this gets them in several rows.
WRAP = 4


def _rows(units: list[tuple[Role, ...]]) -> list[list[tuple[Role, ...]]]:
    if len(units) <= WRAP:
        return [units] if units else []
    count = -(-len(units) // WRAP)
    size = -(-len(units) // count)
    return [units[i : i + size] for i in range(0, len(units), size)]


def _unit_height(unit: tuple[Role, ...], height: Callable[[Role], int]) -> int:
    return height(unit[0]) if len(unit) == 1 else len(unit)


def _connect(graph: graphviz.Digraph, plan: _Plan, node: dict[str, str]) -> None:
    """Edges from each manager to its reports, as long as the plan's ranks say; stacked leaf
    reports in framed columns hanging from the manager."""
    for manager, reports in plan.reports.items():
        for report in reports:
            gap = plan.rank[report.id] - plan.rank[manager]
            graph.edge(node[manager], node[report.id], minlen=str(gap))
        for column in plan.columns[manager]:
            # A column hangs from the manager by its top card, the cards joined by a thin line.
            # (No cluster frame: Graphviz does not keep a rank's order across clusters.)
            for upper, lower in pairwise(column):
                graph.edge(node[upper.id], node[lower.id], color="#d0d0d0", weight="10")
            gap = plan.rank[column[0].id] - plan.rank[manager]
            graph.edge(node[manager], node[column[0].id], minlen=str(gap))


def _order(
    graph: graphviz.Digraph,
    plan: _Plan,
    node: dict[str, str],
    extra: list[tuple[int, float, str]],
) -> None:
    """Pin the left-to-right order: the cards of each rank chained, invisibly, in the plan's
    order (so roles keep it whatever else is drawn), with ghosts and lists slotted in."""
    by_rank: dict[int, list[tuple[float, str]]] = {}
    for index, role in enumerate(plan.order):
        by_rank.setdefault(plan.rank[role.id], []).append((index, node[role.id]))
    for level, key, name in extra:
        by_rank.setdefault(level, []).append((key, name))
    deepest = max((lvl for lvl in by_rank if any(k != float("inf") for k, _ in by_rank[lvl])),
                  default=None)  # fmt: skip
    for level in sorted(by_rank):
        names = [name for _, name in sorted(by_rank[level])]
        # A subgraph made apart and added whole: graph.subgraph() as a context manager first
        # copies the whole body written so far, once per rank (quadratic in a large chart).
        same = graphviz.Digraph()
        same.attr(rank="same")
        for name in names:
            same.node(name)
        for left, right in pairwise(names):
            same.edge(left, right, style="invis")
        graph.subgraph(same)
        if deepest is not None and level > deepest:  # lists below every card
            above = sorted(by_rank[deepest])[0][1]
            graph.edge(above, names[0], style="invis", minlen=str(level - deepest))


def _roleless_leavers(changes: Diff) -> list[tuple[str, Departure | None]]:
    return [(p, d) for p, d in changes.left if d is None or d.last_role is None]


def _left_list(changes: Diff) -> str:
    rows = [_row(f"LEFT since {PartialDate.of(changes.start).label()}, holding no role",
                 "#6b6b6b", 9, bold=True)]  # fmt: skip
    for person, departure in _roleless_leavers(changes):
        name = html_label_text(changes.names.get(person, person))
        if departure is None:
            rows.append(_row(name, "#6b6b6b", 9))
            continue
        where = f", to {html_label_text(departure.destination)}" if departure.destination else ""
        rows.append(_row(f"{name}: {departure.on.label()}, {departure.reason}{where}",
                         "#6b6b6b", 9))  # fmt: skip
    return _table(rows)


#: The most names listed of the people present without a role.
LISTED = 12


def _others(chart: Chart) -> str:
    people = chart.without_role()
    rows = [_row(f"In the organisation, without a role ({len(people)})", "#555555", 9, bold=True)]
    for person in people[:LISTED]:
        leave = " (on leave)" if person.on_leave else ""
        rows.append(_row(html_label_text(person.name) + leave, "#555555", 9))
    if len(people) > LISTED:
        rows.append(_row(f"and {len(people) - LISTED} more", "#555555", 9))
    return _table(rows)


def _ghosts(
    graph: graphviz.Digraph, before: Chart, changes: Diff, node: dict[str, str], plan: _Plan
) -> list[tuple[int, float, str]]:
    """A dashed card for each person who left holding a role, under the role they last held
    (or its manager, if the role is gone); returns their ranks."""
    placed = []
    for number, (person, departure) in enumerate(changes.left):
        if departure is None or departure.last_role is None:
            continue  # listed apart, not drawn beside the leaders
        name = changes.names.get(person, person)
        colour, fill = _COLOURS["ghost"]
        ghost = f"g{number}"
        graph.node(
            ghost,
            label=_ghost(name, departure),
            style="rounded,dashed,filled",
            color=colour,
            fillcolor=fill,
        )
        anchor = departure.last_role if departure.last_role in node else None
        if anchor is None and departure.last_role in {r.id for r in before.roles}:
            manager = before.role(departure.last_role).reports_to
            anchor = manager if manager in node else None
        if anchor is not None:
            graph.edge(node[anchor], ghost, style="dashed", color="#b0b0b0", constraint="false")
            index = next(i for i, r in enumerate(plan.order) if r.id == anchor)
            placed.append((plan.rank[anchor] + 1, index + 0.5, ghost))
        else:
            placed.append((0, float("inf"), ghost))
    return placed
