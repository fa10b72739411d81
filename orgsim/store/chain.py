"""The hash chain that makes a stored log tamper-evident.

Every stored line carries ``prev``: the SHA-256 (hex) of the previous line's exact bytes, without
its line end; the first line's ``prev`` is :data:`GENESIS`, the SHA-256 of no bytes at all. An
edited, deleted, inserted or reordered line then breaks the chain at the line after it (or at
itself), whatever it says. The chain belongs to the stores, not to the events: ``prev`` is
added to the codec's canonical line as its last key and taken off before the event is decoded.
Both file stores chain the same lines the same way, so a log converted from one to the other
keeps its hashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Literal

from orgsim.errors import ChainBroken
from orgsim.log.codec import encode_line
from orgsim.log.events import Event

__all__ = ["GENESIS", "check_link", "digest", "extend", "link"]

#: The ``prev`` of the first line: the SHA-256 of the empty string.
GENESIS = hashlib.sha256(b"").hexdigest()

_SHOWN = 16


def digest(line: bytes) -> str:
    """The hash the next line's ``prev`` must hold."""
    return hashlib.sha256(line).hexdigest()


def link(line: str, prev: str) -> str:
    """A canonical event line (from ``encode_line``) with ``prev`` added as its last key."""
    return f'{line[:-1]}, "prev": "{prev}"}}'


def extend(events: Sequence[Event], head: str) -> list[tuple[str, str]]:
    """The canonical line of each event with its ``prev``, continuing a chain whose last hash
    is ``head`` (``GENESIS`` for a new log)."""
    linked = []
    for event in events:
        line = encode_line(event)
        linked.append((line, head))
        head = digest(link(line, head).encode("utf-8"))
    return linked


def check_link(
    name: str, number: int, prev: object, expected: str, unit: Literal["line", "event"] = "line"
) -> None:
    """Refuse line (or event) ``number`` when its ``prev`` is not the hash ``expected``."""
    if prev == expected:
        return
    shown = f"{prev[:_SHOWN]}..." if isinstance(prev, str) else repr(prev)[:_SHOWN]
    if number == 1:
        problem = (
            f"the hash chain does not start here: 'prev' is {shown} where the first {unit} must "
            f"have {GENESIS[:_SHOWN]}... (a {unit} before it was deleted, or this one was edited)"
        )
    else:
        before = f"line {number - 1}" if unit == "line" else f"event #{number - 1}"
        problem = (
            f"the hash chain breaks here: 'prev' is {shown} but {before} hashes to "
            f"{expected[:_SHOWN]}...; {before} or this one was edited, or a {unit} was "
            "deleted, inserted or moved here"
        )
    raise ChainBroken(name, number, problem, unit=unit)
