"""Vacancy chains, level transitions and impact over simulated organisations: every fill is in
exactly one chain, a chain's steps join up in date order, a window's chains are the whole log's
cut at its end, the seats at each level add up, and a chart compared with itself changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import pairwise

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import orgsim
from orgsim import Chart, Promote, Reorg, Simulation, Timeline
from orgsim.questions.chains import Chain, Step, chains
from orgsim.questions.impact import impact
from orgsim.questions.transitions import transitions
from orgsim.replay.rules import replay_order

simulations = st.builds(
    Simulation,
    people=st.integers(1, 150),
    years=st.integers(0, 3),
    seed=st.integers(0, 2**32),
    attrition=st.floats(0.0, 0.6),
    reorg_rate=st.sampled_from([0.0, 0.1, 0.5]),
    acting_share=st.floats(0.0, 1.0),
    layoff_rate=st.floats(0.0, 0.5),
)


def whole(timeline: Timeline) -> tuple[dt.date, dt.date]:
    days = [event.on.start for event in timeline.applied]
    return min(days), max(days)


def fills(timeline: Timeline) -> Counter[tuple[str, int]]:
    """Every tenure that took a vacant role, by role and the seq of the event that filled it:
    all tenures but those that carry on their holder's previous one (a change of acting)."""
    found: Counter[tuple[str, int]] = Counter()
    for role, tenures in timeline.tenures.items():
        previous = None
        for tenure in tenures:
            carried_on = (
                previous is not None
                and previous.ended_by is tenure.event
                and previous.person == tenure.person
            )
            if not carried_on:
                found[role, tenure.event.seq] += 1
            previous = tenure
    return found


def filled_steps(found: tuple[Chain, ...]) -> Counter[tuple[str, int]]:
    return Counter(
        (step.role, step.filled_by.seq)
        for chain in found
        for step in chain.steps
        if step.filled_by is not None
    )


@settings(max_examples=60)
@given(simulations)
def test_every_fill_of_the_log_is_a_step_of_exactly_one_chain(simulation: Simulation) -> None:
    timeline = Timeline.build(orgsim.simulate(simulation))
    found = chains(timeline, *whole(timeline))
    every = fills(timeline)
    assert set(every.values()) <= {1}  # a fill is a tenure's start: one per role and event
    assert filled_steps(found.chains) == every  # promotions, hires and acting appointments


@settings(max_examples=60)
@given(simulations)
def test_a_chains_steps_join_up_in_date_order_and_its_end_says_how_it_stopped(
    simulation: Simulation,
) -> None:
    timeline = Timeline.build(orgsim.simulate(simulation))
    found = chains(timeline, *whole(timeline))
    assert sum(count for _, count in found.by_length) == len(found.chains)
    for chain in found.chains:
        steps = chain.steps
        assert chain.length == len(steps) >= 1
        assert steps[0].opened == chain.opened_by.on
        for step, following in pairwise(steps):
            assert step.filled is not None and step.filled.start >= step.opened.start
            assert step.from_role == following.role
            assert following.opened == step.filled  # the move opened the next vacancy
            assert isinstance(step.filled_by, Promote) and not step.filled_by.additional
        last = steps[-1]
        assert last.from_role is None
        if chain.end in ("hire", "additional"):
            assert last.filled is not None and last.person is not None
            kept = held_besides(timeline, last)
            assert chain.end == ("additional" if kept else "hire")
            if kept:
                assert isinstance(last.filled_by, Promote) and last.filled_by.additional
        else:
            assert last.filled is None and last.person is None
    assert found.moves == sum(chain.length - 1 for chain in found.chains)


def held_besides(timeline: Timeline, step: Step) -> list[str]:
    """The roles the person who filled ``step`` held, besides it, just after filling it."""
    assert step.filled_by is not None and step.person is not None
    when = replay_order(step.filled_by)
    return [
        held.role
        for held in timeline.roles_held[step.person]
        if held.role != step.role
        and replay_order(held.event) < when
        and (held.ended_by is None or replay_order(held.ended_by) > when)
    ]


