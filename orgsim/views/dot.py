"""A chart as Graphviz DOT: one card per role, top-down, in the chart's stable order.

Every string from data goes through :func:`~orgsim.views.escape.html_label_text`; node names
are generated (``r0``, ``r1``, ...), never taken from data, so no id or title can break the DOT.

What goes where is decided before anything is drawn: the plan in :mod:`~orgsim.views.layout`,
the pages of a chart drawn to a width in :mod:`~orgsim.views.folding`, and what each card says
in :mod:`~orgsim.views.cards`. This module writes that as DOT. Drawing choices, so that real
charts stay readable:

- Every rank is chained in the plan's order with invisible edges: roles keep the same order on
  every date and in every kind of render, ghosts and lists only slot in between.
- Each column of stacked reports is a light frame that one line from the manager reaches:
  siblings, with no line between them that could be read as a chain of command; rows of
  reports are each drawn below the last.
- Every manager's part of the chart is an invisible cluster holding its reports' clusters and
  frames. Graphviz keeps a rank's order across clusters only when they nest like the tree: a
  lone frame beside plain cards has its lower ranks placed before its neighbours' and is then
  moved, order and all, to uncross them.
- With ``changes`` (a :class:`~orgsim.questions.diff.Diff` from an earlier date), people who
  left are drawn as ghosts under the role they held last (or its manager, if the role is gone);
  those who held no role are listed apart at the bottom, beside the people without a role.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import pairwise

import attrs
import graphviz

from orgsim.questions.chart import Chart, Role
from orgsim.questions.diff import Diff
from orgsim.views.cards import (
    COLOURS,
    DOTTED,
    LISTED,
    Marks,
    caption_lines,
    ghost_label,
    leavers_label,
    legend_label,
    marks_of,
    others_label,
    page_line,
    role_label,
    role_style,
    roleless_leavers,
)
from orgsim.views.folding import TALLEST, sheets_of
from orgsim.views.layout import COLUMN, STACK_AFTER, WRAP, Plan, plan_of
from orgsim.views.measure import FRAME, NEST, page_room

# The constants are defined where they are used, and named here as they always were.
__all__ = ["COLUMN", "LISTED", "STACK_AFTER", "TALLEST", "WRAP", "Page", "chart_dot", "chart_pages"]

_FONT = "Helvetica"


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
    return _draw(chart, plan_of(chart), caption_lines(chart, heading), changes, before)


def _titles(chart: Chart) -> dict[str, str]:
    return {role.id: role.title for role in chart.roles}


@attrs.frozen
class Page:
    """One page of a chart drawn to a width: its number (the first is the chart's top), the
    role at its top (None on the first page) and its DOT source."""

    number: int
    root: str | None
    source: str


def chart_pages(
    chart: Chart,
    heading: str | None = None,
    *,
    width: float,
    changes: Diff | None = None,
    before: Chart | None = None,
    link: Callable[[Page], str] | None = None,
) -> tuple[Page, ...]:
    """``chart`` drawn ``width`` inches wide, as one page or as several: a team that does not
    fit is folded into its manager's card, which names the page it is drawn on (and, in SVG,
    links to ``link(page)``, when given: the file the caller writes it to).

    Each page is deterministic, like :func:`chart_dot`, and so is the set of pages.
    """
    room = page_room(width)
    marks = marks_of(chart, changes)
    titles = _titles(chart)  # a dotted line may go to a role on another page
    sheets = sheets_of(chart, room, marks)
    number = {sheet.root: index + 1 for index, sheet in enumerate(sheets)}
    stubs = [Page(n, sheet.root, "") for n, sheet in enumerate(sheets, start=1)]
    pages = []
    for sheet, stub in zip(sheets, stubs, strict=True):
        where = {role: stubs[number[role] - 1] for role in sheet.folded}
        lines = caption_lines(chart, heading)
        if sheet.root is not None:
            lines += (page_line(chart, sheet.root, stub.number, len(sheets), number),)
        source = _draw(
            sheet.chart,
            sheet.plan,
            lines,
            changes,
            before if stub.number == 1 else None,
            pages={
                role: (f"page {p.number}", link(p) if link else None) for role, p in where.items()
            },
            width=width,
            titles=titles,
        )
        pages.append(attrs.evolve(stub, source=source))
    return tuple(pages)


def _draw(
    chart: Chart,
    plan: Plan,
    caption: tuple[str, ...],
    changes: Diff | None,
    before: Chart | None,
    *,
    pages: Mapping[str, tuple[str, str | None]] | None = None,
    width: float | None = None,
    titles: Mapping[str, str] | None = None,
) -> str:
    """The DOT of one drawing: the plan's cards, their frames and edges, dotted lines, ghosts
    and lists. ``pages`` names where each folded role's team is drawn (and the file to link
    to); ``titles`` are the whole chart's, for dotted lines to roles not drawn here."""
    graph = graphviz.Digraph("orgchart")
    graph.attr(
        "graph",
        label=f"<{'<BR/>'.join(caption)}>",
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
    if width is not None:  # only if Graphviz's fonts are wider than measured: shrink to fit
        graph.attr("graph", size=f"{width:.2f},1000")  # (one number would bound the height)
    graph.attr("node", shape="box", fontname=_FONT, margin="0.08,0.04")
    graph.attr("edge", arrowhead="none", color="#7a7a7a")
    node = {role.id: f"r{number}" for number, role in enumerate(plan.order)}
    marks = marks_of(chart, changes)
    titles = titles or _titles(chart)
    for role in plan.order:
        where, href = (pages or {}).get(role.id, (None, None))
        dotted = [titles.get(line, line) for line in role.dotted_to]
        label = role_label(
            role, marks.get(role.id, Marks()), chart.cut.get(role.id, 0), where, dotted
        )
        extra = {"URL": href, "tooltip": f"{where}: {href}"} if href else {}
        graph.node(node[role.id], label=label, **role_style(role), **extra)
    _dotted(graph, plan, node)
    _connect(graph, plan, node)
    # (rank, place in the order, node): ghosts just after the role they hang from, lists last.
    extra_nodes: list[tuple[int, float, str]] = []
    bottom = max(plan.rank.values(), default=-1) + 1
    if changes is not None and before is not None:
        extra_nodes += _ghosts(graph, before, changes, node, plan)
        if roleless_leavers(changes):
            graph.node("left", label=leavers_label(changes), shape="box", style="rounded,dashed",
                       color=COLOURS["ghost"][0])  # fmt: skip
            extra_nodes.append((bottom, float("inf"), "left"))
        graph.node("legend", label=legend_label(changes), shape="plain")
    if chart.without_role():
        graph.node("others", label=others_label(chart), shape="box", style="rounded",
                   color="#d0d0d0")  # fmt: skip
        extra_nodes.append((bottom, float("inf"), "others"))
    if plan.lead:
        extra_nodes.append((0, -1, "lead"))
    _order(graph, plan, node, extra_nodes)
    source: str = graph.source
    return source


def _connect(
    graph: graphviz.Digraph,
    plan: Plan,
    node: dict[str, str],
) -> None:
    """Edges from each manager to its reports, as long as the plan's ranks say, and one edge
    to each frame of stacked leaf reports (it ends at the frame); every team in its cluster."""
    for manager, reports in plan.reports.items():
        for report in reports:
            gap = plan.rank[report.id] - plan.rank[manager]
            graph.edge(node[manager], node[report.id], minlen=str(gap))
        for number, column in enumerate(plan.columns[manager]):
            gap = plan.rank[column[0].id] - plan.rank[manager]
            frame = f"cluster_{node[manager]}_{number}"
            graph.edge(node[manager], node[column[0].id], lhead=frame, minlen=str(gap))
    reported = _reports(plan)
    tops = [role for role in plan.order if role.id not in reported]
    whole = graph
    if plan.lead:  # rows of tops held in place as a manager holds rows of reports
        whole = graphviz.Digraph(name="cluster_lead")
        whole.attr(style="invis", margin="0", label="")
        whole.node("lead", shape="point", style="invis", width="0", height="0", label="")
        for role in tops:
            graph.edge("lead", node[role.id], style="invis", minlen=str(plan.rank[role.id]))
    for role in tops:
        whole.subgraph(_team(plan, node, role))
    if plan.lead:
        graph.subgraph(whole)


def _dotted(graph: graphviz.Digraph, plan: Plan, node: Mapping[str, str]) -> None:
    """A dashed line from each role that answers to a second manager by a dotted line to that
    manager (an arrow at the manager's end), where both are drawn here.

    Drawn over the layout (``constraint=false``), so that no card moves for them and a chart
    keeps its order whatever dotted lines it has. They are declared before every other edge:
    Graphviz (2.43, with ``ordering=out``) crashes on such an edge between cards on
    neighbouring ranks of two clusters when it comes after the edges of the tree."""
    for role in plan.order:
        for line in role.dotted_to:
            if line in node:
                # Tail at the manager, as the tree's lines are, and the arrow there: a dotted
                # line may run any way across the chart, so it says which end answers to which.
                graph.edge(node[line], node[role.id], style="dashed", color=DOTTED,
                           penwidth="1.3", constraint="false", dir="back", arrowtail="vee",
                           arrowsize="0.7")  # fmt: skip


def _reports(plan: Plan) -> set[str]:
    return {r.id for team in plan.reports.values() for r in team} | {
        r.id for columns in plan.columns.values() for column in columns for r in column
    }


def _team(
    plan: Plan,
    node: dict[str, str],
    role: Role,
) -> graphviz.Digraph:
    """A manager and everyone below, in an invisible cluster: its reports' teams nested in it,
    its stacked columns in light frames with no line between their cards."""
    team = graphviz.Digraph(name=f"cluster_t{node[role.id]}")
    team.attr(style="invis", margin=f"{NEST:g}", label="")
    team.node(node[role.id])
    for report in plan.reports.get(role.id, ()):
        if report.id in plan.reports:
            team.subgraph(_team(plan, node, report))
        else:
            team.node(node[report.id])
    for number, column in enumerate(plan.columns.get(role.id, ())):
        frame = graphviz.Digraph(name=f"cluster_{node[role.id]}_{number}")
        frame.attr(style="rounded,filled", color="#c3cfe2", fillcolor="#f6f8fc", label="",
                   margin=f"{FRAME:g}")  # fmt: skip
        for card in column:
            frame.node(node[card.id])
        for upper, lower in pairwise(column):  # keeps the column straight; never drawn
            frame.edge(node[upper.id], node[lower.id], style="invis", weight="10")
        team.subgraph(frame)
    return team


def _order(
    graph: graphviz.Digraph,
    plan: Plan,
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


def _ghosts(
    graph: graphviz.Digraph, before: Chart, changes: Diff, node: dict[str, str], plan: Plan
) -> list[tuple[int, float, str]]:
    """A dashed card for each person who left holding a role, under the role they last held
    (or its manager, if the role is gone); returns their ranks."""
    placed = []
    for number, (person, departure) in enumerate(changes.left):
        if departure is None or departure.last_role is None:
            continue  # listed apart, not drawn beside the leaders
        name = changes.names.get(person, person)
        colour, fill = COLOURS["ghost"]
        ghost = f"g{number}"
        graph.node(
            ghost,
            label=ghost_label(name, departure),
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
