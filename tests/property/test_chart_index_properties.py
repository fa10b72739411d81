"""A chart index draws every chart exactly as the intervals open that day do.

:class:`~orgsim.questions.chart_index.ChartIndex` makes every box a chart can show once, cut at the
changes of each role and person, and picks a day's boxes out of an index: the charts must be
the very charts :meth:`Chart.at` assembles from the timeline, on every day (before the log,
on the days things change, between them, past its end), whether the index is made from a
timeline or from a snapshot's spans, and for a timeline as known on a day.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from orgsim import Chart, Event, Timeline, load, write_log
from orgsim.questions.chart_index import ChartIndex
from orgsim.strategies import messy_logs, valid_logs


def days_of(events: list[Event]) -> list[dt.date]:
    """Every day something starts, the day before and after each, and one far past the end."""
    days = {event.on.start for event in events}
    around = {day + dt.timedelta(days=shift) for day in days for shift in (-1, 1)}
    far = {max(days, default=dt.date(2020, 1, 1)) + dt.timedelta(days=4000)}
    return sorted(days | around | far)


@settings(max_examples=150, deadline=None)
@given(valid_logs(30))
def test_the_index_of_a_timeline_draws_every_chart_as_the_timeline_does(
    events: list[Event],
) -> None:
    timeline = Timeline.build(events)
    index = ChartIndex.of(timeline)
    for day in days_of(events):
        assert index.chart(day) == Chart.at(timeline, day)


@settings(max_examples=100, deadline=None)
@given(messy_logs(25), st.dates(dt.date(2019, 6, 1), dt.date(2022, 1, 1)))
def test_the_index_of_a_timeline_known_on_a_day_or_lenient_draws_the_same_charts(
    events: list[Event], known_on: dt.date
) -> None:
    for timeline in (
        Timeline.build(events, lenient=True),
        Timeline.build(events, known_on=known_on, lenient=True),
    ):
        index = ChartIndex.of(timeline)
        for day in days_of(events):
            assert index.chart(day) == Chart.at(timeline, day)


@settings(max_examples=40, deadline=None)
@given(valid_logs(30))
def test_the_index_of_a_snapshot_draws_every_chart_as_the_log_does(events: list[Event]) -> None:
    assume(events)  # an empty log has no snapshot
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch, "log.jsonl")
        write_log(log, events)
        load(log, snapshot=True)  # writes the snapshot
        quick = load(log)
        assert quick._lazy  # opened from the snapshot
        truth = load(log, snapshot=False).timeline()
        days = days_of(events)
        for day in days[:1] + days:  # the first from the open spans, then from the index
            assert quick.chart(day) == attrs.evolve(Chart.at(truth, day), organisation=quick.title)
