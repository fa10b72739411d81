"""Where a log lives: the append-only stores behind one small protocol.

A store keeps events and hands them back; it knows nothing of roles, charts or rules (those are
checked above it, before anything reaches a store). Every store promises the same things: events
come back exactly as appended, in ``seq`` order, ``seq`` dense from 1; an append is refused
whole or written whole; an append that names the wrong ``expected_seq`` is refused, so two
writers never silently overwrite each other's view of the log. The file stores also keep a hash
chain, so that a changed line is detected, and flush every append to disk before it returns.
Only a crash in the middle of a JSON Lines append of several events can leave part of it: its
first lines whole and the next one torn (docs/explanation/durability.md).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from orgsim.errors import OrgsimError
from orgsim.store.base import Store, StoredLog, Verification
from orgsim.store.jsonl import JsonlStore
from orgsim.store.memory import MemoryStore
from orgsim.store.sqlite import SUFFIXES, SqliteStore

__all__ = [
    "BUNDLED",
    "JsonlStore",
    "MemoryStore",
    "SqliteStore",
    "Store",
    "StoredLog",
    "Verification",
    "convert",
    "open_store",
    "verify",
]

#: Logs shipped inside the package, by the name a user gives them.
BUNDLED = {"openai": ("openai.jsonl", "OpenAI")}


def open_store(where: str | Path) -> JsonlStore | SqliteStore:
    """The store of a path (``.sqlite``, ``.sqlite3`` or ``.db``: SQLite; else JSON Lines), or
    of a bundled log by name (``"openai"``, read-only)."""
    if isinstance(where, str) and where in BUNDLED:
        file_name, title = BUNDLED[where]
        path = Path(str(resources.files("orgsim").joinpath("data", file_name)))
        return JsonlStore(path, read_only=True, display=str(path), title=title)
    path = Path(where)
    return SqliteStore(path) if path.suffix.lower() in SUFFIXES else JsonlStore(path)


def verify(where: str | Path) -> Verification:
    """Check a log's hash chain from its first event to its last.

    Returns what was checked when the chain is whole. A broken chain raises
    :class:`~orgsim.errors.ChainBroken` at the first line that is wrong, any other problem its
    :class:`~orgsim.errors.LogFormatError`, and a log written without a chain
    :class:`~orgsim.errors.NoHashChain`.
    """
    return open_store(where).verify()


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
