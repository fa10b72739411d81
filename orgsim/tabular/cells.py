"""Cells of a spreadsheet as orgsim reads them: dates in the forms people write, and ids.

The rules, each documented in docs/how-to/import-a-spreadsheet.md:

- A date is tried against each format in turn (``--date-format``, repeatable; by default ISO
  dates, US month/day/year with four- or two-digit years, and month or year alone). The first
  that reads the whole cell wins. A format with a day gives a day; one with a month but no day
  gives a month (``Aug. 1981``); one with a year alone gives a year (``1999``).
- Two-digit years follow the POSIX rule Python's ``%y`` uses: 69-99 are 1969-1999, 00-68 are
  2000-2068.
- An empty end, or one of the words in :data:`OPEN_ENDS`, means the tenure is still running.
- ``../DATE`` and ``DATE/..`` (no later than, no earlier than) are read as bounds, as orgsim
  itself writes them.
- Anything else is not a date and is reported as such with its value; no date is ever guessed.
- Ids are slugs of names: lower case, accents folded, every run of other characters a single
  hyphen, so ``José Núñez``, ``Jose Nunez`` and ``JOSE  NUNEZ`` are one person. A name with no
  Latin letter or digit gets ``p-`` and a short hash of the name, stable from run to run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from typing import Final

from orgsim.errors import OrgsimError
from orgsim.log.dates import PartialDate

__all__ = ["DEFAULT_FORMATS", "OPEN_ENDS", "DateReader", "NotADate", "slug"]

#: Tried in this order when no ``--date-format`` is given.
DEFAULT_FORMATS: Final = (
    "%Y-%m-%d",
    "%Y-%m",
    "%Y",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %Y",
    "%b %Y",
    "%b. %Y",
)

#: End cells that mean "still running" (compared without case and surrounding spaces).
OPEN_ENDS: Final = frozenset(
    {"", "present", "current", "now", "ongoing", "incumbent", "still in office", "-", "—"}
)

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class NotADate(ValueError):
    """A cell that no format reads."""


class DateReader:
    """Reads date cells with a list of ``strptime`` formats, each giving its precision."""

    def __init__(self, formats: Sequence[str] = DEFAULT_FORMATS) -> None:
        self.formats = tuple(formats) or DEFAULT_FORMATS
        self._cache: dict[str, PartialDate] = {}

    def read(self, text: str) -> PartialDate:
        """The date a cell holds, with the precision of the format that read it."""
        cell = " ".join(text.split())
        found = self._cache.get(cell)
        if found is not None:
            return found
        if cell.startswith("../") or cell.endswith("/.."):  # a bound, as orgsim writes it
            try:
                return PartialDate.parse(cell)
            except OrgsimError:
                raise NotADate(
                    f"{text!r} is not a date in any format tried (see --date-format)"
                ) from None
        for form in self.formats:
            try:
                day = dt.datetime.strptime(cell, form).date()
            except ValueError:
                continue
            found = _with_precision(day, form)
            self._cache[cell] = found
            return found
        raise NotADate(f"{text!r} is not a date in any format tried (see --date-format)")

    def read_end(self, text: str) -> PartialDate | None:
        """An end date, or None when the cell says the tenure still runs."""
        if " ".join(text.split()).casefold() in OPEN_ENDS:
            return None
        return self.read(text)


def _with_precision(day: dt.date, form: str) -> PartialDate:
    if "%d" in form or "%j" in form:
        return PartialDate.of(day)
    if any(code in form for code in ("%m", "%b", "%B")):
        return PartialDate(day.year, day.month)
    return PartialDate(day.year)


def slug(name: str) -> str:
    """The id of a name (see the module's rules)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = _NOT_SLUG.sub("-", folded.lower()).strip("-")[:56].rstrip("-")
    if text:
        return text
    return "p-" + hashlib.sha256(name.strip().encode("utf-8")).hexdigest()[:10]
