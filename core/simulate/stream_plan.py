"""Learning a stream's plan from what the store knows: the session's lineup and warm-up, and
past sessions of its market (conversion, peak viewers, product shares). Pure: the facts are
read by `core.simulate.reads`, and `core.simulate.service.load_plan` puts the two together.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import median

import numpy as np

from core.simulate.stream_model import ProductPlan, StreamPlan, plan_flash_deals, product_shares

# Defaults when the store has no past session to learn from.
DEFAULT_ORDERS_PER_1000_VIEWERS = 10.0  # docs/figures.md: 5-20 orders per 1,000 unique viewers
DEFAULT_WATCH_MINUTES = 3.0  # estimate: unique viewers ~ viewer-minutes / average watch time
DEFAULT_PEAK_VIEWERS = 1500.0  # estimate, for a session with neither warm-up nor history
DEFAULT_PEAK_TO_WARMUP = 3.0  # estimate: peak live viewers per warm-up viewer
OPENING_SHARE_OF_PEAK = 0.3  # viewers at the start when the warm-up left no sample


@dataclass(frozen=True)
class PastStream:
    """What a past session says about streams of its market."""

    session_id: str
    market: str
    order_lines: int
    viewer_minutes: float
    peak_viewers: float
    warmup_viewers: float | None


def learned_orders_per_1000_viewer_minutes(past: Sequence[PastStream]) -> float:
    """Sum of order lines / sum of viewer-minutes x 1000 over past streams with both.

    Without history: DEFAULT_ORDERS_PER_1000_VIEWERS / DEFAULT_WATCH_MINUTES (10 orders
    per 1,000 viewers who watch 3 minutes on average = 3.33 per 1,000 viewer-minutes).
    """
    usable = [p for p in past if p.viewer_minutes > 0 and p.order_lines > 0]
    if not usable:
        return DEFAULT_ORDERS_PER_1000_VIEWERS / DEFAULT_WATCH_MINUTES
    return 1000 * sum(p.order_lines for p in usable) / sum(p.viewer_minutes for p in usable)


def expected_peak_viewers(*, warmup_viewers: float | None, past: Sequence[PastStream]) -> float:
    """Peak live viewers: warm-up x the median peak/warm-up ratio of past streams.

    Falls back to the median past peak, then warm-up x 3, then 1,500 viewers.
    """
    ratios = [p.peak_viewers / p.warmup_viewers for p in past
              if p.warmup_viewers and p.peak_viewers > 0]
    if warmup_viewers and ratios:
        return warmup_viewers * median(ratios)
    peaks = [p.peak_viewers for p in past if p.peak_viewers > 0]
    if peaks:
        return median(peaks)
    if warmup_viewers:
        return warmup_viewers * DEFAULT_PEAK_TO_WARMUP
    return DEFAULT_PEAK_VIEWERS


def past_stream(*, session_id: str, market: str, start: datetime, end: datetime,
                order_lines: int, samples: Sequence[tuple[datetime, int]]) -> PastStream:
    """A past session from its order lines (not cancelled) and its viewer samples (ts,
    viewers; by time): viewer-minutes and peak while live, the warm-up's highest sample."""
    live = [(ts, v) for ts, v in samples if start <= ts <= end]
    warm = [v for ts, v in samples if ts < start]
    return PastStream(
        session_id=session_id, market=market, order_lines=order_lines,
        viewer_minutes=viewer_minutes(live, start=start, end=end),
        peak_viewers=float(max((v for _, v in live), default=0)),
        warmup_viewers=float(max(warm)) if warm else None,
    )


def viewer_minutes(points: Sequence[tuple[datetime, int]], *, start: datetime,
                   end: datetime) -> float:
    """Area under the viewer samples over [start, end], each held flat to its edges
    (trapezoids between samples).

    >>> from datetime import UTC
    >>> t0 = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    >>> viewer_minutes([(t0.replace(minute=10), 100), (t0.replace(minute=20), 300)],
    ...                start=t0, end=t0.replace(minute=30))
    6000.0
    """
    if not points:
        return 0.0
    edges = [(start, points[0][1]), *points, (end, points[-1][1])]
    return sum((b[0] - a[0]).total_seconds() / 60 * (a[1] + b[1]) / 2
               for a, b in itertools.pairwise(edges))


def mean_order_shares(*, order_lines: Mapping[tuple[str, str], int],
                      lineups: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Per product, the mean over the past sessions whose lineup had it (`lineups`:
    (session_id, sku)) of its share of that session's order lines (`order_lines`:
    (session_id, sku) -> lines); sessions without an order line do not count."""
    totals: Counter[str] = Counter()
    for (sid, _), n in order_lines.items():
        totals[sid] += n
    shares: dict[str, list[float]] = {}
    for sid, sku in lineups:
        if totals[sid]:
            shares.setdefault(sku, []).append(order_lines.get((sid, sku), 0) / totals[sid])
    return {sku: sum(values) / len(values) for sku, values in shares.items()}


@dataclass(frozen=True)
class LineupLine:
    sku: str
    slot: int
    price: float
    currency: str


@dataclass(frozen=True)
class StreamFacts:
    """What the store knows of a session before its stream: when it runs, its lineup (by
    slot), its warm-up viewer samples (ts, viewers; none simulated), the past streams that
    ended by its start and each product's mean share of their orders."""

    market: str
    warmup_start: datetime | None
    start: datetime
    end: datetime
    lineup: tuple[LineupLine, ...]
    warmup: tuple[tuple[datetime, int], ...]
    past: tuple[PastStream, ...]
    past_shares: Mapping[str, float]


def plan_stream(facts: StreamFacts, *, session_id: str, seed: int) -> StreamPlan:
    """The plan of a session's stream from its facts (a lineup of at least one product).

    Viewers: peak from the session's warm-up and past streams of its market (all markets
    when its own has none), opening at the last warm-up sample; conversion from those
    past streams; product shares from past sessions' orders, else by slot and price;
    flash deals drawn from `seed`.
    """
    if not facts.lineup:
        raise ValueError(f"session {session_id} has no lineup to plan a stream of")
    selling = [p for p in facts.past if p.order_lines > 0]
    past = [p for p in selling if p.market == facts.market] or selling
    warmup_viewers = float(max(v for _ts, v in facts.warmup)) if facts.warmup else None
    peak = expected_peak_viewers(warmup_viewers=warmup_viewers, past=past)
    opening = float(facts.warmup[-1][1]) if facts.warmup else OPENING_SHARE_OF_PEAK * peak
    share_of = product_shares(lineup=[(r.sku, r.slot, r.price) for r in facts.lineup],
                              past_shares=facts.past_shares)
    products = tuple(ProductPlan(sku=r.sku, slot=r.slot, price=r.price, currency=r.currency,
                                 share=share_of[r.sku]) for r in facts.lineup)
    deals = plan_flash_deals(start=facts.start, end=facts.end, products=products,
                             rng=np.random.default_rng([seed, 1]))
    return StreamPlan(
        session_id=session_id, market=facts.market, start=facts.start, end=facts.end,
        warmup_start=facts.warmup_start, opening_viewers=min(opening, peak), peak_viewers=peak,
        orders_per_1000_viewer_minutes=learned_orders_per_1000_viewer_minutes(past),
        products=products, flash_deals=deals,
    )
