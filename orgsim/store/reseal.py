"""Re-sealing a JSON Lines log that was edited by hand, deliberately and on the record.

A log whose line was changed (a typo in a name fixed in an editor) is refused by every command:
its hash chain breaks after the changed line. That refusal stays: a silently changed log must
never pass. But the person who made the change needs a way on that does not mean undoing it.
Re-sealing accepts the log as it now is from the changed line on:

- :func:`find_break` says which line changed (the line before the first ``prev`` that does not
  match), and shows it as it is now, so the user sees what they are vouching for;
- :func:`reseal` keeps the log as it was beside it (``LOG.before-reseal-TIME``, byte for byte),
  gives every later line the ``prev`` the chain now expects (their content untouched), records
  what it did in ``LOG.reseals`` (one JSON line per re-seal: when, from which line, the heads
  before and after, the copy kept) and moves a pinned head on. Every line must still be a valid
  event: re-sealing fixes the chain, never the content.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
from pathlib import Path

import attrs

from orgsim.errors import InvalidEvent, OrgsimError
from orgsim.log.codec import decode, encode_line, parse_line
from orgsim.store.chain import GENESIS, digest, link
from orgsim.store.head import Head, pin_path, read_pin, write_pin
from orgsim.store.jsonl import JsonlStore, parse_jsonl, read_all

__all__ = ["Break", "find_break", "reseal"]

_PREV = re.compile(rb'"prev": "[0-9a-f]{64}"\}$')


@attrs.frozen
class Break:
    """Where a log's chain breaks: line ``line`` holds a ``prev`` that is not the hash of
    line ``changed`` as it is now (``changed`` is ``line`` itself for the first line)."""

    line: int
    changed: int
    text: str
    expected: str
    found: str


def _lines(data: bytes, name: str) -> list[bytes]:
    if not data.endswith(b"\n") and data:
        raise OrgsimError(f"{name}: the last line is torn; `orgsim repair` it first")
    return data.split(b"\n")[:-1]


def _prev(raw: bytes, name: str, number: int) -> object:
    try:
        value = parse_line(raw.decode("utf-8"))
    except (InvalidEvent, UnicodeDecodeError) as error:
        raise OrgsimError(f"{name}, line {number}: not an event ({error}); fix it first") from None
    return value.get("prev") if isinstance(value, dict) else None


def find_break(store: JsonlStore) -> Break | None:
    """The first place the chain of ``store``'s log breaks, or None when it is whole (or the
    log has no chain to break)."""
    return _break_in(store.data(), store.name)


def _break_in(data: bytes, name: str) -> Break | None:
    lines = _lines(data, name)
    head = GENESIS
    for number, raw in enumerate(lines, start=1):
        prev = _prev(raw, name, number)
        if prev is None:
            return None  # a log without a chain has nothing to re-seal
        if prev != head:
            changed = max(1, number - 1)
            text = lines[changed - 1].decode("utf-8", "replace")
            return Break(number, changed, text, str(prev), head)
        head = digest(raw)
    return None


def _sealed(lines: list[bytes], start: int, name: str) -> tuple[bytes, str]:
    """The log with every ``prev`` from line ``start`` on recomputed, and its new head."""
    head = GENESIS
    out = []
    for number, raw in enumerate(lines, start=1):
        if number >= start:
            if _PREV.search(raw):
                raw = _PREV.sub(f'"prev": "{head}"}}'.encode(), raw)
            else:  # edited out of the canonical shape: written canonically again
                data = parse_line(raw.decode("utf-8"))
                data.pop("prev", None)
                raw = link(encode_line(decode(data)), head).encode("utf-8")
        out.append(raw)
        head = digest(raw)
    return b"".join(line + b"\n" for line in out), head


def reseal(store: JsonlStore, found: Break) -> tuple[Path, Head]:
    """Re-seal ``store``'s log from ``found`` (see the module). Returns the copy kept of the
    log as it was and the new head. Refused if the log changed since ``found`` was found."""
    if store.read_only:
        raise OrgsimError(f"{store.name} is read-only")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    kept = store.path.with_name(f"{store.path.name}.before-reseal-{stamp}")
    fd = os.open(store.path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        data = read_all(fd)
        if _break_in(data, store.name) != found:
            raise OrgsimError(f"{store.name}: the log changed while it was being re-sealed")
        lines = _lines(data, store.name)
        sealed, head = _sealed(lines, found.line, store.name)
        try:
            parse_jsonl(sealed, store.name)  # every line an event, seq dense, chain whole
        except OrgsimError as error:
            raise OrgsimError(f"not re-sealed: {error}") from None
        old_head = digest(lines[-1]) if lines else GENESIS
        with kept.open("xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.pwrite(fd, sealed, 0)
        os.ftruncate(fd, len(sealed))
        os.fsync(fd)
    finally:
        os.close(fd)
    new = Head(len(lines), head)
    record = {
        "at": stamp,
        "from_line": found.changed,
        "head_before": f"{len(lines)}:{old_head}",
        "head_after": str(new),
        "kept": kept.name,
    }
    journal = store.path.with_name(store.path.name + ".reseals")
    with journal.open("a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")
        out.flush()
        os.fsync(out.fileno())
    if read_pin(store.path) is not None or pin_path(store.path).exists():
        write_pin(store.path, new)
    return kept, new
