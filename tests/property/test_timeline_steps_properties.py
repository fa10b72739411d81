"""The timeline page's steps carry each change once and still rebuild every chart."""

from __future__ import annotations

from hypothesis import given

from orgsim import Event, Timeline
from orgsim.strategies import messy_logs, valid_logs
from tests.helpers import assert_steps_rebuild_charts


@given(valid_logs())
def test_the_steps_rebuild_the_chart_on_every_date_with_a_change(events: list[Event]) -> None:
    assert_steps_rebuild_charts(Timeline.build(events))


@given(messy_logs())
def test_so_do_the_steps_of_a_messy_log_read_leniently(events: list[Event]) -> None:
    assert_steps_rebuild_charts(Timeline.build(events, lenient=True))
