"""Tenure spreadsheets to events: rows of "who held which position from when to when".

A row is a tenure: a person in a role from a start to an end (or still running). The rows are
read into tenures (every cell checked, see :mod:`orgsim.tabular.cells`), then walked in date
order, ends before starts on the same day, and turned into the events that say the same:

- a role is created at its first tenure (vacant before), under the role its row reports to
  (created then too, if it is not yet); a later row with another title or manager retitles or
  moves it at that row's start; the moves of one day come after its other events, the roles
  nearest a root at the end of the day first, so that no state in between makes a cycle that
  the day's end does not have;
- a person's first tenure is a hire; a tenure that starts while they are still in the
  organisation (holding another role, or one that ended that day) is a promotion (a second hat
  when they keep a role they hold);
- a tenure's end is a step-down when the person goes on holding a role or takes another that
  day, and otherwise a departure (reason unknown): "left" means "holds nothing any more";
- two people in one role at once, or one person twice, is refused (the later row names the
  earlier); rows that touch (one ends the day the next starts) are a handover that day, even
  between two rows of one person in one role (a spreadsheet that splits a term keeps the split).

Strict (the default), the first row that cannot be taken stops the import with its file, row,
column and reason. Lenient, every such row is left out and listed in :attr:`Imported.skipped`;
nothing is ever dropped silently, and no date is ever made up to make a row fit.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from orgsim.errors import InvalidEvent, OrgsimError
from orgsim.log.dates import PartialDate
from orgsim.log.events import CreateRole, Depart, Event, Hire, Promote, Reorg, StepDown
from orgsim.replay.rules import RuleViolation
from orgsim.replay.timeline import Timeline
from orgsim.tabular.cells import DEFAULT_FORMATS, DateReader, NotADate, slug

__all__ = ["Columns", "Imported", "RowError", "Skipped", "Tenancy", "import_csv"]

_REQUIRED = frozenset({"person", "role", "start", "end"})
#: Cells of an acting column that mean "acting" (any case).
_YES = frozenset({"1", "true", "yes", "y", "acting", "interim", "x"})


class RowError(OrgsimError):
    """A row that cannot be imported: its file, row (the header is row 1), column and why."""

    def __init__(self, path: str, row: int, column: str | None, reason: str) -> None:
        self.path, self.row, self.column, self.reason = path, row, column, reason
        where = f"{path}, row {row}" + (f", column {column!r}" if column else "")
        super().__init__(f"{where}: {reason}")


@attrs.frozen
class Columns:
    """Which column holds what. The defaults are the header ``orgsim export csv`` writes."""

    person: str = "person"
    role: str = "role"
    start: str = "start"
    end: str = "end"
    title: str | None = "title"
    reports_to: str | None = "reports_to"
    name: str | None = "name"
    acting: str | None = "acting"


@attrs.frozen
class Skipped:
    """A row left out of a lenient import, and why."""

    row: int
    column: str | None
    value: str
    reason: str


@attrs.frozen
class Tenancy:
    """One row read: a person in a role from ``start`` to ``end`` (None: still running)."""

    row: int
    person: str
    name: str
    role: str
    title: str
    reports_to: str | None
    manager_title: str | None
    start: PartialDate
    end: PartialDate | None
    acting: bool


@attrs.frozen
class _Move:
    """A row's new manager for its role (None: a root), held back until the row's day is over."""

    row: int
    on: PartialDate
    role: str
    manager: str | None


@attrs.frozen
class Imported:
    """What an import makes: events ready to append (numbered after the log imported into),
    and the rows left out."""

    events: tuple[Event, ...]
    skipped: tuple[Skipped, ...]
    rows: int


def _cells(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            yield from enumerate(csv.reader(handle), start=1)
    except FileNotFoundError:
        raise OrgsimError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise OrgsimError(f"{path}: not UTF-8 text (byte {error.start + 1})") from None
    except csv.Error as error:
        raise OrgsimError(f"{path}: not a CSV file: {error}") from None


class _Reader:
    """Reads rows into tenancies, keeping every row it could not take."""

    def __init__(self, path: Path, columns: Columns, formats: Sequence[str], lenient: bool):
        self.path, self.columns, self.lenient = path, columns, lenient
        self.dates = DateReader(formats)
        self.skipped: list[Skipped] = []
        self.index: dict[str, int] = {}
        self.width = 0

    def refuse(self, row: int, column: str | None, value: str, reason: str) -> None:
        if not self.lenient:
            raise RowError(str(self.path), row, column, reason)
        self.skipped.append(Skipped(row, column, value, reason))

    def header(self, cells: list[str]) -> None:
        names = [cell.strip() for cell in cells]
        self.width = len(names)
        for field in attrs.fields(Columns):
            name = getattr(self.columns, field.name)
            if name is None:
                continue
            if names.count(name) > 1:
                raise OrgsimError(f"{self.path}: the header has the column {name!r} twice")
            if name in names:
                self.index[field.name] = names.index(name)
            elif field.name in _REQUIRED or name != field.default:
                shown = ", ".join(repr(n) for n in names if n)
                raise OrgsimError(
                    f"{self.path}: no column {name!r} for --{field.name.replace('_', '-')} "
                    f"(the columns are {shown})"
                )
            # else: an optional column of the default shape that this file does not have

    def cell(self, cells: list[str], field: str) -> str:
        at = self.index.get(field)
        return cells[at].strip() if at is not None else ""

    def tenancy(self, row: int, cells: list[str]) -> Tenancy | None:
        if len(cells) != self.width:
            self.refuse(row, None, ",".join(cells)[:60], f"{len(cells)} cells where the header "
                        f"has {self.width}")  # fmt: skip
            return None
        column = attrs.asdict(self.columns)
        person, role = self.cell(cells, "person"), self.cell(cells, "role")
        for field, value in (("person", person), ("role", role)):
            if not value:
                self.refuse(row, column[field], value, f"no {field.replace('_', ' ')}")
                return None
        try:
            start_text = self.cell(cells, "start")
            if not start_text:
                self.refuse(row, column["start"], start_text, "no start date")
                return None
            start = self.dates.read(start_text)
        except NotADate as problem:
            self.refuse(row, column["start"], start_text, str(problem))
            return None
        end_text = self.cell(cells, "end")
        try:
            end = self.dates.read_end(end_text)
        except NotADate as problem:
            self.refuse(row, column["end"], end_text, str(problem))
            return None
        if end is not None and end.start < start.start:
            self.refuse(row, column["end"], end_text, f"ends ({end}) before it starts ({start})")
            return None
        manager = self.cell(cells, "reports_to") or None
        return Tenancy(
            row=row,
            person=slug(person),
            name=self.cell(cells, "name") or person,
            role=slug(role),
            title=self.cell(cells, "title") or role,
            reports_to=slug(manager) if manager else None,
            manager_title=manager,
            start=start,
            end=end,
            acting=self.cell(cells, "acting").casefold() in _YES,
        )


def read_tenancies(
    path: Path,
    columns: Columns,
    formats: Sequence[str],
    lenient: bool,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Tenancy], list[Skipped], int]:
    """Every row of the file that reads as a tenancy; the rows that do not (lenient); and
    how many data rows there were."""
    reader = _Reader(path, columns, formats, lenient)
    found: list[Tenancy] = []
    rows = 0
    for number, cells in _cells(path):
        if number == 1:
            reader.header(cells)
            continue
        if progress is not None:
            progress(1)
        if not any(cell.strip() for cell in cells):
            continue  # a blank row holds nothing to take
        rows += 1
        tenancy = reader.tenancy(number, cells)
        if tenancy is not None:
            found.append(tenancy)
    return found, reader.skipped, rows


def _overlaps(before: Tenancy, after: Tenancy) -> bool:
    return before.end is None or after.start.start < before.end.start


def _one_holder(tenancies: list[Tenancy]) -> Iterator[tuple[Tenancy, str]]:
    """The rows that put a second person in a role already held (or the same person, acting
    and not, at once), and why. Rows come in start order; each role remembers the tenancy that
    runs latest."""
    latest: dict[str, Tenancy] = {}
    for tenancy in tenancies:
        before = latest.get(tenancy.role)
        if before is not None and _overlaps(before, tenancy):
            until = f"until {before.end}" if before.end else "with no end"
            who = "the same person, " + ("acting" if before.acting else "not acting")
            holder = before.name if before.person != tenancy.person else who
            yield (
                tenancy,
                (
                    f"{tenancy.title!r} is held by {holder} (row {before.row}, {until}) when this "
                    f"row starts ({tenancy.start})"
                ),
            )
            continue
        if before is None or (
            before.end is not None and (tenancy.end is None or tenancy.end > before.end)
        ):
            latest[tenancy.role] = tenancy


def _spelling(name: str) -> str:
    """A name as compared for "the same name": case and runs of spaces do not count."""
    return " ".join(name.casefold().split())


def events_of(
    tenancies: list[Tenancy],
    source: Callable[[int], str],
    base: Timeline | None = None,
    first: int = 1,
    recorded: PartialDate | None = None,
) -> list[tuple[Event, int]]:
    """The events that tell the tenancies, each with the row it comes from, in replay order,
    numbered from ``first``.

    With ``base`` (the log imported into), a role that exists there on a row's start is not
    created again, a person who is in it then is promoted rather than hired, and one who keeps
    a role of it steps down rather than leaves.
    """

    def in_base(person: str, day: dt.date) -> bool:
        return base is not None and base.stint_at(person, day) is not None

    def holds_in_base(person: str, day: dt.date) -> bool:
        if base is None:
            return False
        return any(t.covers(day) for t in base.roles_held.get(person, ()))

    # On one day: the ends of tenures that began earlier (a handover frees the seat first),
    # then the starts in row order, a tenure that ends the day it starts ending right after
    # its own start.
    moments = [(t.start.start, 1, t.row, 0, t) for t in tenancies]
    moments += [
        (t.end.start, 1, t.row, 1, t)
        if t.end.start == t.start.start
        else (t.end.start, 0, t.row, 0, t)
        for t in tenancies
        if t.end is not None
    ]
    moments.sort(key=lambda m: m[:4])
    # Who starts a tenure on a day, under which name: a person whose tenure ends that day and
    # who starts another under the same name stays; under another name, they left and came back.
    starts_on: dict[tuple[str, dt.date], set[str]] = defaultdict(set)
    for t in tenancies:
        starts_on[(t.person, t.start.start)].add(_spelling(t.name))
    names: dict[str, str] = {}
    roles: dict[str, tuple[str, str | None]] = {}
    held: dict[str, set[str]] = defaultdict(set)
    present: set[str] = set()
    moves: dict[str, _Move] = {}  # the reporting lines that change on moves_day, by role
    moves_day = dt.date.min
    out: list[tuple[Event, int]] = []

    def emit(kind: type[Event], row: int, on: PartialDate, **fields: Any) -> None:
        """Add an event of ``kind`` from ``row``: its source, seq and recorded are the run's."""
        event = kind(on=on, source=source(row), seq=len(out) + first, recorded=recorded, **fields)
        out.append((event, row))

    def manager_at(role: str, day: dt.date) -> str | None:
        """``role``'s manager as the import leaves it at the end of ``day``."""
        if role in roles:
            return roles[role][1]
        version = base.role_at(role, day) if base else None
        return version.reports_to if version else None

    def depth(move: _Move) -> float:
        """How far below a root ``move.role`` is at the end of its day (infinite on a cycle,
        which the replay refuses with the row that makes it)."""
        seen: set[str] = set()
        role: str | None = move.role
        while role is not None:
            if role in seen:
                return math.inf
            seen.add(role)
            role = manager_at(role, move.on.start)
        return len(seen)

    def move_all() -> None:
        """Emit the day's moves, shallowest first in the chart the day ends with.

        Rows give a day's changes in any order: the role put under another may come before
        the move that takes that other out from under it. Taken shallowest first, each role
        goes under a manager whose own line is already as the day leaves it, so a cycle in
        between is one the day's end has too, and the replay refuses that row."""
        for move in sorted(moves.values(), key=depth):
            if move.manager is None:
                emit(Reorg, move.row, move.on, role=move.role, root=True)
            else:
                emit(Reorg, move.row, move.on, role=move.role, reports_to=move.manager)
        moves.clear()

    for day, phase, row, sub, t in moments:
        if moves and day != moves_day:
            move_all()
        is_start = phase == 1 and sub == 0
        when = t.start if is_start else t.end
        assert when is not None
        if not is_start:
            held[t.person].discard(t.role)
            stays = _spelling(names.get(t.person, "")) in starts_on.get((t.person, day), ())
            if held[t.person] or stays or holds_in_base(t.person, day):
                emit(StepDown, row, when, person=t.person, role=t.role)
            else:
                emit(Depart, row, when, person=t.person, reason="unknown")
                present.discard(t.person)
            continue
        manager = t.reports_to
        for known in (manager, t.role):
            version = base.role_at(known, day) if base and known and known not in roles else None
            if version is not None and known is not None:
                roles[known] = (version.title, version.reports_to)
        if manager is not None and manager not in roles:
            emit(CreateRole, row, when, role=manager, title=t.manager_title or manager)
            roles[manager] = (t.manager_title or manager, None)
        if t.role not in roles:
            emit(CreateRole, row, when, role=t.role, title=t.title, reports_to=manager)
        else:
            title, reports_to = roles[t.role]
            if title != t.title:
                emit(Reorg, row, when, role=t.role, title=t.title)
            if reports_to != manager:
                moves[t.role] = _Move(row, when, t.role, manager)
                moves_day = day
        roles[t.role] = (t.title, manager)
        renamed = t.person in names and _spelling(names[t.person]) != _spelling(t.name)
        if t.person in present and renamed and not held[t.person]:
            # Present, holding nothing, and under another name: a name belongs to a stint, so
            # they left and came back (the day of the row is the only day known for both).
            emit(Depart, row, when, person=t.person, reason="unknown")
            present.discard(t.person)
        if t.person in present or in_base(t.person, day):
            present.add(t.person)
            names.setdefault(t.person, t.name)
            additional = bool(held[t.person]) or holds_in_base(t.person, day)
            emit(
                Promote,
                row,
                when,
                person=t.person,
                role=t.role,
                acting=t.acting,
                additional=additional,
            )
        else:
            emit(Hire, row, when, person=t.person, name=t.name, role=t.role, acting=t.acting)
            present.add(t.person)
            names[t.person] = t.name
        held[t.person].add(t.role)
    move_all()
    return out


