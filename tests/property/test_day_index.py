"""The day index answers exactly what walking every interval answers, on any day.

``Timeline.open_on`` walks every group for the first day it is asked about and uses its index
(checkpoints of the open set and the changes between) from the second on; the chart of a day
must not depend on which of the two answered.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from orgsim import Event, Timeline
from orgsim.replay.intervals import DayIndex
from orgsim.strategies import messy_logs, valid_logs

DAYS = st.dates(min_value=dt.date(2019, 12, 1), max_value=dt.date(2021, 6, 1))


def _walked_and_indexed(timeline: Timeline, days: list[dt.date]) -> None:
    walked = [timeline._open_on_by_walking(day) for day in days]
    timeline.open_on(days[0])  # the first question walks; the index answers from here on
    indexed = [timeline.open_on(day) for day in days]
    assert timeline._index.versions is not None
    assert indexed == walked


@given(valid_logs(), st.lists(DAYS, min_size=2, max_size=12))
def test_the_index_agrees_with_walking_every_interval(
    events: list[Event], days: list[dt.date]
) -> None:
    _walked_and_indexed(Timeline.build(events), days)


@given(messy_logs(), st.lists(DAYS, min_size=2, max_size=6))
def test_and_on_logs_read_leniently(events: list[Event], days: list[dt.date]) -> None:
    _walked_and_indexed(Timeline.build(events, lenient=True), days)


@given(
    st.lists(st.tuples(st.integers(0, 60), st.none() | st.integers(0, 60)), max_size=40),
    st.integers(0, 70),
    st.integers(1, 5),
)
def test_day_index_on_bare_intervals(
    pairs: list[tuple[int, int | None]], offset: int, stride: int
) -> None:
    """Intervals across many checkpoints (a short stride): the open set is what a scan finds."""
    base = dt.date(2020, 1, 1)
    spans = [
        (base + dt.timedelta(first), None if end is None else base + dt.timedelta(end))
        for first, end in pairs
    ]
    index = DayIndex(spans, lambda span: span, stride)
    day = base + dt.timedelta(offset)
    expected = [s for s in spans if s[0] <= day and (s[1] is None or day < s[1])]
    assert index.open_on(day) == expected
