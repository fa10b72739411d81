"""Flows between organisations as text, JSON-ready data and CSV (the picture is ``sankey.py``).

Each move is shown with both its sides where the logs have them: when the person left and when
they joined, each with its source, and (given ``place``) the file and line of each event.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from orgsim.questions.flows import Flows, Move, Side
from orgsim.views.escape import terminal_text

__all__ = ["CSV_HEADER", "flows_csv", "flows_data", "flows_text"]

#: Where an event of a move stands (its log's file and line), when the caller knows.
Place = Callable[[Side], str]

CSV_HEADER = (
    "origin",
    "destination",
    "person",
    "name",
    "left_on",
    "left_source",
    "left_at",
    "joined_on",
    "joined_source",
    "joined_at",
)


def _side(side: Side | None, place: Place | None) -> dict[str, Any] | None:
    if side is None:
        return None
    data: dict[str, Any] = {
        "organisation": side.organisation,
        "on": str(side.on),
        "source": side.source,
        "seq": side.event.seq,
    }
    if place is not None:
        data["at"] = place(side)
    return data


def _move(move: Move, place: Place | None) -> dict[str, Any]:
    return {
        "person": move.person,
        "name": move.name,
        "left": _side(move.left, place),
        "joined": _side(move.joined, place),
    }


def flows_data(found: Flows, place: Place | None = None) -> dict[str, Any]:
    """The flows as plain data: every flow with its people, each side with its source."""
    return {
        "start": found.start.isoformat(),
        "end": found.end.isoformat(),
        "organisations": [
            {"name": name, "title": title, "in_workspace": name in found.members}
            for name, title in found.titles.items()
        ],
        "flows": [
            {
                "origin": flow.origin,
                "destination": flow.destination,
                "count": flow.count,
                "people": [_move(move, place) for move in flow.moves],
            }
            for flow in found.flows
        ],
    }


def flows_text(found: Flows, place: Place | None = None) -> str:
    """The flows, largest first, each person with when they left and joined, and the sources."""
    title = found.titles.get
    lines = [f"Moves between organisations, {found.start} to {found.end}"]
    if not found.flows:
        lines.append("  none")
    for flow in found.flows:
        origin, destination = (
            title(flow.origin, flow.origin),
            title(flow.destination, flow.destination),
        )
        lines.append(f"{terminal_text(origin)} -> {terminal_text(destination)}: {flow.count}")
        for move in flow.moves:
            said = []
            if move.left is not None:
                said.append(f"left {move.left.on.label()}")
            if move.joined is not None:
                said.append(f"joined {move.joined.on.label()}")
            lines.append(f"  {terminal_text(move.name)} ({move.person}): {'; '.join(said)}")
            for side in (move.left, move.joined):
                if side is not None:
                    where = f" ({place(side)})" if place is not None else ""
                    lines.append(f"    {terminal_text(side.source)}{where}")
    return "\n".join(lines) + "\n"


def flows_csv(found: Flows, place: Place | None = None) -> str:
    """One row per move: origin, destination, the person, and each side's date, source and
    place (empty where a log does not tell that side)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for flow in found.flows:
        for move in flow.moves:
            row = [flow.origin, flow.destination, move.person, move.name]
            for side in (move.left, move.joined):
                if side is None:
                    row += ["", "", ""]
                else:
                    row += [str(side.on), side.source, place(side) if place else ""]
            writer.writerow(row)
    return out.getvalue()
