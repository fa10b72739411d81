"""The ``orgsim`` command: a thin skin over the library.

Each command parses its options, makes one or two library calls and prints. Every
:class:`~orgsim.errors.OrgsimError` becomes one line on standard error and exit status 1.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from orgsim.dates import parse_day
from orgsim.errors import GraphvizNotFound, OrgsimError
from orgsim.organisation import load
from orgsim.views import FORMATS, chart_data, chart_dot, chart_text, render
from orgsim.views.escape import terminal_text

__all__ = ["main"]


class _Group(click.Group):
    """Turns library errors into one readable line and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OrgsimError as error:
            click.echo(f"orgsim: error: {error}", err=True)
            ctx.exit(1)


def _day(_: click.Context, __: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return parse_day(value)
    except OrgsimError as error:
        raise click.BadParameter(str(error)) from None


_log_option = click.option(
    "--log",
    "log",
    default="openai",
    show_default=True,
    metavar="PATH",
    help="The log to read: a .jsonl file, or 'openai' for the bundled OpenAI dataset.",
)
_date_option = click.option(
    "--date",
    "day",
    callback=_day,
    metavar="YYYY-MM-DD",
    help="The date of the chart (default: today).",
)


@click.group(cls=_Group)
@click.version_option(package_name="orgsim")
def main() -> None:
    """orgsim: an event-sourced org chart. Replay a log of hires, promotions and departures to
    the organisation on any date (by default OpenAI's leadership, bundled)."""


@main.command("render")
@_date_option
@_log_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format (default: from the -o suffix, else svg).",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    default=None,
    help="Where to write; '-' for standard output (default: orgchart-DATE.FORMAT).",
)
def render_command(day: dt.date, log: str, fmt: str | None, output: str | None) -> None:
    """Draw the chart on a date with Graphviz."""
    org = load(log)
    if fmt is None:
        suffix = Path(output).suffix.lstrip(".").lower() if output and output != "-" else ""
        fmt = suffix if suffix in FORMATS else "svg"
    target = output or f"orgchart-{day.isoformat()}.{fmt}"
    source = chart_dot(org.chart(day), heading=org.title)
    try:
        data = render(source, fmt)
    except GraphvizNotFound as missing:
        fallback = "-" if target == "-" else str(Path(target).with_suffix(".dot"))
        _write(fallback, source.encode("utf-8"))
        shown = "standard output" if fallback == "-" else fallback
        click.echo(f"orgsim: {missing}; wrote the DOT source to {shown} instead.", err=True)
        sys.exit(1)
    _write(target, data)
    if target != "-":
        click.echo(f"wrote {target}")


def _write(target: str, data: bytes) -> None:
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        Path(target).write_bytes(data)
    except OSError as error:
        raise OrgsimError(f"cannot write {target}: {error.strerror}") from None


@main.command("show")
@_date_option
@_log_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def show_command(day: dt.date, log: str, fmt: str) -> None:
    """Print the chart on a date: an indented tree, or JSON."""
    org = load(log)
    chart = org.chart(day)
    if fmt == "json":
        click.echo(json.dumps(chart_data(chart), indent=2, ensure_ascii=False))
    else:
        click.echo(chart_text(chart, heading=org.title), nl=False)


@main.command("validate")
@_log_option
def validate_command(log: str) -> None:
    """Check a log against every rule: a summary, or every problem found (exit 1)."""
    org = load(log, lenient=True)
    problems = org.violations
    if problems:
        for problem in problems:
            click.echo(terminal_text(str(problem)), err=True)
        click.echo(f"{org.name}: {len(problems)} problem(s) found", err=True)
        sys.exit(1)
    timeline = org.timeline()
    click.echo(
        f"{org.name}: ok, {len(org.events)} events, {len(timeline.stints)} people, "
        f"{len(timeline.versions)} roles"
    )
