"""The event classes' fields as msgspec records, for the bulk check
(:mod:`~orgsim.organisation.bulk`).

Each kind of line gets a typed record made from its event class's own fields and validators
(:func:`~orgsim.log.events.field_shape`), so that the fast reader and the events never disagree
about what a field may hold: a slug's shape, a non-blank text, a departure's reason, a seq that
is a whole number, each checked by msgspec in C. :data:`DECODER` checks every field;
:data:`LOOSE_DECODER` reads again lines already proved, checking nothing.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal, Union

import attrs
import msgspec
from msgspec import UNSET, Meta, UnsetType

from orgsim.log import events as _events
from orgsim.log.events import DEPARTURE_REASONS, EVENT_TYPES, Event, field_shape
from orgsim.log.upcasting import VERSIONS

__all__ = ["CLASSES", "DECODER", "LOOSE_DECODER", "LOOSE_RECORDS", "RECORDS"]

_Slug = Annotated[
    str, Meta(pattern=rf"^(?:{_events._SLUG.pattern})\Z", max_length=_events._SLUG_MAX)
]
# ``str.strip`` and the regular expression ``\S`` agree on every code point about what is
# white space, so "holds something besides white space" is the events' "non-empty" exactly.
_Text = Annotated[str, Meta(pattern=r"\S")]
_Seq = Annotated[int, Meta(ge=0)]
_Reason = Literal[tuple(sorted(DEPARTURE_REASONS))]  # type: ignore[valid-type]


#: The msgspec type of each shape of field (:func:`~orgsim.log.events.field_shape`), and of the
#: same shape when it may be None. A date is a string here, parsed once per distinct value by
#: the check itself; so is a source, nearly always one value in a whole log.
_TYPES: Final[dict[str, tuple[Any, Any]]] = {
    "date": (str, str),
    "recorded": (str, str | None),
    "slug": (_Slug, _Slug | None),
    "slugs": (tuple[_Slug, ...], tuple[_Slug, ...] | None),
    "text": (_Text, _Text | None),
    "flag": (bool, bool),
    "seq": (_Seq, _Seq),
    "reason": (_Reason, _Reason),
}


#: The same, unchecked: for lines read a second time, every field already proved.
_LOOSE: Final[dict[str, tuple[Any, Any]]] = {
    "date": (str, str),
    "recorded": (str, str | None),
    "slug": (str, str | None),
    "slugs": (tuple[str, ...], tuple[str, ...] | None),
    "text": (str, str | None),
    "flag": (bool, bool),
    "seq": (int, int),
    "reason": (str, str),
}


def _type_of(field: attrs.Attribute[Any], types: dict[str, tuple[Any, Any]]) -> Any:
    """The msgspec type of ``types`` for ``field`` (None: a field this module does not know,
    so lines of its kind are never taken as sure)."""
    if field.name == "source":
        return str  # checked once per distinct value (see _read)
    shape = field_shape(field)
    if shape is None:
        return None
    name, optional = shape
    return types[name][optional]


def _record(
    kind: str, cls: type[Event], types: dict[str, tuple[Any, Any]]
) -> type[msgspec.Struct] | None:
    """The typed record of a line of ``kind``: every field of ``cls``, a field with a default
    left :data:`UNSET` when the line leaves it out (so that what a line wrote can be told from
    what it left out), and the store's ``prev``."""
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for field in attrs.fields(cls):
        typed = _type_of(field, types)
        if typed is None:
            return None
        if field.default is attrs.NOTHING or field.name == "seq":  # a line always has a seq
            fields.append((field.name, typed))
        else:
            fields.append((field.name, typed | UnsetType, UNSET))
    if kind in VERSIONS:
        # A line may say its shape's version; the bulk check reads it only when it is the
        # current one, whose shape the record is: an older line must be upcast first, which
        # the usual reading does (bulk.py is then not sure, and hands the log over).
        version = Annotated[int, Meta(ge=VERSIONS[kind], le=VERSIONS[kind])]
        fields.append(("v", version | UnsetType, UNSET))
    fields.append(("prev", str | UnsetType, UNSET))
    return msgspec.defstruct(
        f"{cls.__name__}Line",
        fields,
        kw_only=True,
        tag_field="kind",
        tag=kind,
        forbid_unknown_fields=True,
        gc=False,  # only strings, numbers, flags and tuples of strings: no cycles to find
    )


def _records(types: dict[str, tuple[Any, Any]]) -> dict[str, type[msgspec.Struct]]:
    return {
        kind: record
        for kind, cls in EVENT_TYPES.items()
        if (record := _record(kind, cls, types)) is not None
    }


def _decoder(records: dict[str, type[msgspec.Struct]]) -> msgspec.json.Decoder[list[Any]]:
    union: Any = Union[tuple(records.values())]  # noqa: UP007  # a union built at run time
    return msgspec.json.Decoder(list[union])


RECORDS: Final = _records(_TYPES)
DECODER: Final = _decoder(RECORDS)
LOOSE_RECORDS: Final = _records(_LOOSE)
LOOSE_DECODER: Final = _decoder(LOOSE_RECORDS)
CLASSES: Final = {
    record: EVENT_TYPES[kind]
    for records in (RECORDS, LOOSE_RECORDS)
    for kind, record in records.items()
}
