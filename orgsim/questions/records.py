"""Flat rows for notebooks: every tenure of a timeline, and every role on a chart.

A :class:`Table` holds rows of one frozen record class (:class:`TenureRecord`,
:class:`ChartRecord`), each field a plain value (a string, a bool, an int or a
``datetime.date``), and gives them as plain dicts (:meth:`Table.to_records`), a pandas
DataFrame (:meth:`Table.to_pandas`) or an Arrow table (:meth:`Table.to_arrow`): the last two
need the ``pandas`` extra (see :mod:`orgsim.questions.frames`).

A date keeps its precision in a column beside it: a start known only to the month is
``start=2024-09-01`` with ``start_precision="month"``, so that nothing looks exacter than the
log says while the dates still sort and subtract.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import attrs

from orgsim.log.dates import PartialDate
from orgsim.log.events import Depart
from orgsim.questions import frames
from orgsim.questions.spells import Spell, belongs_to, measured_to
from orgsim.replay.rules import replay_order
from orgsim.replay.spans import RoleVersion, Tenure
from orgsim.replay.timeline import Timeline

if TYPE_CHECKING:  # neither ships type hints (pandas-stubs has pandas', if installed)
    import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]
    import pyarrow  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = ["ChartRecord", "Table", "TenureRecord", "chart_table", "tenure_table"]

R = TypeVar("R", bound=attrs.AttrsInstance)


@attrs.frozen(repr=False)
class Table(Generic[R]):
    """Rows of one kind of record, in a stable order: iterate them, or take them as plain
    dicts, a pandas DataFrame or an Arrow table, one column per field of ``record``."""

    record: type[R]
    """The class of the rows: its fields are the columns, in order."""
    rows: tuple[R, ...]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[R]:
        return iter(self.rows)

    def __getitem__(self, index: int) -> R:
        return self.rows[index]

    def __repr__(self) -> str:
        return f"<Table of {len(self.rows)} {self.record.__name__} rows>"

    def to_records(self) -> list[dict[str, Any]]:
        """Each row as a plain dict of its fields (dates as ``datetime.date``, missing values
        as None): what ``json``, ``csv.DictWriter`` or ``pandas.DataFrame`` take."""
        return [attrs.asdict(row, recurse=False) for row in self.rows]

    def to_pandas(self) -> pandas.DataFrame:
        """A DataFrame, one typed column per field: ids and other text as pandas' ``string``,
        dates as ``datetime64[ns]`` (``NaT`` where missing), flags as ``bool``, counts as
        ``int64`` (``Int64`` where they may be missing). Needs the ``pandas`` extra
        (:class:`~orgsim.questions.frames.MissingExtra` otherwise)."""
        return frames.to_pandas(self.record, self.to_records())

    def to_arrow(self) -> pyarrow.Table:
        """An Arrow table with a typed schema (dates as ``date32``, a field nullable only
        where it may be missing). Needs the ``pandas`` extra, which brings pyarrow."""
        return frames.to_arrow(self.record, self.to_records())


@attrs.frozen(kw_only=True)
class TenureRecord:
    """One tenure, a person in a role from a start to an end, as a flat row.

    The role's title and reporting line are taken as they stood on the tenure's first day
    (``title``, ``reports_to``), since that is the seat the person took; ``title_at_end`` is
    the title on its last day, which differs when the role was retitled while they held it
    (a "VP of Research" who became "Chief Research Officer" in the same seat).
    """

    person: str
    """The person's id."""
    name: str
    """Their name in the stay the tenure belongs to (a re-hire may give a new one)."""
    role: str
    """The role's id."""
    title: str
    """The role's title on the tenure's first day."""
    title_at_end: str
    """The role's title on the tenure's last day (on the last day the log knows, while it
    runs)."""
    reports_to: str | None
    """The id of the role it reported to on the first day (None for a top role)."""
    acting: bool
    """An acting or interim appointment."""
    start: dt.date
    """The first day the start may mean: replay places a month at its 1st, a year at 1 Jan."""
    start_precision: str
    """How much of the start is known: ``"day"``, ``"month"`` or ``"year"``."""
    start_bound: str | None
    """None for a start as known; ``"by"`` when it is known only as "no later than",
    ``"from"`` when only as "no earlier than"."""
    end: dt.date | None
    """The day the tenure ended (the date of the event that ended it: from that day on the
    person no longer held the role); None while it runs."""
    end_precision: str | None
    """How much of the end is known (None while it runs)."""
    end_bound: str | None
    """As ``start_bound``, for the end."""
    running: bool
    """Whether it still runs: no end is known (on the log's last day, or on ``known_on``)."""
    days: int
    """Its length in days, from start to end, or to the last day the log knows while it runs
    (as ``orgsim history`` counts it)."""
    approximate: bool
    """Whether the start or the end is known only to the month or year, or by a bound, so
    that ``days`` is approximate."""
    ended_by: str | None
    """The kind of the event that ended it: ``"depart"`` (the person left), ``"promote"`` (they
    moved to another role), ``"stepdown"``, ``"reorg"`` (the role was abolished); None while it
    runs."""
    reason: str | None
    """Why the person left, when a departure ended it (``"resigned"``, ``"fired"``, ...)."""
    destination: str | None
    """Where they went, when a departure ended it and the log says."""
    source: str
    """The source of the event that began it (a URL, or a seed file's name)."""
    end_source: str | None
    """The source of the event that ended it."""
    seq: int
    """The seq of the event that began it (its line in a JSON Lines log)."""
    end_seq: int | None
    """The seq of the event that ended it."""


