"""The rows for notebooks: every tenure once, as the timeline has it; a chart's rows are its
roles; dates keep their precision; a frame without pandas says which extra to install."""

from __future__ import annotations

import datetime as dt
import sys

import attrs
import pytest

import orgsim
from orgsim import (
    ChartRecord,
    CreateRole,
    Depart,
    Event,
    Hire,
    MissingExtra,
    OrgsimError,
    Promote,
    Reorg,
    StepDown,
    Table,
    TenureRecord,
    Timeline,
    chart_table,
    tenure_table,
)
from orgsim.questions.frames import Column, columns
from tests.helpers import SOURCE, numbered, small_org


def company() -> list[Event]:
    """A founder CEO; a CTO hired in a month, retitled, who leaves for elsewhere; an interim
    CTO promoted in, who steps down; a head of research known only to the year."""
    return numbered(
        [
            CreateRole(on="2020-01-01", source=SOURCE, role="ceo", title="Chief Executive"),
            CreateRole(
                on="2020-01-01", source=SOURCE, role="cto", title="VP Eng", reports_to="ceo"
            ),
            CreateRole(on="2020-01-01", source="s/research", role="research", title="Research"),
            Hire(on="2020-01-02", source="s/ann", person="ann", name="Ann Lee", role="ceo"),
            Hire(on="2020-02", source="s/bob", person="bob", name="Bob Roy", role="cto"),
            Hire(on="2021", source="s/cy", person="cy", name="Cy Moss", role="research"),
            Reorg(on="2021-06-01", source=SOURCE, role="cto", title="CTO"),
            Depart(
                on="2022-03-15",
                source="s/bob-left",
                person="bob",
                reason="resigned",
                destination="Elsewhere Inc",
            ),
            Promote(on="2022-03-15", source="s/cy-cto", person="cy", role="cto", acting=True),
            StepDown(on="2022-09", source="s/cy-down", person="cy", role="cto"),
        ]
    )


@pytest.fixture
def timeline() -> Timeline:
    return Timeline.build(company())


def by_key(table: Table[TenureRecord]) -> dict[tuple[str, str, int], TenureRecord]:
    return {(row.person, row.role, row.seq): row for row in table}


def test_every_tenure_of_the_timeline_is_one_row(timeline: Timeline) -> None:
    table = tenure_table(timeline)
    spans = [span for group in timeline.tenures.values() for span in group]
    assert len(table) == len(spans) == 4
    assert sorted(by_key(table)) == sorted((t.person, t.role, t.event.seq) for t in spans)
    assert [row.start for row in table] == sorted(row.start for row in table)


def test_a_tenure_that_still_runs_has_no_end(timeline: Timeline) -> None:
    rows = by_key(tenure_table(timeline))
    ann = rows["ann", "ceo", 4]
    assert ann.running and ann.end is None and ann.end_precision is None
    assert ann.ended_by is None and ann.end_source is None and ann.end_seq is None
    # measured to the last day the log knows (the step-down in September 2022)
    assert ann.days == (dt.date(2022, 9, 1) - dt.date(2020, 1, 2)).days


def test_precisions_and_sources_are_kept(timeline: Timeline) -> None:
    rows = by_key(tenure_table(timeline))
    bob = rows["bob", "cto", 5]
    assert (bob.start, bob.start_precision, bob.start_bound) == (dt.date(2020, 2, 1), "month", None)
    assert (bob.end, bob.end_precision) == (dt.date(2022, 3, 15), "day")
    assert bob.approximate and not bob.running
    assert (bob.source, bob.end_source) == ("s/bob", "s/bob-left")
    cy = rows["cy", "research", 6]
    assert (cy.start, cy.start_precision) == (dt.date(2021, 1, 1), "year")
    interim = rows["cy", "cto", 9]
    assert (interim.end, interim.end_precision, interim.ended_by) == (
        dt.date(2022, 9, 1),
        "month",
        "stepdown",
    )


def test_a_bound_is_kept_beside_the_date() -> None:
    leaves = Depart(on="../2021-06-30", source=SOURCE, person="bob", reason="unknown")
    events = numbered([*small_org(), leaves])
    bob = next(row for row in tenure_table(Timeline.build(events)) if row.person == "bob")
    assert (bob.end, bob.end_precision, bob.end_bound) == (dt.date(2021, 6, 30), "day", "by")
    assert bob.approximate


