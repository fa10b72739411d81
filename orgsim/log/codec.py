"""Events to and from JSON: one compact object per line of the log.

Decoding is strict: an unknown kind, a missing or an unexpected field, or a value of the wrong
type is refused with what is wrong, because a log that is quietly half-understood is worse than
one that is refused. Encoding is canonical (fixed key order, no spaces), so the same event
always gives the same line and a log stays diffable.

A large log is read with a :class:`Decoder`: the same events and the same errors, several times
faster (see its docstring for how, and tests/property/test_decoder.py for the proof).
"""

from __future__ import annotations

import json
import weakref
from collections import Counter
from collections.abc import Callable
from typing import Any, Final

import attrs
import orjson

from orgsim.errors import InvalidEvent, OrgsimError
from orgsim.log.dates import PartialDate
from orgsim.log.events import DEPARTURE_REASONS, EVENT_TYPES, Event, field_shape, is_slug
from orgsim.log.upcasting import VERSIONS, upcast, version_to_write

__all__ = [
    "MISSING",
    "Decoder",
    "as_written",
    "decode",
    "decode_line",
    "encode",
    "encode_line",
    "parse_line",
]

_COMMON = ("seq", "kind", "on", "recorded", "source", "note")


def _fields(cls: type[Event]) -> tuple[attrs.Attribute[Any], ...]:
    return tuple(attrs.fields(cls))


def encode(event: Event) -> dict[str, Any]:
    """The JSON object of an event: common fields first, then the kind's own; defaults left out."""
    data: dict[str, Any] = {"seq": event.seq, "kind": event.kind, "on": str(event.on)}
    if event.recorded is not None:
        data["recorded"] = str(event.recorded)
    data["source"] = event.source
    if event.note is not None:
        data["note"] = event.note
    for field in _fields(type(event)):
        if field.name in _COMMON:
            continue
        value = getattr(event, field.name)
        default = field.default is not attrs.NOTHING and value == field.default
        if default and field.name not in event.always_written:
            continue
        data[field.name] = str(value) if isinstance(value, PartialDate) else value
    if event.kind in VERSIONS:
        version = version_to_write(event.kind, data)
        if version is not None:  # after the kind, as a line is read: its shape's version
            data = {"seq": data.pop("seq"), "kind": data.pop("kind"), "v": version, **data}
    return data


def encode_line(event: Event, *, current: bool = False) -> str:
    """One line of the log (without its line end).

    An event read from a line of an older version (see :mod:`orgsim.log.upcasting`) is
    written as that line, so that a copy of a log (``orgsim convert``) keeps every byte and
    hash. ``current`` writes it in the current version instead, as ``orgsim migrate`` does."""
    if not current and _AS_WRITTEN:
        line = as_written(event)
        if line is not None:
            return line
    return json.dumps(encode(event), ensure_ascii=False, separators=(", ", ": "))


#: The line each event read from an older version's line came from, by the event's identity
#: (equal events may have come from different lines); an entry goes with its event.
_AS_WRITTEN: dict[int, tuple[weakref.ref[Event], str]] = {}


def _remember(event: Event, line: str) -> None:
    key = id(event)
    _AS_WRITTEN[key] = (weakref.ref(event, lambda _: _AS_WRITTEN.pop(key, None)), line)


def as_written(event: Event) -> str | None:
    """The line (without ``prev``) ``event`` was read from, when it was upcast from an older
    version's line; None for an event read from a line of the current version, or built."""
    entry = _AS_WRITTEN.get(id(event))
    return entry[1] if entry is not None and entry[0]() is event else None


_PREV_KEY = ', "prev": "'


