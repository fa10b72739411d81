"""Commands that fold a log into something of its own: a read model kept caught up (project),
and a process manager run over the log to say what it would have done (watch)."""

from __future__ import annotations

import datetime as dt
import json

import click

from orgsim.cli.base import (
    day_option,
    format_option,
    known_on_option,
    log_option,
    main,
    note_outside,
    open_log,
)
from orgsim.processes import VacancyWatch, run
from orgsim.projections import Headcount, project, rebuild
from orgsim.views.escape import terminal_text
from orgsim.views.tables import cell, csv_text

__all__ = ["project_command", "watch_command"]


@main.command("watch")
@click.option(
    "--within",
    "days",
    type=click.IntRange(min=0),
    required=True,
    metavar="DAYS",
    help="How many days a seat may stay vacant before the watch warns.",
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    metavar="ROLE",
    help="A seat to watch (an id or a title; repeatable). Default: every seat.",
)
@day_option("until", "Run the watch up to this day (default: the log's last date).")
@log_option
@known_on_option
@format_option
def watch_command(
    days: int,
    roles: tuple[str, ...],
    until: dt.date | None,
    log: str,
    known_on: dt.date | None,
    fmt: str,
) -> None:
    """Run a process manager over the log: each seat that falls vacant should have a holder
    (acting or not) within DAYS. Print when it would have warned, when each vacancy closed,
    and what is still vacant at the end."""
    org = open_log(log)
    if until is not None:
        note_outside(org, until)
    watched = [org.role_id(role) for role in roles] or None
    actions = run(VacancyWatch(days, watched), org, until=until, known_on=known_on)
    if fmt == "json":
        rows = [
            {
                "day": action.day.isoformat(),
                "kind": action.kind,
                "role": action.key,
                "message": action.message,
                "events": [event.seq for event in action.events],
                "at": [org.place(event.seq) for event in action.events],
            }
            for action in actions
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        header = ("day", "kind", "role", "message", "events", "at")
        table = [
            (
                action.day.isoformat(),
                action.kind,
                action.key,
                cell(action.message),
                "; ".join(str(event.seq) for event in action.events),
                cell("; ".join(org.place(event.seq) for event in action.events)),
            )
            for action in actions
        ]
        click.echo(csv_text((header, table)), nl=False)
        return
    if not actions:
        click.echo(
            f"nothing to report: no watched seat of {terminal_text(org.title)} was left vacant"
        )
    for action in actions:
        click.echo(f"{action.day.isoformat()}  {action.kind:<6}  {terminal_text(action.message)}")


@main.command("project")
@click.argument("database", metavar="DATABASE")
@log_option
@click.option(
    "--rebuild", "again", is_flag=True, help="Drop the read model and fold the whole log in again."
)
def project_command(database: str, log: str, again: bool) -> None:
    """Keep the headcount read model in the SQLite file DATABASE caught up with the log: fold
    in the events since its checkpoint, and print the headcount at each month's end that
    changed."""
    org = open_log(log)
    done = (rebuild if again else project)(Headcount(), org, database)
    click.echo(
        f"{done.projection}: folded in #{done.start + 1} to #{done.end} ({done.applied} events)"
        if done.applied
        else f"{done.projection}: already caught up at #{done.end}"
    )
    for month, joined, departed, headcount in Headcount.months(database):
        click.echo(f"{month}  +{joined:<3} -{departed:<3} {headcount}")
