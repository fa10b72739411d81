"""A snapshot beside a large log, so that a new process answers without replaying the history.

Every process that opens a log reads and replays all of it: a million events take seconds before the
first answer. A snapshot keeps what that replay found in a SQLite file beside the log
(``LOG.snapshot``): every interval with the day it opened and closed and the event that closed it,
checkpoints of the set open on a day (as :class:`~orgsim.replay.intervals.DayIndex` keeps them in
memory: never more ids in all than there are changes), indexes to look people up by name and roles
by title, and where each line of the log starts. The replay state at the end (roles, holders, people
present, their roles and leaves) is the intervals still open, and a departure or abolition the rules
cite is what closed the last interval of someone or some role. A chart at any date, a lookup and a
checked append then cost what they touch, not the length of the log nor the size of the whole
organisation.

The log stays the only truth. The snapshot is keyed to the log as it was when it was made (its
size, modification and inode change times, inode, last seq and the hash of its last line), and
each question checks the key first: a log that changed in any other way (appended to by another
program, edited even to the same size with its modification time set back, replaced, copied)
makes the snapshot stale, and the organisation reads the log instead and writes a new one.
Events the rules cite are read from the log's own lines, never from the snapshot. A snapshot is
rebuilt in place in one transaction, so it is never seen half-written; an append
made through it updates it in one transaction, and only when it still holds the head the append
started from, so two writers racing can leave it behind the log (stale: rebuilt next time) but
never claiming a head it does not hold. Delete it at any time; nothing is lost.

- ``schema.py``: the tables, and how intervals, dates and ids are written into them;
- ``key.py``: ``LogKey``, what the log file was when the snapshot was made;
- ``write.py``: ``write_snapshot``, in one transaction, in place;
- ``blocks.py``: the day index on disk; ``lines.py``: where each line of the log starts;
- ``state.py``: the replay state at the end, read as far as an append needs;
- ``snapshot.py``: ``Snapshot``, the open snapshot and every answer read from it.

The organisation writes and reads snapshots by itself: nothing here is part of the public API.

May import: errors, progress, collector, log, store, replay, questions.
"""

from orgsim.snapshot.key import LogKey
from orgsim.snapshot.schema import snapshot_path
from orgsim.snapshot.snapshot import Snapshot
from orgsim.snapshot.write import SNAPSHOT_ABOVE, write_snapshot

__all__ = ["SNAPSHOT_ABOVE", "LogKey", "Snapshot", "snapshot_path", "write_snapshot"]