def import_csv(
    path: str | Path,
    *,
    columns: Columns | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    source: str | None = None,
    lenient: bool = False,
    after: Sequence[Event] = (),
    recorded: PartialDate | None = None,
    progress: Callable[[int], None] | None = None,
) -> Imported:
    """The events a tenure spreadsheet (CSV) tells, checked against every rule on top of the
    events ``after`` (a log to import into). Strict, the first bad row raises
    :class:`RowError`; lenient, bad rows are left out and listed in ``skipped``.

    Each event's source is ``"FILE, row N"`` (after ``source`` and a colon, when given), and
    its ``recorded`` date is ``recorded`` (the CLI gives the day of the import).
    """
    file = Path(path)
    tenancies, skipped, rows = read_tenancies(
        file, columns or Columns(), formats, lenient, progress
    )
    prefix = f"{source}: " if source else ""

    def cite(row: int) -> str:
        return f"{prefix}{file.name}, row {row}"

    def refuse(row: int, column: str | None, reason: str) -> None:
        if not lenient:
            raise RowError(str(file), row, column, reason)
        skipped.append(Skipped(row, column, "", reason))

    kept = sorted(tenancies, key=lambda t: (t.start.start, t.row))
    base = Timeline.build(list(after)) if after else None
    for tenancy in list(kept):
        holder = base.holder_at(tenancy.role, tenancy.start.start) if base else None
        if holder is not None:
            refuse(
                tenancy.row,
                None,
                f"{tenancy.title!r} is held by {holder.person} in the log then "
                f"(since {holder.start}, event #{holder.event.seq})",
            )
            kept.remove(tenancy)
    for tenancy, reason in list(_one_holder(kept)):
        refuse(tenancy.row, None, reason)
        kept.remove(tenancy)
    while True:
        try:
            pairs = events_of(kept, cite, base, len(after) + 1, recorded)
        except InvalidEvent as error:  # a cell that makes no valid event (a name too long...)
            raise OrgsimError(f"{file}: {error}") from None
        events = tuple(event for event, _ in pairs)
        row_of = {id(event): row for event, row in pairs}
        try:
            Timeline.build([*after, *events])
        except RuleViolation as violation:
            index = violation.event.seq - len(after) - 1
            if index < 0:
                raise
            row = row_of[id(events[index])]
            refuse(row, None, f"rule {violation.rule} ({violation.rule_name}): {violation.message}")
            kept = [t for t in kept if t.row != row]
            continue
        skipped.sort(key=lambda s: s.row)
        return Imported(events, tuple(skipped), rows)
