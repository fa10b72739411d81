"""Random draws the simulation needs, repeatable for a seed: picking from a changing set, and
counting how many rare things happen on a day."""

from __future__ import annotations

import math
import random
from typing import Generic, TypeVar

__all__ = ["Bag", "poisson"]

T = TypeVar("T")


class Bag(Generic[T]):
    """A set with a fair, repeatable random pick in O(1): a list plus each item's index."""

    def __init__(self) -> None:
        self.items: list[T] = []
        self._index: dict[T, int] = {}

    def add(self, item: T) -> None:
        if item not in self._index:
            self._index[item] = len(self.items)
            self.items.append(item)

    def discard(self, item: T) -> None:
        index = self._index.pop(item, None)
        if index is None:
            return
        last = self.items.pop()
        if index < len(self.items):
            self.items[index] = last
            self._index[last] = index

    def __contains__(self, item: T) -> bool:
        return item in self._index

    def pick(self, rng: random.Random) -> T:
        return self.items[rng.randrange(len(self.items))]

    def __len__(self) -> int:
        return len(self.items)


def poisson(rng: random.Random, mean: float) -> int:
    """How many of a rare thing happen today (Knuth's method; a normal for large means)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count
