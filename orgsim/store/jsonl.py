"""The canonical store: a JSON Lines file, one event per line.

Human-readable and diffable, so a log can live in git beside the work it describes. Reading is
all or nothing: the first line that cannot be understood refuses the whole file, with its line
number, and so does a line whose hash chain is broken (see ``chain.py``). Reading takes a shared
lock, so it never sees half of an append; appending takes an exclusive lock, checks that the file
still ends where the writer thinks it does, writes whole lines and flushes them to disk before
returning. A line cut off by a crash (a torn line) refuses the log until :meth:`JsonlStore.repair`
moves it aside.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from collections.abc import Sequence
from pathlib import Path

from orgsim.errors import (
    ChainBroken,
    ConcurrentAppend,
    InvalidEvent,
    LogFormatError,
    NotFound,
    OrgsimError,
    ReadOnlyLog,
    TornLine,
)
from orgsim.log.codec import MISSING, Decoder, encode_line
from orgsim.log.events import Event
from orgsim.progress import Progress
from orgsim.store.base import StoredLog, Verification, check_numbering, check_seq
from orgsim.store.chain import GENESIS, check_link, digest, extend, link
from orgsim.store.files import create_empty, sync_directory
from orgsim.store.head import Head, check_pin_before_append, read_pin, write_pin

__all__ = ["JsonlStore", "encode_jsonl", "last_event", "last_line", "parse_jsonl", "read_all"]

_BOM = b"\xef\xbb\xbf"
_EXCERPT = 60
_CHUNK = 1 << 20
_TAIL_CHUNK = 65536


def _excerpt(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    return repr(text if len(text) <= _EXCERPT else text[:_EXCERPT] + "...")


def _torn(data: bytes, name: str) -> TornLine | None:
    """The error for bytes after the last line end, if there are any."""
    start = data.rfind(b"\n") + 1
    if start == len(data):
        return None
    tail = data[start:]
    return TornLine(name, data.count(b"\n", 0, start) + 1, start, tail, _excerpt(tail))


def _parse(
    chunks: list[bytes], name: str, at: int | None = None, progress: Progress | None = None
) -> tuple[StoredLog, str | None, str | None]:
    """The log in ``chunks`` (the file's bytes in order, consumed as they are read, so that a
    large log is never held twice in memory), the hash of its last line (``None`` for a log
    without a chain) and of its line ``at`` (``GENESIS`` for 0); the first problem raises
    :class:`LogFormatError` with its line. The hash is of a line's exact bytes without its
    ``\n``; a chained line that ends in ``\r`` is refused, since orgsim never writes one."""
    if chunks and chunks[0].startswith(_BOM):
        raise LogFormatError(
            name, 1, "the file starts with a byte-order mark; save it as UTF-8 without one"
        )
    events: list[Event] = []
    chained: bool | None = None  # decided by line 1: a log is chained on every line or on none
    head = GENESIS
    hash_at = GENESIS if at == 0 else None
    decoder = Decoder()
    number = 0
    offset = 0  # where the unfinished line starts
    rest = b""
    chunks.reverse()  # popped from the end: each chunk is let go once it is split into lines
    total, done = sum(len(chunk) for chunk in chunks), 0
    while chunks:
        if progress is not None:
            progress(done / total)
            done += len(chunks[-1])
        lines = (rest + chunks.pop()).split(b"\n")
        rest = lines.pop()
        for line in lines:
            number += 1
            offset += len(line) + 1
            raw = line.removesuffix(b"\r")
            if not raw.startswith(b"{") and not raw.strip():  # an event's line is not blank
                raise LogFormatError(name, number, "a blank line; every line of a log is one event")
            try:
                event, prev = decoder.decode_line(raw, take="prev")
            except UnicodeDecodeError as exc:
                raise LogFormatError(
                    name, number, f"not UTF-8 text (byte {exc.start + 1})"
                ) from None
            except InvalidEvent as exc:
                raise LogFormatError(name, number, f"{exc}; the line is {_excerpt(raw)}") from None
            if chained is None:
                chained = prev is not MISSING
            elif chained != (prev is not MISSING):
                has = (
                    "no 'prev' hash, but line 1 has one"
                    if chained
                    else "a 'prev' hash, but line 1 has none"
                )
                raise ChainBroken(
                    name, number, f"{has}: a log has the hash chain on every line or on none"
                )
            if chained:
                if line.endswith(b"\r"):
                    raise ChainBroken(
                        name,
                        number,
                        "the line ends with a carriage return (\\r\\n); orgsim writes \\n "
                        "line ends and the chain hashes each line's exact bytes, so the file was "
                        "changed (its line ends converted? `dos2unix` converts them back)",
                    )
                if prev != head:  # the call is spared on every line of a whole chain
                    check_link(name, number, prev, head)
                head = digest(line)
                if number == at:
                    hash_at = head
            if event.seq != number:
                check_seq(name, number, event, "line")
            events.append(event)
    if rest:
        raise TornLine(name, number + 1, offset, rest, _excerpt(rest))
    if progress is not None:
        progress(1.0)
    stored = StoredLog(name=name, events=tuple(events))
    return stored, (None if chained is False else head), hash_at


def parse_jsonl(data: bytes, name: str) -> StoredLog:
    """Every event in the bytes of a JSON Lines log, or a :class:`LogFormatError`."""
    return _parse([data], name)[0]


def encode_jsonl(events: Sequence[Event], head: str | None = GENESIS) -> bytes:
    """The lines a JSON Lines log holds for ``events``: each chained on from ``head`` (the
    hash of the line before; :data:`GENESIS` starts a log), or unchained when it is None."""
    if head is None:  # a log written without a chain stays without one
        lines = [encode_line(event) for event in events]
    else:
        lines = [link(line, prev) for line, prev in extend(events, head)]
    return "".join(line + "\n" for line in lines).encode("utf-8")


def read_chunks(fd: int) -> list[bytes]:
    """Every byte of the open file ``fd``, in chunks (the caller holds whatever lock it
    needs)."""
    parts = []
    offset = 0
    while chunk := os.pread(fd, _CHUNK, offset):
        parts.append(chunk)
        offset += len(chunk)
    return parts


def last_line(fd: int) -> bytes | None:
    """The last line of the open file ``fd`` without its line end, read from the end (a log
    can be large); None when the file is empty or does not end with a line end (a torn
    line)."""
    position = os.fstat(fd).st_size
    tail = b""
    while position > 0:
        step = min(_TAIL_CHUNK, position)
        position -= step
        tail = os.pread(fd, step, position) + tail
        if tail.count(b"\n") >= 2:
            break
    if not tail.endswith(b"\n"):
        return None
    return tail[:-1].rsplit(b"\n", 1)[-1]


def last_event(fd: int) -> tuple[bytes, Event, object] | None:
    """The last line of the open file ``fd`` (without its line end), the event on it and its
    ``prev`` (``MISSING`` if none); None when the file is empty, or its last line is torn or
    not a readable event."""
    last = last_line(fd)
    if last is None:
        return None
    try:
        event, prev = Decoder().decode_line(last.removesuffix(b"\r"), take="prev")
    except (InvalidEvent, UnicodeDecodeError):
        return None
    return last, event, prev


def read_all(fd: int) -> bytes:
    """Every byte of the open file ``fd`` (the caller holds whatever lock it needs)."""
    return b"".join(read_chunks(fd))


class JsonlStore:
    """A log in a JSON Lines file. The file is created by :meth:`create` or the first append."""

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

    def create(self) -> None:
        """Create the file, empty; refused when something is already at the path."""
        create_empty(self.path)

    def read(self, progress: Progress | None = None) -> StoredLog:
        return _parse(self.chunks(), self.name, progress=progress)[0]

    def verify(self, expect: Head | None = None) -> Verification:
        """Read the whole log, checking its hash chain; :class:`~orgsim.errors.NoHashChain` for
        a log written without one, :class:`~orgsim.errors.LogFormatError` (a
        :class:`~orgsim.errors.ChainBroken` for tampering) at the first line that is wrong.

        With ``expect`` (by default the head pinned beside the log, if any), also prove that
        the log still holds that head at its seq, or raise :class:`~orgsim.errors.HeadMismatch`.
        """
        expect = expect or read_pin(self.path)
        at = expect.seq if expect else None
        stored, head, hash_at = _parse(self.chunks(), self.name, at)
        return Verification.of(stored, head, expect, hash_at)

    def data(self) -> bytes:
        """The file's bytes as they are, read under a shared lock (for tools such as
        :mod:`orgsim.store.reseal` that look at lines the codec would refuse)."""
        return self._bytes()

    def torn_tail(self) -> TornLine | None:
        """The torn last line (the error that refuses the log, with its bytes), if there is one."""
        return _torn(self._bytes(), self.name)

    def repair(self, torn: TornLine) -> Path:
        """Move the torn last line ``torn`` to a side file beside the log, and cut the log back
        to its last whole line. Returns the side file's path.

        Nothing is deleted: the torn bytes are on disk in the side file before the log is cut.
        Refused if the log has changed since ``torn`` was found.
        """
        if self.read_only:
            raise self._read_only()
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        side = self.path.with_name(f"{self.path.name}.torn-{stamp}")
        fd = os.open(self.path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.fstat(fd).st_size
            still = os.pread(fd, len(torn.tail), torn.offset) == torn.tail
            if size != torn.offset + len(torn.tail) or not still:
                raise OrgsimError(f"{self.name}: the log changed while it was being repaired")
            with side.open("xb") as out:
                out.write(torn.tail)
                out.flush()
                os.fsync(out.fileno())
            sync_directory(side)
            os.ftruncate(fd, torn.offset)
            os.fsync(fd)
        finally:
            os.close(fd)
        return side

    def append(self, events: Sequence[Event], expected_seq: int) -> Head | None:
        if self.read_only:
            raise self._read_only()
        check_numbering(self.name, events, expected_seq)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            end = self._tail(fd)
            if end is None:  # empty, or the tail is odd: read it all (and refuse a bad file)
                stored, head, _ = _parse(read_chunks(fd), self.name)
                end = stored.last_seq, head
            actual, head = end
            if actual != expected_seq:
                raise ConcurrentAppend(self.name, expected_seq, actual)
            pinned = read_pin(self.path)
            check_pin_before_append(self.name, pinned, None if head is None else Head(actual, head))
            data = encode_jsonl(events, head)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
            if actual == 0:  # the file may be new: make its name durable too
                sync_directory(self.path)
            if head is None:
                return None
            new = Head(expected_seq + len(events), digest(data[:-1].rsplit(b"\n", 1)[-1]))
            if pinned is not None:  # under the lock, so pins follow appends in order
                write_pin(self.path, new)
            return new
        finally:
            os.close(fd)  # closing releases the lock

    def _read_only(self) -> ReadOnlyLog:
        return ReadOnlyLog(f"{self.name} is read-only; copy it to a file of your own to add events")

    def _bytes(self) -> bytes:
        """The whole file, read under a shared lock so that no append is seen half-written."""
        return b"".join(self.chunks())

    def chunks(self) -> list[bytes]:
        """The whole file in chunks, read under a shared lock (see :meth:`_bytes`)."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            raise NotFound(
                f"{self.name}: no such log file (`orgsim init {self.name}` starts one)"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            return read_chunks(fd)
        except IsADirectoryError:
            raise NotFound(f"{self.name}: is a directory, not a log file") from None
        finally:
            os.close(fd)

    def _load(self) -> tuple[StoredLog, str | None]:
        stored, head, _ = _parse(self.chunks(), self.name)
        return stored, head

    def _tail(self, fd: int) -> tuple[int, str | None] | None:
        """The last seq and chain head, read from the end of the file (a log can be large);
        ``None`` when the file is empty or its last line is not a whole, readable event."""
        found = last_event(fd)
        if found is None:
            return None
        last, event, prev = found
        return event.seq, (None if prev is MISSING else digest(last))
