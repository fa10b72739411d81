"""For every valid log, the tenure rows are the timeline's tenures, once each, as it has them;
and every chart's rows are its roles."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from orgsim import Chart, Depart, Event, Timeline, chart_table, tenure_table
from orgsim.questions.spells import belongs_to
from orgsim.strategies import START, valid_logs


@given(valid_logs())
def test_tenure_rows_are_the_timelines_tenures(events: list[Event]) -> None:
    timeline = Timeline.build(events)
    spans = {
        (t.person, t.role, t.event.seq): t for group in timeline.tenures.values() for t in group
    }
    rows = tenure_table(timeline)
    keys = [(row.person, row.role, row.seq) for row in rows]
    assert sorted(keys) == sorted(spans) and len(set(keys)) == len(keys)
    for row in rows:
        tenure = spans[row.person, row.role, row.seq]
        assert (row.start, row.start_precision, row.start_bound, row.acting) == (
            tenure.start.start,
            tenure.start.precision.value,
            tenure.start.bound,
            tenure.acting,
        )
        assert row.source == tenure.event.source
        if tenure.end is None:
            assert row.running and row.end is None and row.ended_by is None
            assert row.end_source is None and row.end_seq is None
        else:
            assert not row.running and row.end == tenure.end.start
            assert row.end_precision == tenure.end.precision.value
            assert tenure.ended_by is not None and row.end_seq == tenure.ended_by.seq
            assert row.ended_by == tenure.ended_by.kind
            assert row.end_source == tenure.ended_by.source
            assert row.days >= 0
        departed = isinstance(tenure.ended_by, Depart)
        assert (row.reason is not None) == departed
        assert (row.destination is not None) <= departed
        stays = [stay for stay in timeline.stints[row.person] if belongs_to(tenure, stay)]
        assert len(stays) == 1 and row.name == stays[0].name
        version = timeline.role_at(row.role, row.start)
        assert version is None or (row.title, row.reports_to) == (
            version.title,
            version.reports_to,
        )


@given(valid_logs(), st.integers(0, 450))
def test_chart_rows_are_its_roles(events: list[Event], offset: int) -> None:
    chart = Chart.at(Timeline.build(events), START + dt.timedelta(days=offset))
    rows = chart_table(chart)
    assert sorted(row.role for row in rows) == sorted(role.id for role in chart.roles)
    for row in rows:
        role = chart.role(row.role)
        assert (row.title, row.reports_to, row.vacant) == (role.title, role.reports_to, role.vacant)
        assert row.person == (role.holder.person if role.holder else None)
