"""Properties of replay that hold for every log, stated as invariants Hypothesis tries to break."""

from __future__ import annotations

import datetime as dt
import random
from itertools import pairwise

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from orgsim import Chart, Event, RuleViolation, Timeline, decode_line, encode_line
from tests import oracle
from tests.strategies import arbitrary_logs, valid_logs


def sample_days(events: list[Event]) -> list[dt.date]:
    days = {e.on.start for e in events}
    days |= {d + dt.timedelta(days=1) for d in days} | {d - dt.timedelta(days=1) for d in days}
    return sorted(days)


def assert_consistent(timeline: Timeline, days: list[dt.date]) -> None:
    """The rules, checked on the result rather than trusted from the checks."""
    for role, tenures in timeline.tenures.items():
        for before, after in pairwise(tenures):
            assert before.end is not None and before.end.start <= after.start.start, (
                f"two holders of {role}: {before} and {after}"
            )
    for day in days:
        chart = Chart.at(timeline, day)
        ids = [role.id for role in chart.roles]
        assert len(ids) == len(set(ids))
        present = {person.id: person for person in chart.people}
        for role in chart.roles:
            assert role.reports_to is None or role.reports_to in ids, "reports to a missing role"
            if role.holder is not None:
                assert role.holder.person in present, "a role held by someone absent"
                assert role.id in present[role.holder.person].roles
        for person in chart.people:
            for held in person.roles:
                holder = chart.role(held).holder
                assert holder is not None and holder.person == person.id
        assert len(list(chart.walk())) == len(chart.roles), "a reporting cycle"


@given(valid_logs())
def test_valid_logs_replay_without_violation_and_stay_consistent(events: list[Event]) -> None:
    timeline = Timeline.build(events)
    assert len(timeline.events) == len(events)
    assert_consistent(timeline, sample_days(events))


@given(arbitrary_logs())
def test_any_log_is_either_refused_or_consistent(events: list[Event]) -> None:
    try:
        timeline = Timeline.build(events)
    except RuleViolation as violation:
        assert violation.event in events
        return
    assert_consistent(timeline, sample_days(events))


def normalised(chart: Chart) -> Chart:
    people = tuple(attrs.evolve(p, roles=tuple(sorted(p.roles))) for p in chart.people)
    return attrs.evolve(chart, people=people)


@given(arbitrary_logs())
def test_replay_agrees_with_a_naive_model(events: list[Event]) -> None:
    try:
        timeline = Timeline.build(events)
    except RuleViolation:
        assert not oracle.accepts(events)
        return
    assert oracle.accepts(events)
    for day in sample_days(events):
        assert normalised(Chart.at(timeline, day)) == oracle.chart(events, day)


@given(valid_logs())
def test_valid_logs_agree_with_the_naive_model(events: list[Event]) -> None:
    timeline = Timeline.build(events)
    for day in sample_days(events):
        assert normalised(Chart.at(timeline, day)) == oracle.chart(events, day)


@given(arbitrary_logs())
def test_lenient_replay_keeps_what_obeys_the_rules(events: list[Event]) -> None:
    lenient = Timeline.build(events, lenient=True)
    assert_consistent(lenient, sample_days(events))
    skipped = {v.event.seq for v in lenient.violations}
    assert {e.seq for e in lenient.events} == {e.seq for e in events} - skipped
    # What was kept is itself a valid log.
    assert Timeline.build(lenient.events).violations == ()


@given(valid_logs(), st.randoms(use_true_random=False))
def test_replay_is_deterministic_whatever_the_input_order(
    events: list[Event], rng: random.Random
) -> None:
    shuffled = list(events)
    rng.shuffle(shuffled)
    first, second = Timeline.build(events), Timeline.build(shuffled)
    assert first == second
    for day in sample_days(events):
        assert Chart.at(first, day) == Chart.at(second, day)


@settings(max_examples=50)
@given(valid_logs())
def test_the_chart_on_a_day_depends_only_on_events_up_to_it(events: list[Event]) -> None:
    full = Timeline.build(events)
    for day in sample_days(events):
        past = Timeline.build([e for e in events if e.on.start <= day])
        assert Chart.at(full, day) == Chart.at(past, day)


@given(valid_logs())
def test_codec_round_trips_every_event(events: list[Event]) -> None:
    assert [decode_line(encode_line(e)) for e in events] == events
