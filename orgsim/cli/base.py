"""What every command shares: the group, its error handling, and the common options."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar, cast, overload

import click

from orgsim.errors import OrgsimError
from orgsim.log.dates import PartialDate, parse_day
from orgsim.organisation import Organisation, load, validate
from orgsim.progress import Progress
from orgsim.replay.replay import Checked
from orgsim.store.overlay import read_overlay
from orgsim.store.postgres import is_url
from orgsim.views.data import set_aside_data
from orgsim.views.escape import pretty_json, terminal_text
from orgsim.views.tables import Table, cell, csv_text
from orgsim.views.text import scenario_line

__all__ = [
    "check_order",
    "day_option",
    "format_option",
    "known_on_option",
    "log_option",
    "main",
    "note_outside",
    "open_log",
    "print_answer",
    "progress",
    "scenario_of",
    "scenario_option",
    "strict_scenario",
    "validate_log",
    "warn_incomplete",
    "write_text",
]

F = TypeVar("F", bound=Callable[..., Any])


class _Group(click.Group):
    """Turns library errors into one readable line and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OrgsimError as error:
            click.echo(f"orgsim: error: {terminal_text(str(error))}", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="orgsim")
def main() -> None:
    """orgsim: an event-sourced org chart. Replay a log of hires, promotions and departures to
    the organisation on any date (by default OpenAI's leadership, bundled)."""


