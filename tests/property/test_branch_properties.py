"""Properties of a scenario's branch: nothing real is lost, only what the scenario makes
impossible is set aside, and what remains is a history that obeys every rule."""

from __future__ import annotations

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from orgsim import Chart, Event, RuleViolation, Timeline
from orgsim.replay.branch import branch_of
from orgsim.replay.replay import effective
from orgsim.strategies import next_events, valid_logs
from tests.property.test_replay_properties import assert_consistent, sample_days


@st.composite
def branched(draw: st.DrawFn) -> tuple[list[Event], Event]:
    """A valid log, and one hypothetical event that the log as it stood on some day accepts:
    a scenario that changes the log from that day on."""
    log = draw(valid_logs(25, retractions=False))
    order = effective(log, set())
    cut = draw(st.integers(0, len(order)))
    before = sorted(order[:cut], key=lambda event: event.seq)
    hypothetical = draw(next_events(before))
    return log, attrs.evolve(hypothetical, seq=max((e.seq for e in log), default=0) + 1)


def _branch(log: list[Event], hypothetical: Event) -> Timeline:
    events = [*log, hypothetical]
    branch = branch_of(events, hypothetical.seq)
    try:
        return Timeline.build(events, branch=branch)
    except RuleViolation as violation:
        # The scenario itself broke a rule against a real event dated before it but after the
        # day it was drawn on: refused, as it must be. Not the case under test.
        assert violation.event.seq == hypothetical.seq
        assume(False)
        raise


@given(branched())
def test_every_real_event_is_applied_or_set_aside_and_none_before_the_branch(
    case: tuple[list[Event], Event],
) -> None:
    log, hypothetical = case
    timeline = _branch(log, hypothetical)
    applied = {event.seq for event in timeline.applied}
    aside = {item.event.seq for item in timeline.set_aside}
    assert hypothetical.seq in applied
    assert not applied & aside
    assert applied | aside == {event.seq for event in effective(log, set())} | {hypothetical.seq}
    for item in timeline.set_aside:
        assert item.event.on.start >= hypothetical.on.start  # the branch changes nothing earlier
        assert item.because is None or item.because.seq in aside
        assert (
            item.because is None
            or item.because.seq < item.event.seq
            or (item.because.on.start <= item.event.on.start)
        )


@given(branched())
def test_a_branch_is_the_log_without_what_it_set_aside(case: tuple[list[Event], Event]) -> None:
    # Replayed strictly, the log without the set-aside events (and with the scenario's) obeys
    # every rule and draws the same charts: the branch set aside exactly what it had to.
    log, hypothetical = case
    timeline = _branch(log, hypothetical)
    aside = {item.event.seq for item in timeline.set_aside}
    kept = [event for event in [*log, hypothetical] if event.seq not in aside]
    strict = Timeline.build(kept)
    days = sample_days([*log, hypothetical])
    assert_consistent(timeline, days)
    for day in days:
        assert Chart.at(timeline, day) == Chart.at(strict, day)


@st.composite
def extended(draw: st.DrawFn) -> tuple[list[Event], Event]:
    """A valid log and an event it accepts after its end."""
    log = draw(valid_logs(25))
    extra = draw(next_events(log))
    return log, attrs.evolve(extra, seq=max((e.seq for e in log), default=0) + 1)


@given(extended())
def test_a_scenario_after_the_end_of_the_log_sets_nothing_aside(
    case: tuple[list[Event], Event],
) -> None:
    log, extra = case
    events = [*log, extra]
    branched = Timeline.build(events, branch=branch_of(events, extra.seq))
    assert branched.set_aside == ()
    assert branched.applied == Timeline.build(events).applied
