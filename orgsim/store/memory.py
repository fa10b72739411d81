"""A store in memory: for tests, examples and logs built on the fly by a program."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from orgsim.errors import ConcurrentAppend, NoHashChain, OrgsimError
from orgsim.log.events import Event
from orgsim.progress import Progress
from orgsim.store.base import StoredLog, Verification, check_numbering
from orgsim.store.head import Head

__all__ = ["MemoryStore"]


class MemoryStore:
    """Keeps events in a list; the same promises as the file stores, nothing on disk."""

    def __init__(self, events: Iterable[Event] = (), name: str = "<memory>") -> None:
        self._events: list[Event] = []
        self._name = name
        initial = list(events)
        if initial:
            self.append(initial, 0)

    @property
    def name(self) -> str:
        return self._name

    @property
    def title(self) -> str:
        return self._name

    def create(self) -> None:
        """A memory log exists from the start; one that holds events is not made again."""
        if self._events:
            raise OrgsimError(f"{self._name}: a log is already there")

    def read(self, progress: Progress | None = None) -> StoredLog:
        if progress is not None:
            progress(1.0)
        return StoredLog(name=self._name, events=tuple(self._events), line_of_first=None)

    def verify(self, expect: Head | None = None) -> Verification:
        """Refused with :class:`~orgsim.errors.NoHashChain`: a memory log keeps no hash chain,
        since nothing outside the program can change it."""
        raise NoHashChain(
            f"{self._name}: a memory log keeps no hash chain, so there is nothing to verify "
            "(orgsim.write_log writes its events to a chained log)"
        )

    def append(self, events: Sequence[Event], expected_seq: int) -> None:
        """Append like the file stores; a memory log has no hash chain, so no head."""
        check_numbering(self._name, events, expected_seq)
        actual = len(self._events)
        if actual != expected_seq:
            raise ConcurrentAppend(self._name, expected_seq, actual)
        self._events.extend(events)
