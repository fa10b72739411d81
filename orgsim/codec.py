"""Events to and from JSON: one compact object per line of the log.

Decoding is strict: an unknown kind, a missing or an unexpected field, or a value of the wrong
type is refused with what is wrong, because a log that is quietly half-understood is worse than
one that is refused. Encoding is canonical (fixed key order, no spaces), so the same event
always gives the same line and a log stays diffable.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import attrs

from orgsim.dates import PartialDate
from orgsim.errors import InvalidEvent
from orgsim.events import EVENT_TYPES, Event

__all__ = ["decode", "decode_line", "encode", "encode_line", "parse_line"]

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
    return data


def encode_line(event: Event) -> str:
    """One line of the log (without its line end)."""
    return json.dumps(encode(event), ensure_ascii=False, separators=(", ", ": "))


def decode(data: object) -> Event:
    """The event a JSON object describes; :class:`InvalidEvent` says what is wrong otherwise."""
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
    try:
        return cls(**arguments)
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
    return decode(parse_line(line))
