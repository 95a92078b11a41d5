"""The model of a live stream: pure, no store.

A `StreamPlan` (viewer scale, conversion, product shares, flash deals) and what a drawn
stream is made of (`StreamMinute`, `SimOrder`, `CardFunnel`), with the curves that turn a
plan into expectations: viewers over time, orders per minute, flash deals, product shares.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

import numpy as np

SOURCE = "simulate"  # stamped on the order lines and viewer samples the simulator writes

# The curve: a ramp to the peak, then a slow decay towards a floor.
END_SHARE_OF_PEAK = 0.5
DECAY_FLOOR_SHARE = 0.35
FLASH_VIEWER_BUMP = 0.25  # viewers rise this much while a flash deal runs


@dataclass(frozen=True)
class ProductPlan:
    """One lineup product: its price on the stream and its share of the stream's orders."""

    sku: str
    slot: int
    price: float
    currency: str
    share: float


@dataclass(frozen=True)
class FlashDeal:
    """A flash deal on one product: a lower price and `order_boost` times its usual orders."""

    sku: str
    start: datetime
    end: datetime
    price: float
    order_boost: float


@dataclass(frozen=True)
class StreamPlan:
    """Everything the model needs to draw one stream."""

    session_id: str
    market: str
    start: datetime
    end: datetime
    warmup_start: datetime | None
    opening_viewers: float
    peak_viewers: float
    orders_per_1000_viewer_minutes: float
    products: tuple[ProductPlan, ...]
    flash_deals: tuple[FlashDeal, ...] = ()

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"session {self.session_id}: end {self.end} is not after start")
        if self.peak_viewers <= 0 or self.opening_viewers < 0:
            raise ValueError("peak_viewers must be positive and opening_viewers not negative")
        if self.orders_per_1000_viewer_minutes < 0:
            raise ValueError("orders_per_1000_viewer_minutes must not be negative")
        if any(p.share < 0 for p in self.products):
            raise ValueError("a product share is negative")

    @property
    def duration_minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


@dataclass(frozen=True)
class SimOrder:
    order_id: str
    sku: str
    ts: datetime
    qty: int
    unit_price: float
    currency: str
    flash_deal: bool


@dataclass(frozen=True)
class CardFunnel:
    """A product card's impressions and clicks over one stream minute, stamped at its end."""

    sku: str
    ts: datetime
    impressions: int
    clicks: int


@dataclass(frozen=True)
class StreamMinute:
    """One minute of the stream (shorter at the edges): a viewer sample, its orders and
    each product card's funnel."""

    start: datetime
    end: datetime
    viewers: int
    interactions: int
    orders: tuple[SimOrder, ...]
    funnel: tuple[CardFunnel, ...] = ()


def ramp_minutes(duration_minutes: float) -> float:
    """Minutes from the opening to the peak: 12% of the stream, between 5 and 20."""
    return min(max(0.12 * duration_minutes, 5.0), 20.0, duration_minutes)


def viewer_curve(at: datetime, *, plan: StreamPlan) -> float:
    """Expected concurrent viewers at `at`.

    Warm-up (before start): linear from 15% of the opening level at `warmup_start` (or 30
    minutes before start) up to `opening_viewers`. Live, with m minutes since start and a
    ramp of R = `ramp_minutes(D)`: an ease from the opening level to the peak over R, then
    peak x (f + (1 - f) x exp(-(m - R) / tau)) with floor f = 0.35 and tau set so the
    stream ends at half its peak. x 1.25 while a flash deal runs. 0 after the end.
    """
    minutes = (at - plan.start).total_seconds() / 60
    peak, opening = plan.peak_viewers, min(plan.opening_viewers, plan.peak_viewers)
    if at >= plan.end:
        return 0.0
    if minutes < 0:
        warmup = plan.warmup_start or plan.start - timedelta(minutes=30)
        span = max((plan.start - warmup).total_seconds() / 60, 1.0)
        return opening * (0.15 + 0.85 * max(0.0, 1 + minutes / span))
    ramp = ramp_minutes(plan.duration_minutes)
    if minutes < ramp:
        eased = math.sin(math.pi / 2 * minutes / ramp) if ramp > 0 else 1.0
        level = opening + (peak - opening) * eased
    else:
        tail = max(plan.duration_minutes - ramp, 1.0)
        tau = tail / math.log((1 - DECAY_FLOOR_SHARE) / (END_SHARE_OF_PEAK - DECAY_FLOOR_SHARE))
        level = peak * (DECAY_FLOOR_SHARE
                        + (1 - DECAY_FLOOR_SHARE) * math.exp(-(minutes - ramp) / tau))
    if any(d.start <= at < d.end for d in plan.flash_deals):
        level *= 1 + FLASH_VIEWER_BUMP
    return level