def parse_option_day(_: click.Context, __: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_day(value)
    except OrgsimError as error:
        raise click.BadParameter(str(error)) from None


def parse_option_date(
    _: click.Context, __: click.Parameter, value: str | None
) -> PartialDate | None:
    """A date of any precision (YYYY, YYYY-MM or YYYY-MM-DD), for events."""
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except OrgsimError as error:
        raise click.BadParameter(str(error)) from None


_LOG_HELP = (
    "The log: a .jsonl or .sqlite file, a postgresql:// URL, or 'openai' for the bundled "
    "OpenAI dataset (also accepted as the last argument, LOG)."
)


@overload
def log_option(function: F, *, required: bool = False) -> F: ...


@overload
def log_option(function: None = None, *, required: bool = False) -> Callable[[F], F]: ...


def log_option(function: F | None = None, *, required: bool = False) -> F | Callable[[F], F]:
    """``--log PATH``, which every command that reads or writes one log takes, also accepted
    as a last positional argument ``[LOG]`` (``orgsim head my.jsonl`` and ``orgsim head --log
    my.jsonl`` are the same): the command gets either as ``log``. Given both ways, it is a
    usage error. The bundled OpenAI log is the default, unless ``required`` (a log to start)."""

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def resolved(*args: Any, log_path: str | None, log: str | None, **kwargs: Any) -> Any:
            if log_path is not None and log is not None and log_path != log:
                raise click.UsageError(
                    f"the log is given twice, as {log_path!r} and as --log {log!r}: give one"
                )
            chosen = log_path or log
            if chosen is None:
                if required:
                    raise click.UsageError("give the log: LOG (or --log LOG)")
                chosen = "openai"
            return command(*args, log=chosen, **kwargs)

        with_argument = click.argument("log_path", metavar="[LOG]", required=False)(resolved)
        return cast(
            F,
            click.option(
                "--log",
                "log",
                default=None,
                show_default="openai" if not required else False,
                metavar="PATH",
                help=_LOG_HELP,
            )(with_argument),
        )

    return decorate(function) if function is not None else decorate


def day_option(name: str, help_text: str, *, required: bool = False) -> Callable[[F], F]:
    """A day option such as ``--date`` (the command picks a default when it is optional)."""

    def decorate(function: F) -> F:
        return click.option(
            f"--{name}",
            name.replace("-", "_") + ("_" if name in {"from"} else ""),
            callback=parse_option_day,
            metavar="YYYY-MM-DD",
            required=required,
            help=help_text,
        )(function)

    return decorate


def known_on_option(function: F) -> F:
    return click.option(
        "--known-on",
        "known_on",
        callback=parse_option_day,
        metavar="YYYY-MM-DD",
        help="Answer from what was recorded by this day (the news as of then).",
    )(function)


def warn_incomplete(org: Organisation, known_on: dt.date | None) -> None:
    """Say on standard error when what was known on a day could not all be placed."""
    if known_on is None:
        return
    skipped = org.timeline(known_on).violations
    if skipped:
        click.echo(
            f"orgsim: note: as known on {known_on}, {len(skipped)} event(s) relied on facts "
            "not yet recorded and were left out",
            err=True,
        )


@contextmanager
def progress(length: int, label: str) -> Iterator[Callable[[int], None]]:
    """Click's progress bar on standard error when that is a terminal, and nothing at all when
    it is piped or captured (click's own bar would still print its label there)."""
    if not sys.stderr.isatty():
        yield lambda _: None
        return
    steps = max(1, length // 200)  # redraw about 200 times, not once a step
    with click.progressbar(
        length=length, label=label, file=sys.stderr, update_min_steps=steps
    ) as bar:
        yield bar.update
        bar.update_min_steps = 1
        bar.update(0)  # draw the steps still held back, so a finished bar says 100%


def _remember_strict(context: click.Context, _: click.Parameter, value: bool) -> bool:
    context.meta["orgsim.strict"] = value
    return value


def scenario_option(function: F) -> F:
    """``--with OVERLAY`` (repeatable) and ``--strict``, which :func:`open_log` reads from the
    command's context: every command that takes a scenario takes both, with one parameter."""
    function = click.option(
        "--strict",
        is_flag=True,
        expose_value=False,
        callback=_remember_strict,
        help="With --with: refuse a scenario that makes a later real event impossible, "
        "instead of setting that event aside.",
    )(function)
    return click.option(
        "--with",
        "overlays",
        multiple=True,
        metavar="OVERLAY.jsonl",
        help="A what-if: apply the hypothetical events in this file on top of the log "
        "(repeatable; lines may leave out seq and recorded). Later real events it makes "
        "impossible are set aside and listed. Nothing is written to the log.",
    )(function)


def strict_scenario() -> bool:
    """Whether the command was given ``--strict`` (see :func:`scenario_option`)."""
    context = click.get_current_context(silent=True)
    return bool(context is not None and context.find_root().meta.get("orgsim.strict", False))


#: A log file larger than this shows a progress bar while it loads (on a terminal): some
#: 25,000 events, about a second.
BAR_ABOVE = 8 * 1024 * 1024


@contextmanager
def _loading(log: str) -> Iterator[Progress | None]:
    """A progress callback drawing a bar on a terminal while a large log file loads, else
    None. The bar starts with the first report: never for a snapshot's answer."""
    path = Path(log)
    if is_url(log) or not sys.stderr.isatty() or not path.is_file():
        yield None
        return
    if path.stat().st_size <= BAR_ABOVE:
        yield None
        return
    with ExitStack() as stack:
        step: Callable[[int], None] | None = None
        done = 0

        def report(share: float) -> None:
            nonlocal done, step
            if step is None:
                step = stack.enter_context(progress(1000, f"Loading {terminal_text(path.name)}"))
            now = int(share * 1000)
            step(now - done)
            done = now

        yield report


def load_log(log: str, *, lenient: bool = False, snapshot: bool = False) -> Organisation:
    """The log, read and replayed with a progress bar on a terminal when it is large.

    With ``snapshot``, a command that a snapshot can answer (a chart, an append) opens the log
    from the fresh snapshot beside it, if there is one, and writes one after reading a large
    log; the bar then appears only if the log itself is read. Other commands read the whole
    log, without touching a snapshot."""
    policy = None if snapshot else False
    with _loading(log) as report:
        return load(log, lenient=lenient, progress=report, snapshot=policy)


def validate_log(log: str) -> Checked | None:
    """What :func:`orgsim.validate` finds of the log (None: it breaks a rule), with
    a progress bar on a terminal when it is large."""
    with _loading(log) as report:
        return validate(log, progress=report)


def open_log(
    log: str, overlays: tuple[str, ...] = (), *, lenient: bool = False, snapshot: bool = False
) -> Organisation:
    """The log, with each overlay applied on top in turn; says on standard error that the
    answers are a scenario, so that they are never taken for history. ``snapshot`` as for
    :func:`load_log` (never with overlays: a scenario replays the whole log)."""
    org = load_log(log, lenient=lenient, snapshot=snapshot and not overlays)
    return scenario_of(org, log, overlays)


def scenario_of(org: Organisation, log: str, overlays: tuple[str, ...]) -> Organisation:
    """``org`` (read from ``log``) with each overlay applied on top in turn, as :func:`open_log`
    gives it: for a command that needs the log both with and without them."""
    strict = strict_scenario()
    if strict and not overlays:
        raise click.UsageError("--strict is for a scenario: give it with --with OVERLAY.jsonl")
    for path in overlays:
        org = org.with_events(read_overlay(path), strict=strict)
    if org.scenario is not None:
        aside = org.set_aside
        count = f"{len(aside)} later real event{'' if len(aside) == 1 else 's'}" if aside else ""
        click.echo(
            f"orgsim: note: scenario: {terminal_text(org.scenario)} applied on top of "
            f"{terminal_text(log)}; the answers are hypothetical, not history"
            + (f"; {count} it made impossible set aside:" if aside else ""),
            err=True,
        )
        for item in aside:
            click.echo(
                terminal_text(
                    f"  {org.place(item.event.seq)}: {item.event.brief()}: {item.reason()}"
                ),
                err=True,
            )
    return org


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="csv: one table, a row per thing, for a spreadsheet.",
)


def print_answer(
    fmt: str,
    data: Callable[[], Any],
    text: Callable[[], str],
    org: Organisation | None = None,
    *,
    table: Callable[[], Table] | None = None,
    labelled: bool = False,
    file: IO[str] | None = None,
) -> None:
    """Print an answer as ``fmt`` asks; only that form of it is made (a large chart's). The
    answer of a scenario says so first, with the real events it set aside (in text, only how
    many, unless the ``text`` view says so itself: ``labelled``; in CSV, in two last columns
    of every row), on ``file`` (default: standard output)."""
    scenario = org.scenario if org is not None else None
    if fmt == "csv":
        if table is None:
            raise click.UsageError("this answer has no CSV form")
        header, rows = table()
        if org is not None and scenario is not None:
            extra = (cell(scenario), len(org.set_aside))
            header = (*header, "overlays", "set_aside")
            rows = [(*row, *extra) for row in rows]
        click.echo(csv_text((header, rows)), nl=False, file=file)
        return
    if fmt == "json":
        answer = data()
        if org is not None and scenario is not None and isinstance(answer, dict):
            aside = set_aside_data(org.set_aside, org.place)
            answer = {"scenario": scenario, "set_aside": aside, **answer}
        click.echo(pretty_json(answer), file=file)
    else:
        if org is not None and scenario is not None and not labelled:
            click.echo(terminal_text(scenario_line(scenario, len(org.set_aside))), file=file)
        click.echo(text(), nl=False, file=file)


def write_text(target: str | None, text: str) -> None:
    """Write ``text`` to the file ``target`` and say so, or to standard output (``-`` or
    None); a file that cannot be written is an error naming it."""
    if target is None or target == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(target).write_text(text, encoding="utf-8")
    except OSError as error:
        raise OrgsimError(f"cannot write {target}: {error.strerror}") from None
    click.echo(f"wrote {target}")


def note_outside(org: Organisation, day: dt.date) -> None:
    """Say on standard error when a date is before the log's first event or after its last:
    the answer there is not wrong, but it is not news either."""
    first, last = org.span()
    if last is not None and day > last:
        click.echo(
            f"orgsim: note: the log ends on {PartialDate.of(last).label()}; later changes are "
            "not known",
            err=True,
        )
    elif first is not None and day < first:
        click.echo(
            f"orgsim: note: the log starts on {PartialDate.of(first).label()}; there is "
            "nothing before it",
            err=True,
        )


def check_order(earlier: tuple[str, dt.date | None], later: tuple[str, dt.date | None]) -> None:
    """Refuse a range given backwards (exit 2), naming both options."""
    (early_name, early), (late_name, late) = earlier, later
    if early is not None and late is not None and early > late:
        raise click.UsageError(
            f"{early_name} {early} is after {late_name} {late}: give the earlier date first"
        )
