"""JSON Lines against SQLite: writing, reading and appending to a large log. Prints figures;
asserts nothing.

Run: python benchmarks/bench_stores.py [EVENTS] [APPENDS]   (default 100000 and 1000)

Both stores hold the same synthetic log (see bench_replay.py), hash chain included. Each single
append is a full round trip: lock (or transaction), check of expected_seq, write, fsync.
"""

from __future__ import annotations

import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from bench_replay import synthetic_log, timed

from orgsim import Hire
from orgsim.store import open_store


def main(size: int, appends: int) -> None:
    events = synthetic_log(size)
    last_day = max(e.on for e in events)
    extra = [
        Hire(seq=size + n, on=last_day, source="bench", person=f"extra-{n}", name=f"Extra {n}")
        for n in range(1, appends + 1)
    ]
    print(f"{len(events)} events, then {appends} appends of one event each")
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("log.jsonl", "log.sqlite"):
            store = open_store(Path(scratch) / name)
            kind = type(store).__name__
            timed(f"{kind}: write them in one append", partial(store.append, events, 0))
            on_disk = sum(p.stat().st_size for p in Path(scratch).glob(f"{name}*")) / 1e6
            print(f"  {on_disk:.1f} MB on disk")
            timed(f"{kind}: read them all (chain checked)", store.read, repeat=3)
            start = time.perf_counter()
            for event in extra:
                store.append([event], event.seq - 1)
            each = (time.perf_counter() - start) / appends
            print(f"{kind + ': one append of one event':<46} {each * 1000:10.2f} ms")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 100_000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 1_000,
    )
