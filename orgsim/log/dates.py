"""Dates with a precision: a day, a month or a year, and dates known only by a bound.

News rarely gives every date to the day ("she joined in 2018", "in September"). Inventing a day
would make a chart look exact when it is not, so a date keeps the precision it was given:
replay places it at its start (``2024-09`` counts from 1 September 2024) and views say
"Sep 2024".

Some facts are known only by a bound: "by September 2024 only two founders remained" dates a
departure no later than that, and nothing more. Such a date is written as the open intervals of
ISO 8601-2 (EDTF) write it: ``../2024-09-25`` for "no later than", ``2024-09/..`` for "no earlier
than" (Wikidata's latest and earliest date qualifiers say the same). Replay places the event at
its bound, which is the strictest place to check it: a departure "by" a date is refused if
anything after the bound still needs the person, and a seat they left cannot be taken before it.
Views say "by 25 Sep 2024" and "Sep 2024 or later".
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from typing import Final

import attrs

from orgsim.errors import InvalidDate

__all__ = ["BY", "FROM", "PartialDate", "Precision", "parse_day"]


class Precision(enum.Enum):
    """How much of a date is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
#: "no later than" (``../D``) and "no earlier than" (``D/..``).
BY: Final = "by"
FROM: Final = "from"
#: Where a bound sorts among dates with the same start and precision.
_BOUND_ORDER: Final = {FROM: 0, None: 1, BY: 2}


@attrs.frozen(order=False)
class PartialDate:
    """A calendar date known to the day, the month or the year.

    Ordered by where it starts, then by precision (a year sorts before the months in it), so that
    sorting is total and deterministic.
    """

    year: int
    month: int | None = None
    day: int | None = None
    bound: str | None = None
    """None for a date as known; ``"by"`` when only "no later than" it is known, ``"from"``
    when only "no earlier than"."""
    # Worked out once, since replay compares dates millions of times on a large log.
    _start: dt.date = attrs.field(init=False, eq=False, repr=False)
    _sort: tuple[dt.date, int, int] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.bound not in (None, BY, FROM):
            raise InvalidDate(f"a bound is 'by' or 'from', not {self.bound!r}")
        if self.day is not None and self.month is None:
            raise InvalidDate("a date with a day must have a month")
        try:
            start = dt.date(self.year, self.month or 1, self.day or 1)
        except (ValueError, TypeError) as exc:
            raise InvalidDate(
                f"impossible date {_iso(self.year, self.month, self.day, None)!r}: {exc}"
            ) from None
        precision = 2 if self.day is not None else 1 if self.month is not None else 0
        object.__setattr__(self, "_start", start)
        object.__setattr__(self, "_sort", (start, precision, _BOUND_ORDER[self.bound]))

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; anything else is :class:`InvalidDate`."""
        if not isinstance(text, str):
            raise InvalidDate(f"a date must be a string like '2024-09-25', not {text!r}")
        bound = None
        inner = text
        if text.startswith("../"):
            bound, inner = BY, text[3:]
        elif text.endswith("/.."):
            bound, inner = FROM, text[:-3]
        match = _PATTERN.fullmatch(inner)
        if match is None:
            raise InvalidDate(
                f"not a date: {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD; ../DATE for no "
                "later than, DATE/.. for no earlier than)"
            )
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None, bound)

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
        return self._start

    @property
    def exact(self) -> bool:
        """Known to the day, and not only by a bound."""
        return self.precision is Precision.DAY and self.bound is None

    def label(self) -> str:
        """How a person would write it: ``25 Sep 2024``, ``Sep 2024`` or ``2024``; ``by 25 Sep
        2024`` or ``Sep 2024 or later`` for a date known only by a bound."""
        return _label(self.year, self.month, self.day, self.bound)

    def __str__(self) -> str:
        return _iso(self.year, self.month, self.day, self.bound)

    def __lt__(self, other: PartialDate) -> bool:
        return self._sort < other._sort

    def __le__(self, other: PartialDate) -> bool:
        return self._sort <= other._sort

    def __gt__(self, other: PartialDate) -> bool:
        return self._sort > other._sort

    def __ge__(self, other: PartialDate) -> bool:
        return self._sort >= other._sort


def parse_day(value: str | dt.date | PartialDate) -> dt.date:
    """A day to ask the chart about: a ``datetime.date`` or an ISO day ``YYYY-MM-DD``.

    A month or a year is refused rather than guessed, since "the chart in 2024" has no single
    answer.
    """
    if isinstance(value, dt.date):
        return value
    date = value if isinstance(value, PartialDate) else PartialDate.parse(value)
    if date.bound is not None:
        raise InvalidDate(f"a chart needs a day, not a bound ({str(date)!r})")
    if date.precision is not Precision.DAY:
        raise InvalidDate(f"a chart needs a day (YYYY-MM-DD), not {str(date)!r}")
    return date.start


# Dates repeat (a large log has a few thousand distinct ones, and a chart shows each many times),
# so each is written once.


@functools.lru_cache(maxsize=1 << 16)
def _label(year: int, month: int | None, day: int | None, bound: str | None) -> str:
    if day is not None and month is not None:
        text = f"{day} {dt.date(year, month, day):%b %Y}"
    elif month is not None:
        text = f"{dt.date(year, month, 1):%b %Y}"
    else:
        text = str(year)
    if bound == BY:
        return f"by {text}"
    if bound == FROM:
        return f"{text} or later"
    return text


@functools.lru_cache(maxsize=1 << 16)
def _iso(year: int, month: int | None, day: int | None, bound: str | None) -> str:
    text = f"{year:04d}"
    if month is not None:
        text += f"-{month:02d}"
        if day is not None:
            text += f"-{day:02d}"
    if bound == BY:
        return f"../{text}"
    if bound == FROM:
        return f"{text}/.."
    return text
