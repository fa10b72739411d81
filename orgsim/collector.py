"""Keeping Python's cyclic garbage collector out of the way of large, acyclic work.

A loaded log is millions of small immutable objects (events, intervals) with no reference
cycles: the cyclic collector can never free any of them, yet every full collection walks them
all. Reading and replay pause it, and a large result is frozen out of its sight.

May import: nothing of orgsim.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["FREEZE_ABOVE", "quiet_collector"]


@contextmanager
def quiet_collector(*, freeze: bool = False) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a log is read and replayed.

    Reading and replay make millions of small objects and no reference cycles; each
    generation-2 collection would walk all of them again, which on a 100,000-event log cost more
    than the replay itself, and reading a 1M-event log with the collector on took 9.9 s of CPU
    where it takes 8.3 s without. Reference counting still frees everything; the collector is
    restored, as it was, on the way out. Nested uses leave it to the outermost.

    When replay has made more than :data:`FREEZE_ABOVE` objects, they (and every other object
    the collector tracks at that moment) are moved out of its sight with :func:`gc.freeze`:
    a timeline is immutable and long-lived, and otherwise every later full collection walks it
    again, which made one chart in thirty take 20 times its median on a 100,000-event log
    (benchmarks/bench_scale.py). Reference counting still frees them; only a reference cycle
    among objects frozen then is never collected. ``gc.unfreeze()`` undoes it. With ``freeze``
    the result is frozen whatever its size: a few huge lists (a day index holds every interval
    of the log in four of them) cost a full collection as much as millions of small objects.
    """
    was_enabled = gc.isenabled()
    made = gc.get_count()[0]
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            if freeze or gc.get_count()[0] - made > FREEZE_ABOVE:
                gc.freeze()


#: How many objects a replay makes before :func:`quiet_collector` freezes them (a log of
#: a few thousand events).
FREEZE_ABOVE = 20_000
