"""A chart as Graphviz DOT: one card per role, top-down, in the chart's stable order.

Every string from data goes through :func:`~orgsim.views.escape.html_label_text`; node names are
generated (``r0``, ``r1``, ...), never taken from data, so no id or title can break the DOT.
"""

from __future__ import annotations

import graphviz

from orgsim.chart import Chart, Role
from orgsim.dates import PartialDate
from orgsim.views.escape import html_label_text

__all__ = ["chart_dot"]

_FONT = "Helvetica"
_FILLED = "#eef3fb"
_ACTING = "#fff4d6"
_VACANT = "#ffffff"


def _small(text: str, colour: str, bold: bool = False) -> str:
    inner = f"<B>{text}</B>" if bold else text
    return f'<TR><TD><FONT POINT-SIZE="9" COLOR="{colour}">{inner}</FONT></TD></TR>'


def _card(role: Role) -> str:
    """The HTML-like label of one role: title, holder, since when, and marks."""
    title = f"<TR><TD><B>{html_label_text(role.title)}</B></TD></TR>"
    holder = role.holder
    if holder is None:
        body = '<TR><TD><FONT COLOR="#8a8a8a"><I>Vacant</I></FONT></TD></TR>'
        return f'<<TABLE BORDER="0" CELLPADDING="3">{title}{body}</TABLE>>'
    rows = [f"<TR><TD>{html_label_text(holder.name)}</TD></TR>"]
    marks = [m for m, on in (("ACTING", holder.acting), ("ON LEAVE", holder.on_leave)) if on]
    if marks:
        rows.append(_small(" · ".join(marks), "#9a5b00", bold=True))
    rows.append(_small(f"since {holder.since.label()}", "#555555"))
    return f'<<TABLE BORDER="0" CELLPADDING="3">{title}{"".join(rows)}</TABLE>>'


def _style(role: Role) -> dict[str, str]:
    if role.holder is None:
        return {"style": "rounded,dashed", "color": "#9a9a9a", "fillcolor": _VACANT}
    if role.holder.acting or role.holder.on_leave:
        return {"style": "rounded,filled", "color": "#c98a00", "fillcolor": _ACTING}
    return {"style": "rounded,filled", "color": "#4a6fa5", "fillcolor": _FILLED}


def chart_dot(chart: Chart, heading: str | None = None) -> str:
    """DOT source for ``chart``: the same chart always gives the same text."""
    graph = graphviz.Digraph("orgchart")
    caption = f"{heading or 'Organisation'} on {PartialDate.of(chart.date).label()}"
    if chart.known_on is not None:
        caption += f" (as known on {PartialDate.of(chart.known_on).label()})"
    graph.attr(
        "graph",
        label=f"<<B>{html_label_text(caption)}</B>>",
        labelloc="t",
        fontname=_FONT,
        rankdir="TB",
        nodesep="0.3",
        ranksep="0.5",
        splines="ortho",
    )
    graph.attr("node", shape="box", fontname=_FONT, fontsize="11", margin="0.1,0.05")
    graph.attr("edge", arrowhead="none", color="#7a7a7a")
    node_of = {role.id: f"r{number}" for number, role in enumerate(chart.roles)}
    for role in chart.roles:
        graph.node(node_of[role.id], label=_card(role), **_style(role))
    for role in chart.roles:
        if role.reports_to is not None and role.reports_to in node_of:
            graph.edge(node_of[role.reports_to], node_of[role.id])
    source: str = graph.source
    return source
