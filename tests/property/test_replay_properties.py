"""Properties of replay that hold for every log, stated as invariants Hypothesis tries to break.

Logs come from ``orgsim.strategies``; ``tests/oracle.py`` is a naive, independent model of the
rules that the real replay is compared with.
"""

from __future__ import annotations

import datetime as dt
import random
from itertools import pairwise

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from orgsim import Chart, Event, Replay, Retract, RuleViolation, Timeline
from orgsim.strategies import messy_logs, valid_logs
from tests import oracle

DAYS = st.dates(min_value=dt.date(2019, 12, 1), max_value=dt.date(2021, 6, 1))


def sample_days(events: list[Event]) -> list[dt.date]:
    days = {e.on.start for e in events}
    days |= {d + dt.timedelta(days=1) for d in days} | {d - dt.timedelta(days=1) for d in days}
    return sorted(days)


def assert_consistent(timeline: Timeline, days: list[dt.date]) -> None:
    """The rules, checked on the result rather than trusted from the checks."""
    for role_id, tenures in timeline.tenures.items():
        for before, after in pairwise(tenures):
            assert before.end is not None and before.end.start <= after.start.start, (
                f"two holders of {role_id}: {before} and {after}"
            )
    for person_id, held in timeline.roles_held.items():
        for tenure in held:
            inside = [
                s
                for s in timeline.stints[person_id]
                if s.start.start <= tenure.start.start
                and (s.end is None or (tenure.end is not None and tenure.end.start <= s.end.start))
            ]
            assert inside, f"{person_id} held {tenure.role} outside their time in the organisation"
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
            for held_role in person.roles:
                holder = chart.role(held_role).holder
                assert holder is not None and holder.person == person.id
        assert len(list(chart.walk())) == len(chart.roles), "a reporting cycle"


def normalised(chart: Chart) -> Chart:
    """The chart with each person's roles sorted (the model does not track their order), and
    without the organisation's name (the model has none)."""
    people = tuple(attrs.evolve(p, roles=tuple(sorted(p.roles))) for p in chart.people)
    return attrs.evolve(chart, people=people, organisation=None)


def charts(timeline: Timeline, days: list[dt.date]) -> list[Chart]:
    return [Chart.at(timeline, day) for day in days]


@given(valid_logs())
def test_valid_logs_replay_without_violation_and_stay_consistent(events: list[Event]) -> None:
    timeline = Timeline.build(events)
    retractions = [e for e in events if isinstance(e, Retract)]
    assert len(timeline.applied) == len(events) - 2 * len(retractions)
    assert_consistent(timeline, sample_days(events))


@given(messy_logs())
def test_any_log_is_either_refused_or_consistent(events: list[Event]) -> None:
    try:
        timeline = Timeline.build(events)
    except RuleViolation as violation:
        assert violation.event in events
        return
    assert_consistent(timeline, sample_days(events))


@given(messy_logs())
def test_replay_refuses_exactly_what_a_naive_model_refuses(events: list[Event]) -> None:
    try:
        timeline = Timeline.build(events)
    except RuleViolation:
        assert not oracle.accepts(events)
        return
    assert oracle.accepts(events)
    for day in sample_days(events):
        assert normalised(Chart.at(timeline, day)) == oracle.chart(events, day)


@given(valid_logs())
def test_valid_logs_give_the_charts_of_a_naive_model(events: list[Event]) -> None:
    timeline = Timeline.build(events)
    for day in sample_days(events):
        assert normalised(Chart.at(timeline, day)) == oracle.chart(events, day)


@given(messy_logs())
def test_lenient_replay_keeps_what_obeys_the_rules(events: list[Event]) -> None:
    lenient = Timeline.build(events, lenient=True)
    assert_consistent(lenient, sample_days(events))
    skipped = {v.event.seq for v in lenient.violations}
    replayable = {e.seq for e in events if not isinstance(e, Retract)} - lenient.withdrawn
    assert {e.seq for e in lenient.applied} == replayable - skipped
    assert Timeline.build(lenient.applied).violations == ()  # what was kept is a valid log


@given(valid_logs(), st.randoms(use_true_random=False))
def test_replay_is_deterministic_whatever_the_input_order(
    events: list[Event], rng: random.Random
) -> None:
    shuffled = list(events)
    rng.shuffle(shuffled)
    first, second = Timeline.build(events), Timeline.build(shuffled)
    assert first == second
    assert charts(first, sample_days(events)) == charts(second, sample_days(events))


@given(valid_logs(), st.data())
def test_a_timeline_extended_equals_one_built_whole(
    events: list[Event], data: st.DataObject
) -> None:
    split = data.draw(st.integers(0, len(events)))
    try:
        start = Timeline.build(events[:split])
    except RuleViolation:  # a late arrival can make a prefix invalid on its own
        assume(False)
    extended = start.extend(events[split:])
    whole = Timeline.build(events)
    assert extended == whole
    assert charts(extended, sample_days(events)) == charts(whole, sample_days(events))


@given(messy_logs(), st.data())
def test_extending_refuses_what_building_refuses(events: list[Event], data: st.DataObject) -> None:
    split = data.draw(st.integers(0, len(events)))
    try:
        start = Timeline.build(events[:split])
    except RuleViolation:
        return
    refusal: RuleViolation | None = None
    try:
        whole = Timeline.build(events)
    except RuleViolation as violation:
        refusal = violation
    refused = refusal is not None
    if refused:
        try:
            start.extend(events[split:])
        except RuleViolation as violation:
            assert str(violation) == str(refusal)  # the same first broken rule, worded the same
            return
        raise AssertionError("extend accepted a log that build refuses")
    assert start.extend(events[split:]) == whole


@given(valid_logs(), DAYS)
def test_a_rewound_timeline_stands_where_replaying_up_to_the_day_stood(
    events: list[Event], day: dt.date
) -> None:
    timeline = Timeline.build(events)
    expected = Replay()
    for event in timeline.applied:
        if event.on.start < day:
            expected.apply(event)
    rewound = timeline.rewind(day)
    assert rewound.state == expected.state
    assert (rewound.count, rewound.latest) == (expected.count, expected.latest)
    for spans in ("versions", "tenures", "held", "stints", "absences"):
        assert getattr(rewound, spans).groups == getattr(expected, spans).groups


@given(valid_logs())
def test_the_chart_on_a_day_depends_only_on_events_up_to_it(events: list[Event]) -> None:
    full = Timeline.build(events)
    for day in sample_days(events):
        past = [e for e in events if not isinstance(e, Retract) and e.on.start <= day]
        kept = {e.seq for e in past}
        past += [e for e in events if isinstance(e, Retract) and e.target in kept]
        assert Chart.at(full, day) == Chart.at(Timeline.build(past), day)


@given(valid_logs(), st.data())
def test_known_on_depends_only_on_events_recorded_by_then(
    events: list[Event], data: st.DataObject
) -> None:
    if not events:
        return
    last = max((e.recorded or e.on).start for e in events)
    known_on = data.draw(st.dates(min_value=dt.date(2019, 12, 1), max_value=last))
    known = [e for e in events if (e.recorded or e.on).start <= known_on]
    # What was known on a day may not hold together (a change recorded before the creation
    # it relies on), so past views are lenient: compare what each could place.
    then = Timeline.build(events, known_on=known_on, lenient=True)
    only_known = Timeline.build(known, lenient=True)
    assert then.applied == only_known.applied
    assert [v.event for v in then.violations] == [v.event for v in only_known.violations]
    for day in sample_days(events):
        assert Chart.at(then, day) == attrs.evolve(Chart.at(only_known, day), known_on=known_on)
