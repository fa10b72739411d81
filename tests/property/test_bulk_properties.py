"""``orgsim validate`` proves most large logs sound in bulk (:mod:`orgsim.organisation.bulk`): a
megabyte of lines decoded at once into typed records, the rules checked on plain dictionaries. It
answers "sound, and it holds this much" or "not sure", and the usual reading decides the rest.

These properties prove the shortcut is never wrong and is taken where it is meant to be: it
never calls sound a log the usual reading refuses (a malformed line, a key given twice, a
damaged chain, a broken rule), its counts are the timeline's, and it is sure of every valid
log written, in date order or with backdated lines and retractions (which it checks in
replay order, the log read again).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import event, given
from hypothesis import strategies as st

import orgsim
from orgsim import (
    Chart,
    CreateRole,
    Depart,
    Event,
    Hire,
    JsonlStore,
    Leave,
    OrgsimError,
    PartialDate,
    Promote,
    Reorg,
    Return,
    RuleViolation,
    StepDown,
    Timeline,
)
from orgsim.log.codec import encode, encode_line
from orgsim.organisation.bulk import check_jsonl
from orgsim.replay.replay import Checked, check_log
from orgsim.strategies import breaking_events, events, messy_logs, numbered, valid_logs
from tests.property.test_decoder import FIELDS, VALUES
from tests.property.test_fuzz_loader import damaged


@contextmanager
def log_file(data: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.jsonl"
        path.write_bytes(data)
        yield path


def written(events: list[Event]) -> bytes:
    """The bytes orgsim writes for the log ``events`` (with its hash chain)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.jsonl"
        orgsim.write_log(path, events)
        return path.read_bytes()


def usual(path: Path) -> Checked | None:
    """What the usual reading says: the log's counts when it reads and obeys every rule."""
    try:
        stored = JsonlStore(path).read()
        return check_log(stored.events, name=JsonlStore(path).name)
    except (OrgsimError, RuleViolation):
        return None


def assert_agrees(data: bytes, *, sure_when_valid: bool) -> None:
    """The shortcut on a log of ``data`` is right whenever it is sure, and (when
    ``sure_when_valid``) is sure of it if the log is sound."""
    with log_file(data) as path:
        fast = check_jsonl(JsonlStore(path))
        slow = usual(path)
    event(f"shortcut {'sure' if fast else 'unsure'}, log {'sound' if slow else 'refused'}")
    if fast is not None:
        assert slow is not None, "the shortcut called sound a log the usual reading refuses"
        assert fast == slow
    elif sure_when_valid:
        assert slow is None, "the shortcut was unsure of a sound log"


def plain(events: list[Event]) -> bool:
    """Whether the shortcut is meant to be sure of the log ``events`` when it is sound: no
    line holding a ``\\u`` escape, and no dotted line (those it leaves to the usual reading;
    backdated lines and retractions are its own to order)."""
    return not any("\\u" in encode_line(e) or _dotted(e) for e in events)


def _dotted(event: Event) -> bool:
    return isinstance(event, CreateRole | Reorg) and event.dotted_to not in (None, ())


@given(valid_logs())
def test_every_valid_log_is_proved_sound_or_left_to_the_usual_reading(
    events: list[Event],
) -> None:
    assert_agrees(written(events), sure_when_valid=plain(events))


@given(valid_logs(backdated=False, retractions=False, dotted=False))
def test_a_valid_log_in_date_order_is_proved_sound_with_the_timelines_counts(
    events: list[Event],
) -> None:
    assert plain(events)
    with log_file(written(events)) as path:
        fast = check_jsonl(JsonlStore(path))
        assert fast is not None and fast == usual(path)


@given(messy_logs())
def test_a_log_breaking_a_rule_is_never_called_sound(events: list[Event]) -> None:
    assert_agrees(written(events), sure_when_valid=plain(events))


