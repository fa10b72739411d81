"""What every store is and returns: the protocol and the log as read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

from orgsim.events import Event

__all__ = ["Store", "StoredLog"]


@attrs.frozen
class StoredLog:
    """What a store holds: its events and where they are, for messages."""

    name: str
    events: tuple[Event, ...]
    line_of_first: int | None = 1

    def place(self, seq: int) -> str:
        """Where the event ``seq`` stands, e.g. ``log.jsonl, line 12``."""
        if self.line_of_first is None:
            return f"{self.name}, event #{seq}"
        return f"{self.name}, line {seq - 1 + self.line_of_first}"

    @property
    def last_seq(self) -> int:
        return self.events[-1].seq if self.events else 0


class Store(Protocol):
    """The protocol every store follows."""

    @property
    def name(self) -> str:
        """The store's path or name, as messages show it."""
        ...

    @property
    def title(self) -> str:
        """What the organisation is called, for chart headings."""
        ...

    def read(self) -> StoredLog:
        """Every event, in seq order; a store that cannot be read whole raises LogFormatError."""
        ...

    def append(self, events: Sequence[Event], expected_seq: int) -> None:
        """Append events numbered ``expected_seq + 1, ...``, all or none.

        Raises :class:`~orgsim.errors.ConcurrentAppend` when the log's last seq is not
        ``expected_seq`` (another writer got there first).
        """
        ...
