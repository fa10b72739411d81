"""Properties of logs on disk: the codec and the stores keep events exactly, and a log converts
between them byte for byte; a refused append leaves the file as it was; an accepted one changes
nothing before its date."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import orgsim
from orgsim import (
    Chart,
    Event,
    JsonlStore,
    OrgsimError,
    Retract,
    RuleViolation,
    decode_line,
    encode_line,
)
from orgsim.strategies import messy_logs, valid_logs


@given(valid_logs())
def test_codec_round_trips_every_event(events: list[Event]) -> None:
    assert [decode_line(encode_line(e)) for e in events] == events


@given(valid_logs(), st.data())
def test_a_log_written_in_batches_reads_back_identical(
    events: list[Event], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "log.jsonl"
        path.touch()
        store = JsonlStore(path)
        written = 0
        while written < len(events):
            size = data.draw(st.integers(1, len(events) - written))
            store.append(events[written : written + size], written)
            written += size
        assert store.read().events == tuple(events)
        one_go = Path(scratch) / "one-go.jsonl"
        JsonlStore(one_go).append(events, 0)
        assert path.read_bytes() == one_go.read_bytes()  # the same lines, the same chain
        sqlite = Path(scratch) / "log.sqlite"
        orgsim.convert(path, sqlite)
        orgsim.convert(sqlite, Path(scratch) / "back.jsonl")
        assert (Path(scratch) / "back.jsonl").read_bytes() == path.read_bytes()


@given(messy_logs())
def test_appends_are_refused_whole_or_change_nothing_before_their_date(
    events: list[Event],
) -> None:
    prefix = 0
    while prefix < len(events):  # the longest valid prefix starts the log
        try:
            orgsim.Timeline.build(events[: prefix + 1])
        except RuleViolation:
            break
        prefix += 1
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "log.jsonl"
        JsonlStore(path).append(events[:prefix], 0)
        if not prefix:
            path.touch()
        org = orgsim.load(path)
        for event in events[prefix:]:
            before = path.read_bytes()
            days = sorted({e.on.start for e in org.events} | {event.on.start})
            earlier = [d for d in days if d < event.on.start]
            charts = [Chart.at(org.timeline(), d) for d in earlier]
            latest = max((e.on.start for e in org.events), default=dt.date.min)
            try:
                org.append(_unnumbered(event))
            except OrgsimError:  # a broken rule, or a retraction of a seq not before it
                assert path.read_bytes() == before
                continue
            # A retraction corrects the past by design; any other event that is not backdated
            # leaves every earlier day as it was.
            if event.on.start >= latest and not isinstance(event, Retract):
                assert [Chart.at(org.timeline(), d) for d in earlier] == charts
            assert orgsim.load(path).events == org.events


def _unnumbered(event: Event) -> Event:
    import attrs

    return attrs.evolve(event, seq=0)
