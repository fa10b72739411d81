"""Where a log lives: the append-only stores behind one small protocol.

A store keeps events and hands them back; it knows nothing of roles, charts or rules (those are
checked above it, before anything reaches a store). Every store promises the same things: events
come back exactly as appended, in ``seq`` order, ``seq`` dense from 1; an append writes all of its
events or none; an append that names the wrong ``expected_seq`` is refused, so two writers never
silently overwrite each other's view of the log.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from orgsim.store.base import Store, StoredLog
from orgsim.store.jsonl import JsonlStore
from orgsim.store.memory import MemoryStore

__all__ = ["BUNDLED", "JsonlStore", "MemoryStore", "Store", "StoredLog", "open_store"]

#: Logs shipped inside the package, by the name a user gives them.
BUNDLED = {"openai": ("openai.jsonl", "OpenAI")}


def open_store(where: str | Path) -> JsonlStore:
    """The store of a path, or of a bundled log by name (``"openai"``, read-only)."""
    if isinstance(where, str) and where in BUNDLED:
        file_name, title = BUNDLED[where]
        path = Path(str(resources.files("orgsim").joinpath("data", file_name)))
        return JsonlStore(path, read_only=True, display=str(path), title=title)
    return JsonlStore(Path(where))
