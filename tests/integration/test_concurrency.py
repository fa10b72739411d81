"""Many processes append to one log at once: nothing is lost, interleaved or repeated, seq stays
dense, the chain stays whole, and a reader running meanwhile never sees half an append."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

import orgsim
from orgsim import ConcurrentAppend, Hire, open_store

WRITERS = 8
EACH = 500
CONTEXT = multiprocessing.get_context("fork")


def hire(seq: int, writer: int, number: int) -> Hire:
    person = f"w{writer}-{number}"
    return Hire(seq=seq, on="2024", source=f"writer-{writer}", person=person, name="W")


def write(path: str, writer: int) -> None:
    """Append EACH events one by one; a refused append is retried where the log now ends."""
    store = open_store(path)
    end = 0
    for number in range(EACH):
        while True:
            try:
                store.append([hire(end + 1, writer, number)], end)
            except ConcurrentAppend as moved:
                end = moved.actual
            else:
                end += 1
                break


def read(path: str, stop: multiprocessing.synchronize.Event) -> None:
    """Read the whole log again and again until the writers are done; any error fails."""
    store = open_store(path)
    while not stop.is_set():
        store.read()


@pytest.mark.parametrize("suffix", [".jsonl", ".sqlite"])
def test_concurrent_appenders_lose_nothing(tmp_path: Path, suffix: str) -> None:
    path = str(tmp_path / f"log{suffix}")
    open_store(path).create()
    stop = CONTEXT.Event()
    reader = CONTEXT.Process(target=read, args=(path, stop))
    writers = [CONTEXT.Process(target=write, args=(path, w)) for w in range(WRITERS)]
    reader.start()
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=120)
    stop.set()
    reader.join(timeout=30)
    assert [p.exitcode for p in writers] == [0] * WRITERS
    assert reader.exitcode == 0
    events = open_store(path).read().events  # refuses a gap, a repeat or a broken chain
    assert len(events) == WRITERS * EACH
    for writer in range(WRITERS):
        mine = [e.person for e in events if e.source == f"writer-{writer}"]  # type: ignore[attr-defined]
        assert mine == [f"w{writer}-{number}" for number in range(EACH)]
    assert open_store(path).verify().count == WRITERS * EACH


CLI_WRITERS = 8
CLI_EACH = 12


def hire_from_the_cli(path: str, writer: int) -> None:
    """`orgsim hire` CLI_EACH times; every one must succeed, retrying on a lost race."""
    from click.testing import CliRunner

    from orgsim.cli import main

    runner = CliRunner()
    for number in range(CLI_EACH):
        args = ["hire", f"c{writer}-{number}", "--name", "C", "--on", "2024"]
        result = runner.invoke(main, [*args, "--source", f"cli-{writer}", "--log", path])
        if result.exit_code != 0:
            raise SystemExit(f"writer {writer}, hire {number}: {result.output}")


@pytest.mark.parametrize("suffix", [".jsonl", ".sqlite"])
def test_cli_writers_retry_instead_of_failing(tmp_path: Path, suffix: str) -> None:
    path = str(tmp_path / f"log{suffix}")
    open_store(path).create()
    orgsim.pin(path)
    writers = [
        CONTEXT.Process(target=hire_from_the_cli, args=(path, w)) for w in range(CLI_WRITERS)
    ]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=120)
    assert [p.exitcode for p in writers] == [0] * CLI_WRITERS  # no ConcurrentAppend reached a user
    events = open_store(path).read().events
    assert len(events) == CLI_WRITERS * CLI_EACH
    found = orgsim.verify(path)  # the chain, and the pin every append updated, in order
    assert found.expected == orgsim.Head(found.seq, found.head)


def test_cli_writers_racing_through_a_snapshot_never_leave_it_wrong(tmp_path: Path) -> None:
    """Each `orgsim hire` checks its event on the snapshot and updates it after appending; a
    writer that loses the race reads again. Whatever the interleaving, the snapshot left is
    either stale (and then never used) or true to the log: every chart and lookup as the log's."""
    path = tmp_path / "log.jsonl"
    orgsim.write_log(path, orgsim.simulate(people=20, years=1, seed=2))
    orgsim.load(path, snapshot=True)  # writes the snapshot the writers go through
    writers = [
        CONTEXT.Process(target=hire_from_the_cli, args=(str(path), w)) for w in range(CLI_WRITERS)
    ]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=120)
    assert [p.exitcode for p in writers] == [0] * CLI_WRITERS
    whole = orgsim.load(path, snapshot=False)
    hired = [f"c{w}-{n}" for w in range(CLI_WRITERS) for n in range(CLI_EACH)]
    assert {e.person for e in whole.events if isinstance(e, Hire)} >= set(hired)
    quick = orgsim.load(path)  # from the snapshot if it is fresh, else from the log
    last = whole.span()[1]
    assert last is not None
    assert quick.chart(last) == whole.chart(last)
    assert [quick.person_id(person) for person in hired] == hired
    assert orgsim.verify(path).count == len(whole.events)
