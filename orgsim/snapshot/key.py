"""What a log file was when its snapshot was made: the key every answer checks first."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import attrs

from orgsim.store.chain import digest
from orgsim.store.jsonl import last_event

__all__ = ["LogKey"]


@attrs.frozen
class LogKey:
    """What a log file was when a snapshot was made of it: its size, its modification and
    inode change times, its inode, the seq of its last event and the SHA-256 of its last
    line. A log that is appended to, edited (even to the same size, with its modification
    time set back: the kernel sets the change time, and nothing can set it back), replaced
    or copied no longer has the key."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    seq: int
    tail: str

    @classmethod
    def of(cls, log: Path) -> LogKey | None:
        """The key of the log file now, read under a shared lock (so never half an append);
        None when there is no file, or its last line is torn or unreadable."""
        try:
            fd = os.open(log, os.O_RDONLY)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            stat = os.fstat(fd)
            found = last_event(fd)
            if found is None:
                return None
            line, event, _ = found
            return cls(
                stat.st_size,
                stat.st_mtime_ns,
                stat.st_ctime_ns,
                stat.st_ino,
                event.seq,
                digest(line),
            )
        except OSError:
            return None
        finally:
            os.close(fd)

    def row(self) -> tuple[int, int, int, int, int, str]:
        return self.size, self.mtime_ns, self.ctime_ns, self.inode, self.seq, self.tail
