"""Overlays: hypothetical events in a JSON Lines file, applied on top of a log, never written.

An overlay is how a what-if is asked ("what if she had left too?"). Its lines are events as in a
log, written by hand, so they may leave out what only a log can give: ``seq`` (an overlay's
events are numbered after the log's last event, in file order), ``recorded`` (an event without
it is known from its ``on`` date) and the hash chain's ``prev`` (an overlay is not chained; a
``prev`` copied from a log line is ignored). Blank lines are skipped. Anything else wrong on a
line refuses the whole overlay with its file and line, as a log would be refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import attrs

from orgsim.errors import InvalidEvent, LogFormatError, NotFound
from orgsim.log.codec import decode, parse_line
from orgsim.log.events import Event
from orgsim.store.base import StoredLog

__all__ = ["Overlay", "read_overlay"]


@attrs.frozen
class Overlay:
    """Hypothetical events and where each came from, for messages.

    ``events`` hold the ``seq`` their file gave them, or 0 where it left it out; ``lines`` the
    line of each event in the file (None for events given in code, which are counted instead).
    """

    name: str
    events: tuple[Event, ...]
    lines: tuple[int, ...] | None = None

    def place(self, index: int) -> str:
        """Where the overlay's event number ``index`` (from 0) stands."""
        if self.lines is None:
            return f"{self.name}, event {index + 1}"
        return f"{self.name}, line {self.lines[index]}"

    def after(self, stored: StoredLog) -> StoredLog:
        """``stored`` with this overlay's events after it, each given the next seq; an event
        that gives another seq is refused, naming its file and line."""
        unit: Literal["line", "event"] = "line" if self.lines is not None else "event"
        numbered = []
        for index, event in enumerate(self.events):
            expected = stored.last_seq + index + 1
            line = self.lines[index] if self.lines is not None else index + 1
            if event.seq not in (0, expected):
                raise LogFormatError(
                    self.name,
                    line,
                    f"event {event.brief()} gives seq {event.seq}, but an overlay's events are "
                    f"numbered after the log: this one is #{expected} (leave seq out)",
                    unit=unit,
                )
            try:
                numbered.append(attrs.evolve(event, seq=expected))
            except InvalidEvent as error:  # a retraction of an event after it
                raise LogFormatError(self.name, line, str(error), unit=unit) from None
        return StoredLog(stored.name, stored.events + tuple(numbered), stored.line_of_first)


def read_overlay(path: str | Path) -> Overlay:
    """The events of the overlay file at ``path``; :class:`LogFormatError` names the first bad
    line, :class:`NotFound` a file that is not there."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise NotFound(f"{name}: no such overlay file") from None
    except IsADirectoryError:
        raise NotFound(f"{name}: is a directory, not an overlay file") from None
    events: list[Event] = []
    lines: list[int] = []
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            parsed = parse_line(raw.decode("utf-8"))
            if isinstance(parsed, dict):
                parsed.pop("prev", None)
                parsed.setdefault("seq", 0)
            event = decode(parsed)
        except UnicodeDecodeError as exc:
            raise LogFormatError(name, number, f"not UTF-8 text (byte {exc.start + 1})") from None
        except InvalidEvent as exc:
            raise LogFormatError(name, number, str(exc)) from None
        events.append(event)
        lines.append(number)
    return Overlay(name, tuple(events), tuple(lines))
