"""What a simulated organisation is made of: its size, its time span and how it behaves.

Every knob has a documented default chosen to look like a mid-sized company (docs/how-to/
simulate-and-what-if.md gives the reasons) and a range; a value outside the range is refused
with :class:`~orgsim.errors.InvalidParameter` naming it, before anything is generated.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs

from orgsim.errors import InvalidParameter

__all__ = ["Simulation"]


def _whole(low: int, high: int) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidParameter(
                attribute.name, f"must be a whole number from {low} to {high}, not {value!r}"
            )

    return check


def _share(low: float, high: float) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        ok = (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and low <= value <= high
        )
        if not ok:
            raise InvalidParameter(
                attribute.name, f"must be a number from {low:g} to {high:g}, not {value!r}"
            )

    return check


def _any_int(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidParameter(attribute.name, f"must be a whole number, not {value!r}")


def _day(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidParameter(attribute.name, f"must be a date, not {value!r}")
    if not 1 <= value.year <= 9000:
        raise InvalidParameter(attribute.name, f"must be a date from year 1 to 9000, not {value}")


_FIRST_DAY = dt.date(2015, 1, 1)


def _knob(default: Any, validator: Any, help_text: str) -> Any:
    """A parameter with its range check and its one line of help (the CLI's and the docs')."""
    return attrs.field(default=default, validator=validator, metadata={"help": help_text})


@attrs.frozen(kw_only=True)
class Simulation:
    """The parameters of a synthetic organisation. Rates are per year; shares are fractions.

    The same parameters (seed included) always give the same events, byte for byte once
    written; another seed gives another organisation with the same character.
    """

    people: int = _knob(
        300,
        _whole(1, 1_000_000),
        "Headcount on the first day: that many people, each in a seat of a role tree.",
    )
    years: int = _knob(
        5,
        _whole(0, 1000),
        "How long the organisation runs after its first day (0: only the first day).",
    )
    seed: int = _knob(
        0,
        _any_int,
        "The random seed: everything else equal, one seed is one organisation.",
    )
    start: dt.date = _knob(  # noqa: RUF009 (_knob makes an attrs field, not a shared value)
        _FIRST_DAY,
        _day,
        "The first day: the role tree is created and filled on it.",
    )
    growth: float = _knob(
        0.08,
        _share(-0.5, 1.0),
        "Yearly change of the number of seats (0.08: 8% more each year; negative shrinks).",
    )
    attrition: float = _knob(
        0.13,
        _share(0.0, 1.0),
        "Share of people who leave in a year (resigned, retired or fired; layoffs come apart).",
    )
    span: int = _knob(
        6,
        _whole(2, 50),
        "Typical span of control: each manager's cap on direct reports varies around it.",
    )
    promotion_share: float = _knob(
        0.6,
        _share(0.0, 1.0),
        "Share of manager vacancies filled by promoting one of the seat's direct reports.",
    )
    lateral_share: float = _knob(
        0.15,
        _share(0.0, 1.0),
        "Share of other vacancies filled by a lateral move from elsewhere in the department.",
    )
    acting_share: float = _knob(
        0.5,
        _share(0.0, 1.0),
        "Share of manager vacancies given an acting holder (a direct report) while filled.",
    )
    fill_days: int = _knob(
        60,
        _whole(1, 730),
        "Mean days from a seat falling vacant to its new holder starting.",
    )
    leave_rate: float = _knob(
        0.04,
        _share(0.0, 1.0),
        "Share of people who start a leave of absence (30 to 180 days) in a year.",
    )
    reorg_rate: float = _knob(
        0.1,
        _share(0.0, 1.0),
        "Per manager seat and year: the chance of a renamed title or a move under another "
        "manager; also the chance that a vacant manager seat is merged into a sibling instead.",
    )
    layoff_rate: float = _knob(
        0.1,
        _share(0.0, 1.0),
        "Chance per year of a layoff round: 5-20% of one department's seats cut.",
    )
    rehire_share: float = _knob(
        0.05,
        _share(0.0, 1.0),
        "Share of outside hires that bring back someone who left (when anyone has).",
    )
    imprecise_share: float = _knob(
        0.05,
        _share(0.0, 1.0),
        "Share of departures known only to the month (a fifth of them only to the year).",
    )

    @property
    def end(self) -> dt.date:
        """The last day simulated: ``years`` after :attr:`start` (28 Feb for a 29 Feb start)."""
        day = min(self.start.day, 28) if self.start.month == 2 else self.start.day
        return self.start.replace(year=self.start.year + self.years, day=day)

    def command(self) -> str:
        """The command line that makes these events again: cited as every event's source."""
        words = ["orgsim simulate"]
        for field in attrs.fields(Simulation):
            value = getattr(self, field.name)
            if field.name in {"people", "years", "seed"} or value != field.default:
                words.append(f"--{field.name.replace('_', '-')} {value}")
        return " ".join(words)
