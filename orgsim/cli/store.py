"""Commands that look after a log as a file: check its hash chain (verify), move a line torn
by a crash aside (repair), and copy it between JSON Lines and SQLite (convert)."""

from __future__ import annotations

import sys

import click

from orgsim.cli.base import log_option, main
from orgsim.errors import OrgsimError
from orgsim.store import JsonlStore, convert, open_store, verify
from orgsim.views.escape import terminal_text

__all__ = ["convert_command", "repair_command", "verify_command"]


@main.command("verify")
@log_option
def verify_command(log: str) -> None:
    """Check that no line of the log was changed, removed, added or moved since it was written
    (its hash chain); print the first line where the chain breaks (exit 1)."""
    found = verify(log)
    click.echo(f"{found.name}: chain intact: {found.events} events, head {found.head}")


def _interactive() -> bool:
    return sys.stdin.isatty()


@main.command("repair")
@log_option
@click.option("--yes", is_flag=True, help="Move a torn line aside without asking.")
def repair_command(log: str, yes: bool) -> None:
    """Move a last line torn by a crash to a side file (LOG.torn-TIME), so the log can be
    read and appended to again. Nothing else is ever changed; nothing is deleted."""
    store = open_store(log)
    if not isinstance(store, JsonlStore):
        click.echo(f"{store.name}: a SQLite log has no torn lines; nothing to repair")
        return
    torn = store.torn_tail()
    if torn is None:
        click.echo(f"{store.name}: no torn line; nothing to repair (orgsim verify checks the rest)")
        return
    click.echo(terminal_text(str(torn)))
    if not yes:
        if not _interactive():
            raise OrgsimError("not repaired: confirm at a terminal, or give --yes")
        if not click.confirm(f"Move the {len(torn.tail)} torn bytes aside?"):
            raise OrgsimError("not repaired: the log is as it was")
    side = store.repair(torn)
    click.echo(f"moved {len(torn.tail)} bytes (line {torn.line}) to {side}")
    events = len(store.read().events)  # anything else wrong with the log is reported here
    click.echo(f"{store.name}: readable again, {events} events")


@main.command("convert")
@click.argument("source", metavar="SOURCE")
@click.argument("target", metavar="TARGET")
def convert_command(source: str, target: str) -> None:
    """Copy the log SOURCE to a new log TARGET: .sqlite, .sqlite3 or .db for SQLite, else JSON
    Lines. TARGET must not exist; the copy is chained, and read back before this succeeds."""
    found = convert(source, target)
    click.echo(f"wrote {found.events} events to {found.name}, head {found.head}")
