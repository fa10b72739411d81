"""Forecasts: estimates that follow their definition, runs that obey the model, a seed that
gives the same answer on any number of processes, and calibration on a company whose true
attrition is known."""

from __future__ import annotations

import datetime as dt

import pytest

import orgsim
from orgsim import CreateRole, Depart, Event, Hire, OrgsimError, Promote, Timeline
from orgsim.forecasting import Defaults, backtest, forecast
from orgsim.forecasting.estimates import DEFAULT_YEARS, PRIOR_YEARS, YEAR, estimate
from orgsim.forecasting.runs import CHUNK
from orgsim.strategies import numbered
from tests.helpers import SOURCE as S

D = dt.date


def team(departures: int) -> list[Event]:
    """A CEO seat over ten seats, filled on 1 Jan 2020; ``departures`` of the ten holders
    leave on 1 Jan 2021, exactly a year in."""
    events: list[Event] = [
        CreateRole(on="2020-01-01", source=S, role="ceo", title="CEO"),
        Hire(on="2020-01-01", source=S, person="boss", name="Boss", role="ceo"),
    ]
    for n in range(10):
        events.append(
            CreateRole(on="2020-01-01", source=S, role=f"r{n}", title=f"R{n}", reports_to="ceo")
        )
        events.append(Hire(on="2020-01-01", source=S, person=f"p{n}", name=f"P {n}", role=f"r{n}"))
    for n in range(departures):
        events.append(Depart(on="2021-01-01", source=S, person=f"p{n}", reason="resigned"))
    return numbered(events)


def test_a_hazard_is_the_events_over_the_exposure_pulled_toward_a_wider_rate() -> None:
    # Four of ten level-1 holders leave after exactly a year; the forecast starts on 1 Jan 2022.
    timeline = Timeline.build(team(4))
    found = estimate(timeline, D(2022, 1, 1))
    first_year = found.hazard(1, 0)
    # The first band is a year of 365.25 days: ten holders spent one each in it. Those who left
    # did so on day 366 (2020 is a leap year), in the second band; the six others spent the
    # rest of the 731 days to 1 Jan 2022 there.
    assert first_year.exits == 0 and first_year.years == pytest.approx(10.0)
    second = found.hazard(1, 1)
    expected = (4 * (366 - YEAR) + 6 * (731 - YEAR)) / YEAR
    assert second.exits == 4 and second.years == pytest.approx(expected, abs=1e-3)
    # The pooling, as the module's docstring states it: the whole log toward the default, the
    # level toward the whole log, the band toward its level.
    years = first_year.years + second.years + found.hazard(0, 0).years + found.hazard(0, 1).years
    overall = (4 + 0.10 * DEFAULT_YEARS) / (years + DEFAULT_YEARS)
    level = (4 + overall * PRIOR_YEARS) / (first_year.years + second.years + PRIOR_YEARS)
    assert second.exit_rate == pytest.approx(
        (4 + level * PRIOR_YEARS) / (second.years + 5), rel=1e-4
    )
    assert first_year.exit_rate == pytest.approx(
        level * PRIOR_YEARS / (first_year.years + 5), rel=1e-4
    )
    assert second.exit_rate > level > first_year.exit_rate


def test_a_promotion_into_the_seat_above_is_left_to_the_runs() -> None:
    # The forecast fills a seat from its reports itself: a promotion upward is not counted as
    # the report's leaving too, but a move sideways is.
    events = numbered(
        [
            *team(0),
            Depart(on="2021-01-01", source=S, person="boss", reason="resigned"),
            Promote(on="2021-02-01", source=S, person="p0", role="ceo"),
            CreateRole(on="2021-02-01", source=S, role="side", title="Side", reports_to="ceo"),
            Promote(on="2021-03-01", source=S, person="p1", role="side"),
        ]
    )
    found = estimate(Timeline.build(events), D(2022, 1, 1))
    level_one = [found.hazard(1, band) for band in range(3)]
    assert sum(h.moves for h in level_one) == 1  # p1's move sideways, not p0's promotion
    assert sum(h.exits for h in found.hazards) == 1  # the boss


def test_nobody_leaves_where_nothing_ever_did_and_the_defaults_say_so() -> None:
    timeline = Timeline.build(team(0))
    calm = Defaults(exit=0.0, move=0.0)
    found = forecast(timeline, D(2022, 1, 1), D(2024, 1, 1), runs=50, seed=1, defaults=calm)
    assert all(role.changes == 0 and role.vacant == 0 for role in found.roles)
    assert found.departures.total == 0 and found.mean_chain_length is None