def test_titles_at_the_start_and_the_end_and_how_it_ended(timeline: Timeline) -> None:
    rows = by_key(tenure_table(timeline))
    bob = rows["bob", "cto", 5]
    assert (bob.title, bob.title_at_end, bob.reports_to) == ("VP Eng", "CTO", "ceo")
    assert (bob.ended_by, bob.reason, bob.destination) == ("depart", "resigned", "Elsewhere Inc")
    cy = rows["cy", "research", 6]
    assert (cy.ended_by, cy.reason, cy.destination) == ("promote", None, None)
    interim = rows["cy", "cto", 9]
    assert interim.acting and interim.title == interim.title_at_end == "CTO"
    assert interim.name == "Cy Moss" and rows["ann", "ceo", 4].reports_to is None


def test_the_organisation_gives_its_tenures_as_known_on_a_day() -> None:
    org = orgsim.load("openai")
    assert org.tenures() == tenure_table(org.timeline())
    earlier = org.tenures(known_on="2020-01-01")
    assert len(earlier) < len(org.tenures())
    assert all(row.start <= dt.date(2020, 1, 1) for row in earlier)


def test_plain_records_are_the_fields_of_the_rows(timeline: Timeline) -> None:
    table = tenure_table(timeline)
    records = table.to_records()
    assert records == [attrs.asdict(row) for row in table]
    assert list(records[0]) == [field.name for field in attrs.fields(TenureRecord)]
    assert table[0] is table.rows[0] and list(table) == list(table.rows)
    assert repr(table) == "<Table of 4 TenureRecord rows>"


def test_a_charts_records_are_its_roles() -> None:
    org = orgsim.load("openai")
    chart = org.chart("2024-10-01")
    table = chart_table(chart)
    assert sorted(row.role for row in table) == sorted(role.id for role in chart.roles)
    depths = {role.id: depth for depth, role in chart.walk()}
    for row in table:
        role = chart.role(row.role)
        assert (row.date, row.title, row.reports_to, row.depth) == (
            chart.date,
            role.title,
            role.reports_to,
            depths[role.id],
        )
        assert row.vacant == role.vacant
        holder = role.holder
        if holder is None:
            assert (row.person, row.name, row.since, row.acting) == (None, None, None, False)
        else:
            assert (row.person, row.name, row.acting, row.on_leave) == (
                holder.person,
                holder.name,
                holder.acting,
                holder.on_leave,
            )
            assert (row.since, row.since_precision) == (
                holder.since.start,
                holder.since.precision.value,
            )
    assert chart.to_records() == table.to_records()


def test_a_chart_row_of_a_vacancy_and_of_an_acting_holder(timeline: Timeline) -> None:
    during = {row.role: row for row in chart_table(orgsim.Chart.at(timeline, dt.date(2022, 4, 1)))}
    assert during["cto"].acting and during["cto"].person == "cy"
    assert during["research"].vacant and during["research"].person is None
    after = chart_table(orgsim.Chart.at(timeline, dt.date(2022, 10, 1)))
    assert next(row for row in after if row.role == "cto").vacant
    # depth first from the tops, in the order the roles were created
    assert [(row.role, row.depth) for row in after] == [("ceo", 0), ("cto", 1), ("research", 0)]


def test_the_columns_are_read_off_the_fields() -> None:
    found = {column.name: column for column in columns(TenureRecord)}
    assert list(found) == [field.name for field in attrs.fields(TenureRecord)]
    assert found["person"] == Column("person", "string", False)
    assert found["reports_to"] == Column("reports_to", "string", True)
    assert found["acting"] == Column("acting", "bool", False)
    assert found["start"] == Column("start", "date", False)
    assert found["end"] == Column("end", "date", True)
    assert found["end_seq"] == Column("end_seq", "int", True)
    assert {column.kind for column in columns(ChartRecord)} == {"string", "bool", "int", "date"}


def test_a_field_a_frame_cannot_hold_is_refused() -> None:
    @attrs.frozen
    class Odd:
        values: list[str]

    with pytest.raises(TypeError, match="str, bool, int or a date"):
        columns(Odd)


@pytest.mark.parametrize(("module", "convert"), [("pandas", "to_pandas"), ("pyarrow", "to_arrow")])
def test_without_the_extra_a_frame_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, timeline: Timeline, module: str, convert: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # what an uninstalled module looks like
    with pytest.raises(MissingExtra) as caught:
        getattr(tenure_table(timeline), convert)()
    error = caught.value
    assert isinstance(error, OrgsimError) and isinstance(error, ImportError)
    assert (error.package, error.extra) == (module, "pandas")
    assert "pip install 'orgsim[pandas]'" in str(error)
