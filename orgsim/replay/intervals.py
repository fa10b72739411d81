"""Intervals as replay keeps them, and an index of which are open on any day.

:class:`Spans` groups intervals by role or person, each group in replay order of its start.
Groups are lists that a grouping changes in place only while it alone holds them: a copy shares
every group and copies one only when it first adds to it. So a timeline can keep the intervals
it was built with while replay goes on from a copy, and neither pays for the whole history.

:class:`DayIndex` answers "which intervals are open on this day" without walking the history:
the open set at a checkpoint every few thousand changes, and the intervals opened and closed
between. A chart then costs what the organisation on that day holds, not how long the log is.
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_right, insort
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

__all__ = ["DayIndex", "Spans", "changes_between"]


_S = TypeVar("_S")


class Spans(Generic[_S]):
    """Intervals grouped by a key (a role or a person id), each group kept in ``order``."""

    def __init__(
        self,
        order: Callable[[_S], tuple[dt.date, int]],
        groups: dict[str, list[_S]] | None = None,
        *,
        in_order: bool = False,
    ) -> None:
        self.order = order
        self.in_order = in_order
        """Intervals of a group always close in the order they opened (a role's holders, one
        person's stays): each is added at the end, unchecked."""
        self.groups: dict[str, list[_S]] = {} if groups is None else groups
        self._own: set[str] | None = None if groups is None else set()
        """The groups this grouping may change in place, those no copy shares; None while
        it shares none (a replay that was never copied: no bookkeeping at all)."""

    def add(self, key: str, span: _S) -> None:
        group = self.groups.get(key)
        own = self._own
        if group is None:
            self.groups[key] = [span]
            if own is not None:
                own.add(key)
            return
        if own is not None and key not in own:
            group = self.groups[key] = list(group)
            own.add(key)
        if not self.in_order and self.order(group[-1]) > self.order(span):
            # A person's roles can close out of start order (a second hat kept longer).
            insort(group, span, key=self.order)
        else:
            group.append(span)

    def copy(self) -> Spans[_S]:
        """Another grouping with the same intervals; from now on each copies a group before
        it first changes it."""
        self._own = set()
        return Spans(self.order, dict(self.groups), in_order=self.in_order)


#: The fewest changes between two checkpoints: enough to keep the index small (a checkpoint holds
#: the whole open set), few enough that applying them costs less than the chart built from them.
_STRIDE = 4096


def changes_between(open_count: int, stride: int = _STRIDE) -> int:
    """How many changes follow a checkpoint of ``open_count`` open spans before the next one:
    ``stride``, and never fewer than the checkpoint holds. So every checkpoint is paid for by
    the changes after it (all of them together hold no more ids than there are changes,
    however large the organisation grows), and a day's open set is a checkpoint's plus at most
    as many changes again: its cost follows the size of the organisation on that day, not the
    length of its history."""
    return max(stride, open_count)


class DayIndex(Generic[_S]):
    """Which of ``spans`` are open on a day: checkpoints of the open set, and the openings and
    closings between them, all as compact arrays of positions in ``spans``.

    ``days`` gives each span's first day and its end (None while it runs); a span is open on
    day ``d`` when ``first <= d < end``, as :func:`covering` has it. A span opens once and
    closes once, so the open set on a day is the set at the checkpoint before it, with the
    spans opened since added and those closed since taken away: three set operations in C,
    not a Python step per change.
    """

    def __init__(
        self,
        spans: Sequence[_S],
        days: Callable[[_S], tuple[dt.date, dt.date | None]],
        stride: int = _STRIDE,
    ) -> None:
        def ordinals(span: _S) -> tuple[int, int | None]:
            first, end = days(span)
            return first.toordinal(), None if end is None else end.toordinal()

        self._build(spans, [ordinals(span) for span in spans], stride)

    @classmethod
    def of_ordinals(
        cls,
        spans: Sequence[_S],
        days: Sequence[tuple[int, int | None]],
        stride: int = _STRIDE,
    ) -> DayIndex[_S]:
        """The index of ``spans`` whose days (first, end), as ordinals, ``days`` lists."""
        index = cls.__new__(cls)
        index._build(spans, days, stride)
        return index

    def _build(
        self, spans: Sequence[_S], days: Sequence[tuple[int, int | None]], stride: int
    ) -> None:
        self.spans = spans
        count = len(spans) or 1
        # Each change as one integer that sorts by day, then opening before closing, then
        # position: sorting plain integers is several times faster than sorting tuples.
        changes = []
        for position, (first, end) in enumerate(days):
            if end is not None and end <= first:
                continue  # open on no day at all
            changes.append(first * 2 * count + position)
            if end is not None:
                changes.append((end * 2 + 1) * count + position)
        changes.sort()
        opens = [change for change in changes if not (change // count) % 2]
        closes = [change for change in changes if (change // count) % 2]
        self._opened = array("i", (change % count for change in opens))
        self._open_days = array("i", (change // (2 * count) for change in opens))
        self._closed = array("i", (change % count for change in closes))
        self._close_days = array("i", (change // (2 * count) for change in closes))
        self._checkpoints: list[tuple[array[int], int, int]] = []
        """The spans open before a change, and how many openings and closings came before:
        at the first change, then after :func:`changes_between` more."""
        self._checkpointed = array("i")
        """The change before which each checkpoint stands."""
        open_now: dict[int, None] = {}
        opened = closed = 0
        due = 0
        for index, change in enumerate(changes):
            if index == due:
                self._checkpoints.append((array("i", open_now), opened, closed))
                self._checkpointed.append(index)
                due = index + changes_between(len(open_now), stride)
            if (change // count) % 2:
                del open_now[change % count]
                closed += 1
            else:
                open_now[change % count] = None
                opened += 1

    def open_on(self, day: dt.date) -> list[_S]:
        """The spans open on ``day``, in the order of ``spans``."""
        return list(map(self.spans.__getitem__, self.positions_on(day)))

    def positions_on(self, day: dt.date) -> list[int]:
        """Where in ``spans`` the spans open on ``day`` stand, in order."""
        ordinal = day.toordinal()
        opened = bisect_right(self._open_days, ordinal)
        closed = bisect_right(self._close_days, ordinal)
        if not opened + closed:
            return []
        at = bisect_right(self._checkpointed, opened + closed - 1) - 1
        base, opened_then, closed_then = self._checkpoints[at]
        open_now = set(base)
        open_now.update(self._opened[opened_then:opened])
        open_now.difference_update(self._closed[closed_then:closed])
        return sorted(open_now)