@attrs.frozen(kw_only=True)
class ChartRecord:
    """One role on a chart, with its holder that day, as a flat row."""

    date: dt.date
    """The chart's day (so that the rows of several charts can be put together)."""
    role: str
    """The role's id."""
    title: str
    """Its title that day."""
    reports_to: str | None
    """The id of the role it reports to (None for a top of the tree)."""
    dotted_to: str | None
    """The ids of the roles it also answers to by a dotted line, joined by ``"; "`` (None when
    it has none): one flat column, as a spreadsheet holds it."""
    depth: int
    """How far below a top it is (a top is 0)."""
    vacant: bool
    """Whether nobody holds it that day."""
    person: str | None
    """The holder's id (None when vacant)."""
    name: str | None
    """The holder's name."""
    acting: bool
    """Whether the holder is acting or interim (False when vacant)."""
    on_leave: bool
    """Whether the holder is on leave that day (False when vacant)."""
    since: dt.date | None
    """When the holder took the role (placed at its start when known only to the month or
    year)."""
    since_precision: str | None
    """How much of ``since`` is known: ``"day"``, ``"month"`` or ``"year"``."""


def tenure_table(timeline: Timeline) -> Table[TenureRecord]:
    """Every tenure of ``timeline`` once, in the order they began (replay order)."""
    tenures = sorted(
        (tenure for spans in timeline.tenures.values() for tenure in spans),
        key=lambda tenure: replay_order(tenure.event),
    )
    today = measured_to(timeline)
    return Table(TenureRecord, tuple(_tenure_record(timeline, t, today) for t in tenures))


def _tenure_record(timeline: Timeline, tenure: Tenure, today: dt.date) -> TenureRecord:
    first = tenure.start.start
    last = today if tenure.end is None else tenure.end.start - dt.timedelta(days=1)
    at_start = _version_on(timeline, tenure.role, first)
    at_end = _version_on(timeline, tenure.role, max(first, last))
    # The stay the tenure belongs to (not the one covering its first day: a stay can begin
    # and end on one day, and cover none).
    stays = timeline.stints.get(tenure.person, ())
    stint = next((stay for stay in stays if belongs_to(tenure, stay)), None)
    departure = tenure.ended_by if isinstance(tenure.ended_by, Depart) else None
    spell = Spell.of(tenure, today)
    return TenureRecord(
        person=tenure.person,
        name=stint.name if stint else timeline.name_of(tenure.person),
        role=tenure.role,
        title=at_start.title if at_start else tenure.role,
        title_at_end=at_end.title if at_end else tenure.role,
        reports_to=at_start.reports_to if at_start else None,
        acting=tenure.acting,
        start=first,
        start_precision=tenure.start.precision.value,
        start_bound=tenure.start.bound,
        end=_day(tenure.end),
        end_precision=tenure.end.precision.value if tenure.end else None,
        end_bound=tenure.end.bound if tenure.end else None,
        running=tenure.end is None,
        days=spell.days,
        approximate=spell.approximate,
        ended_by=tenure.ended_by.kind if tenure.ended_by else None,
        reason=departure.reason if departure else None,
        destination=departure.destination if departure else None,
        source=spell.source,
        end_source=spell.end_source,
        seq=tenure.event.seq,
        end_seq=tenure.ended_by.seq if tenure.ended_by else None,
    )


def _version_on(timeline: Timeline, role: str, day: dt.date) -> RoleVersion | None:
    """How ``role`` stood on ``day``; when it changed or was abolished that very day, as it
    stood last before (the same choice as :func:`~orgsim.questions.spells.title_on`)."""
    version = timeline.role_at(role, day)
    if version is None:
        versions = timeline.versions.get(role, ())
        earlier = [v for v in versions if v.start.start <= day] or list(versions)
        return earlier[-1] if earlier else None
    return version


def _day(date: PartialDate | None) -> dt.date | None:
    return None if date is None else date.start


# What a chart table reads of a chart (a Protocol, since the chart imports this module).


class _Holder(Protocol):
    @property
    def person(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def acting(self) -> bool: ...
    @property
    def on_leave(self) -> bool: ...
    @property
    def since(self) -> PartialDate: ...


class _Role(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def reports_to(self) -> str | None: ...
    @property
    def dotted_to(self) -> tuple[str, ...]: ...
    @property
    def holder(self) -> _Holder | None: ...


class _Chart(Protocol):
    @property
    def date(self) -> dt.date: ...
    def walk(self) -> Iterator[tuple[int, _Role]]: ...


def chart_table(chart: _Chart) -> Table[ChartRecord]:
    """Every role on ``chart`` once, depth first from the tops as :meth:`Chart.walk
    <orgsim.questions.chart.Chart.walk>` goes, each with its holder that day."""
    rows: list[ChartRecord] = []
    for depth, role in chart.walk():
        holder = role.holder
        rows.append(
            ChartRecord(
                date=chart.date,
                role=role.id,
                title=role.title,
                reports_to=role.reports_to,
                dotted_to="; ".join(role.dotted_to) or None,
                depth=depth,
                vacant=holder is None,
                person=holder.person if holder else None,
                name=holder.name if holder else None,
                acting=holder.acting if holder else False,
                on_leave=holder.on_leave if holder else False,
                since=holder.since.start if holder else None,
                since_precision=holder.since.precision.value if holder else None,
            )
        )
    return Table(ChartRecord, tuple(rows))
