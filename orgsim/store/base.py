"""What every store is and returns: the protocol, the log as read, and what a check found."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, Protocol

import attrs

from orgsim.errors import (
    HeadMismatch,
    InvalidEvent,
    LogFormatError,
    NoHashChain,
    OrgsimError,
)
from orgsim.log.codec import Decoder
from orgsim.log.events import Event
from orgsim.progress import Progress
from orgsim.store.chain import GENESIS, check_link, digest, link
from orgsim.store.head import Head

__all__ = [
    "Head",
    "MisnumberedEvent",
    "Store",
    "StoredLog",
    "Verification",
    "check_numbering",
    "check_rows",
    "check_seq",
]


class MisnumberedEvent(OrgsimError, ValueError):
    """A store was asked to append an event whose seq is not the one it would take.

    The caller numbers an append's events ``expected_seq + 1, expected_seq + 2, ...``
    (:meth:`~orgsim.Organisation.append` does), so this is a mistake in the calling code, not
    in the log: hence also a :class:`ValueError`. Nothing is written. ``event`` is the first
    event out of place and ``expected`` the seq it should have.
    """

    def __init__(self, name: str, event: Event, expected: int) -> None:
        self.event = event
        self.expected = expected
        super().__init__(
            f"{name}: event {event.brief()} should have seq {expected} (an append numbers its "
            "events on from the seq it expects the log to end at, with no gap or repeat)"
        )


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
    """What every store offers (:class:`~orgsim.JsonlStore`, :class:`~orgsim.SqliteStore`,
    :class:`~orgsim.PostgresStore`, :class:`~orgsim.MemoryStore`), and all that code above the
    stores may count on without knowing which one it holds.

    What only some stores have (a file's ``path``; a JSON Lines file's ``read_only``,
    ``torn_tail``, ``repair`` and ``data``) is left off, so that a caller needing it says so
    with an ``isinstance`` check. A store is one by its methods, not by inheriting this class.
    """

    @property
    def name(self) -> str:
        """The store's path or name, as messages show it."""
        ...

    @property
    def title(self) -> str:
        """What the organisation is called, for chart headings."""
        ...

    def create(self) -> None:
        """Make the log, empty; refused when one is already there."""
        ...

    def read(self, progress: Progress | None = None) -> StoredLog:
        """Every event, in seq order; a store that cannot be read whole raises LogFormatError.

        ``progress`` is called with the share of the log read so far (up to 1.0), as often as
        the store can tell (a JSON Lines file after each megabyte; others at the end)."""
        ...

    def verify(self, expect: Head | None = None) -> Verification:
        """Read the whole log, checking its hash chain from the first event to the last, and
        say what was checked.

        A log kept without a chain (a memory log, a file written without one) raises
        :class:`~orgsim.errors.NoHashChain`, a broken chain
        :class:`~orgsim.errors.ChainBroken`, any other damage
        :class:`~orgsim.errors.LogFormatError`. With ``expect`` (for a file, by default the
        head pinned beside it, if any) the log must also still hold that head at its seq, or
        :class:`~orgsim.errors.HeadMismatch` says how it does not.
        """
        ...

    def append(self, events: Sequence[Event], expected_seq: int) -> Head | None:
        """Append events numbered ``expected_seq + 1, ...``, all or none, and return the new
        head (None for a log without a hash chain).

        Raises :class:`~orgsim.store.base.MisnumberedEvent` when the events are not numbered so
        (see :func:`check_numbering`), and :class:`~orgsim.errors.ConcurrentAppend` when the
        log's last seq is not ``expected_seq`` (another writer got there first).
        """
        ...


@attrs.frozen
class Verification:
    """A log whose hash chain was checked from its first line to its last and found whole.

    ``count`` is how many events were checked, ``head`` the hash of the last line (the ``prev``
    the next line will carry) and ``seq`` the last event's. The chain alone cannot show that
    lines were cut off the end, or that a line was rewritten and every hash after it
    recomputed: ``expected`` is the head the log was checked to still hold (given, or pinned
    beside the log), and ``since`` how many events were appended after it.
    """

    name: str
    count: int
    head: str
    expected: Head | None = None
    since: int = 0

    @property
    def seq(self) -> int:
        """The last event's seq (seq is dense from 1, so the number of events)."""
        return self.count

    @classmethod
    def of(
        cls,
        stored: StoredLog,
        head: str | None,
        expected: Head | None = None,
        hash_at: str | None = None,
    ) -> Verification:
        """The verification of a log read whole, or :class:`NoHashChain` when it has none.

        ``hash_at`` is the hash of the line at ``expected.seq``, compared with ``expected``.
        """
        if head is None:
            if expected is not None:
                raise HeadMismatch(
                    f"{stored.name}: no hash chain, but it was expected to hold the head "
                    f"{expected}: the chain was stripped, or this is another log"
                )
            raise NoHashChain(
                f"{stored.name}: no hash chain ({len(stored.events)} events written without "
                "one), so changes to it cannot be detected; `orgsim convert` copies it to a "
                "new, chained log"
            )
        last = stored.last_seq
        if expected is not None:
            if expected.seq > last:
                raise HeadMismatch(
                    f"{stored.name}: the log ends at #{last}, before the expected head "
                    f"#{expected.seq}: events were cut off"
                )
            if hash_at != expected.hash:
                raise HeadMismatch(
                    f"{stored.name}: event #{expected.seq} hashes to {str(hash_at)[:16]}..., not "
                    f"{expected.hash[:16]}... as expected: it, or a line before it, was "
                    "rewritten and the chain recomputed"
                )
        since = last - expected.seq if expected is not None else 0
        return cls(stored.name, len(stored.events), head, expected, since)


def check_numbering(name: str, events: Sequence[Event], expected_seq: int) -> None:
    """Refuse an append whose events are not numbered ``expected_seq + 1, expected_seq + 2,
    ...``, before anything is written: every store's ``append`` calls it first, so that a
    misnumbered event never reaches a log (where :func:`check_seq` would refuse the whole log
    the next time it is read)."""
    for seq, event in enumerate(events, start=expected_seq + 1):
        if event.seq != seq:
            raise MisnumberedEvent(name, event, seq)


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


def check_rows(
    name: str, rows: Iterable[tuple[object, object, object]], at: int | None = None
) -> tuple[StoredLog, str, str | None]:
    """The log held in database rows ``(seq, line, prev)`` read in seq order, checked as a
    file is: seq dense from 1, each line a valid event, the chain whole. Returns the log, the
    hash of its last row and of its row ``at`` (``GENESIS`` for 0)."""
    events = []
    head = GENESIS
    hash_at = GENESIS if at == 0 else None
    decoder = Decoder()
    for number, (seq, line, prev) in enumerate(rows, start=1):
        if seq != number:
            raise LogFormatError(
                name, number, f"the row has seq {seq}: a gap in the log", unit="event"
            )
        try:
            if not isinstance(line, str):
                raise InvalidEvent(f"the line is {type(line).__name__}, not text")
            event = decoder.decode_text(line)
        except InvalidEvent as error:
            raise LogFormatError(name, number, str(error), unit="event") from None
        check_link(name, number, prev, head, unit="event")
        check_seq(name, number, event, "event")
        events.append(event)
        head = digest(link(line, str(prev)).encode("utf-8"))
        if number == at:
            hash_at = head
    return StoredLog(name, tuple(events), line_of_first=None), head, hash_at
