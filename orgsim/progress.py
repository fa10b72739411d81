"""How long work reports how far it has got: a callback given the share done, 0.0 to 1.0.

Shares rather than counts, so that work made of parts measured in different units (a file's
bytes read, then its events replayed) can drive one progress bar.

May import: nothing of orgsim.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

__all__ = ["Progress", "within"]

#: Called with the share of a long piece of work done so far, from 0.0 to 1.0.
Progress: TypeAlias = Callable[[float], None]


def within(progress: Progress | None, start: float, end: float) -> Progress | None:
    """A progress callback for a part of the work that runs from ``start`` to ``end`` of it."""
    if progress is None:
        return None
    report = progress
    return lambda share: report(start + (end - start) * share)
