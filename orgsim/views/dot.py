"""A chart as Graphviz DOT: one card per role, top-down, in the chart's stable order.

Every string from data goes through :func:`~orgsim.views.escape.html_label_text`; node names
are generated (``r0``, ``r1``, ...), never taken from data, so no id or title can break the DOT.

Layout choices, so that real charts stay readable:

- Nodes are declared depth first in chart order, with ``ordering=out``: the same log gives the
  same left-to-right order on every date, so two charts can be compared by eye.
- A manager with many reports that have no reports of their own would make one very wide
  level; those reports are stacked in columns of at most :data:`COLUMN` cards, each column in a
  light frame hanging from the manager.
- With ``changes`` (a :class:`~orgsim.analysis.Diff` from an earlier date), cards carry marks
  (new role, new in role, moved) and people who left are drawn as dashed ghosts under the role
  they held; a legend explains the marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import attrs
import graphviz

from orgsim.analysis import Diff
from orgsim.chart import Chart, Role
from orgsim.dates import PartialDate
from orgsim.views.escape import html_label_text

__all__ = ["COLUMN", "STACK_AFTER", "chart_dot"]

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


def _card(role: Role, marks: _Marks) -> str:
    """The HTML-like label of one role: title, holder, since when, and marks."""
    rows = [_row(html_label_text(role.title), bold=True)]
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


def _ghost(name: str, role_title: str, changes: Diff, person: str) -> str:
    departure = dict(changes.left).get(person)
    rows = [_row(html_label_text(name), "#6b6b6b", bold=True)]
    rows.append(_row(f"LEFT {html_label_text(role_title)}", "#8a8a8a", 8, bold=True))
    if departure is not None:
        where = f", to {html_label_text(departure.destination)}" if departure.destination else ""
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
        warning = f"SCENARIO: {chart.scenario} (hypothetical events, not history)"
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
    ordered = [role for _, role in chart.walk()]
    node = {role.id: f"r{number}" for number, role in enumerate(ordered)}
    marks = _marks(chart, changes)
    for role in ordered:
        graph.node(node[role.id], label=_card(role, marks.get(role.id, _Marks())), **_style(role))
    _connect(graph, ordered, node)
    if changes is not None and before is not None:
        _ghosts(graph, before, changes, node)
        graph.node("legend", label=_legend(changes), shape="plain")
    source: str = graph.source
    return source


def _connect(graph: graphviz.Digraph, ordered: list[Role], node: dict[str, str]) -> None:
    """Edges from each manager to its reports; many leaf reports stacked in framed columns."""
    children: dict[str, list[Role]] = {}  # one pass, not Chart.reports per role
    for role in ordered:
        if role.reports_to is not None:
            children.setdefault(role.reports_to, []).append(role)
    for manager in (role for role in ordered if role.id in children):
        reports = children[manager.id]
        leaves = [r for r in reports if r.id not in children]
        stacked = leaves if len(leaves) > STACK_AFTER else []
        for report in reports:
            if report not in stacked:
                graph.edge(node[manager.id], node[report.id])
        for start in range(0, len(stacked), COLUMN):
            column = stacked[start : start + COLUMN]
            name = f"cluster_{node[manager.id]}_{start // COLUMN}"
            with graph.subgraph(name=name) as frame:
                frame.attr(style="rounded", color="#d0d0d0", label="")
                for card in column:
                    frame.node(node[card.id])
                for upper, lower in pairwise(column):
                    frame.edge(node[upper.id], node[lower.id], style="invis")
            graph.edge(node[manager.id], node[column[0].id], lhead=name)


def _ghosts(graph: graphviz.Digraph, before: Chart, changes: Diff, node: dict[str, str]) -> None:
    """A dashed card for each person who left, under the role they held (or its manager)."""
    for number, (person, departure) in enumerate(changes.left):
        name = changes.names.get(person, person)
        # The roles they left behind, else the ones they held on the earlier date.
        held = departure.roles if departure and departure.roles else ()
        if not held and person in {p.id for p in before.people}:
            held = before.person(person).roles
        title = changes.titles.get(held[0], held[0]) if held else "the organisation"
        colour, fill = _COLOURS["ghost"]
        ghost = f"g{number}"
        graph.node(
            ghost,
            label=_ghost(name, title, changes, person),
            style="rounded,dashed,filled",
            color=colour,
            fillcolor=fill,
        )
        anchor = next((r for r in held if r in node), None)
        if anchor is None and held and held[0] in {r.id for r in before.roles}:
            manager = before.role(held[0]).reports_to
            anchor = manager if manager in node else None
        if anchor is not None:
            graph.edge(node[anchor], ghost, style="dashed", color="#b0b0b0")
