"""An organisation: a log in a store, and what it replays to.

This is the front door of the library. ``orgsim.load("openai")`` opens the bundled dataset,
``orgsim.load("my-org.jsonl")`` a log of your own; then ask for the chart at a date, look people
and roles up by name, or append events, each checked against every rule before it is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import attrs

from orgsim.chart import Chart
from orgsim.dates import PartialDate, parse_day
from orgsim.errors import RuleViolation
from orgsim.events import Event
from orgsim.rules import LATE_ARRIVAL
from orgsim.store import Store, StoredLog, open_store
from orgsim.timeline import Timeline

__all__ = ["Organisation", "create", "load"]


class Organisation:
    """A log and its timeline. Reads the store once; appends go through :meth:`append`.

    Opened strictly (the default), a log that breaks a rule is refused with the first violation.
    Opened with ``lenient=True``, it loads anyway and :attr:`violations` lists every problem.
    """

    def __init__(self, store: Store, *, lenient: bool = False) -> None:
        self.store = store
        self.lenient = lenient
        self._stored = store.read()
        self._timelines: dict[dt.date | None, Timeline] = {}
        self.timeline()  # refuse a broken log at once, not at the first query

    @property
    def name(self) -> str:
        return self.store.name

    @property
    def title(self) -> str:
        """What the organisation is called (``OpenAI`` for the bundled log, else the file name)."""
        return self.store.title

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event of the log in seq order, retractions and retracted events included."""
        return self._stored.events

    @property
    def violations(self) -> tuple[RuleViolation, ...]:
        """Every broken rule (only ever non-empty when opened leniently)."""
        return self.timeline().violations

    def place(self, seq: int) -> str:
        """Where event ``seq`` stands in the log: file and line."""
        return self._stored.place(seq)

    def timeline(self, known_on: str | dt.date | None = None) -> Timeline:
        """The log folded into intervals; with ``known_on``, only what was recorded by then."""
        key = None if known_on is None else parse_day(known_on)
        if key not in self._timelines:
            try:
                # What was known on a day may be incomplete (a promotion reported before the
                # hire it implies), so a past view is replayed leniently: it shows what can be
                # placed and lists the rest in `violations`, instead of refusing the query.
                lenient = self.lenient or key is not None
                timeline = Timeline.build(self._stored.events, known_on=key, lenient=lenient)
            except RuleViolation as violation:
                raise self._locate(violation) from None
            for problem in timeline.violations:
                self._locate(problem)
            self._timelines[key] = timeline
        return self._timelines[key]

    def chart(self, at: str | dt.date, known_on: str | dt.date | None = None) -> Chart:
        """The organisation on the day ``at`` (``"2024-10-01"`` or a ``datetime.date``)."""
        return Chart.at(self.timeline(known_on), parse_day(at))

    def person_id(self, query: str) -> str:
        """The id of a person given by id or by name (any case); NotFound or AmbiguousName."""
        return self.timeline().person_id(query)

    def role_id(self, query: str) -> str:
        """The id of a role given by id or by a title it has had (any case)."""
        return self.timeline().role_id(query)

    def append(self, *events: Event, today: dt.date | None = None) -> tuple[Event, ...]:
        """Check ``events`` against the whole log and write them, all or none (only a crash
        in the middle of a multi-event JSON Lines append can leave part of one: see
        docs/explanation/durability.md).

        Each gets the next ``seq``; one without ``recorded`` is recorded ``today`` (the current
        date by default). A broken rule raises :class:`RuleViolation` and nothing is written;
        a backdated event that breaks the timeline after it is refused under rule 4. When
        another writer has appended since this log was read, the store refuses with
        :class:`~orgsim.errors.ConcurrentAppend`: call :meth:`reload` and try again.
        """
        stamp = PartialDate.of(today or dt.date.today())
        last = self._stored.last_seq
        new = tuple(
            attrs.evolve(event, seq=last + offset, recorded=event.recorded or stamp)
            for offset, event in enumerate(events, start=1)
        )
        combined = self._stored.events + new
        try:
            base = self.timeline() if not self.lenient else Timeline.build(self._stored.events)
            timeline = base.extend(new)
        except RuleViolation as violation:
            raise self._locate(self._late(violation, new)) from None
        self.store.append(new, last)
        self._stored = StoredLog(self._stored.name, combined, self._stored.line_of_first)
        self._timelines = {None: timeline}
        return new

    def reload(self) -> None:
        """Read the store again (after another writer appended)."""
        self._stored = self.store.read()
        self._timelines = {}
        self.timeline()

    def _late(self, violation: RuleViolation, new: Sequence[Event]) -> RuleViolation:
        """Rule 4: name a backdated event as the cause when it breaks the timeline after it."""
        latest = max((e.on.start for e in self._stored.events), default=None)
        involved = (violation.event, violation.conflict)
        backdated = [e for e in new if latest is not None and e.on.start < latest]
        culprit = next((e for e in backdated if e in involved), None)
        if culprit is None:
            return violation
        other = violation.conflict if violation.event.seq == culprit.seq else violation.event
        return LATE_ARRIVAL.broken(
            f"it is backdated before events already logged, and then rule {violation.rule} "
            f"({violation.rule_name}) breaks: {violation.message}",
            culprit,
            other,
        )

    def _locate(self, violation: RuleViolation) -> RuleViolation:
        known = len(self._stored.events)

        def place(event: Event | None) -> str | None:
            if event is None:
                return None
            return self.place(event.seq) if 0 < event.seq <= known else f"{self.name}, not appended"

        return violation.located(place(violation.event), place(violation.conflict))


def create(path: str | Path) -> Organisation:
    """Start a new, empty log at ``path``, which must not exist yet: a SQLite database for a
    ``.sqlite``, ``.sqlite3`` or ``.db`` file, else a JSON Lines file."""
    store = open_store(Path(path))
    store.create()
    return Organisation(store)


def load(where: str | Path, *, lenient: bool = False) -> Organisation:
    """Open a log: a bundled one by name (``"openai"``), or a JSON Lines or SQLite file by
    path."""
    return Organisation(open_store(where), lenient=lenient)
