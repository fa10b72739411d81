"""Any parameters in range give a log that passes every rule, written and read back whole."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import orgsim
from orgsim import Simulation, Timeline


def shares() -> st.SearchStrategy[float]:
    return st.floats(0.0, 1.0)


simulations = st.builds(
    Simulation,
    people=st.integers(1, 60),
    years=st.integers(0, 3),
    seed=st.integers(-(2**63), 2**63),
    start=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    growth=st.floats(-0.5, 1.0),
    attrition=shares(),
    span=st.integers(2, 12),
    promotion_share=shares(),
    lateral_share=shares(),
    acting_share=shares(),
    fill_days=st.integers(1, 400),
    leave_rate=shares(),
    reorg_rate=shares(),
    layoff_rate=shares(),
    rehire_share=shares(),
    imprecise_share=shares(),
)


@settings(max_examples=150)
@given(simulations)
def test_every_simulated_log_passes_every_rule(simulation: Simulation) -> None:
    events = orgsim.simulate(simulation)
    timeline = Timeline.build(events)  # strict: the first broken rule raises
    assert not timeline.violations
    assert all(e.on.start <= simulation.end for e in events)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))


@settings(max_examples=25)
@given(simulations, st.sampled_from(["log.jsonl", "log.sqlite"]))
def test_a_simulated_log_written_to_a_store_loads_and_validates(
    simulation: Simulation, name: str
) -> None:
    events = orgsim.simulate(simulation)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / name
        orgsim.write_log(path, events)
        org = orgsim.load(path, lenient=True)
        assert org.events == events
        assert not org.violations
        assert orgsim.verify(path).count == len(events)
