"""JSON Lines, SQLite and PostgreSQL: writing, reading and appending to a large log. Prints
figures; asserts nothing.

Run: python benchmarks/bench_stores.py [EVENTS] [APPENDS] [POSTGRES_URL]
     (default 100000 and 1000; without a URL, a server is started in a temporary directory
     with the tests' helper, tests/postgres_server.py, when PostgreSQL is installed)

All stores hold the same synthetic log (see bench_replay.py), hash chain included. Each single
append is a full round trip: lock (or transaction), check of expected_seq, write, and the
store's flush to disk (fsync; for PostgreSQL, the commit's WAL flush).
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from bench_replay import synthetic_log, timed

from orgsim import Hire
from orgsim.store import open_store


@contextlib.contextmanager
def postgres(url: str | None) -> Iterator[str | None]:
    if url is not None:
        yield url
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.postgres_server import bindir, postgres_server

    if bindir() is None:
        print("(PostgreSQL is not installed: its rows are left out)")
        yield None
        return
    with postgres_server(durable=True) as started:
        yield started


def main(size: int, appends: int, url: str | None) -> None:
    events = synthetic_log(size)
    last_day = max(e.on for e in events)
    extra = [
        Hire(seq=size + n, on=last_day, source="bench", person=f"extra-{n}", name=f"Extra {n}")
        for n in range(1, appends + 1)
    ]
    print(f"{len(events)} events, then {appends} appends of one event each")
    with tempfile.TemporaryDirectory() as scratch, postgres(url) as server:
        where = [str(Path(scratch) / "log.jsonl"), str(Path(scratch) / "log.sqlite")]
        if server is not None:
            where.append(f"{server}&log=bench-{int(time.time())}")
        for name in where:
            store = open_store(name)
            store.create()
            kind = type(store).__name__
            timed(f"{kind}: write them in one append", partial(store.append, events, 0))
            if "://" not in name:
                on_disk = sum(p.stat().st_size for p in Path(scratch).glob(f"{Path(name).name}*"))
                print(f"  {on_disk / 1e6:.1f} MB on disk")
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
        sys.argv[3] if len(sys.argv) > 3 else None,
    )