def _written(event: Event, raw: bytes, prev: Any) -> None:
    """Remember the line an upcast ``event`` was read from (``raw``, with the store's ``prev``
    taken off), when the store's chain holds it as orgsim writes lines: only then does
    writing that line again keep the hash."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # pragma: no cover - such a line never decodes
        return
    if prev is not MISSING:
        cut = text.rfind(_PREV_KEY)
        if cut < 0 or text[cut:] != f'{_PREV_KEY}{prev}"}}':
            return
        text = text[:cut] + "}"
    _remember(event, text)


def decode(data: object) -> Event:
    """The event a JSON object describes; :class:`InvalidEvent` says what is wrong otherwise."""
    return _decode(data)[0]


def _decode(data: object) -> tuple[Event, bool]:
    """:func:`decode`, and whether the object was of an older version (upcast on the way)."""
    if not isinstance(data, dict):
        raise InvalidEvent(f"an event must be a JSON object, not {type(data).__name__}")
    kind = data.get("kind")
    if not isinstance(kind, str):
        raise InvalidEvent(
            "missing field 'kind'" if kind is None else f"kind must be a string, not {kind!r}"
        )
    cls = EVENT_TYPES.get(kind)
    if cls is None:
        raise InvalidEvent(f"unknown event kind {kind!r} (known: {', '.join(sorted(EVENT_TYPES))})")
    upcast_from = None
    if kind in VERSIONS or "v" in data:
        upcast_from, data = data, upcast(kind, data)
    known = {field.name for field in _fields(cls)}
    extra = sorted(set(data) - known - {"kind"})
    if extra:
        raise InvalidEvent(f"unexpected field(s) for a {kind} event: {', '.join(extra)}")
    missing = [
        field.name
        for field in _fields(cls)
        if field.default is attrs.NOTHING and field.name not in data
    ]
    if "seq" not in data:
        missing.insert(0, "seq")
    if missing:
        raise InvalidEvent(f"missing field(s) for a {kind} event: {', '.join(missing)}")
    for name in ("on", "recorded"):
        value = data.get(name)
        if (
            name in data
            and not isinstance(value, str)
            and not (name == "recorded" and value is None)
        ):
            raise InvalidEvent(f"{name} must be a date string like '2024-09-25', not {value!r}")
    arguments = {key: value for key, value in data.items() if key != "kind"}
    older = (
        upcast_from is not None
        and {k: v for k, v in upcast_from.items() if k != "kind"} != arguments
    )
    try:
        return cls(**arguments), older
    except InvalidEvent:
        raise
    except (TypeError, ValueError) as exc:  # pragma: no cover - validators catch these first
        raise InvalidEvent(str(exc)) from None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        counts = Counter(key for key, _ in pairs)
        twice = sorted(key for key, count in counts.items() if count > 1)
        raise InvalidEvent(f"field(s) given twice: {', '.join(twice)}")
    return data


def parse_line(line: str) -> Any:
    """The JSON value on one line, parsed strictly (a key given twice is refused).

    Separate from :func:`decode_line` so that a store can take its own keys (the hash chain's
    ``prev``) off the object before the event is decoded.
    """
    try:
        return json.loads(line, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise InvalidEvent(f"not valid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise InvalidEvent("not valid JSON: nested too deeply") from None
    except InvalidEvent:  # a key given twice
        raise
    except ValueError:  # Python refuses to convert an integer of more than 4300 digits
        raise InvalidEvent("not valid JSON: a number too long to read") from None


def decode_line(line: str) -> Event:
    """The event on one line of a log."""
    event, older = _decode(parse_line(line))
    if older:
        _remember(event, line)
    return event


class _Doubt(Exception):
    """The fast path is not sure: the strict path decides (and words any error)."""


_Check = Callable[["Decoder", Any], Any]


# A check is called only for a value its memo (see ``_MEMO``) does not hold yet: it decides,
# and remembers what it accepts.


def _slug(decoder: Decoder, value: Any) -> Any:
    if type(value) is not str or not is_slug(value):
        raise _Doubt
    decoder._slugs[value] = value
    return value


def _optional_slug(decoder: Decoder, value: Any) -> Any:
    return None if value is None else _slug(decoder, value)


def _slugs(_: Decoder, value: Any) -> Any:
    # Never reached with a list: a line that holds one is parsed by the strict path (see
    # ``_fast_parse``), and dotted lines are rare enough that it costs nothing to notice.
    raise _Doubt


def _optional_slugs(decoder: Decoder, value: Any) -> Any:
    return None if value is None else _slugs(decoder, value)


def _text(decoder: Decoder, value: Any) -> Any:
    if type(value) is not str or not value.strip():
        raise _Doubt
    decoder._texts[value] = value
    return value


def _optional_text(decoder: Decoder, value: Any) -> Any:
    return None if value is None else _text(decoder, value)


def _date(decoder: Decoder, value: Any) -> Any:
    # Looked up here too: ``_recorded`` calls it with a memo of its own.
    known = decoder._dates.get(value) if type(value) is str else None
    if known is not None:
        return known
    if type(value) is not str:
        raise _Doubt
    try:
        date = PartialDate.parse(value)
    except OrgsimError:
        raise _Doubt from None
    decoder._dates[value] = date
    return date


def _recorded(decoder: Decoder, value: Any) -> Any:
    if value is None:
        return None
    date = _date(decoder, value)
    if date.bound is not None:
        raise _Doubt
    decoder._recorded_dates[value] = date
    return date


def _flag(_: Decoder, value: Any) -> Any:
    if type(value) is not bool:
        raise _Doubt
    return value


def _number(_: Decoder, value: Any) -> Any:
    if type(value) is not int or value < 0:
        raise _Doubt
    return value


def _reason(decoder: Decoder, value: Any) -> Any:
    if type(value) is not str or value not in DEPARTURE_REASONS:
        raise _Doubt
    decoder._reasons[value] = value
    return value


#: The fast check of each shape of field (:func:`~orgsim.log.events.field_shape`), and of the
#: same shape when it may be None.
_CHECKS: Final[dict[str, tuple[_Check, _Check]]] = {
    "date": (_date, _date),
    "recorded": (_recorded, _recorded),
    "slug": (_slug, _optional_slug),
    "slugs": (_slugs, _optional_slugs),
    "text": (_text, _optional_text),
    "flag": (_flag, _flag),
    "seq": (_number, _number),
    "reason": (_reason, _reason),
}


def _check_of(field: attrs.Attribute[Any]) -> _Check | None:
    """The fast check that accepts exactly what the field's validator and converter accept
    (anything in doubt goes to the strict path), or None for a field it does not know."""
    shape = field_shape(field)
    if shape is None:
        return None
    name, optional = shape
    return _CHECKS[name][optional]


@attrs.frozen
class _Plan:
    """How the fast path builds one kind of event: every field, its check and its default."""

    cls: type[Event]
    checks: dict[str, _Check]
    defaults: tuple[tuple[str, object], ...]
    required: frozenset[str]
    post_init: Callable[[Event], None] | None

    def shaped(self, keys: tuple[str, ...], decoder: Decoder) -> _Shape | None:
        """How ``decoder`` builds an event of this kind from an object with exactly ``keys``,
        in that order (without ``kind``); None when no such object is an event of it (a key
        it does not have, or one it needs left out): the strict path words why."""
        if not self.required <= set(keys) or not all(key in self.checks for key in keys):
            return None
        steps = tuple((key, self.checks[key], decoder.memo(self.checks[key])) for key in keys)
        defaults = tuple((name, value) for name, value in self.defaults if name not in keys)
        return _Shape(self.cls, steps, defaults, self.post_init)


#: The checks whose answers a :class:`Decoder` remembers, and where: for a value found there,
#: the check would return what is found without looking further.
_MEMO: Final[dict[_Check, str]] = {
    _slug: "_slugs",
    _optional_slug: "_slugs",
    _text: "_texts",
    _optional_text: "_texts",
    _date: "_dates",
    _recorded: "_recorded_dates",
    _reason: "_reasons",
}


@attrs.frozen(eq=False)
class _Shape:
    """A plan for objects with one set of keys in one order: a log written by orgsim has a
    few such shapes per kind, so which keys a line has and which are missing is decided once
    per shape, not once per line."""

    cls: type[Event]
    steps: tuple[tuple[str, _Check, dict[Any, Any]], ...]
    """Each key in the order the object holds them, with its check and what the decoder
    remembers of the check's answers."""
    defaults: tuple[tuple[str, object], ...]
    """The fields the object leaves out, with their defaults."""
    post_init: Callable[[Event], None] | None


