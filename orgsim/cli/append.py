"""Commands that add to a log: one per event kind, each checked against every rule before it
is written, each printing the line it appended. People and roles may be given by id or name."""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

import click

from orgsim.cli.base import load_log, log_option, main, parse_option_date
from orgsim.errors import ConcurrentAppend, NotFound, OrgsimError
from orgsim.log.codec import encode_line
from orgsim.log.dates import PartialDate
from orgsim.log.events import (
    DEPARTURE_REASONS,
    CreateRole,
    Depart,
    Event,
    Hire,
    Leave,
    Promote,
    Reorg,
    Retract,
    Return,
    StepDown,
)
from orgsim.organisation import Organisation
from orgsim.views.escape import json_text, terminal_text

__all__ = [
    "depart_command",
    "hire_command",
    "leave_command",
    "promote_command",
    "retract_command",
    "return_command",
    "role_group",
    "stepdown_command",
]

F = TypeVar("F", bound=Callable[..., Any])


def _event_options(function: F) -> F:
    """``--on``, ``--source``, ``--recorded``, ``--note`` and ``--log``: what every event has."""
    for option in reversed(
        [
            click.option(
                "--on",
                "on",
                callback=parse_option_date,
                metavar="DATE",
                help="When it took effect: YYYY-MM-DD, YYYY-MM or YYYY (default: today).",
            ),
            click.option(
                "--source",
                required=True,
                help="Where the fact comes from: a URL or a document name.",
            ),
            click.option(
                "--recorded",
                callback=parse_option_date,
                metavar="DATE",
                help="When it became known (default: today).",
            ),
            click.option("--note", default=None, help="Caveats, or why this date was chosen."),
        ]
    ):
        function = option(function)
    return log_option(function)


def _common(
    on: PartialDate | None, source: str, recorded: PartialDate | None, note: str | None
) -> dict[str, Any]:
    return {
        "on": on or PartialDate.of(dt.date.today()),
        "source": source,
        "recorded": recorded,
        "note": note,
    }


#: How often a writer that lost a race to another tries again, and its longest pause.
RETRIES = 16
_PAUSE = 0.2


def _append(org: Organisation, event: Event, note: str | None = None) -> None:
    """Append ``event``, checked against every rule, and print its line (then ``note``, on
    standard error) and the new head.

    When another writer appended first, read the log again and try again (a few times, after
    a short random pause, so that racing writers spread out): the event is checked anew
    against what the other writer added, and only a real conflict with it is an error, which
    then names the other writer's event.
    """
    for attempt in range(RETRIES + 1):
        try:
            (appended,) = org.append(event)
            break
        except ConcurrentAppend:
            if attempt == RETRIES:
                raise
            time.sleep(random.uniform(0, _PAUSE * min(1.0, 2**attempt / 8)))
            org.reload()
    click.echo(json_text(encode_line(appended)))
    if note:
        click.echo(f"orgsim: {note}", err=True)
    if org.head is not None:
        click.echo(f"orgsim: head {org.head}", err=True)


@main.command("hire")
@click.argument("person")
@click.option("--name", help="Display name (default for a re-hire: the name they had).")
@click.option("--role", default=None, help="A vacant role to hire into (id or title).")
@click.option("--acting", is_flag=True, help="An acting or interim appointment.")
@click.option("--origin", default=None, help="Where they came from, if known.")
@_event_options
def hire_command(
    person: str,
    name: str | None,
    role: str | None,
    acting: bool,
    origin: str | None,
    log: str,
    **common: Any,
) -> None:
    """PERSON joins: a new id (a slug such as ada-lovelace), or someone who left, by id or name."""
    org = load_log(log, snapshot=True)
    try:
        person = org.person_id(person, suggest=False)  # a new id is expected: no search
        name = name or org.name_of(person)
    except NotFound:
        if name is None:
            raise click.UsageError(f"{person!r} is new to this log: give --name") from None
    role_id = org.role_id(role) if role else None
    hire = Hire(
        person=person, name=name, role=role_id, acting=acting, origin=origin, **_common(**common)
    )
    _append(org, hire)


@main.command("promote")
@click.argument("person")
@click.argument("role")
@click.option("--acting", is_flag=True, help="An acting or interim appointment.")
@click.option("--additional", is_flag=True, help="Keep the roles already held (a second hat).")
@_event_options
def promote_command(
    person: str, role: str, acting: bool, additional: bool, log: str, **common: Any
) -> None:
    """PERSON takes ROLE (ids, names or titles), leaving the roles they held."""
    org = load_log(log, snapshot=True)
    event = Promote(
        person=org.person_id(person),
        role=org.role_id(role),
        acting=acting,
        additional=additional,
        **_common(**common),
    )
    _append(org, event)


@main.command("stepdown")
@click.argument("person")
@click.argument("role")
@_event_options
def stepdown_command(person: str, role: str, log: str, **common: Any) -> None:
    """PERSON gives up ROLE and stays in the organisation."""
    org = load_log(log, snapshot=True)
    _append(
        org, StepDown(person=org.person_id(person), role=org.role_id(role), **_common(**common))
    )


@main.command("leave")
@click.argument("person")
@_event_options
def leave_command(person: str, log: str, **common: Any) -> None:
    """PERSON begins a leave of absence, keeping their roles."""
    org = load_log(log, snapshot=True)
    _append(org, Leave(person=org.person_id(person), **_common(**common)))


