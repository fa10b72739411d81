"""Flows between organisations as a picture: a Sankey-style SVG, drawn here, needing nothing else.

Organisations people left stand in a column on the left, those they went to on the right, each
as tall as the people it lost or gained; a band joins the two ends of each flow, as thick as the
people in it, and names them on hover (``<title>``) and in a line beside it. An organisation
that both lost and gained people stands in both columns. The SVG refers to no font, style sheet
or script outside itself, and every string from the logs is escaped (:func:`xml_text`).
"""

from __future__ import annotations

from collections.abc import Mapping

from orgsim.questions.flows import Flow, Flows
from orgsim.views.escape import xml_text

__all__ = ["flows_svg"]

#: Pixels per person moved: the height a person adds to a column and to a band.
UNIT = 22
_GAP = 18
_NODE_WIDTH = 14
_TOP = 56
_CHAR = 7.2  # about how wide a character of the 13 px labels is
_PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1")


def _column(totals: Mapping[str, int]) -> dict[str, tuple[float, float]]:
    """Each organisation's top and height in a column, the largest first."""
    placed: dict[str, tuple[float, float]] = {}
    y = float(_TOP)
    for name, count in sorted(totals.items(), key=lambda item: (-item[1], item[0])):
        placed[name] = (y, count * UNIT)
        y += count * UNIT + _GAP
    return placed


def _people(flow: Flow) -> str:
    return ", ".join(move.name for move in flow.moves)


def flows_svg(found: Flows, *, title: str | None = None) -> str:
    """The flows of ``found`` as a standalone SVG document."""
    heading = title or f"Moves between organisations, {found.start} to {found.end}"
    if not found.flows:
        return _document(480, 120, [_text(24, 32, heading, bold=True), _text(24, 72, "No moves.")])
    out: dict[str, int] = {}
    into: dict[str, int] = {}
    for flow in found.flows:
        out[flow.origin] = out.get(flow.origin, 0) + flow.count
        into[flow.destination] = into.get(flow.destination, 0) + flow.count
    left, right = _column(out), _column(into)

    def label(name: str, count: int) -> str:
        return f"{found.titles.get(name, name)} ({count})"

    left_width = max(len(label(n, c)) for n, c in out.items()) * _CHAR + 24
    names_width = max(len(_people(flow)) for flow in found.flows) * _CHAR
    band = max(260.0, min(names_width + 40, 520.0))
    x_left = left_width
    x_right = x_left + _NODE_WIDTH + band
    right_width = max(len(label(n, c)) for n, c in into.items()) * _CHAR + 24
    width = x_right + _NODE_WIDTH + right_width
    bottom = max(
        max(top + height for top, height in left.values()),
        max(top + height for top, height in right.values()),
    )
    parts = [_text(24, 30, heading, bold=True)]
    colours = {name: _PALETTE[i % len(_PALETTE)] for i, name in enumerate(left)}
    # Each band leaves its origin in the order of the destinations' places, and reaches its
    # destination in the order of the origins' places: fewest crossings. Bands first, so that
    # the columns are drawn over their ends.
    starts: dict[tuple[str, str], float] = {}
    for name, (top, _) in left.items():
        for flow in sorted(
            (f for f in found.flows if f.origin == name), key=lambda f: right[f.destination][0]
        ):
            starts[(flow.origin, flow.destination)] = top
            top += flow.count * UNIT
    ends: dict[tuple[str, str], float] = {}
    for name, (top, _) in right.items():
        for flow in sorted(
            (f for f in found.flows if f.destination == name), key=lambda f: left[f.origin][0]
        ):
            ends[(flow.origin, flow.destination)] = top
            top += flow.count * UNIT
    for flow in found.flows:
        thick = flow.count * UNIT
        y0 = starts[(flow.origin, flow.destination)] + thick / 2
        y1 = ends[(flow.origin, flow.destination)] + thick / 2
        x0, x1 = x_left + _NODE_WIDTH, x_right
        middle = (x0 + x1) / 2
        names = xml_text(
            f"{found.titles.get(flow.origin, flow.origin)} to "
            f"{found.titles.get(flow.destination, flow.destination)}: {_people(flow)}"
        )
        parts.append(
            f'<path d="M{x0:.1f},{y0:.1f} C{middle:.1f},{y0:.1f} {middle:.1f},{y1:.1f} '
            f'{x1:.1f},{y1:.1f}" fill="none" stroke="{colours[flow.origin]}" '
            f'stroke-opacity="0.45" stroke-width="{thick:.1f}"><title>{names}</title></path>'
        )
    # The people of each band beside where it leaves its origin: those ends never overlap.
    for flow in found.flows:
        y0 = starts[(flow.origin, flow.destination)] + flow.count * UNIT / 2
        parts.append(_text(x_left + _NODE_WIDTH + 6, y0 + 4, _people(flow), size=11, fill="#222"))
    for name, (top, height) in left.items():
        parts.append(_node(x_left, top, height, colours[name]))
        parts.append(_text(x_left - 8, top + height / 2 + 4, label(name, out[name]), anchor="end"))
    for name, (top, height) in right.items():
        parts.append(_node(x_right, top, height, "#888"))
        parts.append(
            _text(x_right + _NODE_WIDTH + 8, top + height / 2 + 4, label(name, into[name]))
        )
    return _document(width, bottom + 24, parts)


def _node(x: float, y: float, height: float, colour: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{_NODE_WIDTH}" height="{height:.1f}" '
        f'fill="{colour}"/>'
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: int = 13,
    bold: bool = False,
    fill: str = "#111",
) -> str:
    """A line of text, escaped here."""
    shown = xml_text(text)
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{weight} '
        f'fill="{fill}">{shown}</text>'
    )


def _document(width: float, height: float, parts: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif">\n'
        '<rect width="100%" height="100%" fill="white"/>\n' + "\n".join(parts) + "\n</svg>\n"
    )