def orders_per_minute(*, viewers: float, plan: StreamPlan, product: ProductPlan,
                      deal: FlashDeal | None) -> float:
    """Expected order lines per minute of one product.

    rate = viewers / 1000 x orders_per_1000_viewer_minutes x share (x order_boost in a
    flash deal). E.g. 3,000 viewers x 3.3 per 1,000 viewer-minutes x 0.2 share = 2 per min.
    """
    boost = deal.order_boost if deal is not None else 1.0
    return viewers / 1000 * plan.orders_per_1000_viewer_minutes * product.share * boost


def plan_flash_deals(*, start: datetime, end: datetime, products: Sequence[ProductPlan],
                     rng: np.random.Generator) -> tuple[FlashDeal, ...]:
    """Several flash deals, one product at a time, on whole minutes.

    n = round(D / 40) deals (1 to 8) for a D-minute stream, one in each of n equal slices
    after the ramp (ending 5 minutes before the end); each 1-20 minutes (triangular, mode
    6); products drawn by share without repeats until each had one; price x U(0.70, 0.85);
    orders x U(4, 8).
    """
    minutes = (end - start).total_seconds() / 60
    window_start, window_end = ramp_minutes(minutes), minutes - 5
    if not products or window_end - window_start < 5:
        return ()
    count = min(max(round(minutes / 40), 1), 8)
    slice_minutes = (window_end - window_start) / count
    deals: list[FlashDeal] = []
    pool: list[ProductPlan] = []
    for index in range(count):
        if not pool:
            pool = list(products)
        weights = np.array([max(p.share, 0.0) for p in pool])
        chances = weights / weights.sum() if weights.sum() > 0 else None
        product = pool.pop(int(rng.choice(len(pool), p=chances)))
        length = max(1, min(round(rng.triangular(1, 6, 20)), math.floor(slice_minutes)))
        offset = window_start + index * slice_minutes + rng.uniform(0, slice_minutes - length)
        deal_start = start + timedelta(minutes=math.floor(offset))
        deals.append(FlashDeal(
            sku=product.sku, start=deal_start, end=deal_start + timedelta(minutes=length),
            price=round(product.price * rng.uniform(0.70, 0.85), 2),
            order_boost=float(rng.uniform(4, 8)),
        ))
    return tuple(deals)


def product_shares(*, lineup: Sequence[tuple[str, int, float]],
                   past_shares: Mapping[str, float]) -> dict[str, float]:
    """Each lineup product's share of the stream's orders, summing to 1.

    A product with history keeps its mean share of past sessions' orders; one without gets
    w = slot^-0.5 x (median price / price)^0.5 (early slots and cheaper items sell more),
    scaled so an average w is worth the mean known share. `lineup` is (sku, slot, price).

    >>> product_shares(lineup=[("A", 1, 10.0), ("B", 4, 10.0)], past_shares={})
    {'A': 0.6666666666666666, 'B': 0.3333333333333333}
    """
    if not lineup:
        return {}
    prices = [price for _, _, price in lineup if price > 0]
    typical_price = median(prices) if prices else 1.0
    heuristic = {sku: max(slot, 1) ** -0.5 * math.sqrt(typical_price / max(price, 0.01))
                 for sku, slot, price in lineup}
    known = {sku: past_shares[sku] for sku, _, _ in lineup if sku in past_shares}
    mean_heuristic = sum(heuristic.values()) / len(heuristic)
    mean_known = sum(known.values()) / len(known) if known else mean_heuristic
    raw = {sku: known.get(sku, mean_known * heuristic[sku] / mean_heuristic)
           for sku, _, _ in lineup}
    total = sum(raw.values())
    if total <= 0:
        return {sku: 1 / len(raw) for sku in raw}
    return {sku: value / total for sku, value in raw.items()}
