"""Where each line of the log starts, kept in the snapshot, so that the events the rules cite are
read from the log's own lines (one seek each), never from the snapshot."""

from __future__ import annotations

import fcntl
import sqlite3
from array import array
from collections.abc import Iterable
from pathlib import Path

from orgsim.errors import InvalidEvent, StaleSnapshot
from orgsim.log.codec import Decoder
from orgsim.log.events import Event
from orgsim.snapshot.key import LogKey
from orgsim.snapshot.schema import LINES_PER_ROW, offsets
from orgsim.store.chain import digest

__all__ = ["append_line", "events_at", "line_starts", "write_lines"]


def line_starts(log: Path, key: LogKey) -> array[int]:
    """Where each of the log's lines starts, and its size last: the log as ``key`` has it, or
    :class:`StaleSnapshot` when it no longer is."""
    starts = array("q", [0])
    with log.open("rb") as file:
        fcntl.flock(file.fileno(), fcntl.LOCK_SH)
        offset = 0
        while offset < key.size:
            chunk = file.read(min(1 << 20, key.size - offset))
            if not chunk:
                break
            at = chunk.find(b"\n")
            while at >= 0:
                starts.append(offset + at + 1)
                at = chunk.find(b"\n", at + 1)
            offset += len(chunk)
        if offset != key.size or len(starts) != key.seq + 1:
            raise StaleSnapshot(f"{log}: changed while its snapshot was written")
        file.seek(starts[-2])
        if digest(file.read(key.size - starts[-2] - 1)) != key.tail:
            raise StaleSnapshot(f"{log}: changed while its snapshot was written")
    return starts


def write_lines(db: sqlite3.Connection, starts: array[int]) -> None:
    """Keep ``starts`` (from :func:`line_starts`), a row of them at a time."""
    db.executemany(
        "INSERT INTO lines VALUES (?, ?)",
        (
            (number, starts[base : base + LINES_PER_ROW + 1].tobytes())
            for number, base in enumerate(range(0, len(starts) - 1, LINES_PER_ROW))
        ),
    )


def append_line(db: sqlite3.Connection, size: int) -> None:
    """Keep the start of a line appended after the last, the log now ending at ``size``."""
    last_row = db.execute(
        "SELECT number, starts FROM lines ORDER BY number DESC LIMIT 1"
    ).fetchone()
    # The new line starts where the old end was; the log ends at the new size.
    number, blob = last_row if last_row is not None else (0, array("q", [0]).tobytes())
    starts = offsets(blob)
    starts.append(size)
    if len(starts) > LINES_PER_ROW + 1:
        db.execute("INSERT INTO lines VALUES (?, ?)", (number + 1, starts[-2:].tobytes()))
    else:
        db.execute("INSERT OR REPLACE INTO lines VALUES (?, ?)", (number, starts.tobytes()))


def events_at(db: sqlite3.Connection, log: Path, seqs: Iterable[int]) -> dict[int, Event]:
    """The events ``seqs``, decoded from the log's own lines."""
    wanted = sorted(seqs)
    if not wanted:
        return {}
    rows: dict[int, array[int]] = {}
    decoder = Decoder()
    found: dict[int, Event] = {}
    with log.open("rb") as file:
        for seq in wanted:
            number, at = divmod(seq - 1, LINES_PER_ROW)
            if number not in rows:
                row = db.execute("SELECT starts FROM lines WHERE number = ?", (number,)).fetchone()
                if row is None:
                    raise StaleSnapshot(f"{log}: its snapshot lacks line {seq}")
                rows[number] = offsets(row[0])
            starts = rows[number]
            if at + 1 >= len(starts):
                raise StaleSnapshot(f"{log}: its snapshot lacks line {seq}")
            file.seek(starts[at])
            raw = file.read(starts[at + 1] - starts[at] - 1)
            try:
                event, _ = decoder.decode_line(raw.removesuffix(b"\r"), take="prev")
            except (InvalidEvent, UnicodeDecodeError):
                event = None
            if event is None or event.seq != seq:
                raise StaleSnapshot(f"{log}: line {seq} is not where its snapshot says")
            found[seq] = event
    return found
