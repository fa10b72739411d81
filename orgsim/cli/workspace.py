"""Commands across several organisations: ``flows``, and ``validate --workspace`` (its check)."""

from __future__ import annotations

import datetime as dt
import sys

import click

from orgsim.cli.base import check_order, day_option, known_on_option, main, write_text
from orgsim.organisation.workspace import Workspace
from orgsim.views.escape import pretty_json, terminal_text
from orgsim.views.flows import flows_csv, flows_data, flows_text
from orgsim.views.sankey import flows_svg

__all__ = ["check_workspace", "flows_command", "workspace_option"]


def workspace_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--workspace",
        "where",
        default=None,
        metavar="PATH",
        help="A folder of logs, or a file listing them (default: the bundled logs).",
    )(function)


@main.command("flows")
@day_option("from", "The first date.", required=True)
@day_option("to", "The last date (default: today).")
@click.option(
    "--between",
    default=None,
    metavar="A,B,...",
    help=(
        "Only the flows among these organisations (names or titles, comma-separated); "
        "with one name, every flow into or out of it."
    ),
)
@workspace_option
@known_on_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv", "svg"]),
    default="text",
    show_default=True,
)
@click.option("-o", "--output", metavar="PATH", default=None, help="Write here, not to stdout.")
def flows_command(
    from_: dt.date | None,
    to: dt.date | None,
    between: str | None,
    where: str | None,
    known_on: dt.date | None,
    fmt: str,
    output: str | None,
) -> None:
    """Who moved between organisations from one date to another, and where they went."""
    assert from_ is not None  # required
    end = to or dt.date.today()
    check_order(("--from", from_), ("--to", end))
    workspace = Workspace.open(where)
    wanted = None if between is None else [n.strip() for n in between.split(",") if n.strip()]
    found = workspace.flows(from_, end, between=wanted, known_on=known_on)
    if fmt == "svg":
        text = flows_svg(found)
    elif fmt == "json":
        text = pretty_json(flows_data(found, workspace.place)) + "\n"
    elif fmt == "csv":
        text = flows_csv(found, workspace.place)
    else:
        text = flows_text(found, workspace.place)
    write_text(output, text)


def check_workspace(where: str | None, tolerance: int) -> None:
    """``orgsim validate --workspace``: every log against every rule, then every move between
    two of them told the same way by both (exit 1 on any problem)."""
    workspace = Workspace.open(where)
    for name, org in workspace.organisations.items():
        timeline = org.timeline()
        click.echo(
            f"{name}: ok, {len(org.events)} events, {len(timeline.stints)} people, "
            f"{len(timeline.versions)} roles"
        )
    problems = workspace.disagreements(tolerance)
    if problems:
        for problem in problems:
            click.echo(terminal_text(workspace.describe(problem)), err=True)
        click.echo(f"{len(problems)} move(s) the logs disagree on", err=True)
        sys.exit(1)
    moves = workspace.moves()
    inside = [
        m for m in moves if m.origin in workspace.titles and m.destination in workspace.titles
    ]
    both = sum(1 for m in inside if m.left is not None and m.joined is not None)
    click.echo(
        f"moves: {len(inside)} between these organisations, {both} told by both logs and "
        f"agreeing (dates within {tolerance} days), {len(inside) - both} by one log only"
    )
