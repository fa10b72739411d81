"""``orgsim forecast``: Monte Carlo continuations of a log past a day, and their backtest."""

from __future__ import annotations

import datetime as dt
import io

import click

from orgsim.cli.base import (
    day_option,
    log_option,
    main,
    open_log,
    print_answer,
    progress,
    scenario_option,
    write_text,
)
from orgsim.views.data import to_data
from orgsim.views.forecast import backtest_text, forecast_svg, forecast_text
from orgsim.views.tables import backtest_table, forecast_table

__all__ = ["forecast_command"]


@main.command("forecast")
@log_option
@scenario_option
@day_option("from", "The first day (default: the last day the log knows).")
@day_option("to", "The last day forecast.", required=True)
@click.option(
    "--runs",
    type=click.IntRange(min=1, max=1_000_000),
    default=1000,
    show_default=True,
    help="How many Monte Carlo runs.",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="The same seed, the same answer."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to run on (default: one per core, and one for a small forecast).",
)
@click.option(
    "--backtest",
    is_flag=True,
    help="Forecast from --from knowing only what the log knew then, and score it against "
    "what happened by --to (Brier score, beside the naive base rate's).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv", "svg"]),
    default="text",
    show_default=True,
    help="csv: a row per role; svg: each role's chance of a new holder and of standing "
    "vacant, as bars.",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    default=None,
    help="Where to write ('-': standard output; text and json go there by default, svg to "
    "forecast-FROM-to-TO.svg).",
)
def forecast_command(
    log: str,
    overlays: tuple[str, ...],
    from_: dt.date | None,
    to: dt.date | None,
    runs: int,
    seed: int,
    workers: int | None,
    backtest: bool,
    fmt: str,
    output: str | None,
) -> None:
    """What the log's own history says is likely by --to: for each role the chance its holder
    changes and that it is vacant, its likeliest successors; expected departures by team and
    level; vacancy chains. Hazards and times to fill are estimated from the log before --from
    (docs/how-to/forecast.md)."""
    assert to is not None  # required
    if from_ is not None and to <= from_:
        raise click.UsageError(f"--to {to} is not after --from {from_}: a forecast runs forwards")
    if backtest and from_ is None:
        raise click.UsageError("--backtest needs --from: the day the forecast is made on")
    if backtest and fmt == "svg":
        raise click.UsageError("a backtest is text, json or csv")
    org = open_log(log, overlays)
    with progress(runs, "Forecasting") as step:
        if backtest:
            assert from_ is not None
            scored = org.backtest(from_, to, runs=runs, seed=seed, workers=workers, progress=step)
            answer, text = (lambda: to_data(scored)), (lambda: backtest_text(scored))
            table = lambda: backtest_table(scored)  # noqa: E731
            found = scored.forecast
        else:
            found = org.forecast(to, from_, runs=runs, seed=seed, workers=workers, progress=step)
            answer, text = (lambda: to_data(found)), (lambda: forecast_text(found))
            table = lambda: forecast_table(found)  # noqa: E731
    last = org.span()[1]
    if not backtest and last is not None and found.start > last:
        click.echo(
            f"orgsim: note: the log ends on {last}; the forecast starts from the organisation "
            "as it stood then",
            err=True,
        )
    if fmt == "svg":
        target = output or f"forecast-{found.start}-to-{found.end}.svg"
        title = f"{org.title}: forecast from {found.start} to {found.end}"
        write_text(target, forecast_svg(found, title=title))
        return
    if output is None or output == "-":
        print_answer(fmt, answer, text, org, table=table)
        return
    stream = io.StringIO()
    print_answer(fmt, answer, text, org, file=stream, table=table)
    write_text(output, stream.getvalue())