def test_every_probability_is_one_and_the_same_seed_gives_the_same_forecast() -> None:
    timeline = Timeline.build(team(4))
    runs = 3 * CHUNK + 7  # chunks of two sizes
    one = forecast(timeline, D(2022, 1, 1), D(2025, 1, 1), runs=runs, seed=5, workers=1)
    two = forecast(timeline, D(2022, 1, 1), D(2025, 1, 1), runs=runs, seed=5, workers=2)
    assert one == two
    other = forecast(timeline, D(2022, 1, 1), D(2025, 1, 1), runs=runs, seed=6, workers=1)
    assert other != one
    for role in one.roles:
        assert 0 <= role.vacant <= 1 and 0 <= role.changes <= 1
        if role.holder is not None:
            assert role.vacant <= role.changes  # a seat vacant at the end changed hands
        assert sum(s.probability for s in role.successors) <= 1 + 1e-9
    # Six holders are left in 2022 and the seats of the four who left stand vacant: each
    # vacant seat is filled (or still open) in every run, so it counts as changed.
    vacant = [role for role in one.roles if role.holder is None]
    assert len(vacant) == 4 and all(role.changes + role.vacant >= 1 for role in vacant)


def test_a_forecast_refuses_what_makes_no_sense() -> None:
    timeline = Timeline.build(team(1))
    with pytest.raises(OrgsimError, match="runs forwards"):
        forecast(timeline, D(2022, 1, 1), D(2021, 1, 1))
    with pytest.raises(OrgsimError, match="the log starts on 2020-01-01"):
        forecast(timeline, D(2019, 1, 1), D(2021, 1, 1))
    with pytest.raises(OrgsimError, match="at least one run"):
        forecast(timeline, D(2022, 1, 1), D(2023, 1, 1), runs=0)
    with pytest.raises(OrgsimError, match="ends on 2021-01-01, before 2023-01-01"):
        backtest(timeline, timeline, D(2021, 1, 1), D(2023, 1, 1))


def test_a_forecast_from_a_day_reads_nothing_after_it() -> None:
    # A departure after the first day changes neither the estimates nor the answer.
    before = forecast(Timeline.build(team(0)), D(2020, 6, 1), D(2021, 6, 1), runs=60, seed=2)
    after = forecast(Timeline.build(team(9)), D(2020, 6, 1), D(2021, 6, 1), runs=60, seed=2)
    assert before == after


def test_a_backtest_scores_with_brier_against_what_happened() -> None:
    org = orgsim.load("openai")
    found = org.backtest("2024-01-01", "2025-01-01", runs=200, seed=1)
    outcomes = found.outcomes
    assert found.brier == pytest.approx(
        sum((o.forecast - o.changed) ** 2 for o in outcomes) / len(outcomes)
    )
    assert found.naive_brier == pytest.approx(
        sum((found.base_rate - o.changed) ** 2 for o in outcomes) / len(outcomes)
    )
    chair = next(o for o in outcomes if o.role == "board-chair")
    assert not chair.changed and chair.holder == "bret-taylor"
    cto = next(o for o in outcomes if o.role == "cto")  # Murati left in September 2024
    assert cto.changed and cto.holder is None


def test_on_a_company_whose_attrition_is_known_the_forecast_is_calibrated() -> None:
    # The simulator's people leave at 13% a year; three years of its log recover that rate,
    # and the forecast of the fourth year scores better than the naive base rate.
    parameters = orgsim.Simulation(people=300, years=5, seed=3)
    events = orgsim.simulate(parameters)
    cut = parameters.start + dt.timedelta(days=3 * 365)
    known = Timeline.build([e for e in events if e.known_from.start <= cut])
    found = backtest(known, Timeline.build(events), cut, cut + dt.timedelta(days=365), runs=200)
    bottom = found.forecast.estimates.hazards[-3:-1]  # the deepest level, where most seats are
    assert all(0.10 <= h.exit_rate <= 0.16 for h in bottom)
    mean = sum(o.forecast for o in found.outcomes) / len(found.outcomes)
    actual = sum(o.changed for o in found.outcomes) / len(found.outcomes)
    assert abs(mean - actual) < 0.05
    assert found.skill is not None and found.skill > 0.1
