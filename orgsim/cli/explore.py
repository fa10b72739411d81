"""``orgsim explore``: the explorer page, one self-contained HTML file to move through a log
with an animated chart, search, histories, successions and sources."""

from __future__ import annotations

import datetime as dt

import click

from orgsim.cli.base import (
    known_on_option,
    log_option,
    main,
    open_log,
    progress,
    scenario_option,
    warn_incomplete,
    write_text,
)
from orgsim.views.html import explorer_html
from orgsim.views.text import scenario_line

__all__ = ["explore_command"]


@main.command("explore")
@log_option
@scenario_option
@known_on_option
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    default=None,
    help="Where to write the page (default: explorer.html); '-' for standard output.",
)
def explore_command(
    log: str, overlays: tuple[str, ...], known_on: dt.date | None, output: str | None
) -> None:
    """Write one self-contained HTML page to explore the log: a date slider with animated
    charts, search by name or title, a person's history or a role's succession on a click,
    and each box's source on hover."""
    org = open_log(log, overlays)
    scenario = None
    if org.scenario is not None:
        scenario = scenario_line(org.scenario, len(org.set_aside))
    timeline = org.timeline(known_on)
    with progress(len(timeline.applied), "Building the page") as step:
        page = explorer_html(timeline, org.title, scenario, progress=step)
    warn_incomplete(org, known_on)
    write_text(output or "explorer.html", page)
