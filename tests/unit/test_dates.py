import datetime as dt

import pytest

from orgsim import InvalidDate, PartialDate, Precision
from orgsim.log.dates import parse_day


@pytest.mark.parametrize(
    ("text", "precision", "start", "label"),
    [
        ("2024-09-25", Precision.DAY, dt.date(2024, 9, 25), "25 Sep 2024"),
        ("2024-09", Precision.MONTH, dt.date(2024, 9, 1), "Sep 2024"),
        ("2024", Precision.YEAR, dt.date(2024, 1, 1), "2024"),
    ],
)
def test_parse_keeps_precision(text: str, precision: Precision, start: dt.date, label: str) -> None:
    date = PartialDate.parse(text)
    assert date.precision is precision
    assert date.start == start
    assert date.label() == label
    assert str(date) == text


@pytest.mark.parametrize(
    "text",
    [
        "2024-02-30",
        "0000",
        "2023-13",
        "2024-9-1",
        "24-09-25",
        "2024-09-25T10:00",
        "",
        " 2024",
        "\uff12\uff10\uff12\uff14",  # full-width digits
        "2024/09/25",
    ],
)
def test_impossible_or_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidDate):
        PartialDate.parse(text)


def test_non_string_is_refused() -> None:
    with pytest.raises(InvalidDate):
        PartialDate.parse(20240925)  # type: ignore[arg-type]


def test_leap_day_exists_only_in_leap_years() -> None:
    assert PartialDate.parse("2024-02-29").start == dt.date(2024, 2, 29)
    with pytest.raises(InvalidDate):
        PartialDate.parse("2023-02-29")


def test_order_is_by_start_then_precision() -> None:
    year, month, day = (PartialDate.parse(t) for t in ("2024", "2024-01", "2024-01-01"))
    assert sorted([day, month, year]) == [year, month, day]
    assert PartialDate.parse("2023-12-31") < year


def test_parse_day_needs_a_day() -> None:
    assert parse_day("2024-10-01") == dt.date(2024, 10, 1)
    assert parse_day(dt.date(2024, 10, 1)) == dt.date(2024, 10, 1)
    with pytest.raises(InvalidDate, match="needs a day"):
        parse_day("2024-10")