def _plan(cls: type[Event]) -> _Plan | None:
    checks = {}
    for field in attrs.fields(cls):
        check = _check_of(field)
        if check is None:
            return None  # a field the fast path does not know: this kind always goes strict
        checks[field.name] = check
    fields = attrs.fields(cls)
    defaults = tuple((f.name, f.default) for f in fields if f.default is not attrs.NOTHING)
    required = {f.name for f in fields if f.default is attrs.NOTHING} | {"seq"}
    post_init = getattr(cls, "__attrs_post_init__", None)
    return _Plan(cls, checks, defaults, frozenset(required), post_init)


_PLANS: Final = {kind: _plan(cls) for kind, cls in EVENT_TYPES.items()}
#: The kinds whose lines may be of an older version (see :mod:`orgsim.log.upcasting`).
_UPCAST_KINDS: Final = frozenset(VERSIONS)
#: What :meth:`Decoder.decode_line` gives for a key to take that the line does not have.
MISSING: Final = object()
_SET = object.__setattr__


class Decoder:
    """Decodes the lines of one log: the same events and errors as :func:`decode_line`, faster.

    Each line is parsed by orjson and the event is built with checks fused per kind and per
    shape (which keys a line holds, in what order, is decided once per shape, not per line),
    with the dates, ids and texts seen before remembered (a large log repeats them: a million
    events of a 2,000-role organisation hold a few thousand dates), so equal values are also
    one object in memory, and a value remembered is taken without calling its check again.
    Anything the fast path is not sure of (a ``\\u`` escape, a field of an odd type, a key that
    may be given twice, an invalid value) is handed to the strict path, which decides and words
    the error: a fast path that accepted less would be slower, never wrong.

    A key given twice is ruled out without a parser hook: in a flat JSON object with no
    ``\\u`` escapes, the commas outside strings are one fewer than the keys written, and the
    commas inside strings are those of the values kept, so a line whose comma count is off by
    anything is doubted.
    """

    def __init__(self) -> None:
        self._dates: dict[str, PartialDate] = {}
        self._slugs: dict[str, str] = {}
        self._texts: dict[str, str] = {}
        self._recorded_dates: dict[str, PartialDate] = {}
        """The dates seen as a ``recorded``: those without a bound."""
        self._reasons: dict[str, str] = {}
        self._shapes: dict[tuple[str, tuple[str, ...]], _Shape | None] = {}

    def decode_line(self, raw: bytes, *, take: str | None = None) -> tuple[Event, Any]:
        """The event on one line (UTF-8 bytes), as :func:`decode_line` gives it, or its error.

        With ``take``, that key is taken off the object first (a store's own key, such as the
        hash chain's ``prev``) and its value returned beside the event (:data:`MISSING` when
        the line has none).
        """
        data = self._fast_parse(raw)
        if data is not None:
            taken = data.pop(take, MISSING) if take is not None else MISSING
            kind = data.pop("kind", None)
            current: dict[str, Any] | None = data
            if kind in _UPCAST_KINDS or "v" in data:
                try:
                    current = upcast(kind, data)
                except InvalidEvent:
                    current = None  # the strict path words the error
            shape = None if current is None else self._shape(kind, tuple(current))
            if shape is not None and current is not None:
                try:
                    event = self._build(shape, current)
                except _Doubt:
                    pass
                else:
                    if current is not data:
                        _written(event, raw, taken)
                    return event, taken
        # The strict path decides, from the line itself, and words any error.
        strict = parse_line(raw.decode("utf-8"))
        taken = strict.pop(take, MISSING) if take is not None and type(strict) is dict else MISSING
        event, older = _decode(strict)
        if older:
            _written(event, raw, taken)
        return event, taken

    def decode_text(self, line: str) -> Event:
        """The event on one line held as text (a database row), as :func:`decode_line`."""
        try:
            raw = line.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: the strict path words the error
            return decode_line(line)
        return self.decode_line(raw)[0]

    @staticmethod
    def _fast_parse(raw: bytes) -> dict[str, Any] | None:
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return None
        if type(data) is not dict:
            return None
        # Every quote written is one end of a key or of a string: the top-level keys kept and
        # their string values account for all of them only when no key was given twice (and
        # nothing nests strings, and no string holds an escaped quote).
        texts = 0
        for value in data.values():
            kind = type(value)
            if kind is str:
                texts += 1
            elif kind is float or kind is list or kind is dict:
                return None  # orjson reads an integer too long for 64 bits as a float
        return data if raw.count(b'"') == 2 * (len(data) + texts) else None

    def memo(self, check: _Check) -> dict[Any, Any]:
        """The answers of ``check`` this decoder remembers: each value found there is one the
        check accepts, and the object it returns for it (empty for a check that remembers
        nothing)."""
        return getattr(self, _MEMO[check]) if check in _MEMO else {}

    def _shape(self, kind: object, keys: tuple[str, ...]) -> _Shape | None:
        """How to build the event of an object of ``kind`` with ``keys`` (remembered per
        shape); None when the strict path must decide."""
        if type(kind) is not str:
            return None
        try:
            return self._shapes[kind, keys]
        except KeyError:
            plan = _PLANS.get(kind)
            shape = self._shapes[kind, keys] = plan.shaped(keys, self) if plan else None
            return shape

    def _build(self, shape: _Shape, data: dict[str, Any]) -> Event:
        event = object.__new__(shape.cls)
        for (name, check, memo), value in zip(shape.steps, data.values(), strict=True):
            checked = memo.get(value)  # most values were seen before: spare the check's call
            _SET(event, name, check(self, value) if checked is None else checked)
        for name, default in shape.defaults:
            _SET(event, name, default)
        if shape.post_init is not None:
            try:
                shape.post_init(event)
            except InvalidEvent:
                raise _Doubt from None
        return event
