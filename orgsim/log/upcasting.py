"""Old lines read as current events: the versions of each event kind, and the upcasters between.

A log is never edited, so a line written years ago must still load when an event kind has
since changed shape. Each kind has a version. A line says which version it was written in
(``"v": 2``), and a line that says nothing was written in version 1. Reading a line of an
older version runs one small function per version step, an *upcaster*. It turns the line's
JSON object into the object the next version would have written, until the object is in the
current version, which the event classes describe. The line itself is never changed: its
bytes, and the hash chain over them, stay as they were written. ``orgsim migrate`` writes a
copy of a log in the current shape, and leaves the old log untouched.

What needs a version, and what does not (docs/reference/log-format.md says the same for users):

- A new event kind, or a new field that is optional with a default, needs none. A line
  without the field reads as it always did.
- A field renamed, a kind split in two, or a field whose meaning changes needs a new
  version, and an upcaster from the version before. An upcaster sees one line, so it can only
  use what that line holds, never the rest of the log.

The steps so far:

- ``depart`` and ``hire``, version 2. A ``destination`` (and a hire's ``origin``) holds
  the organisation's name only. In version 1 it was free text. Readers took the text up to
  its first bracket, semicolon or comma as the name ("Tesla (Director of AI)" meant Tesla),
  which cut a name such as "Acme, Inc." short. The upcaster keeps that reading of version-1
  lines. What it cuts off is appended to the event's ``note``, so nothing written is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from orgsim.errors import InvalidEvent

__all__ = ["UPCASTERS", "VERSIONS", "Upcaster", "organisation_named", "upcast", "version_to_write"]

#: One version step of one kind: the JSON object of a line of the version before, to the
#: object of this version (a new dict; the one given is left as it is).
Upcaster = Callable[[dict[str, Any]], dict[str, Any]]

#: The version each event kind is written in now. A kind not listed is at version 1.
VERSIONS: Final[Mapping[str, int]] = {"depart": 2, "hire": 2}

_CUT: Final = re.compile(r"\s*[(;,]")


def organisation_named(text: str) -> str:
    """The organisation a version-1 destination or origin names: its text up to the first
    bracket, semicolon or comma ("Tesla (Director of AI)" is Tesla)."""
    return _CUT.split(text, maxsplit=1)[0].strip() or text.strip()


def _name_only(field: str, said: str) -> Upcaster:
    """The version-1 to version-2 step for a kind whose ``field`` now holds a name only."""

    def step(data: dict[str, Any]) -> dict[str, Any]:
        text, note = data.get(field), data.get("note")
        if not isinstance(text, str) or not text.strip():
            return data  # absent, or invalid: the event's own validator words the error
        if "note" in data and not (isinstance(note, str) and note.strip()):
            return data  # an invalid note stays invalid: the upcast must not mend it
        name = organisation_named(text)
        if name == text:
            return data
        kept = f"{said} as first written: {text}"
        upcast = dict(data)
        upcast[field] = name
        upcast["note"] = f"{note} ({kept})" if isinstance(note, str) and note.strip() else kept
        return upcast

    step.__name__ = f"{field}_name_only"
    step.__doc__ = f"Version 1 to 2: ``{field}`` holds the organisation's name only."
    return step


#: Each upcaster, by the kind and the version it reads (it gives the version after).
UPCASTERS: Final[Mapping[tuple[str, int], Upcaster]] = {
    ("depart", 1): _name_only("destination", "Destination"),
    ("hire", 1): _name_only("origin", "Origin"),
}


def upcast(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The JSON object of a line of ``kind``, in the kind's current version and without its
    ``v``. A version newer than this orgsim knows, or one that is not a whole number from 1, is
    refused: reading a line it does not understand as if it did would be worse."""
    version = data.get("v", 1)
    current = VERSIONS.get(kind, 1)
    if type(version) is not int or version < 1:
        raise InvalidEvent(f"v (the version of the event's shape) must be 1 or more: {version!r}")
    if version > current:
        raise InvalidEvent(
            f"a {kind} event of version {version}, newer than this orgsim reads "
            f"(version {current}): upgrade orgsim to read this log"
        )
    if "v" in data:
        data = {key: value for key, value in data.items() if key != "v"}
    while version < current:
        data = UPCASTERS[kind, version](data)
        version += 1
    return data


def version_to_write(kind: str, data: dict[str, Any]) -> int | None:
    """The ``v`` a line of ``kind`` holding ``data`` (current, without ``v``) must carry, or
    None when it needs none: when every older version would read the line as written (a
    departure to "Anthropic" means the same in each), the line stays as version 1 would have
    written it, so most lines never carry a ``v``."""
    current = VERSIONS.get(kind, 1)
    for version in range(1, current):
        read = data
        for step in range(version, current):
            read = UPCASTERS[kind, step](read)
        if read != data:
            return current
    return None
