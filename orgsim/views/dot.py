"""A chart as Graphviz DOT: one card per role, top-down, in the chart's stable order.

Every string from data goes through :func:`~orgsim.views.escape.html_label_text`; node names
are generated (``r0``, ``r1``, ...), never taken from data, so no id or title can break the DOT.

Layout choices, so that real charts stay readable:

- A plan (:func:`_plan`) fixes each card's rank and the left-to-right order, depth first in
  chart order, and every rank is chained in that order with invisible edges: roles keep the same
  order on every date and in every kind of render, ghosts and lists only slot in between.
- A manager with many reports that have no reports of their own would make one very wide
  level; those reports are stacked in balanced columns of at most :data:`COLUMN` cards (never
  one), each in a light frame that one line from the manager reaches: siblings, with no line
  between them that could be read as a chain of command. A manager with more than :data:`WRAP`
  reports or columns gets them in several rows, each below the last, so wide charts wrap.
- Every manager's part of the chart is an invisible cluster holding its reports' clusters and
  frames. Graphviz keeps a rank's order across clusters only when they nest like the tree: a
  lone frame beside plain cards has its lower ranks placed before its neighbours' and is then
  moved, order and all, to uncross them.
- Drawn to a width (:func:`chart_pages`), the plan measures the cards and arranges each team in
  the least area that fits: more rows, taller columns, a few reports stacked. A team that would
  still make the page taller than :data:`TALLEST` times its width is folded into its manager's
  card ("+ 45 roles below, on page 3") and drawn on a page of its own, to the same width.
- A role whose reports were cut off (``--depth``) says how many roles are below it; people in
  the organisation without a role are listed at the bottom (the first :data:`LISTED`).
- With ``changes`` (a :class:`~orgsim.questions.diff.Diff` from an earlier date), cards carry marks
  (new role, new in role, moved); people who left are dashed ghosts under the role they held
  last, with the title it had then and when they left it; those who held no role are listed
  apart at the bottom; a legend explains the marks.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise

import attrs
import graphviz

from orgsim.log.dates import PartialDate
from orgsim.questions.chart import Chart, Role
from orgsim.questions.diff import Diff
from orgsim.questions.spells import Departure
from orgsim.views.escape import html_label_text
from orgsim.views.text import scenario_line

__all__ = ["COLUMN", "LISTED", "STACK_AFTER", "TALLEST", "WRAP", "Page", "chart_dot", "chart_pages"]

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


def _card(role: Role, marks: _Marks, below: int = 0, where: str | None = None) -> str:
    """The HTML-like label of one role: title, holder, since when, marks, and how many roles
    are below it when the chart was cut there (and ``where`` they are drawn, when they are)."""
    rows = [_row(html_label_text(role.title), bold=True)]
    if below:
        on = f", on {html_label_text(where)}" if where else ""
        rows.append(_row(f"+ {below} role{'s' if below > 1 else ''} below{on}", "#555555", 8))
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
    if kind == "vacant":  # as tall as a held seat's card, so the tops of a rank line up
        return {"style": style, "color": colour, "fillcolor": fill, "height": "0.72"}
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
    return _draw(chart, _plan(chart), _caption(chart, heading), changes, before)


@attrs.frozen
class Page:
    """One page of a chart drawn to a width: its number (the first is the chart's top), the
    role at its top (None on the first page) and its DOT source."""

    number: int
    root: str | None
    source: str


#: The tallest a page drawn to a width may be, in widths: a portrait A4 sheet's proportions.
TALLEST = math.sqrt(2)


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
    room = width * 72 * _SLACK - 2 * _PAD
    marks = _marks(chart, changes)
    sheets = _sheets(chart, room, marks)
    number = {sheet.root: index + 1 for index, sheet in enumerate(sheets)}
    stubs = [Page(n, sheet.root, "") for n, sheet in enumerate(sheets, start=1)]
    pages = []
    for sheet, stub in zip(sheets, stubs, strict=True):
        where = {role: stubs[number[role] - 1] for role in sheet.folded}
        lines = _caption(chart, heading)
        if sheet.root is not None:
            lines += (_page_line(chart, sheet.root, stub.number, len(sheets), number),)
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
        )
        pages.append(attrs.evolve(stub, source=source))
    return tuple(pages)


def _caption(chart: Chart, heading: str | None) -> tuple[str, ...]:
    """The lines above a chart, as HTML-like label text: what and when, and a warning when it
    is a what-if."""
    caption = f"{heading or chart.organisation or 'Organisation'} on "
    caption += PartialDate.of(chart.date).label()
    if chart.known_on is not None:
        caption += f" (as known on {PartialDate.of(chart.known_on).label()})"
    lines: tuple[str, ...] = (f"<B>{html_label_text(caption)}</B>",)
    if chart.scenario is not None:  # a hypothetical chart must never pass for history
        warning = scenario_line(chart.scenario, chart.set_aside)
        lines += (f'<FONT COLOR="{_SCENARIO}">{html_label_text(warning)}</FONT>',)
    return lines


def _page_line(
    chart: Chart, root: str, number: int, count: int, pages: Mapping[str | None, int]
) -> str:
    """Which page this is, whose team it shows, and where that role's manager is drawn."""
    role = chart.role(root)
    lines = [f"Page {number} of {count}: {role.title} and below"]
    manager = role.reports_to
    if manager is not None:
        above: str | None = manager
        while above is not None and above not in pages:  # the page the manager is on
            above = chart.role(above).reports_to
        lines.append(f"reporting to {chart.role(manager).title}, on page {pages.get(above, 1)}")
    font = '<FONT POINT-SIZE="11" COLOR="#555555">'
    return "<BR/>".join(f"{font}{html_label_text(line)}</FONT>" for line in lines)


def _draw(
    chart: Chart,
    plan: _Plan,
    caption: tuple[str, ...],
    changes: Diff | None,
    before: Chart | None,
    *,
    pages: Mapping[str, tuple[str, str | None]] | None = None,
    width: float | None = None,
) -> str:
    """The DOT of one drawing: the plan's cards, their frames and edges, ghosts and lists.
    ``pages`` names where each folded role's team is drawn (and the file to link to)."""
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
    marks = _marks(chart, changes)
    for role in plan.order:
        where, href = (pages or {}).get(role.id, (None, None))
        label = _card(role, marks.get(role.id, _Marks()), chart.cut.get(role.id, 0), where)
        extra = {"URL": href, "tooltip": f"{where}: {href}"} if href else {}
        graph.node(node[role.id], label=label, **_style(role), **extra)
    _connect(graph, plan, node)
    # (rank, place in the order, node): ghosts just after the role they hang from, lists last.
    extra_nodes: list[tuple[int, float, str]] = []
    bottom = max(plan.rank.values(), default=-1) + 1
    if changes is not None and before is not None:
        extra_nodes += _ghosts(graph, before, changes, node, plan)
        if _roleless_leavers(changes):
            graph.node("left", label=_left_list(changes), shape="box", style="rounded,dashed",
                       color=_COLOURS["ghost"][0])  # fmt: skip
            extra_nodes.append((bottom, float("inf"), "left"))
        graph.node("legend", label=_legend(changes), shape="plain")
    if chart.without_role():
        graph.node("others", label=_others(chart), shape="box", style="rounded",
                   color="#d0d0d0")  # fmt: skip
        extra_nodes.append((bottom, float("inf"), "others"))
    if plan.lead:
        extra_nodes.append((0, -1, "lead"))
    _order(graph, plan, node, extra_nodes)
    source: str = graph.source
    return source


@attrs.frozen
class _Plan:
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


def _plan(
    chart: Chart, room: float | None = None, card: Callable[[Role], float] = _no_width
) -> _Plan:
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
            framed[unit] = max(map(card, unit)) + 2 * _FRAME
        return framed[unit]

    def ranks(unit: Unit) -> int:
        return height[unit[0].id] if len(unit) == 1 else len(unit)

    def shape(role: Role, space: float | None) -> None:
        below = children.get(role.id, [])
        inner = None if space is None else space - 2 * _NEST
        for report in below:
            shape(report, inner)
        rows: tuple[tuple[Unit, ...], ...] = ()
        if below:
            leaves = [r for r in below if r.id not in children]
            teams[role.id] = _arrange(below, leaves, inner, size, ranks)
            rows = teams[role.id].rows
        height[role.id] = 1 + sum(max(map(ranks, row)) for row in rows)
        team = _rows_width(rows, size) if rows else -2 * _NEST
        width[role.id] = max(card(role), team + 2 * _NEST)

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
    return _Plan(tuple(order), rank, columns, reports, widest if room is not None else 0.0, lead)


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
        score = (wide > space, (tall + 1) * (wide + _GAP), tall)  # the least area
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
        _row_width(row, size) + (_LANE * later[i] if lanes else 0.0) for i, row in enumerate(rows)
    )


