"""Commands that read a log: the chart (render, show), its checks (validate), and questions
across time (diff, history, succession, churn). Each takes ``--log`` and ``--known-on``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from orgsim.cli.base import (
    check_order,
    day_option,
    format_option,
    known_on_option,
    log_option,
    main,
    note_outside,
    open_log,
    print_answer,
    progress,
    scenario_option,
    validate_log,
    warn_incomplete,
)
from orgsim.cli.workspace import check_workspace, workspace_option
from orgsim.errors import GraphvizNotFound, OrgsimError
from orgsim.questions.churn import GRANULARITIES, Granularity, churn
from orgsim.questions.diff import diff
from orgsim.questions.flows import TOLERANCE_DAYS
from orgsim.questions.history import history
from orgsim.questions.succession import succession
from orgsim.views import FORMATS, chart_data, chart_dot, chart_text, render
from orgsim.views.data import to_data
from orgsim.views.dot import Page, chart_pages
from orgsim.views.escape import terminal_text
from orgsim.views.html import timeline_html
from orgsim.views.rendering import RASTER, format_of, page_file, page_width
from orgsim.views.report import churn_text, diff_text, history_text, succession_text
from orgsim.views.tables import (
    chart_table,
    churn_table,
    diff_table,
    history_table,
    succession_table,
)
from orgsim.views.text import scenario_line

__all__ = [
    "churn_command",
    "diff_command",
    "history_command",
    "render_command",
    "show_command",
    "succession_command",
    "validate_command",
]


@main.command("render")
@day_option("date", "The date of the chart (default: today).")
@log_option
@scenario_option
@known_on_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format (default: from the -o suffix, else svg).",
    metavar="FORMAT",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    default=None,
    help="Where to write; '-' for standard output (default: orgchart-DATE.FORMAT).",
)
@click.option("--root", default=None, help="Draw only this role (id or title) and those under it.")
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=None,
    help="Draw only this many levels below the top (or below --root).",
)
@day_option("since", "Mark what changed since this earlier date; show who left as ghosts.")
@click.option(
    "--dpi",
    type=click.IntRange(min=10, max=1200),
    default=None,
    help="Resolution of a picture drawn in pixels (png, jpg, ...; Graphviz draws 96).",
)
@click.option(
    "--width",
    metavar="WIDTH",
    default=None,
    help="Draw the chart this wide: a4, letter (portrait, inside half-inch margins), screen "
    "(1920 px), or a number with in, cm, mm or px (1400px, 11in). A team that does not fit "
    "goes on a page of its own, written beside -o and named after its top role.",
)
def render_command(
    date: dt.date | None,
    log: str,
    overlays: tuple[str, ...],
    known_on: dt.date | None,
    fmt: str | None,
    output: str | None,
    root: str | None,
    depth: int | None,
    since: dt.date | None,
    dpi: int | None,
    width: str | None,
) -> None:
    """Draw the chart on a date with Graphviz, in the format -o's suffix names (any Graphviz
    writes), else --format, else SVG. With --root, --depth, --since or --width the default
    file name says so; -o DIR/ writes it (and, with --width, every page) in DIR."""
    day = date or dt.date.today()
    org = open_log(log, overlays, snapshot=known_on is None and since is None)
    folder = output is not None and (output.endswith("/") or Path(output).is_dir())
    if fmt is None:
        named = output and output != "-" and not folder
        fmt = (format_of(output) if named and output else None) or "svg"
    if dpi is not None and fmt not in RASTER:
        raise click.UsageError(f"--dpi is for formats drawn in pixels (png, jpg, ...), not {fmt}")
    try:
        inches = page_width(width, dpi if fmt in RASTER else None) if width else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--width'") from None
    root_id = org.role_id(root) if root else None
    parts = [f"orgchart-{day.isoformat()}"]
    parts += [root_id] if root_id else []
    parts += [f"depth{depth}"] if depth is not None else []
    parts += [f"since-{since.isoformat()}"] if since else []
    parts += [width.strip().lower().replace(" ", "")] if width else []
    name = "-".join(parts) + f".{fmt}"
    target = str(Path(output) / name) if output and folder else output or name
    if output and folder:
        Path(output).mkdir(parents=True, exist_ok=True)
    check_order(("--since", since), ("--date", day))
    note_outside(org, day)
    chart = org.chart(day, known_on=known_on)
    if root is not None or depth is not None:
        chart = chart.subtree(root_id, depth)
    before = org.chart(since, known_on=known_on) if since else None
    changes = diff(org.timeline(known_on), since, day) if since else None
    if inches is None:
        pages: tuple[Page, ...] = (
            Page(1, None, chart_dot(chart, org.title, changes=changes, before=before)),
        )
    else:
        link = lambda page: Path(page_file(target, page.root)).name  # noqa: E731
        pages = chart_pages(
            chart, org.title, width=inches, changes=changes, before=before, link=link
        )
    if target == "-" and len(pages) > 1:
        raise click.UsageError(
            f"at --width {width} the chart takes {len(pages)} pages; give -o FILE or -o DIR/ "
            "to write them all"
        )
    warn_incomplete(org, known_on)
    for page in pages:
        path = page_file(target, page.root)
        try:
            data = render(page.source, fmt, dpi=dpi)
        except GraphvizNotFound as missing:
            for each in pages:
                fallback = page_file(target, each.root)
                fallback = "-" if fallback == "-" else str(Path(fallback).with_suffix(".dot"))
                _write(fallback, each.source.encode("utf-8"))
            shown = "standard output" if target == "-" else str(Path(target).with_suffix(".dot"))
            more = f" (and {len(pages) - 1} more pages beside it)" if len(pages) > 1 else ""
            click.echo(
                f"orgsim: {missing}; wrote the DOT source to {shown}{more} instead.", err=True
            )
            sys.exit(1)
        _write(path, data)
        if path != "-":
            click.echo(f"wrote {path}")


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
@day_option("date", "The date of the chart (default: today).")
@log_option
@scenario_option
@known_on_option
@format_option
def show_command(
    date: dt.date | None,
    log: str,
    overlays: tuple[str, ...],
    known_on: dt.date | None,
    fmt: str,
) -> None:
    """Print the chart on a date: an indented tree, or JSON."""
    org = open_log(log, overlays, snapshot=known_on is None)
    day = date or dt.date.today()
    note_outside(org, day)
    chart = org.chart(day, known_on=known_on)
    warn_incomplete(org, known_on)
    text = lambda: chart_text(chart, heading=org.title)  # noqa: E731
    table = lambda: chart_table(chart)  # noqa: E731
    print_answer(fmt, lambda: chart_data(chart), text, org, labelled=True, table=table)


@main.command("validate")
@log_option
@scenario_option
@click.option(
    "--moves",
    is_flag=True,
    help="Check a workspace: every log, and each move between two as both tell it.",
)
@workspace_option
@click.option(
    "--tolerance",
    type=click.IntRange(min=0),
    default=None,
    metavar="DAYS",
    help=f"How far apart the two sides of a move may be dated [default: {TOLERANCE_DAYS}].",
)
def validate_command(
    log: str,
    overlays: tuple[str, ...],
    moves: bool,
    where: str | None,
    tolerance: int | None,
) -> None:
    """Check a log against every rule: a summary, or every problem found (exit 1). With
    --moves, the bundled logs (or --workspace's), and the moves between them."""
    if moves or where is not None:
        if overlays:
            raise click.UsageError("--with is for one log; a workspace's logs are checked as kept")
        check_workspace(where, TOLERANCE_DAYS if tolerance is None else tolerance)
        return
    if tolerance is not None:
        raise click.UsageError("--tolerance is for the moves of a workspace: add --moves")
    # Most logs obey every rule: that is decided without the timeline. A log that breaks one
    # (or a scenario) is loaded whole, so that every problem is found and placed in the log.
    checked = None if overlays else validate_log(log)
    if checked is not None:
        click.echo(
            f"{checked.name}: ok, {checked.events} events, {checked.people} people, "
            f"{checked.roles} roles"
        )
        return
    org = open_log(log, overlays, lenient=True)
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


@main.command("diff")
@day_option("from", "The earlier date.", required=True)
@day_option("to", "The later date (default: today).")
@log_option
@scenario_option
@known_on_option
@format_option
def diff_command(
    from_: dt.date | None,
    to: dt.date | None,
    log: str,
    overlays: tuple[str, ...],
    known_on: dt.date | None,
    fmt: str,
) -> None:
    """What changed between two dates: who joined, left and moved; which roles changed."""
    assert from_ is not None  # required
    end = to or dt.date.today()
    check_order(("--from", from_), ("--to", end))
    org = open_log(log, overlays)
    note_outside(org, end)
    found = diff(org.timeline(known_on), from_, end)
    warn_incomplete(org, known_on)
    table = lambda: diff_table(found)  # noqa: E731
    print_answer(fmt, lambda: to_data(found), lambda: diff_text(found), org, table=table)


@main.command("history")
@click.argument("person")
@log_option
@scenario_option
@known_on_option
@format_option
def history_command(
    person: str, log: str, overlays: tuple[str, ...], known_on: dt.date | None, fmt: str
) -> None:
    """Every role PERSON held (an id or a name), their leaves, when and where they left."""
    org = open_log(log, overlays)
    found = history(org.timeline(known_on), org.person_id(person))
    warn_incomplete(org, known_on)
    table = lambda: history_table(found)  # noqa: E731
    print_answer(fmt, lambda: to_data(found), lambda: history_text(found), org, table=table)


@main.command("succession")
@click.argument("role")
@log_option
@scenario_option
@known_on_option
@format_option
def succession_command(
    role: str, log: str, overlays: tuple[str, ...], known_on: dt.date | None, fmt: str
) -> None:
    """Every holder of ROLE (an id or a title) in order, with the vacancies between."""
    org = open_log(log, overlays)
    found = succession(org.timeline(known_on), org.role_id(role))
    warn_incomplete(org, known_on)
    table = lambda: succession_table(found)  # noqa: E731
    print_answer(fmt, lambda: to_data(found), lambda: succession_text(found), org, table=table)


@main.command("churn")
@day_option("from", "The first day counted.", required=True)
@day_option("to", "The last day counted (default: today).")
@click.option(
    "--by",
    type=click.Choice(GRANULARITIES),
    default="month",
    show_default=True,
    help="The period counts are grouped by.",
)
@log_option
@scenario_option
@known_on_option
@format_option
def churn_command(
    from_: dt.date | None,
    to: dt.date | None,
    by: Granularity,
    log: str,
    overlays: tuple[str, ...],
    known_on: dt.date | None,
    fmt: str,
) -> None:
    """Arrivals, departures and role changes per period; turnover per role; destinations."""
    assert from_ is not None  # required
    end = to or dt.date.today()
    check_order(("--from", from_), ("--to", end))
    org = open_log(log, overlays)
    note_outside(org, end)
    found = churn(org.timeline(known_on), from_, end, by)
    warn_incomplete(org, known_on)
    table = lambda: churn_table(found)  # noqa: E731
    print_answer(fmt, lambda: to_data(found), lambda: churn_text(found), org, table=table)


@main.command("timeline")
@log_option
@scenario_option
@known_on_option
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    default=None,
    help="Where to write the page (default: timeline.html); '-' for standard output.",
)
def timeline_command(
    log: str, overlays: tuple[str, ...], known_on: dt.date | None, output: str | None
) -> None:
    """Write one self-contained HTML page that steps through every change, date by date."""
    org = open_log(log, overlays)
    title = org.title
    if org.scenario is not None:
        title = f"{org.title} ({scenario_line(org.scenario, len(org.set_aside))})"
    timeline = org.timeline(known_on)
    with progress(len(timeline.applied), "Building the page") as step:
        page = timeline_html(timeline, title, progress=step)
    warn_incomplete(org, known_on)
    target = output or "timeline.html"
    _write(target, page.encode("utf-8"))
    if target != "-":
        click.echo(f"wrote {target}")
