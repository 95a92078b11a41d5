"""A small store with one session live now, whose board shows PUSH, SWAP and PRESALE.

Shared by the AppTest, browser and soak runs (bench/soak.py), so all three look at the same
board: four products in a US warehouse, a stream that started 30 minutes ago.
- RING (Ring Light 18"): 1,000 in stock, selling slowly -> PUSH;
- LED5 (LED Strip 5m): 30 left, selling 3/min -> SWAP to LED10 (same substitute group);
- LED10 (LED Strip 10m): 1,240 in stock -> PUSH;
- TRIPOD (Phone Tripod): none left, 500 on a ship arriving in 6 days -> PRESALE.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

from core.store.models import (
    Inbound,
    Lane,
    LineupItem,
    LiveSession,
    OrderLine,
    Product,
    StockCount,
    ViewerSample,
    Warehouse,
)

SESSION_ID = "BF-US-1"
TITLE = "Black Friday lights"
WAREHOUSE = "US-3PL"
PRODUCTS = {  # sku: (name, substitute_group, price, units in stock)
    "RING": ('Ring Light 18"', "ring", 39.0, 1000),
    "LED5": ("LED Strip 5m", "strip", 19.0, 60),
    "LED10": ("LED Strip 10m", "strip", 29.0, 1240),
    "TRIPOD": ("Phone Tripod", None, 15.0, 0),
}
_order_ids = count(1)


def build_live_store(engine: Engine, *, now: datetime, minutes_live: float = 30,
                     minutes_left: float = 90) -> None:
    """Write the store described above into an engine that has the schema."""
    start = now - timedelta(minutes=minutes_live)
    counted = now - timedelta(days=1)
    parents: list[SQLModel] = [
        Warehouse(warehouse_id=WAREHOUSE, name="LA 3PL", country="US", mode="3pl",
                  currency="USD", storage_fee_unit_day=0.02, inbound_fee_unit=0.25,
                  outbound_fee_order=2.5, return_fee_unit=3.0),
        LiveSession(session_id=SESSION_ID, title=TITLE, platform="tiktok", market="US",
                    warmup_start=start - timedelta(hours=2), start=start,
                    end=now + timedelta(minutes=minutes_left), traffic="mixed"),
    ]
    rows: list[SQLModel] = [
        Lane(warehouse_id=WAREHOUSE, mode="sea", transit_days=35, transit_days_sd=4,
             cost_unit=0.8, cost_shipment=400),
        Lane(warehouse_id=WAREHOUSE, mode="air", transit_days=8, transit_days_sd=1,
             cost_unit=4.0, cost_shipment=150),
        Inbound(shipment_id="SHIP-1", sku="TRIPOD", warehouse_id=WAREHOUSE, qty=500,
                mode="sea", shipped_at=now - timedelta(days=29), eta=now + timedelta(days=6)),
    ]
    for slot, (sku, (name, group, price, on_hand)) in enumerate(PRODUCTS.items(), start=1):
        parents.append(Product(sku=sku, name=name, category="lighting",
                               substitute_group=group, unit_cost=price / 4, price=price,
                               currency="USD", presale_allowed=True, supplier_lead_days=12))
        rows += [
            StockCount(sku=sku, warehouse_id=WAREHOUSE, counted_at=counted, on_hand=on_hand,
                       reserved=0),
            LineupItem(session_id=SESSION_ID, sku=sku, slot=slot, price=price),
        ]
    # Viewers every 5 minutes, the last sample 20 seconds ago: 5,500 watching now.
    rows += [ViewerSample(session_id=SESSION_ID, ts=start + timedelta(minutes=m),
                          viewers=1000 + 150 * m) for m in range(0, int(minutes_live), 5)]
    if minutes_live > 0:
        rows.append(ViewerSample(session_id=SESSION_ID, ts=now - timedelta(seconds=20),
                                 viewers=round(1000 + 150 * minutes_live)))
    with Session(engine) as session:
        session.add_all(parents)
        session.flush()  # the unit of work does not order inserts by foreign key
        session.add_all(rows)
        session.commit()
    # The last ten minutes: LED5 sells 3 a minute, RING 1 a minute.
    for minute in range(10):
        at = now - timedelta(minutes=10 - minute)
        add_orders(engine, sku="LED5", qty=3, at=at)
        add_orders(engine, sku="RING", qty=1, at=at)


def add_orders(engine: Engine, *, sku: str, qty: int, at: datetime, lines: int = 1,
               session_id: str = SESSION_ID, warehouse_id: str | None = WAREHOUSE,
               unit_price: float | None = None, currency: str = "USD") -> None:
    """`lines` paid orders of `qty` units each of `sku` in a session (this store's live one
    by default), at `at`; a None warehouse is left for the market's warehouses to serve."""
    price = PRODUCTS[sku][2] if unit_price is None else unit_price
    with Session(engine) as session:
        session.add_all(OrderLine(order_id=f"T-{next(_order_ids)}", sku=sku, ts=at, qty=qty,
                                  unit_price=price, currency=currency, session_id=session_id,
                                  warehouse_id=warehouse_id) for _ in range(lines))
        session.commit()
