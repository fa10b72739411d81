"""An organisation: a log in a store, and what it replays to.

This is the front door of the library. ``orgsim.load("openai")`` opens the bundled dataset,
``orgsim.load("my-org.jsonl")`` a log of your own; then ask for the chart at a date, look people
and roles up by name, or append events, each checked against every rule before it is written.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import attrs

# The modules: each question the organisation is asked is answered by one of them.
from orgsim import forecasting
from orgsim.collector import quiet_collector
from orgsim.errors import NotFound, OrgsimError, ReadOnlyLog, StaleSnapshot
from orgsim.forecasting import Backtest, Forecast
from orgsim.log.dates import PartialDate, parse_day
from orgsim.log.events import Event, Retract
from orgsim.progress import Progress, within
from orgsim.questions import chains, churn, diff, history, succession, transitions
from orgsim.questions.chains import Chains
from orgsim.questions.chart import Chart
from orgsim.questions.chart_index import Charts
from orgsim.questions.churn import Churn, Granularity
from orgsim.questions.diff import Diff
from orgsim.questions.history import History
from orgsim.questions.records import Table, TenureRecord, tenure_table
from orgsim.questions.succession import Succession
from orgsim.questions.transitions import Transitions
from orgsim.replay.branch import Branch, SetAside, branch_of
from orgsim.replay.replay import Replay
from orgsim.replay.rules import RuleViolation, blame_retraction, late_arrival
from orgsim.replay.timeline import Timeline
from orgsim.snapshot import SNAPSHOT_ABOVE, LogKey, Snapshot, snapshot_path, write_snapshot
from orgsim.store import JsonlStore, Store, StoredLog
from orgsim.store.head import Head
from orgsim.store.overlay import Overlay

__all__ = ["Organisation"]

_T = TypeVar("_T")


class _Unknown(enum.Enum):
    """What :meth:`Organisation._ask` returns when the snapshot cannot answer."""

    UNKNOWN = enum.auto()


_UNKNOWN = _Unknown.UNKNOWN


class Organisation:
    """A log and its timeline. Reads the store once; appends go through :meth:`append`.

    Opened strictly (the default), a log that breaks a rule is refused with the first violation.
    Opened with ``lenient=True``, it loads anyway and :attr:`violations` lists every problem.
    A JSON Lines log with a fresh snapshot beside it (``snapshot``: see :func:`load`) is
    opened from that instead: charts, lookups and appends at the end are answered from it, and
    the log is read (as it was when opened) the first time a question needs more.
    """

    def __init__(
        self,
        store: Store,
        *,
        lenient: bool = False,
        progress: Progress | None = None,
        snapshot: bool | None = None,
    ) -> None:
        self.store = store
        self.lenient = lenient
        self.overlays: tuple[Overlay, ...] = ()
        """The hypothetical events applied on top of the log (see :meth:`with_events`)."""
        self.strict = False
        """Whether a scenario refuses real events it makes impossible, instead of setting them
        aside (see :meth:`with_events`)."""
        self.head: Head | None = None
        """The log's head after the last :meth:`append` made here (None before one, and for a
        log without a hash chain): keep it elsewhere to check the log against it later."""
        self._policy = snapshot
        self._timelines: dict[dt.date | None, Timeline] = {}
        self._charts: dict[dt.date | None, tuple[Timeline, Charts]] = {}
        """The charts of each timeline (drawn one by one, then from an index of them)."""
        # An append at the end of the log is checked and applied on a replay that goes on from
        # the end, and the events it adds are kept apart until a question needs the whole log:
        # neither replaying the history nor copying a million-event tuple per append.
        self._live: Replay | None = None
        """The replay appends at the end go on from, once there has been one; with the events
        it has applied (in replay order) and the seqs withdrawn, to make timelines from it."""
        self._live_applied: list[Event] = []
        self._appended: list[Event] = []
        self._live_withdrawn: frozenset[int] = frozenset()
        self._open(progress)

    def _open(self, progress: Progress | None = None, *, snapshots: bool = True) -> None:
        """Open the log: from its snapshot when a fresh one is beside it (the log itself is
        then read only when a question needs more than the snapshot holds), else by reading
        and replaying it, refusing a broken log at once, not at the first query."""
        self._snapshot: Snapshot | None = None
        self._lazy = False
        """Whether only the snapshot has answered so far: the log itself is not yet read."""
        log = self._snapshot_log() if snapshots else None
        if log is not None:
            self._snapshot = Snapshot.open(log)
        if self._snapshot is not None:
            self._lazy = True
            self._known_seq = self._snapshot.last_seq
            return
        key = LogKey.of(log) if log is not None and self._snapshot_wanted(log) else None
        # The share of the work each step takes (writing a snapshot costs about a replay).
        read, replayed = (0.4, 0.7) if key is not None else (0.5, 1.0)
        with quiet_collector():
            self._base = self.store.read(within(progress, 0.0, read))
        self._stored = self._base
        self._known_seq = self._base.last_seq
        self.timeline(replaying=within(progress, read, replayed))
        # Written only when the log was not appended to while it was read.
        unchanged = log is not None and key is not None and key == LogKey.of(log)
        if log is not None and key is not None and unchanged and key.seq == self._known_seq:
            if write_snapshot(log, self.timeline(), key, within(progress, replayed, 1.0)):
                self._snapshot = Snapshot.open(log)  # kept up to date by appends from here
        elif key is not None and progress is not None:
            progress(1.0)

    def _snapshot_log(self) -> Path | None:
        """The log file a snapshot may be kept beside: a writable JSON Lines log opened
        strictly, unless snapshots were turned off."""
        store = self.store
        if self._policy is False or self.lenient or not isinstance(store, JsonlStore):
            return None
        return None if store.read_only else store.path

    def _snapshot_wanted(self, log: Path) -> bool:
        """Whether to write a snapshot after reading the log: when asked to, or by default for
        a large log (or one that had a snapshot, now stale)."""
        if self._policy is not None:
            return self._policy
        try:
            return log.stat().st_size > SNAPSHOT_ABOVE or snapshot_path(log).exists()
        except OSError:
            return False

    def _whole(self) -> None:
        """Read the log itself, when so far only its snapshot answered: as it was when opened
        (and appended to here), not what other writers added since."""
        if not self._lazy:
            return
        self._lazy = False
        with quiet_collector():
            stored = self.store.read()
        if stored.last_seq > self._known_seq:
            stored = StoredLog(stored.name, stored.events[: self._known_seq], stored.line_of_first)
        self._base = self._stored = stored
        self._timelines = {}
        self.timeline()

    def _ask(self, question: Callable[[Snapshot], _T]) -> _T | _Unknown:
        """The snapshot's answer while the log is not read, or UNKNOWN when the question needs
        the log itself (read now, if it was not)."""
        snapshot = self._snapshot
        if not self._lazy or snapshot is None:
            self._whole()
            return _UNKNOWN
        try:
            return question(snapshot)
        except StaleSnapshot:
            self._drop_snapshot()
            self._whole()
            return _UNKNOWN

    def _drop_snapshot(self) -> None:
        if self._snapshot is not None:
            self._snapshot.close()
            self._snapshot = None

    def _keep_snapshot(self, event: Event) -> None:
        """Bring the snapshot up to ``event``, just appended at the end of the log (and
        checked): an append leaves it as fresh as it found it, or drops it (stale)."""
        snapshot = self._snapshot
        if snapshot is None:
            return
        try:
            replay = snapshot.replay_for(event)
            replay.apply(event)  # the same check, on the snapshot's state: it must agree
            kept = snapshot.appended(event, LogKey.of(snapshot.log))
        except (StaleSnapshot, RuleViolation):
            kept = False
        if not kept:
            self._drop_snapshot()

    def _renew_snapshot(self) -> None:
        """Write the snapshot anew after an append that changed the past (a backdated event, a
        retraction), when there was one: the next process then finds it fresh."""
        snapshot = self._snapshot
        if snapshot is None:
            return
        self._drop_snapshot()
        key = LogKey.of(snapshot.log)
        ours = key is not None and key.seq == self._stored.last_seq  # no one appended since
        if key is not None and ours and write_snapshot(snapshot.log, self.timeline(), key):
            self._snapshot = Snapshot.open(snapshot.log)

    def __repr__(self) -> str:
        scenario = f", scenario {self.scenario!r}" if self.scenario else ""
        count = self._known_seq if self._lazy else len(self.events)
        return f"<Organisation {self.name!r}: {count} events{scenario}>"

    @property
    def scenario(self) -> str | None:
        """The names of the overlays when this is a what-if, else None."""
        return ", ".join(overlay.name for overlay in self.overlays) or None

    def with_events(
        self,
        events: Iterable[Event] | Overlay,
        *,
        name: str = "<scenario>",
        strict: bool = False,
    ) -> Organisation:
        """This organisation with hypothetical ``events`` on top: a what-if scenario.

        The events are numbered after the last one (an event that gives a ``seq`` must give
        that number) and checked by every rule, as a log is when it is read: a broken rule
        names the event as ``NAME, event N`` (or the overlay's file and line, for an
        :class:`~orgsim.store.overlay.Overlay` from :func:`~orgsim.store.overlay.read_overlay`).

        A scenario is a branch (:mod:`orgsim.replay.branch`): the log up to the first day the
        events change, the events, then the later real events that still make sense. A real
        event they make impossible (the promotion of someone who has left in the scenario) is
        set aside and listed in :attr:`set_aside` with its reason. With ``strict``, such an event
        refuses the scenario instead (for every overlay applied so far: the last call decides).

        The log and this organisation are untouched; the scenario answers every question, its
        charts say it is a scenario (and how many real events it set aside), and it refuses
        :meth:`append`.
        """
        overlay = events if isinstance(events, Overlay) else Overlay(name, tuple(events))
        self._fold()
        twin = copy.copy(self)
        twin.strict = strict
        twin.overlays = (*self.overlays, overlay)
        twin._stored = overlay.after(self._stored)
        twin._timelines = {}
        twin._live, twin._live_applied, twin._appended = None, [], []
        twin._snapshot = None  # a scenario is never written, nor its snapshot
        twin.timeline()
        return twin

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
        self._fold()
        return self._stored.events

    @property
    def violations(self) -> tuple[RuleViolation, ...]:
        """Every broken rule (only ever non-empty when opened leniently)."""
        return self.timeline().violations

    def place(self, seq: int) -> str:
        """Where event ``seq`` stands: its log's file and line, or its overlay's."""
        self._fold()
        first = self._base.last_seq + 1
        for overlay in self.overlays:
            if first <= seq < first + len(overlay.events):
                return overlay.place(seq - first)
            first += len(overlay.events)
        return self._base.place(seq)

    def timeline(
        self, known_on: str | dt.date | None = None, *, replaying: Progress | None = None
    ) -> Timeline:
        """The log folded into intervals; with ``known_on``, only what was recorded by then.
        ``replaying`` is told how far a replay has got, when one is needed."""
        key = None if known_on is None else parse_day(known_on)
        self._fold()
        if key is None and key not in self._timelines and self._live is not None:
            taken = self._live_withdrawn
            log, applied = self._stored.events, tuple(self._live_applied)
            self._timelines[key] = Timeline.standing(self._live, log, applied, taken)
        if key not in self._timelines:
            try:
                # What was known on a day may be incomplete (a promotion reported before the
                # hire it implies), so a past view is replayed leniently: it shows what can be
                # placed and lists the rest in `violations`, instead of refusing the query.
                lenient = self.lenient or key is not None
                timeline = Timeline.build(
                    self._stored.events,
                    known_on=key,
                    lenient=lenient,
                    progress=replaying,
                    branch=self._branch(),
                )
            except RuleViolation as violation:
                raise self._locate(self._blame(violation)) from None
            if timeline.violations:
                blamed = tuple(self._locate(self._blame(p)) for p in timeline.violations)
                timeline = attrs.evolve(timeline, violations=blamed)
            self._timelines[key] = timeline
        return self._timelines[key]

    def _branch(self) -> Branch | None:
        """Where a scenario's events leave the log (None: not a scenario, or a strict one)."""
        if not self.overlays or self.strict:
            return None
        return branch_of(self._stored.events, self._base.last_seq + 1)

    @property
    def set_aside(self) -> tuple[SetAside, ...]:
        """In a scenario, the real events it made impossible, each with its reason (see
        :meth:`with_events`); empty for a log, or a scenario that set none aside."""
        return self.timeline().set_aside if self.overlays else ()

    def span(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last effective dates of the events replayed (None for an empty log):
        the stretch of time the log knows about."""
        if (found := self._ask(Snapshot.span)) is not _UNKNOWN:
            return found
        days = [event.on.start for event in self.timeline().applied]
        return (min(days), max(days)) if days else (None, None)

    def chart(self, at: str | dt.date, known_on: str | dt.date | None = None) -> Chart:
        """The organisation on the day ``at`` (``"2024-10-01"`` or a ``datetime.date``)."""
        day = parse_day(at)
        chart: Chart | _Unknown = _UNKNOWN
        if known_on is None and not self.overlays:
            chart = self._ask(lambda snapshot: snapshot.chart(day))
        if chart is _UNKNOWN:
            timeline = self.timeline(known_on)
            key = None if known_on is None else parse_day(known_on)
            kept = self._charts.get(key)
            if kept is None or kept[0] is not timeline:
                kept = self._charts[key] = (timeline, Charts.of(timeline))
            chart = kept[1].chart(day)
        aside = len(self.timeline(known_on).set_aside) if self.overlays else 0
        return attrs.evolve(chart, organisation=self.title, scenario=self.scenario, set_aside=aside)

    def history(self, person: str, known_on: str | dt.date | None = None) -> History:
        """Every role ``person`` (a name or an id) held, their leaves, when and where they
        left."""
        return history.history(self.timeline(known_on), person)

    def succession(self, role: str, known_on: str | dt.date | None = None) -> Succession:
        """Every holder of ``role`` (a title or an id) in order, with the vacancies between."""
        return succession.succession(self.timeline(known_on), role)

    def diff(
        self, start: str | dt.date, end: str | dt.date, known_on: str | dt.date | None = None
    ) -> Diff:
        """What changed from ``start`` to ``end``: who joined, left and moved; which roles
        changed."""
        return diff.diff(self.timeline(known_on), start, end)

    def churn(
        self,
        start: str | dt.date,
        end: str | dt.date,
        by: Granularity = "month",
        known_on: str | dt.date | None = None,
    ) -> Churn:
        """Arrivals, departures and role changes per ``by`` (month, quarter or year)."""
        return churn.churn(self.timeline(known_on), start, end, by)

    def chains(
        self, start: str | dt.date, end: str | dt.date, known_on: str | dt.date | None = None
    ) -> Chains:
        """The vacancy chains opened from ``start`` to ``end``: each vacancy a departure (or a
        step-down, or a new role) opened, and the moves that filled it in turn."""
        return chains.chains(self.timeline(known_on), start, end)

    def transitions(
        self, start: str | dt.date, end: str | dt.date, known_on: str | dt.date | None = None
    ) -> Transitions:
        """Seats changing hands between levels of the tree from ``start`` to ``end``: the
        counts a Markov manpower model is estimated from."""
        return transitions.transitions(self.timeline(known_on), start, end)

    def tenures(self, known_on: str | dt.date | None = None) -> Table[TenureRecord]:
        """Every tenure (a person in a role, from when to when) as a flat row, in the order
        they began: for notebooks. ``.to_records()`` gives plain dicts, ``.to_pandas()`` a
        DataFrame and ``.to_arrow()`` an Arrow table (those two need the ``pandas`` extra);
        :class:`~orgsim.questions.records.TenureRecord` says what each column holds."""
        return tenure_table(self.timeline(known_on))

    def forecast(
        self,
        end: str | dt.date,
        start: str | dt.date | None = None,
        *,
        runs: int = 1000,
        seed: int = 0,
        workers: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Forecast:
        """A Monte Carlo forecast from ``start`` (default: the last day the log knows) to
        ``end``: for each role, the chance its holder changes and that it is vacant then, its
        likeliest successors; expected departures by team and level, vacancy chains, moves
        between levels. Estimated from the history before ``start`` alone (see
        :mod:`orgsim.forecasting`); the same ``seed`` gives the same forecast. ``progress`` is
        told how many runs each finished chunk did."""
        first = self._forecast_start(start)
        last = parse_day(end)
        if start is None and last <= first:
            raise OrgsimError(
                f"{self.name}: the log ends on {first}, where a forecast starts by default: "
                f"{last} is not after it (give an earlier start to forecast from)"
            )
        return forecasting.forecast(
            self.timeline(), first, last, runs=runs, seed=seed, workers=workers,
            progress=progress,
        )  # fmt: skip

    def backtest(
        self,
        cut: str | dt.date,
        end: str | dt.date,
        *,
        runs: int = 1000,
        seed: int = 0,
        workers: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Backtest:
        """The forecast from ``cut`` to ``end`` that the log as known on ``cut`` gives, scored
        against what the log says happened (Brier's score, beside the naive base rate's)."""
        day = parse_day(cut)
        return forecasting.backtest(
            self.timeline(known_on=day), self.timeline(), day, parse_day(end), runs=runs,
            seed=seed, workers=workers, progress=progress,
        )  # fmt: skip

    def _forecast_start(self, start: str | dt.date | None) -> dt.date:
        if start is not None:
            return parse_day(start)
        last = self.span()[1]
        if last is None:
            raise NotFound(f"{self.name}: the log is empty: there is nothing to forecast from")
        return last

    def person_id(self, query: str, *, suggest: bool = True) -> str:
        """The id of a person given by id or by name (any case); NotFound (with the names
        near it, unless ``suggest`` is false) or AmbiguousName."""
        found = self._ask(lambda snapshot: snapshot.person_id(query, suggest=suggest))
        if found is not _UNKNOWN:
            return found
        return self.timeline().person_id(query, suggest=suggest)

    def name_of(self, person: str) -> str:
        """A person's latest display name (``person`` is an id); NotFound for an id the log
        has never had."""
        found = self._ask(lambda snapshot: snapshot.name_of(person))
        if found is _UNKNOWN:
            return self.timeline().name_of(person)
        if found is None:
            raise NotFound(f"no person {person!r} in the log")
        return found

    def role_id(self, query: str) -> str:
        """The id of a role given by id or by a title it has had (any case)."""
        if (found := self._ask(lambda snapshot: snapshot.role_id(query))) is not _UNKNOWN:
            return found
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
        if self.overlays:
            raise ReadOnlyLog(
                f"{self.name}: this is a scenario ({self.scenario}), never written to the log; "
                "append to the organisation it was made from"
            )
        stamp = PartialDate.of(today or dt.date.today())
        if self._lazy and self._snapshot is not None and len(events) == 1:
            appended = self._append_through_snapshot(self._snapshot, events[0], stamp)
            if appended is not None:
                return appended
        self._whole()
        last = self._base.last_seq + len(self._appended)
        new = tuple(
            attrs.evolve(event, seq=last + offset, recorded=event.recorded or stamp)
            for offset, event in enumerate(events, start=1)
        )
        live = self._resume() if len(new) == 1 and _at_the_end(self._latest(), new[0]) else None
        if live is not None:
            try:
                live.check(new[0])
            except RuleViolation as violation:
                raise self._locate(violation) from None
            self.head = self.store.append(new, last)
            live.apply_checked(new[0])
            self._appended.append(new[0])
            self._live_applied.append(new[0])
            self._timelines = {}
            self._keep_snapshot(new[0])
            return new
        self._fold()
        combined = self._stored.events + new
        try:
            base = self.timeline() if not self.lenient else Timeline.build(self._stored.events)
            timeline = base.extend(new)
        except RuleViolation as violation:
            raise self._locate(blame_retraction(self._late(violation, new), new)) from None
        self.head = self.store.append(new, last)
        self._stored = StoredLog(self._stored.name, combined, self._stored.line_of_first)
        self._base = self._stored
        self._timelines = {None: timeline}
        self._live = None
        self._renew_snapshot()
        return new

    def _append_through_snapshot(
        self, snapshot: Snapshot, event: Event, stamp: PartialDate
    ) -> tuple[Event] | None:
        """Append ``event`` checked on the snapshot's replay state, not the log's history;
        None when it must go the long way (backdated, a retraction, a stale snapshot)."""
        new = attrs.evolve(event, seq=self._known_seq + 1, recorded=event.recorded or stamp)
        if isinstance(new, Retract):
            return None
        try:
            replay = snapshot.replay_for(new)
        except StaleSnapshot:
            return None
        if not _at_the_end(replay.latest, new):
            return None
        try:
            replay.check(new)
        except RuleViolation as violation:
            # At the end of a JSON Lines log (rule 4 cannot apply): event N is on line N.
            def place(event: Event | None) -> str | None:
                if event is None:
                    return None
                if event.seq > self._known_seq:
                    return f"{self.name}, not appended"
                return StoredLog(self.name, ()).place(event.seq)

            raise violation.located(place(violation.event), place(violation.conflict)) from None
        self.head = self.store.append((new,), self._known_seq)
        replay.apply_checked(new)
        self._known_seq = new.seq
        self._timelines = {}
        if not snapshot.appended(new, LogKey.of(snapshot.log)):
            self._drop_snapshot()  # stale now: the next question reads the log
        return (new,)

    def _latest(self) -> dt.date | None:
        """The latest date of the events applied so far."""
        if self._live is not None:
            return self._live.latest
        applied = self.timeline().applied
        return applied[-1].on.start if applied else None

    def _resume(self) -> Replay | None:
        """The replay that appends at the end go on from (made on the first such append), or
        None when appends must go the long way: a lenient log, or one that breaks rules."""
        if self._live is None:
            if self.lenient:
                return None
            timeline = self.timeline()
            self._live = timeline.resume()
            self._live_applied = list(timeline.applied)
            self._live_withdrawn = timeline.withdrawn
        return self._live

    def _fold(self) -> None:
        """Put the events appended at the end into the log as read (a question needs it whole;
        an append does not)."""
        self._whole()
        if self._appended:
            base = self._base
            whole = base.events + tuple(self._appended)
            self._base = self._stored = StoredLog(base.name, whole, base.line_of_first)
            self._appended = []

    def reload(self) -> None:
        """Read the store again (after another writer appended); a scenario's overlays are
        applied again on top, numbered after the log's new last event."""
        self._drop_snapshot()
        self._live, self._live_applied, self._appended = None, [], []
        self._timelines = {}
        self._open(snapshots=not self.overlays)
        if self.overlays:
            for overlay in self.overlays:
                self._stored = overlay.after(self._stored)
            self._timelines = {}
            self.timeline()

    def _blame(self, violation: RuleViolation) -> RuleViolation:
        """In a strict scenario, an overlay's event that breaks the log after it is the cause
        (in a branch, the log after it gives way, and what breaks is the event named)."""
        if not self.overlays or not self.strict:
            return violation
        return self._late(violation, self._stored.events[self._base.last_seq :])

    def _late(self, violation: RuleViolation, new: Sequence[Event]) -> RuleViolation:
        """Rule 4, on ``new`` events checked after the log before them."""
        first = min((e.seq for e in new), default=0)
        return late_arrival(violation, [e for e in self._stored.events if e.seq < first], new)

    def _locate(self, violation: RuleViolation) -> RuleViolation:
        self._fold()
        known = len(self._stored.events)

        def place(event: Event | None) -> str | None:
            if event is None:
                return None
            return self.place(event.seq) if 0 < event.seq <= known else f"{self.name}, not appended"

        return violation.located(place(violation.event), place(violation.conflict))


def _at_the_end(latest: dt.date | None, event: Event) -> bool:
    """Whether ``event`` comes after everything applied (up to ``latest``): not backdated
    (rule 4 cannot apply) and not a retraction (which changes the past)."""
    return not isinstance(event, Retract) and (latest is None or event.on.start >= latest)
