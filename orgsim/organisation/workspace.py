"""A workspace: several organisations, one append-only log each, asked about together.

``orgsim.workspace()`` opens the bundled logs (OpenAI, and the organisations its leaders left
for); ``orgsim.workspace("logs/")`` every log in a folder (named by their files: a log
``thinking-machines-lab.jsonl`` is the organisation a departure to "Thinking Machines Lab"
names); ``orgsim.workspace("orgs.txt")`` the logs a small file lists,
one a line, each optionally with the title departures call it by::

    # orgs.txt: a log a line, by path (from this file's folder), bundled name or URL
    openai
    anthropic.jsonl = Anthropic
    postgresql:///hr?log=acme = Acme Corp

Each log stays its own append-only log, opened as :func:`~orgsim.load` opens it; what the
workspace adds is the moves between them (:mod:`orgsim.questions.flows`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import attrs

from orgsim.errors import OrgsimError
from orgsim.organisation.opening import load
from orgsim.organisation.organisation import Organisation
from orgsim.questions import flows as questions
from orgsim.questions.flows import TOLERANCE_DAYS, Disagreement, Flows, Move, Party, Side
from orgsim.store import BUNDLED
from orgsim.store.postgres import is_url
from orgsim.store.sqlite import SUFFIXES

__all__ = ["MovesDisagree", "Workspace", "flows", "workspace"]

#: What a file of a folder must be called to be one of its logs.
_LOG_SUFFIXES = (".jsonl", *SUFFIXES)


class MovesDisagree(OrgsimError):
    """The logs of a workspace tell a move between two of them differently (or only one tells
    it); ``disagreements`` lists each, and the message places every event in its log."""

    def __init__(self, message: str, disagreements: Sequence[Disagreement]) -> None:
        self.disagreements = tuple(disagreements)
        super().__init__(message)


@attrs.frozen
class _Entry:
    """One log a workspace opens: where, the organisation's name, and its title if given."""

    where: str
    name: str
    title: str | None


class Workspace:
    """Several organisations, by name, each an :class:`~orgsim.Organisation` of its own log."""

    def __init__(self, organisations: Mapping[str, Organisation], titles: Mapping[str, str]):
        if not organisations:
            raise OrgsimError("a workspace needs at least one log")
        self.organisations = dict(organisations)
        """Each organisation, by its name in the workspace."""
        self.titles = {name: titles.get(name, org.title) for name, org in organisations.items()}
        """What each is called (and what a destination or an origin names it by)."""

    @classmethod
    def open(cls, where: str | Path | None = None, *, lenient: bool = False) -> Workspace:
        """The bundled logs (``where`` None), every log in a folder, or the logs a list file
        names (see the module's introduction). Each log is opened as :func:`~orgsim.load`
        opens it: one that breaks a rule is refused, unless ``lenient``."""
        entries = _entries(where)
        organisations = {e.name: load(e.where, lenient=lenient) for e in entries}
        titles = {e.name: e.title for e in entries if e.title is not None}
        return cls(organisations, titles)

    def __repr__(self) -> str:
        return f"<Workspace: {', '.join(self.organisations)}>"

    def parties(self, known_on: str | dt.date | None = None) -> tuple[Party, ...]:
        return tuple(
            Party(name, self.titles[name], org.timeline(known_on))
            for name, org in self.organisations.items()
        )

    def moves(self, known_on: str | dt.date | None = None) -> tuple[Move, ...]:
        """Every move between organisations the logs tell, each with both its sides."""
        return questions.moves(self.parties(known_on))

    def flows(
        self,
        start: str | dt.date,
        end: str | dt.date,
        *,
        between: Iterable[str] | None = None,
        known_on: str | dt.date | None = None,
    ) -> Flows:
        """Who went from which organisation to which from ``start`` to ``end`` (both
        included); ``between`` keeps the flows among those organisations only."""
        return questions.flows(self.parties(known_on), start, end, between=between)

    def disagreements(self, tolerance_days: int = TOLERANCE_DAYS) -> tuple[Disagreement, ...]:
        """Every move between two of the organisations whose two logs do not agree."""
        return questions.disagreements(self.parties(), tolerance_days)

    def place(self, side: Side) -> str:
        """Where the event of one side of a move stands: its log's file and line."""
        return self.organisations[side.organisation].place(side.event.seq)

    def check(self, tolerance_days: int = TOLERANCE_DAYS) -> None:
        """Raise :class:`MovesDisagree` when a move between two of the organisations is told
        differently by their logs (or by one only), naming every line involved."""
        found = self.disagreements(tolerance_days)
        if found:
            lines = [f"{len(found)} move(s) the logs disagree on:"]
            lines += [f"  {self.describe(problem)}" for problem in found]
            raise MovesDisagree("\n".join(lines), found)

    def describe(self, problem: Disagreement) -> str:
        """A disagreement with the place of each event it involves."""
        places = "; ".join(f"{self.place(side)} ({side.event.brief()})" for side in problem.sides)
        return f"{places}: {problem.message}"