def cut(timeline: Timeline, chain: Chain, end: dt.date) -> Chain:
    """``chain`` as a window ending on ``end`` sees it: steps after ``end`` not yet taken."""
    steps: list[Step] = []
    for step in chain.steps:
        if step.filled is not None and step.filled.start <= end:
            steps.append(step)
            continue
        steps.append(
            attrs.evolve(
                step, filled=None, person=None, acting=False, from_role=None, filled_by=None
            )
        )
        gone = step.filled is None and abolished_by(timeline, step, end)
        return Chain(chain.opener, chain.opened_by, tuple(steps), "abolished" if gone else "open")
    return chain


def abolished_by(timeline: Timeline, step: Step, end: dt.date) -> bool:
    """Whether the role of ``step`` was abolished after it fell vacant, by ``end``."""
    return any(
        isinstance(event, Reorg)
        and event.abolished
        and event.role == step.role
        and step.opened.start <= event.on.start <= end
        for event in timeline.applied
    )


@settings(max_examples=60)
@given(simulations, st.integers(0, 1200), st.integers(0, 1200))
def test_a_windows_chains_are_the_whole_logs_opened_in_it_cut_at_its_end(
    simulation: Simulation, first: int, length: int
) -> None:
    timeline = Timeline.build(orgsim.simulate(simulation))
    start = simulation.start + dt.timedelta(days=first)
    end = start + dt.timedelta(days=length)
    everything = chains(timeline, simulation.start, simulation.end)
    window = chains(timeline, start, end)
    expected = [cut(timeline, c, end) for c in everything.chains if start <= c.opened <= end]
    assert list(window.chains) == expected


@settings(max_examples=60)
@given(simulations, st.integers(0, 1200), st.integers(0, 1200))
def test_the_seats_at_each_level_add_up_to_the_transitions(
    simulation: Simulation, first: int, length: int
) -> None:
    timeline = Timeline.build(orgsim.simulate(simulation))
    start = simulation.start + dt.timedelta(days=first)
    end = start + dt.timedelta(days=length)
    found = transitions(timeline, start, end)
    came, went = Counter[int](), Counter[int]()
    for move in found.counts:
        assert move.count > 0 and not (move.source is None and move.target is None)
        if move.target is not None:
            came[move.target] += move.count
        if move.source is not None:
            went[move.source] += move.count
    assert sum(found.held_after) - sum(found.held_before) == sum(came.values()) - sum(went.values())
    reparented = any(
        isinstance(e, Reorg) and (e.reports_to is not None or e.root) and start <= e.on.start <= end
        for e in timeline.applied
    )
    if not reparented:  # levels stand still, so each level adds up on its own
        for level in range(found.levels):
            before = found.held_before[level] if level < len(found.held_before) else 0
            after = found.held_after[level] if level < len(found.held_after) else 0
            assert after - before == came[level] - went[level], level
    # Each fill in the window is an entry or a move: none is counted twice, none left out.
    on = {event.seq: event.on.start for event in timeline.applied}
    in_window = [key for key in fills(timeline) if start <= on[key[1]] <= end]
    assert sum(found.entries().values()) + sum(found.moves().values()) == len(in_window)


@settings(max_examples=30)
@given(simulations, st.integers(0, 1200))
def test_a_chart_compared_with_itself_changes_nothing(simulation: Simulation, day: int) -> None:
    timeline = Timeline.build(orgsim.simulate(simulation))
    chart = Chart.at(timeline, simulation.start + dt.timedelta(days=day))
    found = impact(chart, chart)
    assert found.base == found.proposed
    for field in attrs.fields(type(found.difference)):
        value = getattr(found.difference, field.name)
        assert value == 0 or (value is None and getattr(found.base, field.name) is None)
    # Each role held has one holder, and someone with a role holds at least one.
    shape = found.base
    assert shape.headcount - shape.without_role <= shape.roles - shape.vacancies
    assert shape.managers <= shape.roles and shape.layers <= shape.roles
    # Against a part of itself, the difference is the same either way round, reversed.
    part = chart.subtree(depth=1)
    there, back = impact(chart, part).difference, impact(part, chart).difference
    assert (there.headcount, there.roles, there.vacancies, there.layers) == (
        -back.headcount,
        -back.roles,
        -back.vacancies,
        -back.layers,
    )
