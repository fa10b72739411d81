"""Writing a snapshot: every interval of a strict replay, its day index and the log's line starts,
in one transaction, in place."""

from __future__ import annotations

import sqlite3
from array import array
from pathlib import Path

from orgsim.errors import StaleSnapshot
from orgsim.progress import Progress, within
from orgsim.replay.spans import Span
from orgsim.replay.timeline import Timeline
from orgsim.snapshot.blocks import blocks
from orgsim.snapshot.key import LogKey
from orgsim.snapshot.lines import line_starts, write_lines
from orgsim.snapshot.schema import (
    APPLICATION_ID,
    FORMAT,
    INDEXES,
    INSERT_SPAN,
    SCHEMA,
    connect,
    rollback,
    snapshot_path,
    span_row,
    statements,
)

__all__ = ["SNAPSHOT_ABOVE", "write_snapshot"]


#: A log file larger than this gets a snapshot written after it is read (about 25,000 events,
#: a second's replay); a smaller one replays faster than a snapshot is worth.
SNAPSHOT_ABOVE = 8 * 1024 * 1024


def _replaceable(path: Path) -> bool:
    """Whether a snapshot may be written at ``path``: nothing is there, or a file orgsim wrote
    (a snapshot, perhaps stale or damaged past its first page). Anything else is someone's."""
    try:
        with path.open("rb") as file:
            header = file.read(72)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return header.startswith(b"SQLite format 3\x00") and header[68:72] == (
        APPLICATION_ID.to_bytes(4, "big")
    )


def write_snapshot(
    log: Path, timeline: Timeline, key: LogKey, progress: Progress | None = None
) -> Path | None:
    """Write the snapshot of ``timeline``, the strict replay of the log at ``log`` when it had
    ``key``, beside the log, in one transaction: a reader sees the old snapshot or the new one,
    never a mix. Returns where, or None when it could not be written (a read-only folder, a
    full disk, the log changed meanwhile): a snapshot only ever saves time. A file at the
    snapshot's path that orgsim did not write is left as it is (and no snapshot written).
    ``progress`` is told the share written.

    The file is rebuilt in place, never replaced by a new one renamed over it: other processes
    may hold it open, and SQLite's journal beside it goes by its name, so theirs would be
    applied to a file it does not belong to."""
    report = progress or (lambda share: None)
    target = snapshot_path(log)
    try:
        starts = line_starts(log, key)
        report(0.1)
        for attempt in range(2):
            if not _replaceable(target):
                return None
            try:
                _rebuild(target, timeline, key, starts, within(progress, 0.1, 1.0))
                break
            except sqlite3.DatabaseError:
                if attempt:
                    raise
                # A damaged snapshot of orgsim's (it cannot even be emptied): start afresh.
                for side in ("", "-wal", "-shm"):
                    target.with_name(target.name + side).unlink(missing_ok=True)
    except (OSError, sqlite3.Error, StaleSnapshot):
        return None
    return target


def _rebuild(
    target: Path, timeline: Timeline, key: LogKey, starts: array[int], progress: Progress | None
) -> None:
    """Empty the snapshot at ``target`` (made if missing) and fill it, in one transaction."""
    db = connect(target)
    try:
        db.execute("PRAGMA journal_mode = WAL")  # readers never wait for the appends' updates
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA cache_size = -65536")  # 64 MB, to sort for the indexes
        db.execute("BEGIN IMMEDIATE")
        try:
            old = db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'").fetchall()
            for (name,) in old:
                db.execute(f'DROP TABLE "{name}"')
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for statement in statements(SCHEMA):
                db.execute(statement)
            _fill(db, timeline, key, starts, within(progress, 0.0, 0.8))
            for statement in statements(INDEXES):
                db.execute(statement)
            db.execute("COMMIT")
        except BaseException:
            rollback(db)
            raise
        (progress or (lambda share: None))(1.0)
    finally:
        db.close()


def _fill(
    db: sqlite3.Connection,
    timeline: Timeline,
    key: LogKey,
    starts: array[int],
    progress: Progress | None,
) -> None:
    report = progress or (lambda share: None)
    applied = timeline.applied  # in replay order: by date (what a replay of the log applied)
    first_day, last_day = (applied[0].on.start, applied[-1].on.start) if applied else (None, None)
    last = last_day.toordinal() if last_day else None
    db.execute(
        "INSERT INTO meta VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (FORMAT, *key.row(), len(applied), first_day and first_day.toordinal(), last),
    )
    spans: list[Span] = []
    for groups in (timeline.versions, timeline.tenures, timeline.stints, timeline.absences):
        for group in groups.values():
            spans.extend(group)
    count = len(spans) or 1
    rows = []
    changes = []  # as one integer each, sorted by day, then opening before closing, then id
    for number, span in enumerate(spans):
        row = span_row(span)
        rows.append((number, *row))
        first = span.start.start.toordinal()
        end = None if span.end is None else span.end.start.toordinal()
        if end is not None and end <= first:
            continue  # open on no day at all
        changes.append(first * 2 * count + number)
        if end is not None:
            changes.append((end * 2 + 1) * count + number)
    del spans
    report(0.1)
    db.executemany(INSERT_SPAN, rows)
    del rows
    report(0.7)
    changes.sort()
    db.executemany("INSERT INTO blocks VALUES (?, ?, ?, ?, ?)", blocks(changes, count))
    report(0.9)
    write_lines(db, starts)
