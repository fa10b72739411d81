"""The events of the log: small immutable facts, validated when they are built.

An invalid event cannot exist: a bad slug, an empty source or an impossible date raises
:class:`~orgsim.errors.InvalidEvent` at construction, so nothing downstream checks shapes again.
Each class carries its ``kind``, the short lower-case name it has in the JSON log.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Final, Literal, TypeAlias, assert_never

import attrs

from orgsim.errors import InvalidEvent
from orgsim.log.dates import PartialDate

__all__ = [
    "DEPARTURE_REASONS",
    "EVENT_TYPES",
    "AnyEvent",
    "CreateRole",
    "Depart",
    "Event",
    "FieldShape",
    "Hire",
    "Leave",
    "Promote",
    "Reorg",
    "Retract",
    "Return",
    "StepDown",
    "field_shape",
    "is_slug",
    "mentioned",
    "of_kind",
]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SLUG_MAX = 64

#: Why someone left. A closed list, so that churn can be counted by reason.
DEPARTURE_REASONS: Final = frozenset(
    {"resigned", "fired", "retired", "laid-off", "term-ended", "died", "unknown"}
)


def _to_date(value: str | PartialDate) -> PartialDate:
    return value if isinstance(value, PartialDate) else PartialDate.parse(value)


def _to_optional_date(value: str | PartialDate | None) -> PartialDate | None:
    return None if value is None else _to_date(value)


def _unbounded(value: PartialDate | None) -> None:
    if value is not None and value.bound is not None:
        raise InvalidEvent(f"recorded is when a fact became known, never a bound: {value}")


def is_slug(value: str) -> bool:
    """An id's shape: lower-case letters and digits in words joined by single hyphens."""
    return len(value) <= _SLUG_MAX and _SLUG.fullmatch(value) is not None


