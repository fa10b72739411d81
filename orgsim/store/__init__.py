"""Where a log lives: the append-only stores behind one small protocol.

A store keeps events and hands them back; it knows nothing of roles, charts or rules (those are
checked above it, before anything reaches a store). Every store promises the same things: events
come back exactly as appended, in ``seq`` order, ``seq`` dense from 1; an append is refused
whole or written whole; an append that names the wrong ``expected_seq`` is refused, so two
writers never silently overwrite each other's view of the log. The file stores also keep a hash
chain, so that a changed line is detected, and flush every append to disk before it returns.
Only a crash in the middle of a JSON Lines append of several events can leave part of it: its
first lines whole and the next one torn (docs/explanation/durability.md).

May import: errors, progress, log.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import attrs

from orgsim.errors import NoHashChain, OrgsimError
from orgsim.log.codec import as_written
from orgsim.log.events import Event
from orgsim.log.upcasting import VERSIONS
from orgsim.store.base import Store, StoredLog, Verification
from orgsim.store.files import sync_directory
from orgsim.store.head import Head, write_pin
from orgsim.store.jsonl import JsonlStore
from orgsim.store.memory import MemoryStore
from orgsim.store.postgres import PostgresStore, is_url
from orgsim.store.sqlite import SUFFIXES, SqliteStore

__all__ = [
    "BUNDLED",
    "Head",
    "JsonlStore",
    "MemoryStore",
    "Migration",
    "PostgresStore",
    "SqliteStore",
    "Store",
    "StoredLog",
    "Verification",
    "convert",
    "migrate",
    "open_store",
    "pin",
    "verify",
    "write_log",
]

#: Logs shipped inside the package, by the name a user gives them, with the title each
#: organisation goes by. OpenAI is the flagship; the others are the organisations its leaders
#: left for, as far as sourced (a workspace of all of them: orgsim.workspace()).
BUNDLED = {
    "openai": ("openai.jsonl", "OpenAI"),
    "anthropic": ("anthropic.jsonl", "Anthropic"),
    "ssi": ("ssi.jsonl", "Safe Superintelligence"),
    "thinking-machines": ("thinking-machines.jsonl", "Thinking Machines Lab"),
}


def open_store(where: str | Path) -> Store:
    """The store of a path (``.sqlite``, ``.sqlite3`` or ``.db``: SQLite; else JSON Lines), of a
    ``postgresql://`` URL (``?log=NAME`` picks one of the database's logs), or of a bundled log
    by name (``"openai"``, read-only)."""
    if is_url(where):
        return PostgresStore(str(where))
    if isinstance(where, str) and where in BUNDLED:
        file_name, title = BUNDLED[where]
        path = Path(str(resources.files("orgsim").joinpath("data", file_name)))
        return JsonlStore(path, read_only=True, display=str(path), title=title)
    path = Path(where)
    return SqliteStore(path) if path.suffix.lower() in SUFFIXES else JsonlStore(path)


def verify(where: str | Path, expect: Head | str | None = None) -> Verification:
    """Check a log's hash chain from its first event to its last.

    Returns what was checked when the chain is whole. A broken chain raises
    :class:`~orgsim.errors.ChainBroken` at the first line that is wrong, any other problem its
    :class:`~orgsim.errors.LogFormatError`, and a log written without a chain
    :class:`~orgsim.errors.NoHashChain`. With ``expect`` (a :class:`Head` or ``"SEQ:HASH"``;
    by default the head pinned beside the log, if it has one), the log must also still hold
    that head at its seq, or :class:`~orgsim.errors.HeadMismatch` says how it does not.
    """
    wanted = Head.parse(expect) if isinstance(expect, str) else expect
    return open_store(where).verify(wanted)


def pin(where: str | Path) -> Head:
    """Verify the log, then pin its head beside it (``LOG.head``); every later append updates
    the pin, and :func:`verify` checks it. A pin that no longer matches the log is refused
    like any failed verification: delete the pin file to pin a log you changed on purpose."""
    store = open_store(where)
    if not isinstance(store, JsonlStore | SqliteStore):
        raise OrgsimError(
            f"{store.name}: a database log has no file beside it to pin; note its head "
            "(`orgsim head`) and check it with `orgsim verify --expect`"
        )
    if isinstance(store, JsonlStore) and store.read_only:
        raise OrgsimError(f"{store.name} is read-only; its head cannot be pinned beside it")
    found = store.verify()
    head = Head(found.seq, found.head)
    write_pin(store.path, head)
    return head


def convert(source: str | Path, target: str | Path) -> Verification:
    """Copy every event of the log ``source`` to a new log ``target``, of either kind.

    The copy is chained and canonical; it is read back and compared before this returns, so a
    JSON Lines log written by orgsim converts to SQLite and back byte for byte. ``target`` must
    not exist yet. The rules are not checked: a log is copied as it is.
    """
    stored = open_store(source).read()
    copy = open_store(target)
    copy.create()
    copy.append(stored.events, 0)
    if copy.read().events != stored.events:
        raise OrgsimError(f"{copy.name}: the copy does not read back as {stored.name}")
    return copy.verify()


@attrs.frozen
class Migration:
    """What :func:`migrate` did: the old log and its head, the new log and its head, how many
    events were copied and how many of their lines were of an older version (upcast)."""

    source: str
    source_head: Head | None
    """None for an old log kept without a hash chain."""
    target: str
    target_head: Head
    events: int
    upcast: int
    provenance: Path

    def summary(self) -> str:
        was = f" (head {self.source_head})" if self.source_head else " (no hash chain)"
        return (
            f"migrated {self.events} events from {self.source}{was} to {self.target} "
            f"(head {self.target_head}); {self.upcast} line(s) were of an older version; "
            f"where it came from: {self.provenance}"
        )


def provenance_path(target: str | Path) -> Path:
    """Where :func:`migrate` records the log a migrated log was copied from."""
    path = Path(target)
    return path.with_name(path.name + ".provenance.json")


def migrate(source: str | Path, target: str | Path) -> Migration:
    """Copy the log ``source`` to a new log file ``target`` in the current version of every
    event kind (see :mod:`orgsim.log.upcasting`), with a hash chain of its own, and record
    beside it (``TARGET.provenance.json``) where it came from: the old log, its head, the
    versions written and the day. The old log is only read, and its chain checked first, so
    that a copy is never made of a log already tampered with. ``target`` must not exist.

    Unlike :func:`convert`, which copies every line as written (hashes included), a migrated
    log reads as the same events but holds different lines, so its head differs."""
    if is_url(target):
        raise OrgsimError(f"{target}: migrate writes a file (.jsonl or SQLite); convert it after")
    if Path(target).exists():
        raise OrgsimError(f"{target}: a file is already there; migrate writes a new log")
    old = open_store(source)
    try:
        verified: Verification | None = old.verify()
    except NoHashChain:
        verified = None
    stored = old.read()
    # Fresh objects: an event read from an older line is otherwise written as that line.
    events = [attrs.evolve(event) for event in stored.events]
    upcast = sum(as_written(event) is not None for event in stored.events)
    record = provenance_path(target)
    if record.exists():
        raise OrgsimError(f"{record}: a provenance record is already there")
    write_log(target, events)
    written = verify(target)
    head = Head(written.seq, written.head)
    source_head = Head(verified.seq, verified.head) if verified is not None else None
    record.write_text(
        json.dumps(
            {
                "migrated_from": old.name,
                "from_head": None if source_head is None else str(source_head),
                "head": str(head),
                "events": len(events),
                "upcast_lines": upcast,
                "versions": {k: VERSIONS.get(k, 1) for k in sorted({e.kind for e in events})},
                "on": dt.date.today().isoformat(),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return Migration(old.name, source_head, str(target), head, len(events), upcast, record)


def write_log(where: str | Path, events: Sequence[Event], *, replace: bool = False) -> None:
    """Write ``events`` (numbered from 1) as a new log at ``where``, of the kind its suffix says.

    The log is written whole beside ``where`` and then renamed into place, so ``where`` never
    holds half a log. A file already at ``where`` is refused unless ``replace``; the rules are
    not checked here (``orgsim.load`` checks them when the log is read).
    """
    if is_url(where):  # a database log is created, then filled, in place
        if replace:
            raise OrgsimError(f"{where}: a database log is never replaced; name another log")
        store = open_store(where)
        store.create()
        store.append(events, 0)
        return
    target = Path(where)
    if target.exists() and not replace:
        raise OrgsimError(f"{target}: a file is already there (replace it on purpose with --force)")
    if target.is_dir():
        raise OrgsimError(f"{target}: is a directory, not a log file")
    partial = target.with_name(f".{target.stem}.partial-{os.getpid()}{target.suffix}")
    try:
        store = open_store(partial)
        store.create()
        store.append(events, 0)
        if replace:
            # An old SQLite log's side files would be read as part of the new one: drop them.
            for side in ("-wal", "-shm", "-journal"):
                target.with_name(target.name + side).unlink(missing_ok=True)
            os.replace(partial, target)
        else:  # a link is refused if a file appeared meanwhile: nothing is ever overwritten
            os.link(partial, target)
        sync_directory(target)
    except FileExistsError:
        raise OrgsimError(f"{target}: a file is already there") from None
    finally:
        partial.unlink(missing_ok=True)
