"""What the simulator reads from the store: the facts a stream's plan is learned from, the
session's clock, and the stock the stream may still sell. Each takes an open `Connection`
(`core.simulate.service` opens it and retries when the store is busy)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, exists, func, select
from sqlmodel import col

from core.common.choices import CANCELLED
from core.common.errors import NotFound
from core.simulate.sellable_stock import SellableStock, sellable_units
from core.simulate.stream_model import SOURCE
from core.simulate.stream_plan import (
    LineupLine,
    PastStream,
    StreamFacts,
    mean_order_shares,
    past_stream,
)
from core.stock import reads as stock_reads
from core.stock.available import positions_at
from core.stock.pools import pool_of
from core.store.models import LineupItem, LiveSession, OrderLine, Product, SimClock, ViewerSample


def stream_facts(*, conn: Connection, session_id: str) -> StreamFacts:
    """What the store knows of a session before its stream (`StreamFacts`). Raises NotFound
    for an unknown session, naming what to load."""
    live = conn.execute(
        select(col(LiveSession.market), col(LiveSession.warmup_start), col(LiveSession.start),
               col(LiveSession.end))
        .where(col(LiveSession.session_id) == session_id)).first()
    if live is None:
        raise NotFound(f"session {session_id!r} is not in the store (load sessions.csv first)")
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
    selling = [p.session_id for p in past if p.order_lines > 0]
    return StreamFacts(
        market=live.market, warmup_start=live.warmup_start, start=live.start, end=live.end,
        lineup=tuple(LineupLine(sku, slot, price, currency)
                     for sku, slot, price, currency in lineup),
        warmup=tuple((ts, viewers) for ts, viewers in warmup), past=tuple(past),
        past_shares=_past_shares(conn, past_ids=selling))


def _past_streams(conn: Connection, *, before: datetime) -> list[PastStream]:
    """Every session that ended by `before`, with its order lines (not cancelled) and
    viewer samples."""
    sessions = conn.execute(
        select(col(LiveSession.session_id), col(LiveSession.market), col(LiveSession.start),
               col(LiveSession.end))
        .where(col(LiveSession.end) <= before)).all()
    if not sessions:
        return []
    ids = [s.session_id for s in sessions]
    lines: dict[str | None, int] = dict(conn.execute(
        select(col(OrderLine.session_id), func.count())
        .where(col(OrderLine.session_id).in_(ids), col(OrderLine.status) != CANCELLED)
        .group_by(col(OrderLine.session_id))).all())
    samples: dict[str, list[tuple[datetime, int]]] = {}
    for sid, ts, viewers in conn.execute(
            select(col(ViewerSample.session_id), col(ViewerSample.ts), col(ViewerSample.viewers))
            .where(col(ViewerSample.session_id).in_(ids))
            .order_by(col(ViewerSample.session_id), col(ViewerSample.ts))):
        samples.setdefault(sid, []).append((ts, viewers))
    return [past_stream(session_id=s.session_id, market=s.market, start=s.start, end=s.end,
                        order_lines=lines.get(s.session_id, 0),
                        samples=samples.get(s.session_id, []))
            for s in sessions]


def _past_shares(conn: Connection, *, past_ids: Sequence[str]) -> dict[str, float]:
    """Mean share of a session's order lines per product, over past sessions it was in."""
    if not past_ids:
        return {}
    sold: Counter[tuple[str, str]] = Counter({(str(sid), sku): n for sid, sku, n in conn.execute(
        select(col(OrderLine.session_id), col(OrderLine.sku), func.count())
        .where(col(OrderLine.session_id).in_(past_ids), col(OrderLine.status) != CANCELLED)
        .group_by(col(OrderLine.session_id), col(OrderLine.sku)))})
    lineups = conn.execute(select(col(LineupItem.session_id), col(LineupItem.sku))
                           .where(col(LineupItem.session_id).in_(past_ids))).all()
    return mean_order_shares(order_lines=sold, lineups=[(sid, sku) for sid, sku in lineups])


@dataclass(frozen=True)
class ClockState:
    """A session's SimClock: when it last moved (wall time), at what speed, whether done."""

    wall_now: datetime
    speed: float
    finished: bool


def clock_state(*, conn: Connection, session_id: str) -> ClockState | None:
    """The session's SimClock, or None when it was never simulated."""
    row = conn.execute(
        select(col(SimClock.wall_now), col(SimClock.speed), col(SimClock.finished))
        .where(col(SimClock.session_id) == session_id)).first()
    return None if row is None else ClockState(row[0], float(row[1]), bool(row[2]))


def available_units(conn: Connection, *, session_id: str, skus: Sequence[str], market: str,
                    at: datetime) -> SellableStock:
    """Units each product can still sell at `at`, per warehouse of the session's pool (its
    market's warehouses that serve its platform): the board's available
    (`core.stock.available`), split by `sellable_units`."""
    platform = conn.execute(select(col(LiveSession.platform))
                            .where(col(LiveSession.session_id) == session_id)).scalar()
    market_warehouses = stock_reads.warehouses(conn=conn, market=market)
    pool = pool_of(market_warehouses, market=market, platform=platform or "")
    latest = stock_reads.latest_positions(conn=conn, skus=skus, warehouses=market_warehouses,
                                          at=at)
    return SellableStock(
        units=sellable_units(positions_at(latest, market_warehouses), skus,
                             pool={w.warehouse_id for w in pool}),
        pool=pool)


def session_to_play(*, conn: Connection) -> tuple[str, str, datetime, datetime] | None:
    """(session_id, title, start, end) of the session a demo plays: among sessions with a
    lineup, the first by start that has no orders yet (today's scheduled stream); when
    every one has orders, the latest. None when no session has a lineup."""
    has_lineup = exists().where(col(LineupItem.session_id) == col(LiveSession.session_id))
    has_orders = exists().where(col(OrderLine.session_id) == col(LiveSession.session_id))
    columns = (col(LiveSession.session_id), col(LiveSession.title), col(LiveSession.start),
               col(LiveSession.end))
    row = conn.execute(select(*columns).where(has_lineup, ~has_orders)
                       .order_by(col(LiveSession.start), col(LiveSession.session_id))
                       .limit(1)).first()
    if row is None:
        row = conn.execute(select(*columns).where(has_lineup)
                           .order_by(col(LiveSession.start).desc(),
                                     col(LiveSession.session_id)).limit(1)).first()
    return None if row is None else (row[0], row[1], row[2], row[3])


def order_lines_total(*, conn: Connection) -> int:
    """Every order line in the store."""
    return int(conn.execute(select(func.count()).select_from(OrderLine)).scalar_one())