def _slug(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.default is None:
        return
    if not isinstance(value, str) or not is_slug(value):
        raise InvalidEvent(
            f"{attribute.name} must be a slug (lower-case letters, digits, single hyphens, "
            f"at most {_SLUG_MAX} characters), not {value!r}"
        )


def _to_slugs(value: object) -> object:
    """A list of ids, as JSON gives it, as the tuple an event holds (None stays None)."""
    return tuple(value) if isinstance(value, list) else value


def _slugs(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.default is None:
        return
    if not isinstance(value, tuple) or not all(isinstance(v, str) and is_slug(v) for v in value):
        raise InvalidEvent(f"{attribute.name} must be a list of role ids (slugs), not {value!r}")
    if len(set(value)) != len(value):
        raise InvalidEvent(f"{attribute.name} names a role twice: {list(value)!r}")


def _text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.default is None:
        return
    if not isinstance(value, str) or not value.strip():
        raise InvalidEvent(f"{attribute.name} must be a non-empty string, not {value!r}")
    try:
        value.isascii() or value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no file, terminal or JSON parser takes it
        raise InvalidEvent(
            f"{attribute.name} holds a lone surrogate, which is not text: {value!r}"
        ) from None


def _flag(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidEvent(f"{attribute.name} must be true or false, not {value!r}")


def _seq(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidEvent(f"{attribute.name} must be a whole number >= 0, not {value!r}")


@attrs.frozen(kw_only=True, repr=False)
class Event:
    """What every event has: its place in the log, when it took effect, when it became known,
    and where the fact comes from.

    ``seq`` is 0 until a log appends the event and gives it its position. ``recorded`` is None
    until then too when not given: the log fills in the day of the append.
    """

    kind: ClassVar[str] = ""
    always_written: ClassVar[tuple[str, ...]] = ()

    on: PartialDate = attrs.field(converter=_to_date)
    source: str = attrs.field(validator=_text)
    seq: int = attrs.field(default=0, validator=_seq)
    recorded: PartialDate | None = attrs.field(
        default=None, converter=_to_optional_date, validator=lambda _, __, v: _unbounded(v)
    )
    note: str | None = attrs.field(default=None, validator=_text)

    def brief(self) -> str:
        """One short line for messages: ``#12 hire 2024-09-25 sam-altman``."""
        number = f"#{self.seq}" if self.seq else "(new)"
        subject = " ".join(self._subject())
        return f"{number} {self.kind} {self.on}" + (f" {subject}" if subject else "")

    def _subject(self) -> tuple[str, ...]:
        return ()

    def __str__(self) -> str:
        return self.brief()

    def __repr__(self) -> str:
        """One line that rebuilds the event: fields at their defaults left out, dates as text."""
        shown = []
        for field in attrs.fields(type(self)):
            value = getattr(self, field.name)
            if field.default is not attrs.NOTHING and value == field.default:
                continue
            shown.append(
                f"{field.name}={str(value)!r}"
                if isinstance(value, PartialDate)
                else f"{field.name}={value!r}"
            )
        return f"{type(self).__name__}({', '.join(shown)})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Hypothesis and IPython print events as their one-line repr, too."""
        printer.text(repr(self))

    @property
    def known_from(self) -> PartialDate:
        """When the fact became known: ``recorded``, or ``on`` when that is not given."""
        return self.recorded if self.recorded is not None else self.on


@attrs.frozen(kw_only=True, repr=False)
class CreateRole(Event):
    """A role (a seat on the chart) is created, vacant. ``reports_to`` None makes it a root.

    ``dotted_to`` are the roles it also answers to by a dotted line (matrix reporting): drawn,
    listed and checked to exist, but not part of the tree that ``reports_to`` makes.
    """

    kind: ClassVar[str] = "role"
    #: Written to the log even at its default, so a root role says so (``"reports_to": null``).
    always_written: ClassVar[tuple[str, ...]] = ("reports_to",)

    role: str = attrs.field(validator=_slug)
    title: str = attrs.field(validator=_text)
    reports_to: str | None = attrs.field(default=None, validator=_slug)
    dotted_to: tuple[str, ...] = attrs.field(default=(), converter=_to_slugs, validator=_slugs)

    def __attrs_post_init__(self) -> None:
        _dotted_apart(self.role, self.reports_to, self.dotted_to)

    def _subject(self) -> tuple[str, ...]:
        return (self.role,) + ((f"under {self.reports_to}",) if self.reports_to else ())


def _dotted_apart(role: str, reports_to: str | None, dotted_to: tuple[str, ...] | None) -> None:
    """What one event can tell of its dotted lines: none to the role itself, none that is also
    its solid line (the state's rules check the same against the manager it already has)."""
    if not dotted_to:
        return
    if role in dotted_to:
        raise InvalidEvent(f"role {role} cannot have a dotted line to itself")
    if reports_to is not None and reports_to in dotted_to:
        raise InvalidEvent(
            f"role {role} reports to {reports_to} by its solid line: not by a dotted one too"
        )


@attrs.frozen(kw_only=True, repr=False)
class Reorg(Event):
    """A role changes: a new title, a new reporting line, new dotted lines, made a root, or
    abolished.

    Fields left at their defaults are unchanged; at least one change is required.
    ``dotted_to`` is the whole set of the role's dotted lines from then on (an empty list ends
    them all), as ``title`` is its whole title.
    """

    kind: ClassVar[str] = "reorg"

    role: str = attrs.field(validator=_slug)
    title: str | None = attrs.field(default=None, validator=_text)
    reports_to: str | None = attrs.field(default=None, validator=_slug)
    root: bool = attrs.field(default=False, validator=_flag)
    dotted_to: tuple[str, ...] | None = attrs.field(
        default=None, converter=_to_slugs, validator=_slugs
    )
    abolished: bool = attrs.field(default=False, validator=_flag)

    def __attrs_post_init__(self) -> None:
        if self.root and self.reports_to is not None:
            raise InvalidEvent("a reorg cannot both make a role a root and give it a manager")
        changes = (self.title, self.reports_to, self.dotted_to)
        if self.abolished and (any(c is not None for c in changes) or self.root):
            raise InvalidEvent("an abolished role changes nothing else: give the changes apart")
        if all(c is None for c in changes) and not self.root and not self.abolished:
            raise InvalidEvent(
                "a reorg must change something: title, reports_to, root, dotted_to or abolished"
            )
        _dotted_apart(self.role, self.reports_to, self.dotted_to)

    def _subject(self) -> tuple[str, ...]:
        return (self.role,) + (("abolished",) if self.abolished else ())


@attrs.frozen(kw_only=True, repr=False)
class Hire(Event):
    """A person joins, optionally straight into a vacant role."""

    kind: ClassVar[str] = "hire"

    person: str = attrs.field(validator=_slug)
    name: str = attrs.field(validator=_text)
    role: str | None = attrs.field(default=None, validator=_slug)
    acting: bool = attrs.field(default=False, validator=_flag)
    origin: str | None = attrs.field(default=None, validator=_text)
    """Where they came from, if known: an organisation, named as a departure's ``destination``
    names one (in a workspace of several logs, a name that begins with another organisation's
    joins the two sides of the move)."""

    def __attrs_post_init__(self) -> None:
        if self.acting and self.role is None:
            raise InvalidEvent("acting needs a role")

    def _subject(self) -> tuple[str, ...]:
        return (self.person,) + ((f"-> {self.role}",) if self.role else ())


@attrs.frozen(kw_only=True, repr=False)
class Promote(Event):
    """A person present takes a role: a promotion, a move or an interim appointment.

    They leave every role they held, unless ``additional`` (a second hat, held alongside).
    Promoting someone into the role they hold changes only ``acting``.
    """

    kind: ClassVar[str] = "promote"

    person: str = attrs.field(validator=_slug)
    role: str = attrs.field(validator=_slug)
    acting: bool = attrs.field(default=False, validator=_flag)
    additional: bool = attrs.field(default=False, validator=_flag)

    def _subject(self) -> tuple[str, ...]:
        return (self.person, f"-> {self.role}")


@attrs.frozen(kw_only=True, repr=False)
class StepDown(Event):
    """A person gives up one role and stays in the organisation."""

    kind: ClassVar[str] = "stepdown"

    person: str = attrs.field(validator=_slug)
    role: str = attrs.field(validator=_slug)

    def _subject(self) -> tuple[str, ...]:
        return (self.person, f"<- {self.role}")


@attrs.frozen(kw_only=True, repr=False)
class Leave(Event):
    """A leave of absence begins; the person keeps their roles."""

    kind: ClassVar[str] = "leave"

    person: str = attrs.field(validator=_slug)

    def _subject(self) -> tuple[str, ...]:
        return (self.person,)


@attrs.frozen(kw_only=True, repr=False)
class Return(Event):
    """A leave of absence ends."""

    kind: ClassVar[str] = "return"

    person: str = attrs.field(validator=_slug)

    def _subject(self) -> tuple[str, ...]:
        return (self.person,)


def _reason(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in DEPARTURE_REASONS:
        raise InvalidEvent(
            f"reason must be one of {', '.join(sorted(DEPARTURE_REASONS))}, not {value!r}"
        )


_SHAPES: Final[dict[object, FieldShape]] = {
    _slug: "slug",
    _slugs: "slugs",
    _text: "text",
    _flag: "flag",
    _seq: "seq",
    _reason: "reason",
}


@attrs.frozen(kw_only=True, repr=False)
class Depart(Event):
    """A person leaves the organisation; every role they hold falls vacant."""

    kind: ClassVar[str] = "depart"

    person: str = attrs.field(validator=_slug)
    reason: str = attrs.field(validator=_reason)
    destination: str | None = attrs.field(default=None, validator=_text)

    def _subject(self) -> tuple[str, ...]:
        return (self.person,) + ((f"to {self.destination}",) if self.destination else ())


@attrs.frozen(kw_only=True, repr=False)
class Retract(Event):
    """An earlier event is withdrawn: replay proceeds as if it had never been logged.

    The log keeps both lines, so what was believed before the correction stays answerable.
    """

    kind: ClassVar[str] = "retract"

    target: int = attrs.field(validator=_seq)
    reason: str = attrs.field(validator=_text)

    def __attrs_post_init__(self) -> None:
        if self.target < 1:
            raise InvalidEvent(f"target must be the seq of an earlier event, not {self.target}")
        if self.seq and self.target >= self.seq:
            raise InvalidEvent(
                f"a retraction can only withdraw an earlier event, not #{self.target}"
            )

    def _subject(self) -> tuple[str, ...]:
        return (f"#{self.target}",)


#: What a field of an event may hold, as the fast readers (:class:`orgsim.log.codec.Decoder`,
#: :mod:`orgsim.organisation.bulk`) check it: each reader maps these to its own checks, so both read
#: the event classes' validators the same way.
FieldShape: TypeAlias = Literal[
    "date", "recorded", "slug", "slugs", "text", "flag", "seq", "reason"
]


def field_shape(field: attrs.Attribute[Any]) -> tuple[FieldShape, bool] | None:
    """What ``field`` of an event class holds, and whether it may be None (an optional field
    whose default is None); None for a field whose validator is not one of these."""
    optional = field.default is None
    if field.name == "on":
        return "date", False
    if field.name == "recorded":
        return "recorded", True
    shape: FieldShape | None = _SHAPES.get(field.validator)
    return None if shape is None else (shape, optional)


#: Every kind of event: a closed union, so that a ``match`` over events that ends in
#: ``assert_never`` makes ``mypy --strict`` name every place to change when a kind is added.
AnyEvent: TypeAlias = (
    CreateRole | Reorg | Hire | Promote | StepDown | Leave | Return | Depart | Retract
)

#: Every event class by its kind in the JSON log.
EVENT_TYPES: Final[dict[str, type[Event]]] = {
    cls.kind: cls
    for cls in (CreateRole, Reorg, Hire, Promote, StepDown, Leave, Return, Depart, Retract)
}


def of_kind(event: Event) -> AnyEvent:
    """``event`` as one of the kinds of :data:`AnyEvent`, to ``match`` over exhaustively.

    Every event is one of them (the codec builds no other class); a ``match`` on the result
    that ends in ``case _: assert_never(...)`` fails loudly for anything else.
    """
    return event  # type: ignore[return-value]  # not cast(): a call per event, on every replay


def mentioned(event: Event) -> tuple[set[str], set[str]]:
    """The ids of the people and of the roles ``event`` names (the roles a created or moved role
    reports to included): all that it can change, and all that the rules read about it."""
    match event := of_kind(event):
        case CreateRole() | Reorg():
            above = {event.reports_to} if event.reports_to else set()
            return set(), {event.role} | above | set(event.dotted_to or ())
        case Hire():
            return {event.person}, {event.role} if event.role else set()
        case Promote() | StepDown():
            return {event.person}, {event.role}
        case Leave() | Return() | Depart():
            return {event.person}, set()
        case Retract():
            return set(), set()
        case unknown:
            assert_never(unknown)
