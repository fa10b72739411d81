"""The canonical store: a JSON Lines file, one event per line.

Human-readable and diffable, so a log can live in git beside the work it describes. Reading is
all or nothing: the first line that cannot be understood refuses the whole file, with its line
number. Appending takes an exclusive lock, checks that the file still ends where the writer
thinks it does, writes whole lines in one call and flushes them to disk before returning.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Sequence
from pathlib import Path

from orgsim.codec import decode_line, encode_line
from orgsim.errors import ConcurrentAppend, InvalidEvent, LogFormatError, NotFound, ReadOnlyLog
from orgsim.events import Event
from orgsim.store.base import StoredLog

__all__ = ["JsonlStore", "parse_jsonl"]

_BOM = b"\xef\xbb\xbf"
_EXCERPT = 60
_TAIL_CHUNK = 65536


def _excerpt(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    return repr(text if len(text) <= _EXCERPT else text[:_EXCERPT] + "...")


def parse_jsonl(data: bytes, name: str) -> StoredLog:
    """Every event in the bytes of a JSON Lines log, or a :class:`LogFormatError`."""
    if data.startswith(_BOM):
        raise LogFormatError(
            name, 1, "the file starts with a byte-order mark; save it as UTF-8 without one"
        )
    lines = data.split(b"\n")
    if lines[-1]:
        raise LogFormatError(
            name,
            len(lines),
            "the last line has no line end: a write was cut off (a torn line) or the file was "
            f"edited by hand; the line is {_excerpt(lines[-1])}",
        )
    events: list[Event] = []
    for number, raw in enumerate(lines[:-1], start=1):
        raw = raw.removesuffix(b"\r")
        if not raw.strip():
            raise LogFormatError(name, number, "a blank line; every line of a log is one event")
        try:
            event = decode_line(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise LogFormatError(name, number, f"not UTF-8 text (byte {exc.start + 1})") from None
        except InvalidEvent as exc:
            raise LogFormatError(name, number, f"{exc}; the line is {_excerpt(raw)}") from None
        if event.seq != number:
            raise LogFormatError(
                name,
                number,
                f"event {event.brief()} has seq {event.seq} where {number} was expected "
                "(seq counts the lines from 1, with no gap or repeat)",
            )
        events.append(event)
    return StoredLog(name=name, events=tuple(events))


class JsonlStore:
    """A log in a JSON Lines file. The file is created by the first append."""

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        display: str | None = None,
        title: str | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._display = display or str(path)
        self._title = title or path.stem

    @property
    def name(self) -> str:
        return self._display

    @property
    def title(self) -> str:
        return self._title

    def __repr__(self) -> str:
        return f"JsonlStore({str(self.path)!r})"

    def read(self) -> StoredLog:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            raise NotFound(f"{self.name}: no such log file") from None
        except IsADirectoryError:
            raise NotFound(f"{self.name}: is a directory, not a log file") from None
        return parse_jsonl(data, self.name)

    def append(self, events: Sequence[Event], expected_seq: int) -> None:
        if self.read_only:
            raise ReadOnlyLog(
                f"{self.name} is read-only; copy it to a file of your own to add events"
            )
        for offset, event in enumerate(events, start=1):
            if event.seq != expected_seq + offset:
                raise ValueError(f"event {event.brief()} should have seq {expected_seq + offset}")
        payload = "".join(encode_line(event) + "\n" for event in events).encode("utf-8")
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            actual = self._last_seq(fd)
            if actual != expected_seq:
                raise ConcurrentAppend(self.name, expected_seq, actual)
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)  # closing releases the lock

    def _last_seq(self, fd: int) -> int:
        """The seq of the last line, read from the end of the file (a log can be large)."""
        size = os.fstat(fd).st_size
        if size == 0:
            return 0
        tail = b""
        position = size
        while position > 0:
            step = min(_TAIL_CHUNK, position)
            position -= step
            tail = os.pread(fd, step, position) + tail
            if tail.count(b"\n") >= 2 or position == 0:
                break
        if not tail.endswith(b"\n"):
            self.read()  # raises the torn-line error with its line number
            raise LogFormatError(self.name, None, "the last line has no line end")
        last = tail[:-1].rsplit(b"\n", 1)[-1]
        try:
            return decode_line(last.removesuffix(b"\r").decode("utf-8")).seq
        except (InvalidEvent, UnicodeDecodeError):
            self.read()  # raises the error of the first bad line, with its line number
            raise LogFormatError(self.name, None, "the last line cannot be read") from None