def at_the_end(log: list[Event]) -> st.SearchStrategy[Event]:
    """Events aimed at the organisation where the valid log ``log`` ends, at rules
    :func:`~orgsim.strategies.breaking_events` aims at less often: a newcomer hired into a
    held role, a leave begun twice or ended without one, a reporting line made a cycle, a
    role abolished while held or with reports; and changes that obey the rules but change
    who holds what (an acting holder confirmed, a second hat, a role freed, a leave begun).
    A kind of aim is drawn first, then an event of it, so that no kind is drowned by the
    number of another."""
    timeline = Timeline.build(log)
    day = max((e.on.start for e in timeline.applied), default=None)
    if day is None:
        return st.nothing()
    on = PartialDate.of(day)
    chart = Chart.at(timeline, day)
    hires: list[Event] = []
    holders: list[Event] = []
    hats: list[Event] = []
    abolitions: list[Event] = []
    cycles: list[Event] = []
    leaves: list[Event] = []
    departs: list[Event] = []
    for role in chart.roles:
        hires.append(Hire(on=on, source="s", person="newcomer", name="N", role=role.id))
        if role.holder is not None:
            person = role.holder.person
            holders.append(Promote(on=on, source="s", person=person, role=role.id, acting=True))
            holders.append(Promote(on=on, source="s", person=person, role=role.id))
            holders.append(StepDown(on=on, source="s", person=person, role=role.id))
        hats += [
            Promote(on=on, source="s", person=p.id, role=role.id, additional=True)
            for p in chart.people
        ]
        if role.holder is not None or chart.reports(role.id):
            abolitions.append(Reorg(on=on, source="s", role=role.id, abolished=True))
        cycles.append(Reorg(on=on, source="s", role=role.id, reports_to=role.id))
        above = role.reports_to
        while above is not None:
            cycles.append(Reorg(on=on, source="s", role=above, reports_to=role.id))
            above = chart.role(above).reports_to
    for p in chart.people:
        leaves.append(Leave(on=on, source="s", person=p.id))
        leaves.append(Return(on=on, source="s", person=p.id))
        departs.append(Depart(on=on, source="s", person=p.id, reason="fired"))
    kinds = [k for k in (hires, holders, hats, abolitions, cycles, leaves, departs) if k]
    return st.one_of(*(st.sampled_from(k) for k in kinds)) if kinds else st.nothing()


@st.composite
def broken_in_order(draw: st.DrawFn) -> list[Event]:
    """A valid log in date order with one to three events added, each aimed at its rules on
    one of its dates (or any event at all), the events after that date left out: the log
    stays in date order, so the shortcut decides on it itself."""
    log = draw(valid_logs(backdated=False, retractions=False))
    for _ in range(draw(st.integers(1, 3))):
        try:
            extra = draw(breaking_events(log) | at_the_end(log) | events())
        except RuleViolation:  # already broken: nothing more to aim at
            break
        day = extra.on.start
        log = numbered([*(e for e in log if e.on.start <= day), extra])
    return log


@given(broken_in_order())
def test_the_rules_are_checked_as_the_replay_checks_them(events: list[Event]) -> None:
    assert_agrees(written(events), sure_when_valid=plain(events))


@st.composite
def one_line_changed(draw: st.DrawFn) -> bytes:
    """A valid log in date order, without a hash chain (so that a line's fields, not its
    link, decide), with one line changed in a way a hand-edited or hostile file can be."""
    log = draw(valid_logs(max_events=12, backdated=False, retractions=False).filter(bool))
    lines = [encode_line(e) for e in log]
    at = draw(st.integers(0, len(lines) - 1))
    data = encode(log[at])
    how = draw(st.sampled_from(["set", "drop", "twice", "text", "byte", "space"]))
    if how == "set":
        data[draw(FIELDS)] = draw(VALUES)
        line = json.dumps(data, ensure_ascii=draw(st.booleans()), separators=(", ", ": "))
    elif how == "drop":
        data.pop(draw(st.sampled_from(sorted(data))))
        line = json.dumps(data, separators=(", ", ": "))
    elif how == "twice":  # a key given twice, with its own value or another
        key = draw(st.sampled_from(sorted(data)))
        again = json.dumps({key: draw(st.one_of(st.just(data[key]), VALUES))})[1:-1]
        line = lines[at].replace(f'"{key}": ', f'{again}, "{key}": ', 1)
    elif how == "text":  # a string holding quotes, commas, colons or escapes
        data[draw(st.sampled_from(sorted(data)))] = draw(
            st.text(alphabet=',"\\:{}u ab\t', max_size=6)
        )
        line = json.dumps(data, ensure_ascii=draw(st.booleans()), separators=(", ", ": "))
    elif how == "byte":
        raw = bytearray(lines[at].encode("utf-8"))
        raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
        line = raw.decode("utf-8", errors="surrogateescape")
    else:  # white space where JSON allows it, or a blank line
        line = draw(st.sampled_from([" " + lines[at], lines[at].replace(": ", " : "), "", " "]))
    lines[at] = line
    return "".join(f"{line}\n" for line in lines).encode("utf-8", errors="surrogateescape")


@given(one_line_changed())
def test_a_changed_line_is_never_called_sound_unless_it_still_reads(data: bytes) -> None:
    assert_agrees(data, sure_when_valid=False)


@given(
    valid_logs(max_events=12, retractions=False)
    .filter(bool)
    .flatmap(lambda log: damaged(written(log)))
)
def test_a_damaged_chained_log_is_never_called_sound_unless_it_still_reads(data: bytes) -> None:
    assert_agrees(data, sure_when_valid=False)
