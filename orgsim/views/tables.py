"""Every answer as one table, for ``--format csv``: a header and rows, one thing a row.

A spreadsheet is where most of these answers end up, so each table is flat (no nesting; a
list in a cell is joined with ``; ``), dates are ISO (``2024-09`` when only the month is
known), and a row says what it is about in its first columns. A cell from the data that a
spreadsheet would run as a formula (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is prefixed with ``'`` (:func:`cell`), as OWASP advises against CSV
injection; numbers orgsim computes are left as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

import attrs

from orgsim.forecasting import Backtest, Forecast
from orgsim.questions import records
from orgsim.questions.chains import Chains
from orgsim.questions.chart import Chart
from orgsim.questions.churn import Churn
from orgsim.questions.diff import Diff
from orgsim.questions.history import History
from orgsim.questions.impact import Impact
from orgsim.questions.succession import Succession

__all__ = [
    "Table",
    "backtest_table",
    "cell",
    "chains_table",
    "chart_table",
    "churn_table",
    "csv_text",
    "diff_table",
    "forecast_table",
    "history_table",
    "impact_table",
    "succession_table",
]

Cell = str | int | float | bool | None
Table = tuple[Sequence[str], Iterable[Sequence[Cell]]]

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str | None) -> str:
    """A string from the data, safe in a spreadsheet (see the module's docstring)."""
    if text is None:
        return ""
    return "'" + text if text.startswith(_FORMULA) else text


def csv_text(table: Table) -> str:
    """The table as CSV text: a header row, then the rows (None as an empty cell)."""
    header, rows = table
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow("" if value is None else value for value in row)
    return out.getvalue()


def chart_table(chart: Chart) -> Table:
    """One row per role on the chart, in the tree's order: the chart's records
    (:class:`~orgsim.questions.records.ChartRecord`), dates as ISO text."""
    found = records.chart_table(chart)
    header = [field.name for field in attrs.fields(found.record)]
    rows = []
    for row in found.to_records():
        rows.append(tuple(_plain(row[name]) for name in header))
    return header, rows


def _plain(value: object) -> Cell:
    if isinstance(value, str):
        return cell(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float):
        return value
    return cell(str(value))


def diff_table(found: Diff) -> Table:
    """One row per change: what changed (joined, left, moved, created, abolished, retitled,
    reparented, dotted, vacated, filled, changed hands), who or which role, and the details
    (a dotted line's ``before`` and ``after`` are role ids joined by ``; ``)."""
    header = ("change", "person", "name", "role", "title", "before", "after", "on", "detail")
    names, titles = found.names, found.titles
    rows: list[tuple[Cell, ...]] = []
    for person in found.joined:
        rows.append(("joined", person, cell(names.get(person)), None, None, None, None, None, None))
    for person, departure in found.left:
        on = str(departure.on) if departure else None
        detail = None
        if departure is not None:
            detail = departure.reason + (
                f" to {departure.destination}" if departure.destination else ""
            )
        rows.append(
            ("left", person, cell(names.get(person)), None, None, None, None, on, cell(detail))
        )
    for move in found.moved:
        before, after = "; ".join(move.before), "; ".join(move.after)
        rows.append(("moved", move.person, cell(move.name), None, None, before, after, None, None))
    for kind, roles in (
        ("created", found.created),
        ("abolished", found.abolished),
        ("vacated", found.vacated),
        ("filled", found.filled),
        ("changed hands", found.changed_hands),
    ):
        for role in roles:
            rows.append((kind, None, None, role, cell(titles.get(role)), None, None, None, None))
    for kind, changes in (("retitled", found.retitled), ("reparented", found.reparented)):
        for change in changes:
            rows.append(
                (
                    kind, None, None, change.role, cell(titles.get(change.role)),
                    cell(change.before), cell(change.after), None, None,
                )
            )  # fmt: skip
    for dotted in found.dotted:
        before, after = "; ".join(dotted.before), "; ".join(dotted.after)
        rows.append(
            ("dotted", None, None, dotted.role, cell(titles.get(dotted.role)),
             before, after, None, None)
        )  # fmt: skip
    return header, rows


def history_table(found: History) -> Table:
    """One row per role a person held (and one per stay with no role), with its spell."""
    header = ("person", "name", "stay_start", "role", "title", "acting", "start", "end", "days")
    rows: list[tuple[Cell, ...]] = []
    for stay in found.stays:
        first = str(stay.spell.start)
        if not stay.roles:
            end = str(stay.spell.end) if stay.spell.end else None
            rows.append(
                (
                    found.person,
                    cell(found.name),
                    first,
                    None,
                    None,
                    None,
                    first,
                    end,
                    stay.spell.days,
                )
            )
        for held in stay.roles:
            spell = held.spell
            rows.append(
                (
                    found.person, cell(found.name), first, held.role, cell(held.title),
                    held.acting, str(spell.start), str(spell.end) if spell.end else None,
                    spell.days,
                )
            )  # fmt: skip
    return header, rows


def succession_table(found: Succession) -> Table:
    """One row per holder of the role, and one per vacancy between them, in order."""
    header = ("role", "kind", "person", "name", "acting", "start", "end", "days")
    entries: list[tuple[str, tuple[Cell, ...]]] = []
    for holder in found.holders:
        spell = holder.spell
        entries.append(
            (
                spell.start.start.isoformat(),
                (
                    found.role, "holder", holder.person, cell(holder.name), holder.acting,
                    str(spell.start), str(spell.end) if spell.end else None, spell.days,
                ),
            )
        )  # fmt: skip
    for gap in found.gaps:
        entries.append(
            (
                gap.start.start.isoformat(),
                (
                    found.role, "vacant", None, None, None, str(gap.start),
                    str(gap.end) if gap.end else None, gap.days,
                ),
            )
        )  # fmt: skip
    return header, [row for _, row in sorted(entries, key=lambda entry: entry[0])]


def churn_table(found: Churn) -> Table:
    """One row per period: arrivals, departures and role changes."""
    header = ("period", "start", "arrivals", "departures", "role_changes", "approximate")
    rows = [
        (p.label, p.start.isoformat(), p.arrivals, p.departures, p.role_changes, p.approximate)
        for p in found.periods
    ]
    return header, rows


def chains_table(found: Chains) -> Table:
    """One row per step of every chain, numbered: chain, step, the role and how it was filled."""
    header = (
        "chain", "opened", "opener", "end", "length", "step", "role", "title", "filled",
        "person", "acting", "from_role",
    )  # fmt: skip
    rows = []
    for number, chain in enumerate(found.chains, start=1):
        for index, step in enumerate(chain.steps, start=1):
            rows.append(
                (
                    number, str(chain.opened_by.on), chain.opener, chain.end, chain.length,
                    index, step.role, cell(step.title), str(step.filled) if step.filled else None,
                    step.person, step.acting, step.from_role,
                )
            )  # fmt: skip
    return header, rows


def impact_table(found: Impact) -> Table:
    """One row per measure: base, scenario and the change."""
    header = ("measure", "base", "scenario", "change")
    base, proposed, difference = found.base, found.proposed, found.difference
    fields = (
        "headcount", "roles", "vacancies", "layers", "managers", "span_mean", "span_median",
        "span_max", "without_role",
    )  # fmt: skip
    rows = [
        (name, getattr(base, name), getattr(proposed, name), getattr(difference, name))
        for name in fields
    ]
    return header, rows


def forecast_table(found: Forecast) -> Table:
    """One row per role: its chances, and its likeliest first successor."""
    header = (
        "role", "title", "level", "team", "holder", "name", "acting", "changes", "vacant",
        "successor", "successor_name", "successor_probability",
    )  # fmt: skip
    rows = []
    for role in found.roles:
        first = role.successors[0] if role.successors else None
        rows.append(
            (
                role.role, cell(role.title), role.level, cell(role.team), role.holder,
                cell(role.holder_name), role.acting, role.changes, role.vacant,
                first.person if first else None, cell(first.name) if first else None,
                first.probability if first else None,
            )
        )  # fmt: skip
    return header, rows


def backtest_table(found: Backtest) -> Table:
    """One row per role: the forecast chance of a new holder, and what happened."""
    header = ("role", "title", "forecast", "changed", "holder_at_end")
    rows = [(o.role, cell(o.title), o.forecast, o.changed, o.holder) for o in found.outcomes]
    return header, rows