def _row_width(row: Sequence[Unit], size: Callable[[Unit], float]) -> float:
    return sum(size(unit) for unit in row) + _GAP * (len(row) - 1)


#: A manager with more units (reports or columns) than this gets them in several rows.
WRAP = 4


def _rows(units: list[Unit]) -> list[list[Unit]]:
    return _split(units, -(-len(units) // WRAP)) if units else []


def _split(units: list[Unit], count: int) -> list[list[Unit]]:
    """``units`` in ``count`` rows (or fewer), as even as rows of whole units can be."""
    size = -(-len(units) // count)
    return [units[i : i + size] for i in range(0, len(units), size)]


# What the plan counts with, in points, as Graphviz draws: the space a cluster keeps around
# what it holds (an invisible team's, a frame's), the space between two cards side by side,
# the page's own margin, and how much of the width the plan fills (the rest allows for fonts a
# little wider than measured); and the height of one rank, a card and the space below it.
_NEST = 6.0
_FRAME = 6.0
_GAP = 18.0
_PAD = 4.0
_SLACK = 0.96
_RANK = 86.0
_LANE = 20.0
#: What one more row of a team costs, in ranks, when the plan weighs arrangements: each row
#: below the first adds a line (and a lane) per unit down past the rows above it.
_ROW_COST = 2

# Helvetica's advance widths (thousandths of the type size) for the printable ASCII characters,
# from its AFM files; Liberation Sans and Arial, which stand in for it, share them.
_REGULAR = [
    *(278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278),
    *([556] * 10),
    *(278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500),
    *(667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278),
    *(278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222),
    *(833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584),
]
_BOLD = [
    *(278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278),
    *([556] * 10),
    *(333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556),
    *(722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333),
    *(278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278),
    *(889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584),
]
_ROW = re.compile(r"<TR>(.*?)</TR>")
_SIZE = re.compile(r'POINT-SIZE="(\d+)"')
_TAG = re.compile(r"<[^>]*>")


def _text_width(text: str, size: float, bold: bool) -> float:
    """How wide ``text`` is set in Helvetica at ``size`` points; a character beyond ASCII is
    counted as wide as a capital (an East Asian one as a whole em), to err wide."""
    widths = _BOLD if bold else _REGULAR
    total = 0
    for char in text:
        code = ord(char)
        total += widths[code - 32] if 32 <= code < 127 else 1000 if code >= 0x2E80 else 722
    return total * size / 1000


def _label_width(label: str) -> float:
    """How wide Graphviz draws a card with this HTML-like label, in points: its widest row,
    scaled as Graphviz's text layout measured the cards of real charts (about 1.2 to 1.3 times
    Helvetica's advance widths, and a constant for the margins), erring wide."""
    widest = 0.0
    for row in _ROW.findall(label):
        size = _SIZE.search(row)
        text = html.unescape(_TAG.sub("", row))
        widest = max(widest, _text_width(text, float(size.group(1)) if size else 14, "<B>" in row))
    return 1.3 * widest + 10


@attrs.frozen
class _Sheet:
    """One page being planned: the role at its top (None: the chart's own tops), the part of
    the chart it draws (its folded teams cut off), the plan, and the roles folded on it."""

    root: str | None
    chart: Chart
    plan: _Plan
    folded: tuple[str, ...]


def _sheets(chart: Chart, room: float, marks: Mapping[str, _Marks]) -> list[_Sheet]:
    """The pages of ``chart`` in ``room`` points: the first, then each folded team's, in the
    order they were folded (breadth first), each folding teams of its own that do not fit."""

    measured: dict[tuple[Role, int], float] = {}

    def measure(role: Role, below: int) -> float:  # a folded card names its page
        if (role, below) not in measured:
            label = _card(role, marks.get(role.id, _Marks()), below, "page 999")
            measured[role, below] = _label_width(label)
        return measured[role, below]

    sheets: list[_Sheet] = []
    queue: list[tuple[str | None, Chart]] = [(None, chart)]
    while queue:
        root, part = queue.pop(0)
        page, plan, folded = _fold(part, room, measure)
        place = {role.id: index for index, role in enumerate(plan.order)}
        folded = tuple(sorted(folded, key=place.__getitem__))  # pages in the chart's order
        sheets.append(_Sheet(root, page, plan, folded))
        queue += [(role, chart.subtree(role)) for role in folded]
    return sheets


#: How many of the largest teams folding tries each time, keeping the one that saves most.
_TRIES = 6
#: The fewest roles below a role for its team to be worth a page of its own.
_FOLD_AT_LEAST = 3


def _fold(
    chart: Chart, room: float, measure: Callable[[Role, int], float]
) -> tuple[Chart, _Plan, tuple[str, ...]]:
    """``chart`` planned in ``room``, with teams folded (largest first, each time the one of
    the few largest that saves most height) while the page is taller than TALLEST widths or
    wider than the room, as long as a fold helps. A page's tops and their reports stay."""

    def planned(part: Chart) -> _Plan:
        return _plan(part, room, lambda role: measure(role, part.cut.get(role.id, 0)))

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


def _ranks(plan: _Plan) -> int:
    return max(plan.rank.values(), default=-1) + 1


def _too_big(plan: _Plan, room: float) -> bool:
    return plan.width > room or _ranks(plan) * _RANK > TALLEST * room


def _extent(plan: _Plan) -> tuple[int, float]:
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


def _connect(graph: graphviz.Digraph, plan: _Plan, node: dict[str, str]) -> None:
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


def _reports(plan: _Plan) -> set[str]:
    return {r.id for team in plan.reports.values() for r in team} | {
        r.id for columns in plan.columns.values() for column in columns for r in column
    }


def _team(plan: _Plan, node: dict[str, str], role: Role) -> graphviz.Digraph:
    """A manager and everyone below, in an invisible cluster: its reports' teams nested in it,
    its stacked columns in light frames with no line between their cards."""
    team = graphviz.Digraph(name=f"cluster_t{node[role.id]}")
    team.attr(style="invis", margin=f"{_NEST:g}", label="")
    team.node(node[role.id])
    for report in plan.reports.get(role.id, ()):
        if report.id in plan.reports:
            team.subgraph(_team(plan, node, report))
        else:
            team.node(node[report.id])
    for number, column in enumerate(plan.columns.get(role.id, ())):
        frame = graphviz.Digraph(name=f"cluster_{node[role.id]}_{number}")
        frame.attr(style="rounded,filled", color="#c3cfe2", fillcolor="#f6f8fc", label="",
                   margin=f"{_FRAME:g}")  # fmt: skip
        for card in column:
            frame.node(node[card.id])
        for upper, lower in pairwise(column):  # keeps the column straight; never drawn
            frame.edge(node[upper.id], node[lower.id], style="invis", weight="10")
        team.subgraph(frame)
    return team


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
