"""Tables as DataFrames and Arrow tables: one typed column per field, dates as dates, missing
values as missing (skipped where the ``pandas`` extra is not installed)."""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

import attrs
import pytest

import orgsim
from orgsim import ChartRecord, Table, TenureRecord, Timeline, chart_table, tenure_table
from tests.helpers import optional_module

pd: Any = optional_module("pandas", "pandas")
pa: Any = optional_module("pyarrow", "pandas")


@pytest.fixture(scope="module")
def openai() -> orgsim.Organisation:
    return orgsim.load("openai")


def assert_typed(frame: Any, record: type[attrs.AttrsInstance]) -> None:
    """Every column of ``frame`` has the dtype its field's type asks for."""
    assert list(frame.columns) == [field.name for field in attrs.fields(record)]
    for field in attrs.fields(attrs.resolve_types(record)):
        dtype = frame[field.name].dtype
        types = set(get_args(field.type)) - {type(None)} or {field.type}
        optional = type(None) in get_args(field.type)
        if types == {dt.date}:
            assert dtype == "datetime64[ns]", field.name
        elif types == {bool}:
            assert dtype == "bool", field.name
        elif types == {int}:
            assert dtype == ("Int64" if optional else "int64"), field.name
        else:
            assert types == {str}, field.name
            assert isinstance(dtype, pd.StringDtype), field.name


def test_tenures_as_a_dataframe(openai: orgsim.Organisation) -> None:
    table = openai.tenures()
    frame = table.to_pandas()
    assert len(frame) == len(table)
    assert_typed(frame, TenureRecord)
    running = frame[frame.running]
    assert not running.empty and running.end.isna().all() and running.end_seq.isna().all()
    assert frame[~frame.running].end.notna().all()
    assert set(frame.start_precision) <= {"day", "month", "year"}
    assert (frame.start.dt.date == [row.start for row in table]).all()
    assert frame.reports_to.isna().sum() == sum(row.reports_to is None for row in table)


def test_a_chart_as_a_dataframe(openai: orgsim.Organisation) -> None:
    chart = openai.chart("2024-10-01")
    frame = chart_table(chart).to_pandas()
    assert_typed(frame, ChartRecord)
    assert list(frame.role) == [role.id for _, role in chart.walk()]
    assert (frame.date == pd.Timestamp("2024-10-01")).all()
    vacant = frame[frame.vacant]
    assert vacant.person.isna().all() and vacant.since.isna().all()
    assert len(vacant) == len(chart.vacancies())


def test_an_empty_table_keeps_its_column_types() -> None:
    frame = tenure_table(Timeline.build([])).to_pandas()
    assert frame.empty
    assert_typed(frame, TenureRecord)
    assert tenure_table(Timeline.build([])).to_arrow().num_rows == 0


def test_tenures_as_an_arrow_table(openai: orgsim.Organisation) -> None:
    table = openai.tenures()
    arrow = table.to_arrow()
    schema = arrow.schema
    assert schema.names == [field.name for field in attrs.fields(TenureRecord)]
    assert schema.field("person").type == pa.string()
    assert not schema.field("person").nullable and schema.field("reports_to").nullable
    assert schema.field("start").type == pa.date32() and not schema.field("start").nullable
    assert schema.field("end").type == pa.date32() and schema.field("end").nullable
    assert schema.field("acting").type == pa.bool_()
    assert schema.field("days").type == pa.int64()
    assert arrow.to_pylist() == table.to_records()


def test_a_chart_as_an_arrow_table(openai: orgsim.Organisation) -> None:
    table = chart_table(openai.chart("2023-11-18"))
    arrow = table.to_arrow()
    assert arrow.schema.field("since").type == pa.date32()
    assert arrow.schema.field("depth").type == pa.int64()
    assert arrow.to_pylist() == table.to_records()
    assert arrow.column("date").to_pylist()[0] == dt.date(2023, 11, 18)


def test_the_frame_and_the_records_say_the_same(openai: orgsim.Organisation) -> None:
    table: Table[TenureRecord] = openai.tenures()
    frame = table.to_pandas()
    for record, (_, row) in zip(table.to_records(), frame.iterrows(), strict=True):
        for name, value in record.items():
            cell = row[name]
            if value is None:
                assert pd.isna(cell), name
            elif isinstance(value, dt.date):
                assert cell.date() == value, name
            else:
                assert cell == value, name
