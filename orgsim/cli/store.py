"""Commands that look after a log as a file: check its hash chain (verify), move a line torn
by a crash aside (repair), copy it between JSON Lines and SQLite (convert), and copy it into
the current version of every event kind (migrate)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from orgsim.cli.base import log_option, main
from orgsim.errors import OrgsimError
from orgsim.organisation import create
from orgsim.store import JsonlStore, convert, migrate, open_store, pin, verify
from orgsim.store.head import pin_path
from orgsim.store.reseal import find_break, reseal
from orgsim.views.escape import terminal_text

__all__ = [
    "convert_command",
    "head_command",
    "init_command",
    "migrate_command",
    "repair_command",
    "reseal_command",
    "verify_command",
]


@main.command("verify")
@log_option
@click.option(
    "--expect",
    metavar="SEQ:HASH",
    default=None,
    help="A head noted earlier (from `orgsim head` or an append): prove the log still holds "
    "it, so nothing up to it was cut off or rewritten (default: the pinned head, if any).",
)
def verify_command(log: str, expect: str | None) -> None:
    """Check that no line of the log was changed, removed, added or moved since it was written
    (its hash chain), and that it still holds the expected or pinned head; print the first
    problem found (exit 1)."""
    found = verify(log, expect)
    click.echo(f"{found.name}: chain intact: {found.count} events, head {found.seq}:{found.head}")
    if found.expected is not None:
        pinned = "" if expect else "pinned "
        click.echo(
            f"holds the {pinned}head {found.expected}; {found.since} event(s) appended since"
        )


@main.command("head")
@log_option
@click.option(
    "--pin",
    "pin_it",
    is_flag=True,
    help="Also keep the head in LOG.head beside the log, updated by every append and checked "
    "by `orgsim verify`: commit it, or copy it somewhere the log's writers cannot change.",
)
def head_command(log: str, pin_it: bool) -> None:
    """Print the head of the log (SEQ:HASH, after checking its chain): note it somewhere else,
    and `orgsim verify --expect SEQ:HASH` later proves the log still holds it."""
    if pin_it:
        head = pin(log)
        click.echo(str(head))
        click.echo(f"pinned in {pin_path(Path(log))}", err=True)
        return
    found = verify(log)
    click.echo(f"{found.seq}:{found.head}")


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
        # SQLite and PostgreSQL commit an append whole: only a JSON Lines file can be torn.
        click.echo(f"{store.name}: only a JSON Lines log can have a torn line; nothing to repair")
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
    click.echo(f"wrote {found.count} events to {found.name}, head {found.head}")


@main.command("migrate")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
def migrate_command(old: str, new: str) -> None:
    """Copy the log OLD to a new log file NEW with every line in the current version of its
    event kind and a hash chain of its own, and record where it came from in
    NEW.provenance.json. OLD is only read (its chain checked first) and stays as it is."""
    click.echo(migrate(old, new).summary())


@main.command("init")
@log_option(required=True)
def init_command(log: str) -> None:
    """Start a new, empty log: LOG is a .jsonl file (JSON Lines), a .sqlite, .sqlite3 or .db file
    (SQLite), or a postgresql:// URL (?log=NAME picks the log; main when not given). Refused
    when the log is already there."""
    org = create(log)
    kind = type(org.store).__name__.removesuffix("Store")
    click.echo(f"created {org.name}: an empty log ({_KINDS.get(kind, kind)})")


_KINDS = {"Jsonl": "JSON Lines", "Sqlite": "SQLite", "Postgres": "PostgreSQL"}


@main.command("reseal")
@log_option
@click.option("--yes", is_flag=True, help="Re-seal without asking.")
def reseal_command(log: str, yes: bool) -> None:
    """Accept a log you edited by hand (a typo fixed): show the line that changed, keep the
    log as it was beside it (LOG.before-reseal-TIME), give the lines after it the hashes the
    chain now expects, and record the re-seal in LOG.reseals. Asks first on a terminal."""
    store = open_store(log)
    if not isinstance(store, JsonlStore):
        raise OrgsimError(f"{store.name}: only a JSON Lines log can be edited by hand")
    found = find_break(store)
    if found is None:
        click.echo(f"{store.name}: the hash chain is whole; nothing to re-seal")
        return
    click.echo(
        f"line {found.changed} was changed after it was written (line {found.line}'s 'prev' "
        f"is {found.expected[:16]}..., the line now hashes to {found.found[:16]}...); "
        f"as it is now:\n  {terminal_text(found.text)}"
    )
    if not yes:
        if not _interactive():
            raise OrgsimError("not re-sealed: confirm at a terminal, or give --yes")
        if not click.confirm(f"Accept line {found.changed} as it is, and re-seal after it?"):
            raise OrgsimError("not re-sealed: the log is as it was")
    kept, head = reseal(store, found)
    click.echo(f"re-sealed {store.name} from line {found.line}: head {head}; as it was: {kept}")
