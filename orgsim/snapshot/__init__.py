"""A large log's replay kept in SQLite beside it (``LOG.snapshot``), read instead of the log.

A chart, a lookup by name or an append then costs what it touches, not a replay of the whole
history; every answer first checks that the log is still the one the snapshot was made from
(docs/explanation/snapshots.md). The organisation writes and reads it by itself: what is here is
not part of the public API.

May import: errors, progress, collector, log, store, replay, questions.
"""

from orgsim.snapshot.snapshot import (
    SNAPSHOT_ABOVE,
    LogKey,
    Snapshot,
    snapshot_path,
    write_snapshot,
)

__all__ = ["SNAPSHOT_ABOVE", "LogKey", "Snapshot", "snapshot_path", "write_snapshot"]
