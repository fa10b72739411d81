"""``orgsim simulate``: a synthetic organisation written as a log. Its options are made from
the fields of :class:`~orgsim.simulation.Simulation`, so defaults, ranges and help live once."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import click

from orgsim.cli.base import main, parse_option_day, progress
from orgsim.errors import InvalidParameter
from orgsim.simulation import Simulation, simulate
from orgsim.store import write_log
from orgsim.store.jsonl import encode_jsonl

__all__ = ["simulate_command"]

F = TypeVar("F", bound=Callable[..., Any])


def _option_name(parameter: str) -> str:
    return "--" + parameter.replace("_", "-")


def _parameter_options(function: F) -> F:
    for field in reversed(attrs.fields(Simulation)):
        default = field.default
        if isinstance(default, dt.date):
            kind: dict[str, Any] = {"callback": parse_option_day, "metavar": "YYYY-MM-DD"}
            default = default.isoformat()
        else:
            kind = {"type": type(default)}
        function = click.option(
            _option_name(field.name),
            field.name,
            default=default,
            show_default=True,
            help=field.metadata["help"],
            **kind,
        )(function)
    return function


@main.command("simulate")
@_parameter_options
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="LOG",
    help="Where to write: a .jsonl or .sqlite file, or '-' for standard output (JSON Lines).",
)
@click.option("--force", is_flag=True, help="Replace LOG if a file is already there.")
def simulate_command(output: str, force: bool, **parameters: Any) -> None:
    """Write the log of a synthetic organisation that evolves for years: hires, promotions,
    acting holders, leaves, departures, growth, reorganisations and layoffs. The same options
    give the same log, byte for byte; every log it writes passes `orgsim validate`."""
    try:
        simulation = Simulation(**parameters)
    except InvalidParameter as error:
        message = str(error).removeprefix(f"{error.parameter}: ")
        raise click.BadParameter(message, param_hint=f"'{_option_name(error.parameter)}'") from None
    days = (simulation.end - simulation.start).days
    with progress(days, "Simulating") as step:
        events = simulate(simulation, progress=step)
    if output == "-":
        sys.stdout.buffer.write(encode_jsonl(events))
        sys.stdout.flush()
        return
    write_log(output, events, replace=force)
    click.echo(
        f"wrote {output}: {len(events)} events, {simulation.start} to {simulation.end}"
        f" ({simulation.command()})"
    )
