"""Many writers, and tampering: reproduces the figures of docs/explanation/durability.md.

Run: python benchmarks/bench_writers.py [WRITERS] [APPENDS] [CLI_APPENDS]   (default 8 500 25)

For each store, WRITERS processes append APPENDS events each through the library, and WRITERS
processes run `orgsim hire` CLI_APPENDS times each (in process, through click's runner); it
prints acknowledged appends against those found in the log, the CLI's retries and failures, and
whether the chain and the pin hold. Then it tampers with a copy of a log in each way an
unanchored chain cannot see, and prints what catches each. Prints figures; asserts nothing.
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import attrs

import orgsim
from orgsim import ConcurrentAppend, Hire, OrgsimError, open_store

CONTEXT = multiprocessing.get_context("fork")


def library_writer(path: str, writer: int, count: int, acked: multiprocessing.Queue[int]) -> None:
    org = orgsim.load(path)
    done = 0
    for number in range(count):
        event = Hire(on="2024", source=f"lib-{writer}", person=f"l{writer}-{number}", name="W")
        while True:
            try:
                org.append(event)
            except ConcurrentAppend:
                org.reload()
            else:
                done += 1
                break
    acked.put(done)


def cli_writer(path: str, writer: int, count: int, acked: multiprocessing.Queue[int]) -> None:
    from click.testing import CliRunner

    from orgsim.cli import main

    runner = CliRunner()
    done = 0
    for number in range(count):
        args = ["hire", f"c{writer}-{number}", "--name", "C", "--on", "2024", "--source", "cli"]
        if runner.invoke(main, [*args, "--log", path]).exit_code == 0:
            done += 1
    acked.put(done)


def race(path: str, target: Callable[..., None], writers: int, count: int) -> tuple[int, float]:
    acked: multiprocessing.Queue[int] = CONTEXT.Queue()
    processes = [
        CONTEXT.Process(target=target, args=(path, w, count, acked)) for w in range(writers)
    ]
    start = time.perf_counter()
    for process in processes:
        process.start()
    total = sum(acked.get(timeout=600) for _ in processes)
    for process in processes:
        process.join()
    return total, time.perf_counter() - start


def writers(scratch: Path, writers: int, count: int, cli_count: int) -> None:
    print(
        f"{'store':<7} {'writers':<26} {'acknowledged':>12} {'present':>8} {'time':>8}  chain, pin"
    )
    for suffix in (".jsonl", ".sqlite"):
        for label, target, each in (
            ("library", library_writer, count),
            ("orgsim hire (CLI)", cli_writer, cli_count),
        ):
            path = str(scratch / f"{label[:3]}{suffix}")
            open_store(path).create()
            orgsim.pin(path)
            acked, seconds = race(path, target, writers, each)
            present = len(open_store(path).read().events)
            try:
                found = orgsim.verify(path)
                state = f"whole, pin {'at the end' if found.since == 0 else 'behind'}"
            except OrgsimError as error:
                state = f"BROKEN: {error}"
            shown = f"{label}, {writers} x {each}"
            print(f"{suffix[1:]:<7} {shown:<26} {acked:>12} {present:>8} {seconds:>7.1f}s  {state}")


def _rewrite(path: Path, change: Callable[[list[orgsim.Event]], list[orgsim.Event]]) -> None:
    from orgsim.store.jsonl import encode_jsonl

    events = list(orgsim.load(path).events)
    path.write_bytes(encode_jsonl(change(events)))


TAMPERING: dict[str, Callable[[Path], None]] = {
    "last line rewritten, chain recomputed": lambda p: _rewrite(
        p, lambda e: [*e[:-1], attrs.evolve(e[-1], note="rewritten")]
    ),
    "last 3 lines dropped": lambda p: p.write_bytes(
        b"".join(p.read_bytes().splitlines(keepends=True)[:-3])
    ),
    "prev stripped from every line": lambda p: p.write_text(
        "".join(orgsim.encode_line(e) + "\n" for e in orgsim.load(p).events)
    ),
    "middle line edited, chain recomputed": lambda p: _rewrite(
        p, lambda e: [*e[:5], attrs.evolve(e[5], note="edited"), *e[6:]]
    ),
    "middle line edited, chain left": lambda p: p.write_bytes(
        p.read_bytes().replace(b'"name": "W"', b'"name": "X"', 1)
    ),
    "a CR added to a middle line": lambda p: p.write_bytes(
        p.read_bytes().replace(b"\n", b"\r\n", 1)
    ),
    "a CR added to the last line": lambda p: p.write_bytes(p.read_bytes()[:-1] + b"\r\n"),
}


def _outcome(action: Callable[[], object]) -> str:
    try:
        action()
    except OrgsimError as error:
        return f"caught ({type(error).__name__})"
    return "accepted"


def tampering(scratch: Path) -> None:
    original = scratch / "original.jsonl"
    orgsim.write_log(
        original,
        [
            attrs.evolve(Hire(on="2024", source="bench", person=f"p{n}", name="W"), seq=n)
            for n in range(1, 21)
        ],
    )
    head = orgsim.pin(original)
    print(f"\n{'tampering':<40} {'read':<26} {'verify, no pin':<26} {'verify --expect / pin'}")
    for name, tamper in TAMPERING.items():
        path = scratch / "tampered.jsonl"
        path.write_bytes(original.read_bytes())
        tamper(path)
        read = _outcome(lambda: open_store(path).read())  # noqa: B023
        plain = _outcome(lambda: orgsim.verify(path))  # noqa: B023 (no pin beside the copy)
        anchored = _outcome(lambda: orgsim.verify(path, expect=head))  # noqa: B023
        print(f"{name:<40} {read:<26} {plain:<26} {anchored}")


def main() -> None:
    numbers = [int(a) for a in sys.argv[1:4]]
    count_writers, count, cli_count = [*numbers, *[8, 500, 25][len(numbers) :]]
    with tempfile.TemporaryDirectory() as scratch:
        writers(Path(scratch), count_writers, count, cli_count)
        tampering(Path(scratch))


if __name__ == "__main__":
    main()
