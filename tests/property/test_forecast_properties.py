"""Forecasts of any log that obeys the rules: they run, and what they answer is a probability
that the model allows."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from orgsim import Chart, Event, Timeline
from orgsim.forecasting import forecast
from orgsim.strategies import valid_logs


@settings(max_examples=60)
@given(valid_logs(30), st.integers(0, 2**32 - 1), st.integers(30, 900))
def test_any_log_forecasts_to_probabilities_the_chart_allows(
    log: list[Event], seed: int, days: int
) -> None:
    timeline = Timeline.build(log)
    if not timeline.applied:
        return
    start = max(e.on.start for e in timeline.applied)
    chart = Chart.at(timeline, start)
    if not chart.roles:
        return
    found = forecast(timeline, start, start + dt.timedelta(days=days), runs=30, seed=seed)
    assert [role.role for role in found.roles] == [role.id for _, role in chart.walk()]
    for role in found.roles:
        assert 0 <= role.vacant <= 1 and 0 <= role.changes <= 1
        if role.holder is not None and not role.acting:
            assert role.vacant <= role.changes
        people = {p.id for p in chart.people}
        assert all(s.person is None or s.person in people for s in role.successors)
    total_departures = sum(count for _, count in found.departures.by_level)
    assert abs(total_departures - found.departures.total) < 1e-9
