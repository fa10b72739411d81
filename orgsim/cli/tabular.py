"""Data in and out, and a second look at it: ``orgsim import csv``, ``orgsim export csv`` and
``export json``, and ``orgsim lint``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import attrs
import click

from orgsim.cli.base import (
    day_option,
    format_option,
    load_log,
    log_option,
    main,
    note_outside,
    progress,
)
from orgsim.errors import OrgsimError
from orgsim.lint import lint
from orgsim.log.dates import PartialDate
from orgsim.store import write_log
from orgsim.store.postgres import is_url
from orgsim.tabular import DEFAULT_FORMATS, Columns, Skipped, export_csv, import_csv
from orgsim.views import chart_data
from orgsim.views.escape import pretty_json, terminal_text
from orgsim.views.tables import cell, csv_text

__all__ = ["export_group", "import_group", "lint_command"]

F = TypeVar("F", bound=Callable[..., object])

#: Exit status of a lenient import that left rows out (the log was still written).
SKIPPED_ROWS = 3


@main.group("import")
def import_group() -> None:
    """Bring data you already have into a log."""


def _column(name: str, default: str, what: str) -> Callable[[F], F]:
    shown = f" (default: {default!r}, when the file has it)"
    return click.option(
        f"--{name}", default=None, metavar="COL", help=f"The column of {what}{shown}."
    )


@import_group.command("csv")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    "log",
    required=True,
    metavar="LOG",
    help="The log: appended to when it exists (every rule checked), else created "
    "(.jsonl, .sqlite or a postgresql:// URL).",
)
@_column("person", "person", "each person's name (their id is made from it)")
@_column("role", "role", "the role (its id is made from it)")
@_column("start", "start", "the date the tenure started")
@_column("end", "end", "the date it ended (empty or 'present': still running)")
@_column("title", "title", "the role's title (else the role column's text)")
@_column("reports-to", "reports_to", "the role it reports to")
@_column("name", "name", "the person's display name (else the person column's text)")
@_column("acting", "acting", "acting appointments (true, yes, acting, interim, x)")
@click.option(
    "--date-format",
    "formats",
    multiple=True,
    metavar="FMT",
    help="A strptime format dates are written in; repeat it to try several in turn. Default: "
    + ", ".join(DEFAULT_FORMATS),
)
@click.option("--source", default=None, help="Cited in every event's source before 'FILE, row N'.")
@click.option(
    "--lenient",
    is_flag=True,
    help=f"Import every row that can be, and list the others (exit {SKIPPED_ROWS} if any).",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write the rows left out to this CSV file (row, column, value, reason).",
)
def import_csv_command(
    file: str,
    log: str,
    formats: tuple[str, ...],
    source: str | None,
    lenient: bool,
    report: str | None,
    **named: str | None,
) -> None:
    """Import a spreadsheet of tenures (who held which role from when to when) as events:
    roles created as first seen, hires, promotions, step-downs and departures, each citing its
    row. Strict by default: the first row that cannot be taken stops the import (exit 1) and
    nothing is written."""
    columns = Columns(**{key: value for key, value in named.items() if value is not None})
    existing = load_log(log) if is_url(log) or Path(log).exists() else None
    try:
        with Path(file).open("rb") as handle:
            lines = sum(1 for _ in handle)
    except OSError as error:
        raise OrgsimError(f"{file}: cannot read: {error.strerror}") from None
    with progress(lines, "Importing") as step:
        imported = import_csv(
            file,
            columns=columns,
            formats=formats or DEFAULT_FORMATS,
            source=source,
            lenient=lenient,
            after=existing.events if existing else (),
            recorded=PartialDate.of(dt.date.today()),
            progress=step,
        )
    if existing is not None:
        existing.append(*imported.events)  # checked again: another writer may have appended
    else:
        write_log(log, imported.events)  # every rule was checked by import_csv
    taken = imported.rows - len({s.row for s in imported.skipped})
    click.echo(
        f"imported {taken} of {imported.rows} rows from {file} as {len(imported.events)} "
        f"events into {log}"
    )
    if imported.skipped:
        click.echo(_table(imported.skipped))
        if report:
            Path(report).write_text(_report(imported.skipped), encoding="utf-8")
        sys.exit(SKIPPED_ROWS)
    if report:
        Path(report).write_text(_report(()), encoding="utf-8")


def _table(skipped: Sequence[Skipped]) -> str:
    lines = [f"{len(skipped)} row(s) left out:", f"{'row':>5}  {'column':<14} {'value':<20} reason"]
    for s in skipped:
        value = s.value if len(s.value) <= 20 else s.value[:19] + "…"
        lines.append(terminal_text(f"{s.row:>5}  {s.column or '':<14} {value:<20} {s.reason}"))
    return "\n".join(lines)


def _report(skipped: Sequence[Skipped]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("row", "column", "value", "reason"))
    writer.writerows((s.row, s.column or "", s.value, s.reason) for s in skipped)
    return out.getvalue()


_output = click.option(
    "-o", "--output", metavar="FILE", default=None, help="Where to write (default: stdout)."
)


@main.group("export")
def export_group() -> None:
    """Give a log back as data: its tenures as a spreadsheet, or a chart as JSON."""


def _target(output: str | None, text: str) -> None:
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise OrgsimError(f"cannot write {output}: {error.strerror}") from None
    click.echo(f"wrote {output}", err=True)


@export_group.command("csv")
@log_option
@click.option(
    "-o", "--output", metavar="FILE", default=None, help="Where to write (default: stdout)."
)
def export_csv_command(log: str, output: str | None) -> None:
    """Every tenure as a row (person, name, role, title, reports_to, start, end, acting), in
    exactly the shape `orgsim import csv` reads with no options."""
    org = load_log(log)
    _target(output, export_csv(org.timeline()))


@export_group.command("json")
@log_option
@day_option("date", "The date of the chart (default: today).")
@click.option(
    "-o", "--output", metavar="FILE", default=None, help="Where to write (default: stdout)."
)
def export_json_command(log: str, date: dt.date | None, output: str | None) -> None:
    """The chart on a date as JSON (the shape `orgsim show --format json` prints)."""
    org = load_log(log)
    day = date or dt.date.today()
    note_outside(org, day)
    _target(output, pretty_json(chart_data(org.chart(day))) + "\n")


@main.command("lint")
@log_option
@format_option
@click.option(
    "--vacancy-years",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Report a role vacant for longer than this.",
)
@click.option(
    "--span",
    type=click.IntRange(min=1),
    default=12,
    show_default=True,
    help="Report a role with more direct reports than this.",
)
def lint_command(log: str, fmt: str, vacancy_years: float, span: int) -> None:
    """Every broken rule at once (like validate), and what breaks no rule but looks wrong: long
    vacancies, re-hires the day after leaving, dates less precise than their neighbours,
    titles that differ only in case or spacing, wide spans, one term written as two. Each
    finding names its events and where they are; exit 1 when anything is found."""
    org = load_log(log, lenient=True)
    findings = lint(org, vacancy_years=vacancy_years, span=span)
    if fmt == "json":
        data = [attrs.asdict(finding) for finding in findings]
        click.echo(pretty_json(data))
    elif fmt == "csv":
        header = ("kind", "message", "events", "places")
        rows = [
            (
                f.kind,
                cell(f.message),
                "; ".join(map(str, f.events)),
                cell("; ".join(f.places)),
            )
            for f in findings
        ]
        click.echo(csv_text((header, rows)), nl=False)
    else:
        for finding in findings:
            click.echo(terminal_text(str(finding)))
        kinds = sorted({f.kind for f in findings})
        click.echo(
            f"{org.name}: {len(findings)} finding(s)" + (f" ({', '.join(kinds)})" if kinds else ""),
            err=True,
        )
    if findings:
        sys.exit(1)
