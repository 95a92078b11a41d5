"""Learning a stream's plan from the store: the session's lineup and warm-up, and past
sessions of its market (conversion, peak viewers, product shares)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, func, select
from sqlmodel import col

from core.common.errors import NotFound
from core.simulate.stream_model import ProductPlan, StreamPlan, plan_flash_deals, product_shares
from core.simulate.writes import SOURCE
from core.store.models import LineupItem, LiveSession, OrderLine, Product, ViewerSample
from core.store.retries import SimulationError, read_with_retries

# Defaults when the store has no past session to learn from.
DEFAULT_ORDERS_PER_1000_VIEWERS = 10.0  # DOMAIN.md: 5-20 orders per 1,000 unique viewers
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
    facts: _StoreFacts = read_with_retries(
        engine, lambda conn: _store_facts(conn, session_id=session_id))
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
