"""A live stream played into the store: viewers and orders in simulated time.

Two halves. The model is pure: a `StreamPlan` (viewer scale, conversion, product shares,
flash deals) and a seeded `LiveStream` that draws the stream minute by minute. The writer,
`run_simulation`, builds the plan from the store (the session's lineup and warm-up, past
sessions of its market), then plays it `speed` times faster than real time: one small
insert-only transaction per tick (viewer samples, order lines with source "simulate", the
session's `SimClock`), retried when the store is briefly busy, so it runs beside the
dashboard and other writers.

The stream's minutes are drawn in order whatever the tick length, so one seed gives the
same stream at any speed (as long as nobody else sells the same stock meanwhile).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import math
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import Any, Literal

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, delete, exc, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col

from core import queries
from core.errors import LiveStockError, NotFound
from core.models import (
    Alert,
    FunnelSample,
    LightRecord,
    LineupItem,
    LiveSession,
    OrderLine,
    Product,
    SimClock,
    ViewerSample,
)
from core.timeutil import utc_now

log = logging.getLogger(__name__)

SOURCE = "simulate"
MINUTE = timedelta(minutes=1)

# Defaults when the store has no past session to learn from.
DEFAULT_ORDERS_PER_1000_VIEWERS = 10.0  # DOMAIN.md: 5-20 orders per 1,000 unique viewers
DEFAULT_WATCH_MINUTES = 3.0  # estimate: unique viewers ~ viewer-minutes / average watch time
DEFAULT_PEAK_VIEWERS = 1500.0  # estimate, for a session with neither warm-up nor history
DEFAULT_PEAK_TO_WARMUP = 3.0  # estimate: peak live viewers per warm-up viewer
OPENING_SHARE_OF_PEAK = 0.3  # viewers at the start when the warm-up left no sample
# The curve: a ramp to the peak, then a slow decay towards a floor.
END_SHARE_OF_PEAK = 0.5
DECAY_FLOOR_SHARE = 0.35
FLASH_VIEWER_BUMP = 0.25  # viewers rise this much while a flash deal runs
VIEWER_NOISE_SD = 0.04  # per-minute log noise, AR(1) with 0.8 memory
INTERACTIONS_PER_VIEWER_MINUTE = 0.05
# The product card funnel (DOMAIN.md: CTR 5-15%, click-to-order 5-20%; estimates).
CARD_CTR = 0.09
CLICK_TO_ORDER = 0.12
QTY_CHOICES = (1, 2, 3)
QTY_WEIGHTS = (0.8, 0.15, 0.05)
# Ticks and retries.
RETRY_ATTEMPTS = 10
RETRY_FIRST_WAIT_SECONDS = 0.05
RETRY_MAX_WAIT_SECONDS = 2.0
ORDER_ID_MAX_LENGTH = 64
TRANSIENT_WORDS = ("locked", "busy", "deadlock", "could not serialize", "connection",
                   "server closed", "timeout", "timed out")

StartFrom = datetime | Literal["warmup"] | None


class SimulationError(LiveStockError):
    """The simulation cannot start or go on (bad speed, a busy store, a session already playing)."""


# ---------------------------------------------------------------------------------------
# The model: pure, seeded.


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


def order_id_prefix(session_id: str) -> str:
    """"SIM-<session>-": one session's simulated orders can never meet another's."""
    prefix = f"SIM-{session_id}-"
    if len(prefix) + 8 > ORDER_ID_MAX_LENGTH:
        prefix = f"SIM-{hashlib.sha1(session_id.encode()).hexdigest()[:20]}-"
    return prefix


class LiveStream:
    """Draws a stream minute by minute (on the grid of the session's start) from `start_from`.

    `next_minute(available_units)` returns the next minute's viewer sample and orders,
    never selling more units of a product than `available_units` holds for it (0 when
    absent); None once the stream has ended.
    """

    def __init__(self, plan: StreamPlan, *, seed: int, start_from: datetime | None = None) -> None:
        self.plan = plan
        self.now = start_from or plan.start
        if self.now >= plan.end:
            raise ValueError(f"start_from {self.now} is not before the end of {plan.session_id}")
        self._rng = np.random.default_rng(seed)
        # The funnel draws from its own generator, so orders don't depend on it.
        self._funnel_rng = np.random.default_rng([seed, 1])
        self._log_noise = 0.0
        self._next_number = 1
        self._prefix = order_id_prefix(plan.session_id)

    @property
    def finished(self) -> bool:
        return self.now >= self.plan.end

    def next_minute(self, available_units: Mapping[str, int]) -> StreamMinute | None:
        if self.finished:
            return None
        plan, start = self.plan, self.now
        since_start = math.floor((start - plan.start) / MINUTE)
        end = min(plan.start + (since_start + 1) * MINUTE, plan.end)
        minutes = (end - start).total_seconds() / 60
        self._log_noise = 0.8 * self._log_noise + self._rng.normal(0, VIEWER_NOISE_SD)
        viewers = round(viewer_curve(start, plan=plan) * math.exp(self._log_noise))
        interactions = int(self._rng.poisson(viewers * INTERACTIONS_PER_VIEWER_MINUTE * minutes))
        drawn: list[tuple[datetime, ProductPlan, int, FlashDeal | None]] = []
        funnel: list[CardFunnel] = []
        if start >= plan.start:
            for product in plan.products:
                sold = self._draw_product(product, start, minutes, viewers,
                                          available_units.get(product.sku, 0))
                drawn.extend(sold)
                funnel.append(self._card_funnel(product, start, end, minutes, viewers,
                                                orders=len(sold)))
        drawn.sort(key=lambda item: item[0])
        orders = tuple(self._order(ts, product, qty, deal) for ts, product, qty, deal in drawn)
        self.now = end
        return StreamMinute(start=start, end=end, viewers=viewers, interactions=interactions,
                            orders=orders, funnel=tuple(funnel))

    def _card_funnel(self, product: ProductPlan, start: datetime, end: datetime,
                     minutes: float, viewers: int, *, orders: int) -> CardFunnel:
        """Clicks = the orders placed + the clicks that did not buy, at CLICK_TO_ORDER of the
        expected orders; impressions = clicks / CARD_CTR. A sold-out card is still clicked
        (and converts at 0), as on a real stream."""
        deal = next((d for d in self.plan.flash_deals
                     if d.sku == product.sku and d.start <= start < d.end), None)
        expected_orders = orders_per_minute(viewers=viewers, plan=self.plan, product=product,
                                            deal=deal) * minutes
        expected_clicks = expected_orders / CLICK_TO_ORDER
        clicks = orders + int(self._funnel_rng.poisson(expected_clicks - expected_orders))
        impressions = clicks + int(self._funnel_rng.poisson(
            expected_clicks * (1 / CARD_CTR - 1)))
        return CardFunnel(sku=product.sku, ts=end, impressions=impressions, clicks=clicks)

    def _draw_product(self, product: ProductPlan, start: datetime, minutes: float,
                      viewers: int, available: int,
                      ) -> list[tuple[datetime, ProductPlan, int, FlashDeal | None]]:
        deal = next((d for d in self.plan.flash_deals
                     if d.sku == product.sku and d.start <= start < d.end), None)
        rate = orders_per_minute(viewers=viewers, plan=self.plan, product=product, deal=deal)
        count = int(self._rng.poisson(rate * minutes))
        offsets = np.sort(self._rng.uniform(0, minutes * 60, size=count))
        drawn = []
        for offset in offsets:
            if available <= 0:
                break
            qty = min(int(self._rng.choice(QTY_CHOICES, p=QTY_WEIGHTS)), available)
            available -= qty
            drawn.append((start + timedelta(seconds=float(offset)), product, qty, deal))
        return drawn

    def _order(self, ts: datetime, product: ProductPlan, qty: int,
               deal: FlashDeal | None) -> SimOrder:
        order_id = f"{self._prefix}{self._next_number}"
        self._next_number += 1
        return SimOrder(order_id=order_id, sku=product.sku, ts=ts, qty=qty,
                        unit_price=deal.price if deal else product.price,
                        currency=product.currency, flash_deal=deal is not None)


# ---------------------------------------------------------------------------------------
# Learning the plan from the store.


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


def _session_row(conn: Connection, *, session_id: str) -> Any:
    """The session's market, warmup_start, start and end; NotFound names what to load."""
    row = conn.execute(
        select(col(LiveSession.market), col(LiveSession.warmup_start), col(LiveSession.start),
               col(LiveSession.end))
        .where(col(LiveSession.session_id) == session_id)).first()
    if row is None:
        raise NotFound(f"session {session_id!r} is not in the store (load sessions.csv first)")
    return row


def _past_streams(conn: Connection, *, before: datetime) -> list[PastStream]:
    sessions = conn.execute(
        select(col(LiveSession.session_id), col(LiveSession.market), col(LiveSession.start),
               col(LiveSession.end))
        .where(col(LiveSession.end) <= before)).all()
    if not sessions:
        return []
    ids = [s.session_id for s in sessions]
    lines: dict[str | None, int] = dict(conn.execute(
        select(col(OrderLine.session_id), func.count())
        .where(col(OrderLine.session_id).in_(ids), col(OrderLine.status) != "cancelled")
        .group_by(col(OrderLine.session_id))).all())
    samples: dict[str, list[tuple[datetime, int]]] = {}
    for sid, ts, viewers in conn.execute(
            select(col(ViewerSample.session_id), col(ViewerSample.ts), col(ViewerSample.viewers))
            .where(col(ViewerSample.session_id).in_(ids))
            .order_by(col(ViewerSample.session_id), col(ViewerSample.ts))):
        samples.setdefault(sid, []).append((ts, viewers))
    past = []
    for s in sessions:
        points = samples.get(s.session_id, [])
        live = [(ts, v) for ts, v in points if s.start <= ts <= s.end]
        warm = [v for ts, v in points if ts < s.start]
        past.append(PastStream(
            session_id=s.session_id, market=s.market,
            order_lines=lines.get(s.session_id, 0),
            viewer_minutes=_viewer_minutes(live, start=s.start, end=s.end),
            peak_viewers=float(max((v for _, v in live), default=0)),
            warmup_viewers=float(max(warm)) if warm else None,
        ))
    return past


def _viewer_minutes(points: Sequence[tuple[datetime, int]], *, start: datetime,
                    end: datetime) -> float:
    """Area under the viewer samples over [start, end], each held flat to its edges."""
    if not points:
        return 0.0
    edges = [(start, points[0][1]), *points, (end, points[-1][1])]
    return sum((b[0] - a[0]).total_seconds() / 60 * (a[1] + b[1]) / 2
               for a, b in itertools.pairwise(edges))


def _past_shares(conn: Connection, *, past_ids: Sequence[str]) -> dict[str, float]:
    """Mean share of a session's order lines per product, over past sessions it was in."""
    if not past_ids:
        return {}
    sold: Counter[tuple[str, str]] = Counter({(str(sid), sku): n for sid, sku, n in conn.execute(
        select(col(OrderLine.session_id), col(OrderLine.sku), func.count())
        .where(col(OrderLine.session_id).in_(past_ids), col(OrderLine.status) != "cancelled")
        .group_by(col(OrderLine.session_id), col(OrderLine.sku)))})
    totals: Counter[str] = Counter()
    for (sid, _), n in sold.items():
        totals[sid] += n
    shares: dict[str, list[float]] = {}
    for sid, sku in conn.execute(select(col(LineupItem.session_id), col(LineupItem.sku))
                                 .where(col(LineupItem.session_id).in_(past_ids))):
        if totals[sid]:
            shares.setdefault(sku, []).append(sold[(sid, sku)] / totals[sid])
    return {sku: sum(values) / len(values) for sku, values in shares.items()}


@dataclass(frozen=True)
class _StoreFacts:
    live: Any  # market, warmup_start, start, end
    lineup: list[Any]  # sku, slot, price, currency
    warmup: list[Any]  # ts, viewers before the start, not simulated
    past: list[PastStream]
    past_shares: dict[str, float]


def _store_facts(conn: Connection, *, session_id: str) -> _StoreFacts:
    live = _session_row(conn, session_id=session_id)
    lineup = conn.execute(
        select(col(LineupItem.sku), col(LineupItem.slot), col(LineupItem.price),
               col(Product.currency))
        .join(Product, col(Product.sku) == col(LineupItem.sku))
        .where(col(LineupItem.session_id) == session_id)
        .order_by(col(LineupItem.slot), col(LineupItem.sku))).all()
    warmup = conn.execute(
        select(col(ViewerSample.ts), col(ViewerSample.viewers))
        .where(col(ViewerSample.session_id) == session_id, col(ViewerSample.ts) < live.start,
               col(ViewerSample.source).is_distinct_from(SOURCE))
        .order_by(col(ViewerSample.ts))).all()
    past = _past_streams(conn, before=live.start)
    shares = _past_shares(conn, past_ids=[p.session_id for p in past if p.order_lines > 0])
    return _StoreFacts(live=live, lineup=list(lineup), warmup=list(warmup), past=past,
                       past_shares=shares)


def load_plan(engine: Engine, *, session_id: str, seed: int) -> StreamPlan:
    """The plan of a session's stream, learned from the store.

    Viewers: peak from the session's warm-up and past streams of its market (all markets
    when its own has none), opening at the last warm-up sample; conversion from those
    past streams; product shares from past sessions' orders, else by slot and price;
    flash deals drawn from `seed`.
    """
    facts: _StoreFacts = _read(engine, lambda conn: _store_facts(conn, session_id=session_id))
    live = facts.live
    if not facts.lineup:
        raise SimulationError(f"session {session_id} has no lineup (lineup.csv): nothing to sell")
    selling = [p for p in facts.past if p.order_lines > 0]
    past = [p for p in selling if p.market == live.market] or selling
    warmup_viewers = float(max(r.viewers for r in facts.warmup)) if facts.warmup else None
    peak = expected_peak_viewers(warmup_viewers=warmup_viewers, past=past)
    opening = float(facts.warmup[-1].viewers) if facts.warmup else OPENING_SHARE_OF_PEAK * peak
    share_of = product_shares(lineup=[(r.sku, r.slot, r.price) for r in facts.lineup],
                              past_shares=facts.past_shares)
    products = tuple(ProductPlan(sku=r.sku, slot=r.slot, price=r.price, currency=r.currency,
                                 share=share_of[r.sku]) for r in facts.lineup)
    deals = plan_flash_deals(start=live.start, end=live.end, products=products,
                             rng=np.random.default_rng([seed, 1]))
    return StreamPlan(
        session_id=session_id, market=live.market, start=live.start, end=live.end,
        warmup_start=live.warmup_start, opening_viewers=min(opening, peak), peak_viewers=peak,
        orders_per_1000_viewer_minutes=learned_orders_per_1000_viewer_minutes(past),
        products=products, flash_deals=deals,
    )


# ---------------------------------------------------------------------------------------
# Stock: what the stream may still sell.


def available_units(conn: Connection, *, session_id: str, skus: Sequence[str], market: str,
                    at: datetime) -> dict[str, dict[str, int]]:
    """Units each product can still sell at `at`, per warehouse of the session's market.

    The board's own reading (core.queries): per warehouse, on_hand - reserved of the latest
    count at or before `at` minus the units ordered from it since; this session's orders
    that name no warehouse are taken from the product's fullest warehouse. Never below 0.
    """
    warehouse_ids = queries.market_warehouse_ids(conn=conn, market=market)
    positions = queries.stock_positions(conn=conn, session_id=session_id, skus=skus,
                                        warehouse_ids=warehouse_ids, at=at)
    left: dict[str, dict[str, int]] = {sku: {} for sku in skus}
    unassigned: Counter[str] = Counter()
    for row in positions.to_dict("records"):
        sku, warehouse_id, units = str(row["sku"]), row["warehouse_id"], int(row["units"])
        if pd.isna(warehouse_id):
            unassigned[sku] -= units  # that row holds minus the units
        else:
            left[sku][str(warehouse_id)] = units
    for sku, units in unassigned.items():
        _take(left[sku], units)
    return {sku: {wh: max(units, 0) for wh, units in by_wh.items()}
            for sku, by_wh in left.items()}


def pick_warehouse(units_by_warehouse: Mapping[str, int]) -> str | None:
    """The warehouse that ships an order: the one with the most left (ties by id)."""
    if not units_by_warehouse:
        return None
    return max(sorted(units_by_warehouse), key=lambda wh: units_by_warehouse[wh])


# ---------------------------------------------------------------------------------------
# The writer.


@dataclass(frozen=True)
class TickReport:
    """What one tick wrote; `viewers` is the latest sample so far (None before the first)."""

    session_id: str
    sim_now: datetime
    viewers: int | None
    orders: tuple[SimOrder, ...]
    orders_total: int
    units_total: int
    progress: float
    finished: bool


@dataclass(frozen=True)
class SimulationResult:
    session_id: str
    seed: int
    speed: float
    started_at: datetime
    sim_now: datetime
    ticks: int
    orders_total: int
    units_total: int
    finished: bool


def run_simulation(engine: Engine, *, session_id: str, speed: float, tick_seconds: float = 1.0,
                   seed: int | None = None, start_from: StartFrom = None,
                   stop_event: threading.Event | None = None,
                   on_tick: Callable[[TickReport], None] | None = None) -> SimulationResult:
    """Play a session's stream into the store, `speed` times faster than real time.

    First removes what an earlier simulation of the session wrote (order lines and viewer
    samples with source "simulate", and the alerts and light records from `start_from`
    on, which were read off them). Then every `tick_seconds` of wall time advances the
    simulated clock by tick_seconds x speed and writes, in one transaction, the viewer
    samples, orders and product-card funnels (impressions, clicks) of that stretch and the
    session's SimClock. Returns when the
    stream ends (SimClock.finished) or `stop_event` is set (the clock stays where it got
    to, paused: speed 0). Safe to run in a thread; it installs no signal handler.
    """
    if not (speed > 0 and math.isfinite(speed)):
        raise SimulationError(f"--speed must be a positive number, got {speed}")
    if not tick_seconds > 0:
        raise SimulationError(f"tick_seconds must be positive, got {tick_seconds}")
    seed = random.SystemRandom().randrange(2**31) if seed is None else seed
    stop = stop_event or threading.Event()
    plan = load_plan(engine, session_id=session_id, seed=seed)
    begin = _resolve_start(plan, start_from)
    stream = LiveStream(plan, seed=seed, start_from=begin)
    _claim(engine, session_id=session_id, begin=begin, speed=speed, tick_seconds=tick_seconds)
    player = _Player(engine=engine, plan=plan, stream=stream, speed=speed)
    step = timedelta(seconds=tick_seconds * speed)
    wall_start = time.monotonic()
    try:
        while not stop.is_set():
            report = player.tick(until=min(player.sim_now + step, plan.end))
            if on_tick is not None:
                on_tick(report)
            if report.finished:
                break
            stop.wait(max(0.0, wall_start + player.ticks * tick_seconds - time.monotonic()))
    except BaseException:
        # Interrupted or failed: try to leave the clock paused, but report the first error.
        with contextlib.suppress(Exception):
            _pause(engine, session_id=session_id)
        raise
    if not player.finished:
        _pause(engine, session_id=session_id)
    return SimulationResult(session_id=session_id, seed=seed, speed=speed, started_at=begin,
                            sim_now=player.sim_now, ticks=player.ticks,
                            orders_total=player.orders_total, units_total=player.units_total,
                            finished=player.finished)


class _Player:
    """Turns the stream's minutes into ticks: what is due by the tick's end gets written."""

    def __init__(self, *, engine: Engine, plan: StreamPlan, stream: LiveStream,
                 speed: float) -> None:
        self.engine, self.plan, self.stream, self.speed = engine, plan, stream, speed
        self.begin = self.sim_now = stream.now
        self.ticks = self.orders_total = self.units_total = 0
        self.finished = False
        self._viewers: int | None = None
        self._minutes: list[StreamMinute] = []  # drawn, sample not yet written
        self._orders: list[tuple[SimOrder, str | None]] = []  # drawn, not yet written
        self._funnel: list[CardFunnel] = []  # drawn, not yet written

    def tick(self, *, until: datetime) -> TickReport:
        stock = self._stock()
        # Up to and including `until`: the clock then says `until`, and a board at that
        # moment counts what is stamped at it (ts <= at), so it must be written now.
        while not self.stream.finished and self.stream.now <= until:
            minute = self.stream.next_minute({sku: sum(by_wh.values())
                                              for sku, by_wh in stock.items()})
            assert minute is not None
            self._minutes.append(minute)
            self._funnel.extend(minute.funnel)
            for order in minute.orders:
                self._orders.append((order, pick_warehouse(stock[order.sku])))
                _take(stock[order.sku], order.qty)
        finished = until >= self.plan.end
        minutes = [m for m in self._minutes if finished or m.start <= until]
        orders = [o for o in self._orders if finished or o[0].ts <= until]
        funnel = [f for f in self._funnel if finished or f.ts <= until]
        self._minutes = self._minutes[len(minutes):]
        self._orders = self._orders[len(orders):]
        self._funnel = self._funnel[len(funnel):]
        _with_retries(self.engine, lambda conn: _write_tick(
            conn, session_id=self.plan.session_id, minutes=minutes, orders=orders,
            funnel=funnel, sim_now=until, speed=self.speed, finished=finished),
            what="writing a tick")
        self.sim_now, self.finished = until, finished
        self.ticks += 1
        self.orders_total += len(orders)
        self.units_total += sum(order.qty for order, _ in orders)
        self._viewers = minutes[-1].viewers if minutes else self._viewers
        return TickReport(
            session_id=self.plan.session_id, sim_now=until, viewers=self._viewers,
            orders=tuple(order for order, _ in orders), orders_total=self.orders_total,
            units_total=self.units_total, finished=finished,
            progress=(until - self.begin) / (self.plan.end - self.begin))

    def _stock(self) -> dict[str, dict[str, int]]:
        """Stock the store shows at sim_now, less what was drawn but not yet written."""
        skus = [p.sku for p in self.plan.products]
        stock: dict[str, dict[str, int]] = _read(self.engine, lambda conn: available_units(
            conn, session_id=self.plan.session_id, skus=skus, market=self.plan.market,
            at=self.sim_now))
        for order, _ in self._orders:
            _take(stock[order.sku], order.qty)
        return stock


def _resolve_start(plan: StreamPlan, start_from: StartFrom) -> datetime:
    if start_from is None:
        return plan.start
    if start_from == "warmup":
        return plan.warmup_start or plan.start - timedelta(minutes=30)
    if not isinstance(start_from, datetime):
        raise SimulationError(f"--from must be 'warmup' or a moment, got {start_from!r}")
    earliest = plan.warmup_start or plan.start - timedelta(minutes=30)
    if not earliest <= start_from < plan.end:
        raise SimulationError(
            f"--from {start_from.isoformat()} is outside session {plan.session_id}: "
            f"use a moment from {earliest.isoformat()} (warm-up) to before {plan.end.isoformat()}")
    return start_from


def _take(units_by_warehouse: dict[str, int], qty: int) -> None:
    """Take `qty` units from the fullest warehouses first, as `pick_warehouse` ships them."""
    while qty > 0 and units_by_warehouse:
        fullest = pick_warehouse(units_by_warehouse)
        assert fullest is not None
        taken = min(qty, units_by_warehouse[fullest])
        if taken <= 0:
            return
        units_by_warehouse[fullest] -= taken
        qty -= taken


def _claim(engine: Engine, *, session_id: str, begin: datetime, speed: float,
           tick_seconds: float) -> None:
    """Refuse a session another simulator is playing; clear the last run; start the clock."""
    clock = _read(engine, lambda conn: conn.execute(
        select(col(SimClock.wall_now), col(SimClock.speed), col(SimClock.finished))
        .where(col(SimClock.session_id) == session_id)).first())
    if clock is not None and not clock.finished and clock.speed > 0:
        idle_seconds = (utc_now() - clock.wall_now).total_seconds()
        if idle_seconds < max(10.0, 5 * tick_seconds):
            raise SimulationError(
                f"session {session_id} is already being simulated (its clock moved "
                f"{idle_seconds:.0f} s ago): stop that simulator first")

    def clear(conn: Connection) -> None:
        if clock is not None:  # an earlier simulation wrote funnel samples from here on
            conn.execute(delete(FunnelSample).where(col(FunnelSample.session_id) == session_id,
                                                    col(FunnelSample.ts) > begin))
        conn.execute(delete(OrderLine).where(col(OrderLine.session_id) == session_id,
                                             col(OrderLine.source) == SOURCE))
        conn.execute(delete(ViewerSample).where(col(ViewerSample.session_id) == session_id,
                                                col(ViewerSample.source) == SOURCE))
        conn.execute(delete(Alert).where(col(Alert.session_id) == session_id,
                                         col(Alert.ts) >= begin))
        conn.execute(delete(LightRecord).where(col(LightRecord.session_id) == session_id,
                                               col(LightRecord.ts) >= begin))
        conn.execute(delete(SimClock).where(col(SimClock.session_id) == session_id))
        conn.execute(insert(SimClock).values(session_id=session_id, sim_now=begin,
                                             wall_now=utc_now(), speed=speed, finished=False))

    _with_retries(engine, clear, what="clearing the last simulated run")


def _pause(engine: Engine, *, session_id: str) -> None:
    """Leave the clock where it got to, paused (speed 0), so nobody mistakes it for running."""
    _with_retries(engine, lambda conn: conn.execute(
        update(SimClock).where(col(SimClock.session_id) == session_id)
        .values(wall_now=utc_now(), speed=0.0)), what="pausing the clock", attempts=3)


def _write_tick(conn: Connection, *, session_id: str, minutes: Sequence[StreamMinute],
                orders: Sequence[tuple[SimOrder, str | None]], sim_now: datetime,
                speed: float, finished: bool, funnel: Sequence[CardFunnel] = ()) -> None:
    """One tick, insert-only apart from the clock: samples, order lines, card funnels,
    then the clock."""
    if minutes:
        conn.execute(_insert_keeping_existing(conn), [
            {"session_id": session_id, "ts": m.start, "viewers": m.viewers,
             "interactions": m.interactions, "source": SOURCE} for m in minutes])
    if orders:
        conn.execute(insert(OrderLine), [
            {"order_id": o.order_id, "sku": o.sku, "ts": o.ts, "qty": o.qty,
             "unit_price": o.unit_price, "currency": o.currency, "session_id": session_id,
             "warehouse_id": warehouse_id, "customer_id": None, "status": "paid",
             "source": SOURCE} for o, warehouse_id in orders])
    if funnel:
        conn.execute(_insert_keeping_existing(conn, FunnelSample), [
            {"session_id": session_id, "sku": f.sku, "ts": f.ts, "impressions": f.impressions,
             "clicks": f.clicks} for f in funnel])
    conn.execute(update(SimClock).where(col(SimClock.session_id) == session_id)
                 .values(sim_now=sim_now, wall_now=utc_now(), speed=speed, finished=finished))


def _insert_keeping_existing(conn: Connection, model: Any = ViewerSample) -> Any:
    """INSERT samples (viewers, card funnels), leaving one already recorded at that moment
    alone: a simulation played over a session with real samples never overwrites them."""
    if conn.dialect.name == "sqlite":
        return sqlite.insert(model).on_conflict_do_nothing()
    if conn.dialect.name == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing()
    return insert(model)


def _read(engine: Engine, work: Callable[[Connection], Any]) -> Any:
    return _with_retries(engine, work, what="reading", write=False)


def _with_retries(engine: Engine, work: Callable[[Connection], Any], *, what: str,
                  write: bool = True, attempts: int = RETRY_ATTEMPTS) -> Any:
    """Run `work` in one transaction; on a transient OperationalError (a lock held too
    long, a dropped connection) roll back and try again with a growing wait."""
    wait = RETRY_FIRST_WAIT_SECONDS
    for attempt in range(1, attempts + 1):
        try:
            if write:
                with engine.begin() as conn:
                    return work(conn)
            with engine.connect() as conn:
                return work(conn)
        except exc.OperationalError as error:
            if not _transient(error):
                raise SimulationError(f"the store refused {what}: {error.orig}") from error
            log.warning("store busy while %s (attempt %d of %d): %s", what, attempt,
                        attempts, error.orig)
            if attempt == attempts:
                raise SimulationError(
                    f"the store stayed busy while {what} ({attempts} tries): another "
                    "program holds it; every tick before was saved whole, run the "
                    "simulation again to replay") from error
            time.sleep(wait)
            wait = min(wait * 2, RETRY_MAX_WAIT_SECONDS)
    raise AssertionError("unreachable")


def _transient(error: exc.OperationalError) -> bool:
    """A lock held too long or a dropped connection: worth another try, unlike a missing
    table or column."""
    message = str(error.orig).lower()
    return error.connection_invalidated or any(word in message for word in TRANSIENT_WORDS)
