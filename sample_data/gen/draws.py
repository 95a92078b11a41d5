"""Randomness: every draw comes from a `random.Random` seeded with a string naming its purpose."""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Iterator, Sequence

SEED = "livestock-demo-1"


@contextlib.contextmanager
def seeded(seed: str) -> Iterator[None]:
    """Every draw inside comes from `seed` instead of SEED: another world of the same story
    (bench/decisions/ scores the advice on several). SEED itself makes the committed files."""
    global SEED
    saved, SEED = SEED, seed
    try:
        yield
    finally:
        SEED = saved


QTY_WEIGHTS = ((1, 0.86), (2, 0.11), (3, 0.03))
MEAN_QTY = sum(q * w for q, w in QTY_WEIGHTS)


def rng_for(*parts: object) -> random.Random:
    """A generator of its own for each purpose: adding a product never shifts another's draws."""
    return random.Random(":".join([SEED, *(str(part) for part in parts)]))


def poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean < 30:
        limit, k, p = math.exp(-mean), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


def weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    total = sum(w for _, w in pairs)
    pick = rng.random() * total
    for value, weight in pairs:
        pick -= weight
        if pick < 0:
            return value
    return pairs[-1][0]


def draw_qty(rng: random.Random) -> int:
    return int(weighted(rng, _QTY_CHOICES))


_QTY_CHOICES = [(str(q), w) for q, w in QTY_WEIGHTS]


def ceil10(units: float) -> int:
    return math.ceil(units / 10.0) * 10
