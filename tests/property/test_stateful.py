"""A state machine drives the public API (append, query, reload from disk) against the naive
model of ``tests/oracle.py``, and checks after every step that they agree."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import orgsim
from orgsim import Event, RuleViolation
from orgsim.strategies import START, breaking_events, events, next_events
from tests import oracle
from tests.property.test_replay_properties import normalised

TODAY = dt.date(2030, 1, 1)


class LogMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.scratch = Path(tempfile.mkdtemp())
        self.path = self.scratch / "log.jsonl"
        self.org = orgsim.create(self.path)
        self.model: list[Event] = []

    def teardown(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _append(self, event: Event) -> None:
        before = self.path.read_bytes()
        expected = attrs.evolve(
            event, seq=len(self.model) + 1, recorded=event.recorded or orgsim.PartialDate.of(TODAY)
        )
        accepts = oracle.accepts([*self.model, expected])
        try:
            (appended,) = self.org.append(event, today=TODAY)
        except RuleViolation:
            assert not accepts, f"refused an event the model accepts: {expected!r}"
            assert self.path.read_bytes() == before, "a refused append changed the file"
            return
        assert accepts, f"accepted an event the model refuses: {expected!r}"
        assert appended == expected
        self.model.append(appended)

    @rule(data=st.data())
    def append_a_valid_next_event(self, data: st.DataObject) -> None:
        self._append(data.draw(next_events(self.model)))

    @rule(data=st.data())
    def append_another_valid_next_event(self, data: st.DataObject) -> None:
        self.append_a_valid_next_event(data)  # twice the weight: logs grow

    @rule(event=events(within=120))
    def append_any_event(self, event: Event) -> None:
        self._append(event)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def append_an_aimed_event(self, data: st.DataObject) -> None:
        aimed = data.draw(breaking_events(self.model))
        self._append(attrs.evolve(aimed, seq=0))

    @rule()
    def reload_from_disk(self) -> None:
        self.org = orgsim.load(self.path)

    @rule(offset=st.integers(-5, 400))
    def ask_for_a_chart(self, offset: int) -> None:
        day = START + dt.timedelta(days=offset)
        assert normalised(self.org.chart(day)) == oracle.chart(self.model, day)

    @invariant()
    def the_file_holds_exactly_the_accepted_events(self) -> None:
        assert orgsim.load(self.path).events == tuple(self.model)
        assert self.org.events == tuple(self.model)


TestLogMachine = LogMachine.TestCase
