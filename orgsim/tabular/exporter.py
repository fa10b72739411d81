"""A log back to a tenure spreadsheet, in exactly the shape the importer reads.

One row per tenure (a person in a role, from when to when), in order of start: the person's id
and name, the role's id, title and manager as they stood when the tenure began, the dates with
their precision (ISO: ``2024``, ``2024-09`` or ``2024-09-25``; the end empty while it runs), and
whether it was an acting appointment. ``orgsim import csv`` reads it back with no options.

What a tenure table cannot hold is left out: leaves of absence, why and where people went,
people who held no role, roles nobody held, dotted lines, and a role's changes in the middle of
a tenure.
"""

from __future__ import annotations

import csv
import io

from orgsim.replay.rules import replay_order
from orgsim.replay.timeline import Timeline
from orgsim.tabular.importer import Columns

__all__ = ["HEADER", "export_csv", "tenure_rows"]

_SHAPE = Columns()
#: The header the exporter writes, which is the importer's default columns.
HEADER = (
    _SHAPE.person,
    _SHAPE.name,
    _SHAPE.role,
    _SHAPE.title,
    _SHAPE.reports_to,
    _SHAPE.start,
    _SHAPE.end,
    _SHAPE.acting,
)


def tenure_rows(timeline: Timeline) -> list[tuple[str, ...]]:
    """Every tenure of ``timeline`` as a row of :data:`HEADER`, in order of start."""
    tenures = sorted(
        (t for spans in timeline.tenures.values() for t in spans),
        key=lambda t: replay_order(t.event),
    )
    rows: list[tuple[str, ...]] = []
    for tenure in tenures:
        day = tenure.start.start
        version = timeline.role_at(tenure.role, day)
        stint = timeline.stint_at(tenure.person, day)
        rows.append(
            (
                tenure.person,
                stint.name if stint else timeline.name_of(tenure.person),
                tenure.role,
                version.title if version else tenure.role,
                (version.reports_to or "") if version else "",
                str(tenure.start),
                "" if tenure.end is None else str(tenure.end),
                "true" if tenure.acting else "",
            )
        )
    return rows


def export_csv(timeline: Timeline) -> str:
    """The tenure spreadsheet of ``timeline`` as CSV text (header first, ``\\r\\n`` line ends
    as the CSV standard has them)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(tenure_rows(timeline))
    return out.getvalue()
