"""A writer to be killed: appends batches of events to a log for ever, and prints the last seq
of each batch (flushed) only after the append has returned, i.e. once it is acknowledged.

Run: python -m tests.integration.crash_writer LOG SEED
Every 100th event carries a note of 256 KiB, so that a kill can land in the middle of a write
and tear the last line (rarely: most of a writer's time goes to fsync, not to the write).
"""

from __future__ import annotations

import random
import sys

from orgsim import Event, Hire, open_store

BIG = 256 * 1024


def event(seq: int) -> Event:
    """The event the writer appends as ``seq``: the test rebuilds it to check what survived."""
    note = "x" * BIG if seq % 100 == 0 else None
    return Hire(seq=seq, on="2024", source="crash-test", person=f"p{seq}", name="P", note=note)


def main(path: str, seed: int) -> None:
    rng = random.Random(seed)
    store = open_store(path)
    last = store.read().last_seq
    print("ready", flush=True)
    while True:
        batch = [event(last + k) for k in range(1, rng.randint(1, 5) + 1)]
        store.append(batch, last)
        last += len(batch)
        print(last, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
