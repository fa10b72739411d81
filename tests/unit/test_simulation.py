"""The simulator: repeatable, valid, and shaped like a real organisation, not random noise."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter

import pytest

import orgsim
from orgsim import (
    Chart,
    CreateRole,
    Depart,
    Event,
    Hire,
    InvalidParameter,
    Promote,
    Reorg,
    Simulation,
    StepDown,
    Timeline,
)
from orgsim.store.jsonl import encode_jsonl


@pytest.fixture(scope="module")
def company() -> tuple[Event, ...]:
    """A mid-sized company over ten years: enough for every kind of thing to happen."""
    return orgsim.simulate(people=600, years=10, seed=11)


@pytest.fixture(scope="module")
def replayed(company: tuple[Event, ...]) -> Timeline:
    return Timeline.build(company)


def spans(chart: Chart) -> list[int]:
    reports = Counter(role.reports_to for role in chart.roles if role.reports_to)
    return list(reports.values())


def depth(chart: Chart) -> int:
    return max(level for level, _ in chart.walk())


def test_the_same_parameters_give_the_same_bytes() -> None:
    first = encode_jsonl(orgsim.simulate(people=80, years=3, seed=4))
    assert first == encode_jsonl(orgsim.simulate(Simulation(people=80, years=3, seed=4)))
    assert first != encode_jsonl(orgsim.simulate(people=80, years=3, seed=5))


def test_a_company_of_300_over_5_years_has_hundreds_of_valid_events() -> None:
    events = orgsim.simulate(people=300, years=5, seed=2)
    Timeline.build(events)  # strict: raises at the first broken rule
    assert len(events) >= 1000
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert all(e.source == "orgsim simulate --people 300 --years 5 --seed 2" for e in events)


def test_the_first_day_seats_the_whole_headcount(company: tuple[Event, ...]) -> None:
    first_day = Chart.at(Timeline.build(company), dt.date(2015, 1, 1))
    assert len(first_day.people) == 600
    assert all(role.holder is not None for role in first_day.roles)


def test_the_tree_has_real_spans_and_grows_deeper_with_headcount(replayed: Timeline) -> None:
    chart = Chart.at(replayed, dt.date(2020, 1, 1))
    observed = spans(chart)
    assert 4 <= statistics.median(observed) <= 8  # around the default span of 6
    small = Chart.at(Timeline.build(orgsim.simulate(people=30, years=0)), dt.date(2015, 1, 1))
    large = Chart.at(Timeline.build(orgsim.simulate(people=3000, years=0)), dt.date(2015, 1, 1))
    assert depth(small) < depth(chart) < depth(large)
    # Managers sit above the people who do the work: most seats have no reports.
    managers = {role.reports_to for role in large.roles if role.reports_to}
    assert len(managers) < len(large.roles) / 3


def test_headcount_grows_at_the_growth_rate(replayed: Timeline) -> None:
    seats = len(Chart.at(replayed, dt.date(2025, 1, 1)).roles)
    expected = 600 * 1.08**10
    assert 0.8 * expected < seats < 1.15 * expected  # layoff rounds take some back


def test_vacancies_are_filled_after_a_delay_mostly_from_below(
    company: tuple[Event, ...], replayed: Timeline
) -> None:
    chart = Chart.at(replayed, dt.date(2024, 6, 1))
    vacant = [role for role in chart.roles if role.holder is None]
    assert 0 < len(vacant) < 0.1 * len(chart.roles)
    manager_seats = {
        e.reports_to for e in company if isinstance(e, CreateRole | Reorg) and e.reports_to
    }
    confirmed = [
        e for e in company if isinstance(e, Promote) and not e.acting and e.role in manager_seats
    ]
    from_below = 0
    for event in confirmed:
        before = Chart.at(replayed, event.on.start - dt.timedelta(days=1))
        held = [r for r in before.roles if r.holder and r.holder.person == event.person]
        from_below += any(r.reports_to == event.role for r in held)
    assert from_below > 0.5 * len(confirmed)


def test_every_kind_of_change_happens(company: tuple[Event, ...]) -> None:
    kinds = Counter(e.kind for e in company)
    assert set(kinds) == {
        "role",
        "hire",
        "promote",
        "stepdown",
        "leave",
        "return",
        "depart",
        "reorg",
    }
    acting = [e for e in company if isinstance(e, Promote) and e.acting]
    assert acting and all(e.additional for e in acting)
    assert any(isinstance(e, StepDown) for e in company)  # an acting holder gives way
    reasons = Counter(e.reason for e in company if isinstance(e, Depart))
    assert {"resigned", "retired", "fired", "laid-off"} <= set(reasons)
    assert reasons["resigned"] > reasons["fired"] > 0
    assert any(e.destination for e in company if isinstance(e, Depart))
    reorgs = [e for e in company if isinstance(e, Reorg)]
    assert any(e.title for e in reorgs) and any(e.reports_to for e in reorgs)
    assert any(e.abolished for e in reorgs)
    precisions = {e.on.precision for e in company}
    assert precisions == set(orgsim.Precision)


def test_some_leavers_come_back_under_the_same_id(company: tuple[Event, ...]) -> None:
    hires = Counter(e.person for e in company if isinstance(e, Hire))
    assert any(count > 1 for count in hires.values())
    gone: dict[str, str] = {}
    for event in company:
        if isinstance(event, Depart):
            gone[event.person] = event.reason
        if isinstance(event, Hire) and event.person in gone:
            assert gone[event.person] in {"resigned", "laid-off"}  # never the retired or dead


def test_imprecise_departures_are_placed_at_the_start_of_their_month_or_year(
    company: tuple[Event, ...],
) -> None:
    for event in company:
        if event.on.precision is orgsim.Precision.MONTH:
            assert isinstance(event, Depart)
        if event.on.precision is orgsim.Precision.YEAR:
            assert isinstance(event, Depart) and event.on.start.month == 1


def test_no_years_gives_the_first_day_only() -> None:
    events = orgsim.simulate(people=40, years=0, start=dt.date(2001, 3, 5))
    assert {e.on.start for e in events} == {dt.date(2001, 3, 5)}
    assert sum(isinstance(e, Hire) for e in events) == 40


def test_a_company_of_one_runs() -> None:
    events = orgsim.simulate(people=1, years=3, attrition=1.0, seed=3)
    Timeline.build(events)
    assert sum(isinstance(e, Depart) for e in events) >= 1


def test_a_shrinking_company_abolishes_seats() -> None:
    events = orgsim.simulate(people=200, years=4, growth=-0.3, seed=1)
    timeline = Timeline.build(events)
    assert len(Chart.at(timeline, dt.date(2018, 12, 1)).roles) < 0.5 * 200


@pytest.mark.parametrize(
    ("changes", "parameter"),
    [
        ({"people": 0}, "people"),
        ({"years": -1}, "years"),
        ({"attrition": 1.5}, "attrition"),
        ({"growth": math.nan}, "growth"),
        ({"span": 1}, "span"),
        ({"seed": "x"}, "seed"),
        ({"people": True}, "people"),
        ({"start": "2015-01-01"}, "start"),
        ({"start": dt.date(9001, 1, 1)}, "start"),
    ],
)
def test_parameters_out_of_range_are_refused_by_name(
    changes: dict[str, object], parameter: str
) -> None:
    with pytest.raises(InvalidParameter) as caught:
        Simulation(**changes)  # type: ignore[arg-type]
    assert caught.value.parameter == parameter
    assert str(caught.value).startswith(f"{parameter}: ")


def test_the_source_is_the_command_that_makes_the_log_again() -> None:
    simulation = Simulation(people=12, years=1, seed=9, attrition=0.2)
    assert simulation.command() == (
        "orgsim simulate --people 12 --years 1 --seed 9 --attrition 0.2"
    )