def workspace(where: str | Path | None = None, *, lenient: bool = False) -> Workspace:
    """Open a workspace: the bundled logs, a folder of logs, or a list file of them."""
    return Workspace.open(where, lenient=lenient)


def _entries(where: str | Path | None) -> list[_Entry]:
    if where is None:
        return [_Entry(name, name, title) for name, (_, title) in BUNDLED.items()]
    if isinstance(where, str) and (where in BUNDLED or is_url(where)):
        raise OrgsimError(f"{where}: a workspace is a folder of logs or a file listing them")
    if not str(where).strip():
        raise OrgsimError("a workspace is a folder of logs or a file listing them, not ''")
    path = Path(where)
    if path.is_dir():
        logs = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in _LOG_SUFFIXES)
        if not logs:
            raise OrgsimError(f"{path}: no logs in this folder (.jsonl or SQLite files)")
        return _unique(path, [(_Entry(str(p), p.stem, None), 0) for p in logs])
    if not path.is_file():
        raise OrgsimError(f"{path}: no such folder or file")
    if path.suffix in _LOG_SUFFIXES:
        raise OrgsimError(
            f"{path}: is a log; a workspace is a folder of logs or a file listing them"
        )
    return _unique(path, list(_listed(path)))


def _listed(path: Path) -> Iterable[tuple[_Entry, int]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise OrgsimError(f"{path}: cannot be read: {error}") from None
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        log, _, title = line.partition(" = ")
        log, title = log.strip(), title.strip()
        if log in BUNDLED or is_url(log):
            name = log if log in BUNDLED else _url_name(log)
            yield _Entry(log, name, title or None), number
            continue
        target = Path(log) if Path(log).is_absolute() else path.parent / log
        if not target.is_file():
            raise OrgsimError(f"{path}, line {number}: no log at {target}")
        yield _Entry(str(target), target.stem, title or None), number


def _url_name(url: str) -> str:
    """A PostgreSQL log's name in a workspace: its ``log`` parameter, else its database's name
    (a URL's own default log is called ``main``, which would name every such log alike)."""
    parts = urlsplit(url)
    named = [value for key, value in parse_qsl(parts.query) if key == "log" and value]
    return named[-1] if named else parts.path.strip("/").rsplit("/", 1)[-1] or "main"


def _unique(path: Path, entries: list[tuple[_Entry, int]]) -> list[_Entry]:
    seen: dict[str, int] = {}
    for entry, number in entries:
        if entry.name in seen:
            where = f", line {number}" if number else ""
            raise OrgsimError(
                f"{path}{where}: two logs are both named {entry.name!r} (rename one file)"
            )
        seen[entry.name] = number
    return [entry for entry, _ in entries]


def flows(
    start: str | dt.date,
    end: str | dt.date,
    *,
    between: Iterable[str] | None = None,
    workspace: Workspace | str | Path | None = None,
    known_on: str | dt.date | None = None,
) -> Flows:
    """Who went from which organisation to which from ``start`` to ``end`` (both included),
    in ``workspace`` (a :class:`Workspace`, or where to open one: by default the bundled logs);
    ``between`` keeps only the flows among those organisations."""
    opened = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    return opened.flows(start, end, between=between, known_on=known_on)
