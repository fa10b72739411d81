"""The head of a chained log, and the pin file that keeps it outside the log.

A hash chain shows that no line was changed *before* the last one, but not that the last lines
are still there, nor that someone who rewrote a line did not recompute every hash after it.
Transparency logs answer this by publishing the head (the last seq and its hash) somewhere the
log's writer cannot quietly change: a later check that the log still holds that head at that seq
proves nothing up to it was cut off or rewritten.

The pin is an optional small file beside the log (``LOG.head``, one line ``SEQ:HASH``), made by
``orgsim head LOG --pin`` and then updated by every append, meant to be committed or copied
elsewhere. ``verify`` checks it by default when it is there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import attrs

from orgsim.errors import HeadMismatch, OrgsimError
from orgsim.store.files import sync_directory

__all__ = ["Head", "pin_path", "read_pin", "write_pin"]

_HEAD = re.compile(r"([0-9]+):([0-9a-f]{64})")


@attrs.frozen
class Head:
    """Where a chained log ends: the seq of its last event and the hash of that line (the
    ``prev`` the next line will carry). An empty log's head is ``0`` and the hash of nothing."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Head:
        """Read ``SEQ:HASH`` (the hash as 64 lower-case hex digits)."""
        match = _HEAD.fullmatch(text.strip())
        if match is None:
            raise OrgsimError(f"not a head: {text.strip()[:80]!r} (expected SEQ:HASH)")
        return cls(int(match.group(1)), match.group(2))


def pin_path(log: Path) -> Path:
    """Where the pin of the log at ``log`` is kept: beside it, with ``.head`` added."""
    return log.with_name(log.name + ".head")


def read_pin(log: Path) -> Head | None:
    """The head pinned beside ``log``, or None when it has no pin."""
    path = pin_path(log)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise OrgsimError(f"{path}: cannot read the pinned head: {error}") from None
    try:
        return Head.parse(text)
    except OrgsimError:
        raise OrgsimError(f"{path}: not a pinned head (expected one line SEQ:HASH)") from None


def write_pin(log: Path, head: Head) -> None:
    """Pin ``head`` beside ``log``: written whole to a side file, flushed, then renamed over
    the old pin, so the pin is always one complete head, never half of one."""
    path = pin_path(log)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    with partial.open("w", encoding="utf-8") as out:
        out.write(f"{head}\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)
    sync_directory(path)


def check_pin_before_append(name: str, pinned: Head | None, actual: Head | None) -> None:
    """Refuse to append to a log whose end no longer matches its pin (cut off or rewritten).

    A pin behind the log is allowed: a crash between an append and its pin update leaves one.
    """
    if pinned is None:
        return
    if actual is None:
        raise HeadMismatch(
            f"{name}: the log has no hash chain, but its pin says it ended at {pinned}: the "
            "chain was stripped; not appending"
        )
    if pinned.seq > actual.seq:
        raise HeadMismatch(
            f"{name}: the log ends at #{actual.seq}, before its pinned head #{pinned.seq}: "
            "events were cut off; not appending"
        )
    if pinned.seq == actual.seq and pinned.hash != actual.hash:
        raise HeadMismatch(
            f"{name}: the last line no longer hashes to the pinned head {pinned}: it was "
            "rewritten; not appending"
        )
