"""Builders for the simulator's store tests: a store with a past stream and today's
session, and readers of what the simulator wrote."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from core.store.models import (
    FunnelSample,
    LineupItem,
    LiveSession,
    OrderLine,
    Product,
    SimClock,
    StockCount,
    ViewerSample,
    Warehouse,
)

START = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # 20:00 in New York, 26 November
COUNTED = START - timedelta(hours=6)
FAST = {"speed": 60_000.0, "tick_seconds": 0.01}  # ten simulated minutes per tick


def a_warehouse(warehouse_id: str, country: str, serves: str | None = None) -> Warehouse:
    return Warehouse(warehouse_id=warehouse_id, name=warehouse_id, country=country,
                     mode="3pl" if serves is None else "platform", currency="USD",
                     storage_fee_unit_day=0.02, inbound_fee_unit=0.3, outbound_fee_order=2.5,
                     return_fee_unit=4.0, serves=serves)


def a_product(sku: str, price: float) -> Product:
    return Product(sku=sku, name=sku, category="beauty", unit_cost=price / 4, price=price,
                   currency="USD", presale_allowed=True, supplier_lead_days=10)


def a_session(session_id: str, start: datetime, minutes: int) -> LiveSession:
    return LiveSession(session_id=session_id, title=f"{session_id} live", platform="tiktok",
                       market="US", warmup_start=start - timedelta(hours=2), start=start,
                       end=start + timedelta(minutes=minutes), traffic="paid")


def build_store(engine: Engine, *, minutes: int = 60, stock: int = 5_000,
                sessions: tuple[str, ...] = ("S-TODAY",), fba_serves: str | None = None) -> None:
    """Two US warehouses and a German one; three products; a past US stream with viewers
    and orders; today's TikTok sessions with a lineup, warm-up viewers and stock in every
    warehouse (`stock` units of each product, split over the two US ones). `fba_serves`:
    the platforms US-FBA ships for (None: every one)."""
    past_start = START - timedelta(days=7)
    with Session(engine) as db:
        db.add_all([a_warehouse("US-FBA", "US", fba_serves), a_warehouse("US-3PL", "US"),
                    a_warehouse("DE-3PL", "DE")])
        db.add_all([a_product("SKU-A", 19.99), a_product("SKU-B", 24.99),
                    a_product("SKU-C", 9.99)])
        db.add(a_session("S-PAST", past_start, 120))
        db.add_all([a_session(s, START, minutes) for s in sessions])
        db.commit()
        db.add_all([LineupItem(session_id="S-PAST", sku="SKU-A", slot=1, price=19.99),
                    LineupItem(session_id="S-PAST", sku="SKU-B", slot=2, price=24.99)])
        db.add_all([ViewerSample(session_id="S-PAST", ts=past_start + timedelta(minutes=m),
                                 viewers=2000 - 5 * m) for m in range(0, 121, 10)])
        db.add(ViewerSample(session_id="S-PAST", ts=past_start - timedelta(minutes=10),
                            viewers=500))
        db.add_all([OrderLine(order_id=f"TT-{n}", sku="SKU-A" if n % 10 < 7 else "SKU-B",
                              ts=past_start + timedelta(minutes=n), qty=1, unit_price=19.99,
                              currency="USD", session_id="S-PAST", warehouse_id="US-FBA")
                    for n in range(100)])
        for session_id in sessions:
            db.add_all([LineupItem(session_id=session_id, sku=sku, slot=slot, price=price)
                        for slot, (sku, price) in enumerate(
                            [("SKU-A", 17.99), ("SKU-B", 24.99), ("SKU-C", 9.99)], start=1)])
            db.add_all([ViewerSample(session_id=session_id, ts=START - timedelta(minutes=m),
                                     viewers=700 - 5 * m) for m in (60, 30, 5)])
        db.add_all([StockCount(sku=sku, warehouse_id=wh, counted_at=COUNTED, on_hand=units,
                               reserved=0)
                    for sku in ("SKU-A", "SKU-B", "SKU-C")
                    for wh, units in (("US-FBA", stock - stock // 2), ("US-3PL", stock // 2),
                                      ("DE-3PL", 10_000))])
        db.commit()


def simulated_orders(engine: Engine, session_id: str = "S-TODAY") -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(
            select(col(OrderLine.order_id), col(OrderLine.sku), col(OrderLine.ts),
                   col(OrderLine.qty), col(OrderLine.unit_price))
            .where(col(OrderLine.session_id) == session_id, col(OrderLine.source) == "simulate")
            .order_by(col(OrderLine.order_id)))]


def clock_of(engine: Engine, session_id: str = "S-TODAY") -> Any:
    with engine.connect() as conn:
        return conn.execute(select(col(SimClock.sim_now), col(SimClock.speed),
                                   col(SimClock.finished))
                            .where(col(SimClock.session_id) == session_id)).one()


def card_funnel(engine: Engine, session_id: str = "S-TODAY") -> dict[str, tuple[int, int, int]]:
    """sku -> (funnel rows, impressions, clicks) the simulator wrote for the session."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(col(FunnelSample.sku), func.count(), func.sum(col(FunnelSample.impressions)),
                   func.sum(col(FunnelSample.clicks)))
            .where(col(FunnelSample.session_id) == session_id)
            .group_by(col(FunnelSample.sku))).all()
    return {sku: (int(n), int(imps), int(clicks)) for sku, n, imps, clicks in rows}
