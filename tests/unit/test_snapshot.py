"""The snapshot beside a log: used only while it matches the log, never the truth, safe to lose."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

import orgsim
from orgsim import Hire, Organisation, PartialDate, load, write_log
from orgsim.cli import main
from orgsim.errors import ChainBroken, ConcurrentAppend
from orgsim.replay.rules import RuleViolation
from orgsim.snapshot import LogKey, Snapshot, snapshot_path

DAY = dt.date(2016, 6, 1)


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "company.jsonl"
    write_log(path, orgsim.simulate(people=40, years=2, seed=7))
    load(path, snapshot=True)  # reads it whole and writes the snapshot
    assert snapshot_path(path).exists()
    return path


def _last_day(org: Organisation) -> dt.date:
    last = org.span()[1]
    assert last is not None
    return last


def _hire(org: Organisation, person: str, role: str | None = None) -> None:
    day = PartialDate.of(_last_day(org))
    org.append(Hire(on=day, source="test", person=person, name=person.title(), role=role))


def _fresh(log: Path) -> Organisation:
    """The log opened from its snapshot, which must be fresh."""
    org = load(log)
    assert org._lazy, "the snapshot was not used"
    return org


def test_a_fresh_snapshot_answers_as_the_log_does(log: Path) -> None:
    quick, whole = _fresh(log), load(log, snapshot=False)
    last = _last_day(whole)
    for day in (DAY, last, last + dt.timedelta(days=400), dt.date(1990, 1, 1)):
        assert quick.chart(day) == whole.chart(day)
    assert quick.span() == whole.span()
    assert repr(quick) == repr(whole)
    assert quick._lazy  # none of that needed the log itself


def test_an_append_by_another_writer_makes_it_stale_and_it_is_rebuilt(log: Path) -> None:
    other = load(log, snapshot=False)
    _hire(other, "late-comer")
    org = load(log)
    assert not org._lazy  # the log changed under the snapshot: read whole
    assert org.person_id("Late-Comer") == "late-comer"
    assert _fresh(log).person_id("late-comer") == "late-comer"  # and written again


def test_deleting_the_snapshot_loses_nothing(log: Path) -> None:
    before = _fresh(log).chart(DAY)
    snapshot_path(log).unlink()
    org = load(log)
    assert not org._lazy
    assert org.chart(DAY) == before


def test_a_damaged_snapshot_is_ignored_and_written_again(log: Path) -> None:
    before = load(log, snapshot=False).chart(DAY)
    path = snapshot_path(log)
    path.write_bytes(path.read_bytes()[:8192])  # cut short: orgsim's, but unreadable
    assert load(log).chart(DAY) == before
    assert _fresh(log).chart(DAY) == before


def test_a_file_orgsim_did_not_write_is_never_replaced(log: Path) -> None:
    before = load(log, snapshot=False).chart(DAY)
    someones = b"notes that happen to sit at LOG.snapshot\n" * 100
    snapshot_path(log).write_bytes(someones)
    assert load(log).chart(DAY) == before  # answered from the log itself
    assert snapshot_path(log).read_bytes() == someones


def test_an_edited_line_is_caught_not_hidden_by_the_snapshot(log: Path) -> None:
    data = bytearray(log.read_bytes())
    at = data.index(b'"name": "', len(data) // 2) + len(b'"name": "')
    data[at : at + 1] = b"Q" if data[at : at + 1] != b"Q" else b"R"
    log.write_bytes(bytes(data))  # the same size, another modification time
    with pytest.raises(ChainBroken):
        load(log)


def test_a_broken_rule_is_worded_as_when_the_log_is_read_whole(log: Path) -> None:
    held = next(role for role in load(log, snapshot=False).chart(DAY).roles if role.holder)
    messages = []
    for org in (_fresh(log), load(log, snapshot=False)):
        with pytest.raises(RuleViolation) as refused:
            _hire(org, "intruder", held.id)
        messages.append(str(refused.value))
    assert messages[0] == messages[1]
    assert "line" in messages[0]  # the holder's hire, by its place in the file


def test_an_append_through_the_snapshot_updates_it(log: Path) -> None:
    org = _fresh(log)
    _hire(org, "newcomer")
    _hire(org, "second-newcomer")  # the same replay goes on
    again = _fresh(log)
    whole = load(log, snapshot=False)
    last = _last_day(whole)
    assert again.chart(last) == whole.chart(last)
    assert {"newcomer", "second-newcomer"} <= {p.id for p in again.chart(last).people}
    assert again.name_of("newcomer") == "Newcomer"


def test_racing_writers_each_check_against_the_other(log: Path) -> None:
    first, second = _fresh(log), _fresh(log)
    _hire(first, "first-writer")
    with pytest.raises(ConcurrentAppend):
        _hire(second, "second-writer")
    second.reload()
    _hire(second, "second-writer")
    whole = load(log, snapshot=False)
    last = _last_day(whole)
    people = {person.id for person in _fresh(log).chart(last).people}
    assert {"first-writer", "second-writer"} <= people
    assert _fresh(log).chart(last) == whole.chart(last)


def test_an_organisation_keeps_the_log_as_it_was_when_opened(log: Path) -> None:
    opened = _fresh(log)
    count = len(load(log, snapshot=False).events)
    _hire(_fresh(log), "meanwhile")  # another writer, through the snapshot
    last = _last_day(opened)
    assert "meanwhile" not in {person.id for person in opened.chart(last).people}
    assert len(opened.events) == count


def test_an_update_for_another_head_is_refused(log: Path) -> None:
    snapshot = Snapshot.open(log)
    assert snapshot is not None
    org = load(log, snapshot=False)
    event = Hire(
        on=PartialDate.of(_last_day(org)),
        source="test",
        person="ghost",
        name="Ghost",
        seq=snapshot.last_seq + 1,
    )
    replay = snapshot.replay_for(event)
    replay.apply(event)
    key = LogKey.of(log)
    assert key is not None
    assert not snapshot.appended(event, key)  # the log does not end with this event
    snapshot.close()
    with pytest.raises(orgsim.NotFound):
        _fresh(log).person_id("ghost", suggest=False)


def test_the_cli_answers_the_same_from_the_snapshot(log: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(main, ["show", "--date", str(DAY), "--log", str(log)])
    snapshot_path(log).unlink()
    again = runner.invoke(main, ["show", "--date", str(DAY), "--log", str(log)])
    assert shown.exit_code == again.exit_code == 0
    assert shown.output == again.output
    assert not snapshot_path(log).exists()  # a small log gets none unless one was there
    load(log, snapshot=True)
    last = _last_day(load(log, snapshot=False))
    hired = runner.invoke(
        main,
        ["hire", "cli-newcomer", "--name", "Cli Newcomer", "--on", str(last)]
        + ["--source", "test", "--log", str(log)],
    )
    assert hired.exit_code == 0, hired.output
    assert _fresh(log).name_of("cli-newcomer") == "Cli Newcomer"


def test_an_organisation_that_read_the_log_keeps_its_snapshot_fresh(log: Path) -> None:
    snapshot_path(log).unlink()
    org = load(log, snapshot=True)  # reads the log, writes the snapshot, keeps it
    assert not org._lazy
    _hire(org, "kept-up")
    assert _fresh(log).name_of("kept-up") == "Kept-Up"


def test_a_backdated_append_writes_the_snapshot_anew(log: Path) -> None:
    org = _fresh(log)
    earlier = _last_day(org) - dt.timedelta(days=30)
    org.append(Hire(on=PartialDate.of(earlier), source="test", person="late", name="Late"))
    quick, whole = _fresh(log), load(log, snapshot=False)
    assert quick.chart(earlier) == whole.chart(earlier)
    assert "late" in {person.id for person in quick.chart(earlier).people}


def test_a_scenario_is_never_answered_by_the_snapshot(log: Path) -> None:
    org = _fresh(log)
    day = PartialDate.of(_last_day(org))
    twin = org.with_events([Hire(on=day, source="what if", person="maybe", name="Maybe")])
    assert twin.person_id("Maybe") == "maybe"
    with pytest.raises(orgsim.NotFound):
        _fresh(log).person_id("maybe", suggest=False)
