"""What every store is and returns: the protocol, the log as read, and what a check found."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

import attrs

from orgsim.errors import LogFormatError, NoHashChain
from orgsim.events import Event

__all__ = ["Store", "StoredLog", "Verification", "check_seq"]


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


@attrs.frozen
class Verification:
    """A log whose hash chain was checked from its first line to its last and found whole.

    ``head`` is the hash of the last line (the ``prev`` the next line will carry). The chain
    cannot show that lines were cut off the end, or that the last line was rewritten: keep the
    head somewhere else (a commit message, a ticket) and compare it later to detect even that.
    """

    name: str
    events: int
    head: str

    @classmethod
    def of(cls, stored: StoredLog, head: str | None) -> Verification:
        """The verification of a log read whole, or :class:`NoHashChain` when it has none."""
        if head is None:
            raise NoHashChain(
                f"{stored.name}: no hash chain ({len(stored.events)} events written without "
                "one), so changes to it cannot be detected; `orgsim convert` copies it to a "
                "new, chained log"
            )
        return cls(stored.name, len(stored.events), head)


def check_seq(name: str, number: int, event: Event, unit: Literal["line", "event"]) -> None:
    """Refuse an event whose seq is not its position: a gap, a repeat, or lines out of order."""
    if event.seq != number:
        raise LogFormatError(
            name,
            number,
            f"event {event.brief()} has seq {event.seq} where {number} was expected "
            f"(seq counts the {unit}s from 1, with no gap or repeat)",
            unit=unit,
        )
