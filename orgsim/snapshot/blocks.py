"""The day index on disk: which spans are open on any day, from checkpoints and the changes
between them (as :class:`~orgsim.replay.intervals.DayIndex` keeps them in memory).

Each row of ``blocks`` holds the ids open before its first change, then its changes in order:
an id that opens, or ``-(id + 1)`` for one that closes. A block holds as many changes as
:func:`~orgsim.replay.intervals.changes_between` says, so the checkpoints together hold no more
ids than there are changes.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence

from orgsim.replay.intervals import changes_between
from orgsim.snapshot.schema import INT_BYTES, blob, ints

__all__ = ["append_moves", "apply_moves", "blocks", "open_ids"]


def blocks(changes: list[int], count: int) -> Iterator[tuple[int, int, bytes, bytes, bytes]]:
    """The rows of ``blocks`` for ``changes`` (sorted, each packed as in :func:`_fill`), each
    with the ids open before its first change; a block holds as many changes as
    :func:`~orgsim.replay.intervals.changes_between` says, so the checkpoints together hold no more
    ids than there are changes."""
    open_now: dict[int, None] = {}
    base = number = 0
    while base < len(changes):
        block = changes[base : base + changes_between(len(open_now))]
        days = [change // (2 * count) for change in block]
        moves = [
            -(change % count) - 1 if (change // count) % 2 else change % count for change in block
        ]
        yield number, days[0], blob(open_now), blob(days), blob(moves)
        apply_moves(open_now, moves)
        base += len(block)
        number += 1


def apply_moves(open_now: dict[int, None], moves: Iterable[int]) -> None:
    for move in moves:
        if move >= 0:
            open_now[move] = None
        else:
            del open_now[-move - 1]


def open_ids(db: sqlite3.Connection, ordinal: int) -> dict[int, None]:
    """The ids of the spans open on the day ``ordinal``: the last checkpoint before it, and
    the changes after that up to the day."""
    row = db.execute(
        "SELECT open, days, moves FROM blocks WHERE first_day <= ? "
        "ORDER BY first_day DESC, number DESC LIMIT 1",
        (ordinal,),
    ).fetchone()
    open_now: dict[int, None] = {}
    if row is not None:
        open_now = dict.fromkeys(ints(row[0]))
        upto = bisect_right(ints(row[1]), ordinal)
        apply_moves(open_now, ints(row[2])[:upto])
    return open_now


def append_moves(db: sqlite3.Connection, day: int, moves: Sequence[int]) -> None:
    """Add changes on ``day`` (no earlier than any change kept) to the last block, or to a new one,
    with its checkpoint, when the last is full (:func:`~orgsim.replay.intervals.changes_between`).
    The last block's checkpoint is read only then: an append reads and writes its changes."""
    if not moves:
        return
    row = db.execute(
        "SELECT number, length(open), days, moves FROM blocks ORDER BY number DESC LIMIT 1"
    ).fetchone()
    if row is None:
        db.execute(
            "INSERT INTO blocks VALUES (0, ?, ?, ?, ?)",
            (day, blob(()), blob([day] * len(moves)), blob(moves)),
        )
        return
    number, open_bytes, days_blob, moves_blob = row
    days, kept = ints(days_blob), ints(moves_blob)
    if len(kept) + len(moves) <= changes_between(open_bytes // INT_BYTES):
        days.extend([day] * len(moves))
        kept.extend(moves)
        db.execute(
            "UPDATE blocks SET days = ?, moves = ? WHERE number = ?",
            (days.tobytes(), kept.tobytes(), number),
        )
        return
    (open_blob,) = db.execute("SELECT open FROM blocks WHERE number = ?", (number,)).fetchone()
    open_now = dict.fromkeys(ints(open_blob))
    apply_moves(open_now, kept)
    db.execute(
        "INSERT INTO blocks VALUES (?, ?, ?, ?, ?)",
        (number + 1, day, blob(open_now), blob([day] * len(moves)), blob(moves)),
    )
