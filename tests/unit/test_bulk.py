"""The bulk check of ``orgsim validate`` (:mod:`orgsim.organisation.bulk`) on the cases it leaves to
the usual reading, one example each; tests/property/test_bulk_properties.py proves the general
claims."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import orgsim
from orgsim import CreateRole, Depart, Event, Hire, JsonlStore, Leave, PartialDate, Retract
from orgsim.organisation.bulk import check_jsonl
from orgsim.replay.replay import Checked
from tests.helpers import SOURCE, numbered, small_org


def bulk(path: Path) -> Checked | None:
    return check_jsonl(JsonlStore(path))


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "log.jsonl"
    orgsim.write_log(path, small_org())
    return path


def test_a_sound_log_in_date_order_is_proved_sound_with_its_counts(log: Path) -> None:
    checked = bulk(log)
    assert checked is not None
    assert checked == orgsim.validate(log)
    assert (checked.events, checked.people, checked.roles) == (len(small_org()), 3, 2)


def _with(path: Path, events: list[Event]) -> Path:
    orgsim.write_log(path, events)
    return path


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(b"", b"\xef\xbb\xbf", id="a byte-order mark"),
        pytest.param(b"\n", b"\r\n", id="carriage returns"),
        pytest.param(b"\n", b"\n\n", id="a blank line"),
        pytest.param(b'"source": ', b'"note": "x", "note": "y", "source": ', id="a key twice"),
        pytest.param(b'"kind": "role"', b'"kind": "r\\u006fle"', id="an escape"),
        pytest.param(b'"person": "cy"', b'"person": "Cy"', id="an id that is no slug"),
        pytest.param(b'"on": "2020-03-01"', b'"on": "2020-02-30"', id="an impossible date"),
        pytest.param(b'"seq": 2,', b'"seq": 7,', id="a seq out of place"),
    ],
)
def test_a_file_the_reader_refuses_or_doubts_is_left_to_it(
    log: Path, old: bytes, new: bytes
) -> None:
    data = log.read_bytes()
    changed = new + data if not old else data.replace(old, new, 1)
    assert changed != data
    log.write_bytes(changed)
    assert bulk(log) is None


def test_a_torn_last_line_is_left_to_the_reader(log: Path) -> None:
    log.write_bytes(log.read_bytes() + b'{"seq": 6, "kind"')
    assert bulk(log) is None
    with pytest.raises(orgsim.TornLine):
        JsonlStore(log).read()


def test_a_retraction_withdraws_its_event_from_the_rules_and_the_counts(tmp_path: Path) -> None:
    events = small_org()  # the last event hires cy, with no role
    last = max(e.on for e in events)
    retraction = Retract(on=last, source=SOURCE, target=len(events), reason="wrong")
    path = _with(tmp_path / "log.jsonl", numbered([*events, retraction]))
    checked = bulk(path)
    assert checked is not None and checked == orgsim.validate(path)
    assert (checked.events, checked.people) == (6, 2)


@pytest.mark.parametrize("target", [6, 7, 99])
def test_a_retraction_breaking_rule_6_is_left_to_the_replay(tmp_path: Path, target: int) -> None:
    """A retraction of a retraction, of itself, of an event that is not there."""
    events = small_org()
    last = max(e.on for e in events)
    first = Retract(on=last, source=SOURCE, target=5, reason="wrong")
    second = Retract(on=last, source=SOURCE, target=target, reason="again")
    lines = [orgsim.encode_line(e) for e in numbered([*events, first])]
    lines.append(orgsim.encode_line(attrs.evolve(second, seq=7)) if target < 7 else "")
    if target >= 7:  # an event cannot be built that names itself or a later one: write it
        lines[-1] = (
            f'{{"seq": 7, "kind": "retract", "on": "{last}", "source": "s", '
            f'"target": {target}, "reason": "again"}}'
        )
    path = tmp_path / "log.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    assert bulk(path) is None
    with pytest.raises((orgsim.LogFormatError, orgsim.RuleViolation)):
        orgsim.load(path)


def test_backdated_lines_are_checked_in_replay_order(tmp_path: Path) -> None:
    """A role created in a line after the hire into it, but dated before: in line order the
    hire would break rule 3; in replay order (by date) it is sound, and so proved."""
    events = small_org()
    late = CreateRole(on="2020-01-01", source=SOURCE, role="cfo", title="CFO", reports_to="ceo")
    hire = Hire(on="2020-03-02", source=SOURCE, person="di", name="Di Fox", role="cfo")
    path = _with(tmp_path / "log.jsonl", numbered([*events[:3], hire, *events[3:], late]))
    checked = bulk(path)
    assert checked is not None and checked == orgsim.validate(path)
    assert (checked.people, checked.roles) == (4, 3)


def test_a_backdated_line_that_breaks_a_rule_in_replay_order_is_left_to_the_replay(
    tmp_path: Path,
) -> None:
    events = small_org()
    early = Leave(on=PartialDate.parse("2020-01-01"), source=SOURCE, person="ann")
    path = _with(tmp_path / "log.jsonl", numbered([*events, early]))
    assert bulk(path) is None
    assert orgsim.validate(path) is None  # on 1 January, ann had not joined yet


def test_a_broken_rule_is_left_to_the_usual_reading_to_word(tmp_path: Path) -> None:
    events = small_org()
    last = max(e.on for e in events)
    gone = Depart(on=last, source=SOURCE, person="nobody", reason="fired")
    path = _with(tmp_path / "log.jsonl", numbered([*events, gone]))
    assert bulk(path) is None
    assert orgsim.validate(path) is None
    assert [v.rule for v in orgsim.load(path, lenient=True).violations] == [2]


def test_a_hire_marked_acting_without_a_role_is_refused_as_the_codec_refuses_it(
    tmp_path: Path,
) -> None:
    """Built the usual way by the bulk check (the event's own check across its fields)."""
    lines = [orgsim.encode_line(e) for e in small_org()]
    lines.append(
        '{"seq": 6, "kind": "hire", "on": "2021", "source": "s", "person": "zed", '
        '"name": "Zed", "acting": true}'
    )
    path = tmp_path / "plain.jsonl"  # no hash chain: the line itself decides
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    assert bulk(path) is None
    with pytest.raises(orgsim.LogFormatError, match="acting needs a role"):
        JsonlStore(path).read()
