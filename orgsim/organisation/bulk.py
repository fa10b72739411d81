"""A JSON Lines log checked in bulk: every line, the hash chain and every rule, without making
one event object, for ``orgsim validate`` on a large log.

Reading a log the usual way makes an attrs :class:`~orgsim.log.events.Event` per line and replays
it, and at a million events that is most of the cost of a validation. Here a megabyte of lines
is decoded at once by msgspec into typed records whose field checks (a slug's shape, a
non-blank text, a departure's reason, a seq that is a whole number) run in C, typed from the
event classes' own fields and validators, so that the two never disagree about what a field may
hold. The numbering, the chain and the dates are checked a chunk at a time, and the rules on
plain dictionaries of who holds what.

This is a second statement of rules 1, 2, 3 and 5 (:mod:`orgsim.replay.rules` holds the first), made
for speed; rule 6 is decided by :func:`orgsim.replay.rules.withdrawn` itself, on the retractions and
the events they name. It answers only one way: :func:`check_jsonl` returns a :class:`Checked`
for a log it has proved sound, and None whenever it is not sure, for anything at all: a line
it cannot decode, a ``\\u`` escape or a carriage return in a chunk, a key given twice, a broken
chain, a broken rule. The caller then reads the log the usual way, which decides and words
every problem. A fast path that refused more would only be slower;
tests/property/test_bulk_properties.py proves that it never calls sound a log the usual
reading refuses, and that it is sure of every sound log without a ``\\u`` escape.

A log whose dates rise line by line and which retracts nothing (most large logs) is read once;
one with backdated lines or retractions is decoded again from memory (without the field
checks), to find what the retractions withdraw and to check the rules in replay order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import partial
from itertools import compress
from typing import Any, Final

import attrs
import msgspec
from msgspec import UNSET

from orgsim.collector import quiet_collector
from orgsim.errors import InvalidEvent, OrgsimError
from orgsim.log import events as _events
from orgsim.log.dates import PartialDate
from orgsim.log.events import Event, Retract
from orgsim.organisation.records import CLASSES, DECODER, LOOSE_DECODER, LOOSE_RECORDS, RECORDS
from orgsim.progress import Progress, within
from orgsim.replay.replay import Checked
from orgsim.replay.rules import RuleViolation, withdrawn
from orgsim.store.chain import GENESIS
from orgsim.store.jsonl import JsonlStore

__all__ = ["check_jsonl"]

_ENCODER: Final = msgspec.json.Encoder()


_IS_RETRACT: Final = partial(operator.is_, RECORDS["retract"])
_SEQ: Final = operator.attrgetter("seq")
_PREV: Final = operator.attrgetter("prev")
_ON: Final = operator.attrgetter("on")
_RECORDED: Final = operator.attrgetter("recorded")
_SOURCE: Final = operator.attrgetter("source")
_SOURCE_FIELD: Final = attrs.fields(Event).source
_HEX: Final = operator.methodcaller("hexdigest")


class _Unsure(Exception):
    """Not proved sound: the usual reading decides."""


def check_jsonl(store: JsonlStore, progress: Progress | None = None) -> Checked | None:
    """What the JSON Lines log of ``store`` holds when it is proved to read and to obey every
    rule (as :func:`~orgsim.replay.replay.check_log` says of it), else None: the log may still be
    sound, and the caller reads it the usual way to decide. ``progress`` is told the share of
    the lines checked."""
    chunks = store.chunks()
    try:
        with quiet_collector():
            events, rules = _read(chunks, progress)
    except _Unsure:
        return None
    return Checked(store.name, events, len(rules.hired), len(rules.created))


def _read(chunks: list[bytes], progress: Progress | None) -> tuple[int, _Rules]:
    """How many lines ``chunks`` hold, each line's field checks, seq, chain link and dates
    proved as the store proves them, and the rules that checked every event.

    Each check runs over a chunk's lines at once, in C where it can (``map`` over the records
    and lines), not one Python statement per line, and nothing is kept of a chunk's records
    once it is checked (a million of them held would cost a gigabyte). The rules check each
    chunk as it is read, in line order, which is replay order (rule 5: by the day the date
    starts, then by seq) in a log whose dates rise line by line. In one where they do not (a
    backdated event, which replay takes before lines above it), or that holds a retraction,
    the rules are checked again from the start, in replay order and without the events
    withdrawn, once every line is proved (:func:`_withdrawn`, :func:`_in_replay_order`).
    """
    if chunks and chunks[0].startswith(b"\xef\xbb\xbf"):
        raise _Unsure
    first_pass = within(progress, 0.0, 0.8)
    rules = _Rules(RECORDS)
    broken = False  # a rule broken in line order: the log is unsure, if that is replay order
    retractions: list[Any] = []
    starts: list[dt.date] = []
    in_order = True
    days: dict[str, dt.date] = {}
    known: set[object] = {UNSET, None}  # the ``recorded`` values proved valid
    sources: set[str] = set()  # the sources proved valid
    head = GENESIS
    chained: bool | None = None
    for share, lines in _whole_lines(chunks):
        if first_pass is not None:
            first_pass(share)
        decoded = _decode(lines)
        first = len(starts) + 1
        if list(map(_SEQ, decoded)) != list(range(first, first + len(decoded))):
            raise _Unsure
        prevs = list(map(_PREV, decoded))
        if chained is None:
            chained = prevs[0] is not UNSET
        if chained:  # each line's prev is the hash of the line before
            hashes = list(map(_HEX, map(hashlib.sha256, lines)))
            hashes.insert(0, head)
            head = hashes.pop()
            if prevs != hashes:
                raise _Unsure
        elif prevs.count(UNSET) != len(prevs):
            raise _Unsure
        ons = list(map(_ON, decoded))
        for on in set(ons).difference(days):
            days[on] = _start(on)
        now = list(map(days.__getitem__, ons))
        if in_order:
            in_order = (not starts or starts[-1] <= now[0]) and all(map(operator.le, now, now[1:]))
        starts.extend(now)
        for value in set(map(_RECORDED, decoded)).difference(known):
            _start(value, recorded=True)
            known.add(value)
        for value in set(map(_SOURCE, decoded)).difference(sources):
            try:
                _events._text(None, _SOURCE_FIELD, value)
            except InvalidEvent:
                raise _Unsure from None
            sources.add(value)
        retractions.extend(compress(decoded, map(_IS_RETRACT, map(type, decoded))))
        if in_order and not broken and not retractions:
            try:
                rules.check(decoded)
            except _Unsure:
                broken = True
    if retractions or not in_order:
        skip = _withdrawn(chunks, retractions) if retractions else set()
        rules = _in_replay_order(chunks, starts, skip, within(progress, 0.8, 1.0))
    elif broken:
        raise _Unsure
    if progress is not None:
        progress(1.0)
    return len(starts), rules


def _whole_lines(chunks: list[bytes]) -> Iterator[tuple[float, list[bytes]]]:
    """The lines of ``chunks`` a chunk at a time (a line cut by a chunk's end goes with the
    next), each batch with the share of the chunks read before it; unsure, at the end, of a
    torn last line."""
    rest = b""
    for number, chunk in enumerate(chunks):
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        if lines:
            yield number / len(chunks), lines
    if rest:
        raise _Unsure


def _array(lines: list[bytes]) -> bytes:
    """``lines`` as one JSON array, for one decoder call."""
    return b"[" + b",".join(lines) + b"]"


def _loose(chunks: list[bytes]) -> Iterator[list[Any]]:
    """The records of ``chunks`` again, a chunk at a time, decoded without the field checks:
    for lines already proved."""
    for _, lines in _whole_lines(chunks):
        yield LOOSE_DECODER.decode(_array(lines))


def _withdrawn(chunks: list[bytes], retractions: list[Any]) -> set[int]:
    """The seqs of the lines replay leaves out: the ``retractions`` and the events they
    withdraw, decided by rule 6 itself (:func:`~orgsim.replay.rules.withdrawn`) on the retractions
    and the events they name, read again from ``chunks``; unsure when rule 6 is broken."""
    retracts = [_valid_event(record) for record in retractions]
    targets = sorted({event.target for event in retracts if isinstance(event, Retract)})
    named: dict[int, Event] = {}
    read = 0
    for decoded in _loose(chunks):
        for seq in targets[
            bisect_left(targets, read + 1) : bisect_right(targets, read + len(decoded))
        ]:
            named[seq] = _valid_event(decoded[seq - 1 - read])
        read += len(decoded)
    named.update((event.seq, event) for event in retracts)
    try:
        taken = withdrawn([named[seq] for seq in sorted(named)])
    except RuleViolation:
        raise _Unsure from None
    return taken | {event.seq for event in retracts}


def _in_replay_order(
    chunks: list[bytes], starts: list[dt.date], skip: set[int], progress: Progress | None
) -> _Rules:
    """The rules over every line of ``chunks`` but the seqs in ``skip``, in replay order: by
    the day each line's date ``starts``, then by line. Each chunk is decoded again, without
    the field checks (every line is proved by now), and its records are checked as soon as
    every record before them in replay order has been read: a backdated event waits only for
    the lines it goes before."""
    order = sorted(range(len(starts)), key=starts.__getitem__)  # stable: ties stay in seq order
    rules = _Rules(LOOSE_RECORDS)
    waiting: dict[int, Any] = {}
    read = checked = 0
    for decoded in _loose(chunks):
        if progress is not None:
            progress(read / len(starts))
        waiting.update(zip(range(read, read + len(decoded)), decoded, strict=True))
        read += len(decoded)
        ready = []
        while checked < len(order) and order[checked] < read:
            index = order[checked]
            checked += 1
            record = waiting.pop(index)
            if index + 1 not in skip:  # a seq is its line's index plus one
                ready.append(record)
        rules.check(ready)
    return rules


def _decode(lines: list[bytes]) -> list[Any]:
    """The record of each of ``lines``, decoded at once."""
    body = _array(lines)
    # A \u escape can spell a quote or a lone surrogate; a \r can end a line the chain
    # refuses: lines with either are read the usual way. (A search for one byte is the
    # fastest there is: most logs hold no backslash at all.)
    if b"\r" in body or (b"\\" in body and b"\\u" in body):
        raise _Unsure
    try:
        decoded: list[Any] = DECODER.decode(body)
    except (msgspec.MsgspecError, ValueError):  # UnicodeDecodeError for bytes not UTF-8
        raise _Unsure from None
    # One value per line (a line holding two objects, or none, is refused above or here), and
    # no key given twice: written back, the records hold a quote for every quote of the lines
    # only when no line gave a key twice (a key given twice keeps one value, and its quotes go).
    if len(decoded) != len(lines):
        raise _Unsure
    if _ENCODER.encode(decoded).count(b'"') != body.count(b'"'):
        raise _Unsure
    return decoded


def _start(text: str, *, recorded: bool = False) -> dt.date:
    """The day the date ``text`` starts; unsure when it is no date, or (``recorded``) only a
    bound. A plain ``YYYY-MM-DD``, nearly every date of a large log, is read by the standard
    library, which accepts exactly the days :meth:`PartialDate.parse` accepts in that form."""
    if (
        len(text) == 10
        and text[4] == text[7] == "-"
        and text.isascii()
        and (text[:4] + text[5:7] + text[8:]).isdigit()
    ):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise _Unsure from None
    try:
        date = PartialDate.parse(text)
    except OrgsimError:
        raise _Unsure from None
    if recorded and date.bound is not None:
        raise _Unsure
    return date.start


def _valid_event(record: Any) -> Event:
    """The event of ``record``, built the usual way, for the checks an event makes across its
    fields (``__attrs_post_init__``) and for rule 6: only for the few records that need it."""
    fields = {
        name: value
        for name in record.__struct_fields__
        if name != "prev" and (value := getattr(record, name)) is not UNSET
    }
    try:
        return CLASSES[type(record)](**fields)
    except InvalidEvent:
        raise _Unsure from None


#: The kinds :meth:`_Rules.check` tells apart (a retraction is the one it leaves out).
_KINDS: Final = ("hire", "depart", "promote", "role", "reorg", "stepdown", "leave", "return")


class _Rules:
    """Rules 1, 2 and 3 as :class:`~orgsim.replay.timeline.Replay` checks them, on plain
    dictionaries of who holds what (see the module's docstring): any broken rule, or a retraction,
    is unsure."""

    def __init__(self, records: dict[str, type[msgspec.Struct]]) -> None:
        self.kinds = tuple(records[kind] for kind in _KINDS)
        """The record classes of the kinds :meth:`check` tells apart, in its order."""
        self.reports_to: dict[str, str | None] = {}
        """Every role now, and its manager."""
        self.reports: dict[str, int] = {}
        """Per role, how many roles report to it."""
        self.holders: dict[str, str] = {}
        """Per role held, its holder. (Whether acting is left out: no rule reads it.)"""
        self.held: dict[str, list[str]] = {}
        """Everyone present, and the roles they hold."""
        self.away: set[str] = set()
        """Everyone on leave."""
        self.hired: set[str] = set()
        self.created: set[str] = set()

    def check(self, records: list[Any]) -> None:
        """Check and apply ``records``, in replay order."""
        reports_to, reports, holders = self.reports_to, self.reports, self.holders
        held, away, hired, created = self.held, self.away, self.hired, self.created
        hire, depart, promote, role_, reorg, stepdown, leave, return_ = self.kinds
        for record in records:
            kind = type(record)
            if kind is hire:
                person, role = record.person, record.role
                if person in held:
                    raise _Unsure
                hired.add(person)
                if role is None or role is UNSET:
                    if record.acting is True:  # built the usual way: acting needs a role
                        _valid_event(record)
                    held[person] = []
                    continue
                if role not in reports_to or role in holders:
                    raise _Unsure
                held[person] = [role]
                holders[role] = person
            elif kind is depart:
                roles = held.pop(record.person, None)
                if roles is None:
                    raise _Unsure
                for role in roles:
                    del holders[role]
                away.discard(record.person)
            elif kind is promote:
                person, role = record.person, record.role
                roles = held.get(person)
                if roles is None or role not in reports_to:
                    raise _Unsure
                holder = holders.get(role)
                if holder is not None and holder != person:
                    raise _Unsure
                if record.additional is not True:
                    for other in [r for r in roles if r != role]:
                        del holders[other]
                        roles.remove(other)
                if role not in roles:
                    holders[role] = person
                    roles.append(role)
            elif kind is role_:
                role, manager = record.role, record.reports_to
                if role in reports_to or record.dotted_to:  # dotted lines: see _reorg
                    raise _Unsure
                if manager is UNSET or manager is None:
                    manager = None
                elif manager not in reports_to:
                    raise _Unsure
                else:
                    reports[manager] = reports.get(manager, 0) + 1
                reports_to[role] = manager
                created.add(role)
            elif kind is reorg:
                self._reorg(record)
            elif kind is stepdown:
                person, role = record.person, record.role
                holder = holders.get(role)
                if person not in held or holder != person:
                    raise _Unsure
                del holders[role]
                held[person].remove(role)
            elif kind is leave:
                if record.person not in held or record.person in away:
                    raise _Unsure
                away.add(record.person)
            elif kind is return_:
                if record.person not in held or record.person not in away:
                    raise _Unsure
                away.remove(record.person)
            else:  # a retraction: rule 6 decides what is replayed at all
                raise _Unsure

    def _reorg(self, record: Any) -> None:
        reports_to, reports = self.reports_to, self.reports
        _valid_event(record)  # a reorg changes something, and not two contrary things
        role = record.role
        # Dotted lines are not followed here (they are rare): a log that draws any is left
        # to the usual reading, so that an abolition here never has a dotted report to check
        # (and a reorg that ends them all, in a log that has none, changes nothing here).
        if role not in reports_to or record.dotted_to:
            raise _Unsure
        before = reports_to[role]
        if record.abolished is True:
            if role in self.holders or reports.get(role):
                raise _Unsure
            del reports_to[role]
            if before is not None:
                reports[before] -= 1
            return
        manager = record.reports_to
        if manager is not UNSET and manager is not None:
            if manager not in reports_to:
                raise _Unsure
            above: str | None = manager
            while above is not None:  # no cycle
                if above == role:
                    raise _Unsure
                above = reports_to[above]
            after: str | None = manager
        elif record.root is True:
            after = None
        else:
            return  # a new title only
        if before is not None:
            reports[before] -= 1
        if after is not None:
            reports[after] = reports.get(after, 0) + 1
        reports_to[role] = after
