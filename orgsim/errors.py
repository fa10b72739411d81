"""The one error hierarchy of orgsim.

Every failure a caller can act on is an :class:`OrgsimError`; the CLI turns any of them into one
readable message and a non-zero exit, so a traceback from orgsim is always a bug.

This module is the floor of the package and imports nothing of it. The three errors that carry
the events they name are defined with the layer that raises them, so that nothing here needs the
event classes (which raise errors from here): :class:`~orgsim.replay.rules.RuleViolation` and
:class:`~orgsim.replay.rules.RuleViolations` with the rules, and
:class:`~orgsim.store.base.MisnumberedEvent` with the stores. All are subclasses of
:class:`OrgsimError`, and all are exported from :mod:`orgsim`.

May import: nothing of orgsim.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

__all__ = [
    "AmbiguousName",
    "ChainBroken",
    "ConcurrentAppend",
    "GraphvizNotFound",
    "HeadMismatch",
    "InvalidDate",
    "InvalidEvent",
    "InvalidParameter",
    "LogFormatError",
    "NoHashChain",
    "NotFound",
    "OrgsimError",
    "ReadOnlyLog",
    "RenderError",
    "TornLine",
]


class OrgsimError(Exception):
    """Base class of every error orgsim raises on purpose."""


class InvalidEvent(OrgsimError, ValueError):
    """An event (or one of its fields) cannot exist: a bad slug, an impossible date, a missing
    field. Raised when the event is built, so that an invalid event never reaches a log."""


class InvalidParameter(OrgsimError, ValueError):
    """A parameter out of its range (a simulation with no people, an attrition rate above 1).

    ``parameter`` is its name, so that the CLI can name the option it came from.
    """

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(f"{parameter}: {message}")


class InvalidDate(InvalidEvent):
    """A date that does not exist (2024-02-30, year 0) or is not written YYYY[-MM[-DD]]."""


class LogFormatError(OrgsimError):
    """A log file cannot be read: invalid JSON, a torn line, an unknown kind, a seq gap.

    The whole log is refused; it is never half-read.
    """

    def __init__(
        self, path: str, line: int | None, problem: str, *, unit: Literal["line", "event"] = "line"
    ) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        # A SQLite log has no lines: its rows are numbered by seq ("event #12").
        number = f"line {line}" if unit == "line" else f"event #{line}"
        where = f"{path}, {number}" if line is not None else path
        super().__init__(f"{where}: {problem}")


class TornLine(LogFormatError):
    """The last line of a JSON Lines log has no line end: a write was cut off by a crash.

    No append acknowledged it (an append returns only after its whole lines are on disk), so
    ``JsonlStore.repair`` can move it aside without losing anything that was acknowledged.
    ``offset`` is where the torn line starts in the file and ``tail`` holds its bytes.
    """

    def __init__(self, path: str, line: int, offset: int, tail: bytes, excerpt: str) -> None:
        self.offset = offset
        self.tail = tail
        super().__init__(
            path,
            line,
            "the last line has no line end: a write was cut off (a torn line) or the file was "
            f"edited by hand; the line is {excerpt} (`orgsim repair` moves it aside)",
        )


class ChainBroken(LogFormatError):
    """A line's ``prev`` hash is not the hash of the line before it: a line at or before it was
    edited, deleted, inserted or reordered after it was written."""


class NoHashChain(OrgsimError):
    """A log was written without a hash chain, so tampering with it cannot be detected."""


class HeadMismatch(OrgsimError):
    """A log does not hold the head it was expected to (given, or pinned beside it): lines were
    cut off the end, or rewritten with the chain recomputed after them, or the chain stripped."""


class ConcurrentAppend(OrgsimError):
    """An append expected the log to end at one seq, but another writer had moved it on."""

    def __init__(self, name: str, expected: int, actual: int) -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"{name}: the log ends at #{actual}, not #{expected} as this append expected "
            "(another writer appended first); read the log again and retry"
        )


class StaleSnapshot(OrgsimError):
    """A snapshot beside a log no longer matches it (or cannot be read). Never shown to a
    user: the organisation reads the log itself instead, and the snapshot is rebuilt."""


class ReadOnlyLog(OrgsimError):
    """The log cannot be appended to (the bundled dataset is read-only)."""


class RenderError(OrgsimError):
    """A chart could not be drawn."""


class GraphvizNotFound(RenderError):
    """Graphviz's ``dot`` program is not installed, so only DOT source can be written."""


class NotFound(OrgsimError, LookupError):
    """No person or role matches what was asked for."""


class AmbiguousName(OrgsimError, LookupError):
    """Several people or roles match a name; ``candidates`` lists their ids."""

    def __init__(self, message: str, candidates: Sequence[str]) -> None:
        self.candidates = tuple(candidates)
        super().__init__(message)