@main.command("return")
@click.argument("person")
@_event_options
def return_command(person: str, log: str, **common: Any) -> None:
    """PERSON comes back from a leave of absence."""
    org = load_log(log, snapshot=True)
    _append(org, Return(person=org.person_id(person), **_common(**common)))


@main.command("depart")
@click.argument("person")
@click.option("--reason", required=True, type=click.Choice(sorted(DEPARTURE_REASONS)))
@click.option("--destination", default=None, help="Where they went, if known.")
@_event_options
def depart_command(
    person: str, reason: str, destination: str | None, log: str, **common: Any
) -> None:
    """PERSON leaves the organisation; every role they hold falls vacant."""
    org = load_log(log, snapshot=True)
    _append(
        org,
        Depart(
            person=org.person_id(person),
            reason=reason,
            destination=destination,
            **_common(**common),
        ),
    )


@main.group("role")
def role_group() -> None:
    """Create a role, or change one (title, reporting line, dotted lines, abolition)."""


def _dotted_option(help: str) -> Callable[[F], F]:
    return click.option("--dotted-to", "dotted_to", multiple=True, metavar="ROLE", help=help)


@role_group.command("create")
@click.argument("role")
@click.option("--title", required=True)
@click.option("--reports-to", default=None, help="The role it reports to (id or title).")
@_dotted_option("A role it also answers to by a dotted line (id or title); repeat for more.")
@_event_options
def role_create_command(
    role: str,
    title: str,
    reports_to: str | None,
    dotted_to: tuple[str, ...],
    log: str,
    **common: Any,
) -> None:
    """Create ROLE (a new id, a slug such as head-of-research), vacant."""
    org = load_log(log, snapshot=True)
    manager = org.role_id(reports_to) if reports_to else None
    _append(
        org,
        CreateRole(
            role=role,
            title=title,
            reports_to=manager,
            dotted_to=tuple(org.role_id(other) for other in dotted_to),
            **_common(**common),
        ),
    )


@role_group.command("reorg")
@click.argument("role")
@click.option("--title", default=None, help="A new title.")
@click.option("--reports-to", default=None, help="A new manager role (id or title).")
@click.option("--root", is_flag=True, help="Report to no one.")
@_dotted_option(
    "The roles it answers to by a dotted line from then on (id or title; repeat for more): "
    "they replace the dotted lines it had."
)
@click.option("--no-dotted", is_flag=True, help="End every dotted line it has.")
@click.option("--abolish", is_flag=True, help="Abolish the role (it must be vacant).")
@_event_options
def role_reorg_command(
    role: str,
    title: str | None,
    reports_to: str | None,
    root: bool,
    dotted_to: tuple[str, ...],
    no_dotted: bool,
    abolish: bool,
    log: str,
    **common: Any,
) -> None:
    """Change ROLE (id or title): retitle it, move it, make it top-level, give it dotted lines
    (matrix reporting) or end them, or abolish it."""
    if dotted_to and no_dotted:
        raise click.UsageError("--dotted-to and --no-dotted contradict each other: give one")
    org = load_log(log, snapshot=True)
    manager = org.role_id(reports_to) if reports_to else None
    lines = tuple(org.role_id(other) for other in dotted_to) if dotted_to else None
    event = Reorg(
        role=org.role_id(role),
        title=title,
        reports_to=manager,
        root=root,
        dotted_to=() if no_dotted else lines,
        abolished=abolish,
        **_common(**common),
    )
    ended = _ended_lines(org, event)
    _append(org, event, f"ended the dotted line(s) of {event.role} to {ended}" if ended else None)


def _ended_lines(org: Organisation, event: Reorg) -> str:
    """The dotted lines ``event`` ends (it gives the whole new set), for the writer to see."""
    if event.dotted_to is None:
        return ""
    try:
        before = org.chart(event.on.start).role(event.role).dotted_to
    except OrgsimError:  # not on the chart that day: the rules will say why
        return ""
    return ", ".join(terminal_text(line) for line in before if line not in event.dotted_to)


def _interactive() -> bool:
    return sys.stdin.isatty()


@main.command("retract")
@click.argument("seq", type=click.IntRange(min=1))
@click.option("--reason", required=True, help="Why the event is withdrawn.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation on a terminal.")
@_event_options
def retract_command(seq: int, reason: str, yes: bool, log: str, **common: Any) -> None:
    """Withdraw event SEQ (it is shown, and on a terminal you are asked first). The log keeps
    both lines; --known-on before today shows the old belief. Append the corrected event
    afterwards to amend a fact."""
    org = load_log(log, snapshot=True)
    if not 0 < seq <= len(org.events):
        raise click.BadParameter(f"the log has no event #{seq}", param_hint="'SEQ'")
    target = org.events[seq - 1]
    click.echo(f"withdrawing {terminal_text(target.brief())} ({org.place(seq)}):", err=True)
    click.echo(f"  {json_text(encode_line(target))}", err=True)
    if not yes and _interactive() and not click.confirm("Withdraw it?", err=True):
        raise OrgsimError("not retracted: the log is as it was")
    _append(org, Retract(target=seq, reason=reason, **_common(**common)))
