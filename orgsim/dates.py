"""Dates with a precision: a day, a month or a year.

News rarely gives every date to the day ("she joined in 2018", "in September"). Inventing a day
would make a chart look exact when it is not, so a date keeps the precision it was given:
replay places it at its start (``2024-09`` counts from 1 September 2024) and views say
"Sep 2024".
"""

from __future__ import annotations

import datetime as dt
import enum
import re

import attrs

from orgsim.errors import InvalidDate

__all__ = ["PartialDate", "Precision", "parse_day"]


class Precision(enum.Enum):
    """How much of a date is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@attrs.frozen(order=False)
class PartialDate:
    """A calendar date known to the day, the month or the year.

    Ordered by where it starts, then by precision (a year sorts before the months in it), so that
    sorting is total and deterministic.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise InvalidDate("a date with a day must have a month")
        try:
            dt.date(self.year, self.month or 1, self.day or 1)
        except (ValueError, TypeError) as exc:
            raise InvalidDate(f"impossible date {self._iso()!r}: {exc}") from None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; anything else is :class:`InvalidDate`."""
        if not isinstance(text, str):
            raise InvalidDate(f"a date must be a string like '2024-09-25', not {text!r}")
        match = _PATTERN.fullmatch(text)
        if match is None:
            raise InvalidDate(f"not a date: {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        """The day-precise date of a :class:`datetime.date`."""
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def start(self) -> dt.date:
        """The first day this date may mean; replay places the date here."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def label(self) -> str:
        """How a person would write it: ``25 Sep 2024``, ``Sep 2024`` or ``2024``."""
        start = self.start
        if self.precision is Precision.DAY:
            return f"{start.day} {start:%b %Y}"
        if self.precision is Precision.MONTH:
            return f"{start:%b %Y}"
        return str(self.year)

    def _iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self._iso()

    def _key(self) -> tuple[dt.date, int]:
        order = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}
        return (self.start, order[self.precision])

    def __lt__(self, other: PartialDate) -> bool:
        return self._key() < other._key()

    def __le__(self, other: PartialDate) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: PartialDate) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: PartialDate) -> bool:
        return self._key() >= other._key()


def parse_day(value: str | dt.date | PartialDate) -> dt.date:
    """A day to ask the chart about: a ``datetime.date`` or an ISO day ``YYYY-MM-DD``.

    A month or a year is refused rather than guessed, since "the chart in 2024" has no single
    answer.
    """
    if isinstance(value, dt.date):
        return value
    date = value if isinstance(value, PartialDate) else PartialDate.parse(value)
    if date.precision is not Precision.DAY:
        raise InvalidDate(f"a chart needs a day (YYYY-MM-DD), not {str(date)!r}")
    return date.start
