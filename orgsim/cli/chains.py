"""Commands about what a move sets off: the vacancy chains of a window (chains), and the
impact of a what-if on the organisation's shape (impact)."""

from __future__ import annotations

import datetime as dt

import click

from orgsim.cli.base import (
    check_order,
    day_option,
    format_option,
    known_on_option,
    load_log,
    log_option,
    main,
    note_outside,
    open_log,
    print_answer,
    scenario_of,
    scenario_option,
    warn_incomplete,
)
from orgsim.questions.chains import chains
from orgsim.questions.impact import impact
from orgsim.views.data import to_data
from orgsim.views.report import chains_text, impact_text
from orgsim.views.tables import chains_table, impact_table

__all__ = ["chains_command", "impact_command"]


@main.command("chains")
@day_option("from", "The first day a chain may open on.", required=True)
@day_option("to", "The last day followed (default: today).")
@log_option
@scenario_option
@known_on_option
@format_option
def chains_command(
    from_: dt.date | None,
    to: dt.date | None,
    log: str,
    overlays: tuple[str, ...],
    known_on: dt.date | None,
    fmt: str,
) -> None:
    """Vacancy chains: each vacancy opened by a departure, a step-down or a new role, and the
    moves that filled it in turn, each leaving another seat empty, until an outside hire fills
    one, the seat is abolished, or --to comes with it still open."""
    assert from_ is not None  # required
    end = to or dt.date.today()
    check_order(("--from", from_), ("--to", end))
    org = open_log(log, overlays)
    note_outside(org, end)
    found = chains(org.timeline(known_on), from_, end)
    warn_incomplete(org, known_on)
    table = lambda: chains_table(found)  # noqa: E731
    print_answer(fmt, lambda: to_data(found), lambda: chains_text(found), org, table=table)


@main.command("impact")
@day_option("date", "The day compared (default: today).")
@log_option
@scenario_option
@known_on_option
@format_option
def impact_command(
    date: dt.date | None,
    log: str,
    overlays: tuple[str, ...],
    known_on: dt.date | None,
    fmt: str,
) -> None:
    """The organisation's shape on a day with the --with scenario beside its shape without:
    headcount, roles, vacancies, layers, spans of control, people without a role."""
    if not overlays:
        raise click.UsageError("impact compares a scenario with its log: give --with OVERLAY.jsonl")
    day = date or dt.date.today()
    base = load_log(log)
    scenario = scenario_of(base, log, overlays)
    note_outside(scenario, day)
    found = impact(base.chart(day, known_on=known_on), scenario.chart(day, known_on=known_on))
    warn_incomplete(scenario, known_on)
    table = lambda: impact_table(found)  # noqa: E731
    print_answer(fmt, lambda: to_data(found), lambda: impact_text(found), scenario, table=table)
