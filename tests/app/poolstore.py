"""A TikTok stream live now whose stock sits mostly in Amazon FBA, which never ships
TikTok's orders: the board must count only TikTok's own warehouse and the 3PL.

Shared by the AppTest and the browser test. Three US warehouses: Amazon FBA (serves
amazon), TikTok's own (serves tiktok), a LA 3PL (every platform). A stream started 30
minutes ago:
- CHOP (Vegetable Chopper): FBA 466, TikTok's 12, 3PL 9 -> 21 for this stream, of which
  10 sold in the last ten minutes -> 11 left, out in about 12 minutes -> SWAP to the
  Kitchen Scale (a catalogue product, not in the lineup, 800 in the 3PL), named on the tile;
- RING (Ring Light 10in): 294 in TikTok's warehouse -> PUSH.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

from core.store.models import (
    Lane,
    LineupItem,
    LiveSession,
    OrderLine,
    Product,
    StockCount,
    ViewerSample,
    Warehouse,
)

SESSION_ID = "TT-POOL-1"
TITLE = "TikTok kitchen live"
WAREHOUSES = {  # id: (name, serves, mode, receiving days)
    "US-FBA": ("Amazon FBA ONT8", "amazon", "platform", 5),
    "US-FBT": ("TikTok Shop FBT", "tiktok", "platform", 3),
    "US-3PL": ("LA 3PL", None, "3pl", 2),
}
PRODUCTS = {  # sku: (name, group, price, in lineup, {warehouse: on hand})
    "CHOP": ("Vegetable Chopper", "kitchen", 19.99, True,
             {"US-FBA": 466, "US-FBT": 12, "US-3PL": 9}),
    "RING": ("Ring Light 10in", "ring", 24.99, True, {"US-FBT": 294}),
    "SCALE": ("Kitchen Scale", "kitchen", 14.99, False, {"US-3PL": 800}),
}
_ids = count(1)


def build_pool_store(engine: Engine, *, now: datetime) -> None:
    """Write the store described above into an engine that has the schema."""
    start = now - timedelta(minutes=30)
    counted = now - timedelta(hours=12)
    parents: list[SQLModel] = [
        Warehouse(warehouse_id=wid, name=name, country="US", mode=mode, currency="USD",
                  storage_fee_unit_day=0.02, inbound_fee_unit=0.25, outbound_fee_order=2.5,
                  return_fee_unit=3.0, serves=serves, receiving_days=days)
        for wid, (name, serves, mode, days) in WAREHOUSES.items()]
    parents.append(LiveSession(session_id=SESSION_ID, title=TITLE, platform="tiktok",
                               market="US", warmup_start=start - timedelta(hours=2),
                               start=start, end=now + timedelta(minutes=90), traffic="paid"))
    rows: list[SQLModel] = [
        Lane(warehouse_id=wid, mode="air", transit_days=8, transit_days_sd=1, cost_unit=4.0,
             cost_shipment=150) for wid in WAREHOUSES]
    for slot, (sku, (name, group, price, in_lineup, stock)) in enumerate(PRODUCTS.items(),
                                                                         start=1):
        parents.append(Product(sku=sku, name=name, category="kitchen", substitute_group=group,
                               unit_cost=price / 4, price=price, currency="USD",
                               presale_allowed=True, supplier_lead_days=7))
        rows += [StockCount(sku=sku, warehouse_id=wid, counted_at=counted, on_hand=units,
                            reserved=0) for wid, units in stock.items()]
        if in_lineup:
            rows.append(LineupItem(session_id=SESSION_ID, sku=sku, slot=slot, price=price))
    rows += [ViewerSample(session_id=SESSION_ID, ts=start + timedelta(minutes=m),
                          viewers=2000 + 50 * m) for m in range(0, 30, 5)]
    rows.append(ViewerSample(session_id=SESSION_ID, ts=now - timedelta(seconds=20),
                             viewers=3500))
    # The last ten minutes: a Chopper a minute, without a warehouse (the rule picks one).
    rows += [OrderLine(order_id=f"P-{next(_ids)}", sku="CHOP",
                       ts=now - timedelta(minutes=10 - m), qty=1, unit_price=19.99,
                       currency="USD", session_id=SESSION_ID, warehouse_id=None)
             for m in range(10)]
    with Session(engine) as session:
        session.add_all(parents)
        session.flush()  # the unit of work does not order inserts by foreign key
        session.add_all(rows)
        session.commit()
