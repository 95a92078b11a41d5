"""A small ended stream whose review is known by hand (store, page and browser tests).

Session REV-1, US, 20:00-21:00 UTC on 2026-11-20, one warehouse (US-3PL, an air lane of 8
days from the supplier: a sold-out product can be presold). Viewers: 1,000
from 20:00, 500 from 20:30 (samples every 10 minutes).
Funnel samples every 15 minutes (20:15 ... 21:00), a quarter of each total in each.
- TRIPOD: 30 counted the day before; one unit a minute at 20:01 ... 20:30 -> runs out at
  20:30 with 30 sold. Lost from its clicks while out: 22 clicks a bin, 44 in stock with 30
  orders (68%), 44 while out (20:30-21:00) -> 30 lost. (Its pace per viewer-minute would
  say 15: viewers halve at 20:30, its clicks don't.)
- RING: 10 counted; one unit a minute at 20:01 ... 20:10 -> out at 20:10; a count of 20 at
  20:40 restocks it; 30 minutes out. 10 clicks a bin: in stock 10 x (10 + 5 + 15) / 15 = 20
  clicks with 10 orders (50%), out 20 clicks -> 10 lost.
- LED5 and LED10 (substitute group "strip", variants A and B): 500 each, never run out.
  Funnel: LED5 400 clicks and 40 orders, LED10 400 clicks and 60 orders (the A/B example:
  z = 2.138, p = 0.0325 -> LED10 wins).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

from core.store.models import (
    FunnelSample,
    Lane,
    LineupItem,
    LiveSession,
    OrderLine,
    Product,
    StockCount,
    ViewerSample,
    Warehouse,
)

SESSION_ID = "REV-1"
TITLE = "Review test stream"
START = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
END = START + timedelta(hours=1)
WAREHOUSE = "US-3PL"
PRICES = {"TRIPOD": 15.0, "RING": 39.0, "LED5": 19.0, "LED10": 29.0}
GROUPS = {"TRIPOD": None, "RING": None, "LED5": "strip", "LED10": "strip"}
VARIANTS = {"LED5": "A", "LED10": "B"}
STOCK = {"TRIPOD": 30, "RING": 10, "LED5": 500, "LED10": 500}


def minute(n: float) -> datetime:
    return START + timedelta(minutes=n)


def build_review_store(engine: Engine) -> None:
    """Write the stream described above into an engine that has the schema."""
    ids = count(1)
    parents: list[SQLModel] = [
        Warehouse(warehouse_id=WAREHOUSE, name="LA 3PL", country="US", mode="3pl",
                  currency="USD", storage_fee_unit_day=0.02, inbound_fee_unit=0.25,
                  outbound_fee_order=2.5, return_fee_unit=3.0),
        LiveSession(session_id=SESSION_ID, title=TITLE, platform="TikTok Shop", market="US",
                    warmup_start=START - timedelta(hours=1), start=START, end=END,
                    traffic="organic"),
    ]
    rows: list[SQLModel] = [Lane(warehouse_id=WAREHOUSE, mode="air", transit_days=8,
                                 transit_days_sd=1, cost_unit=4.0, cost_shipment=150)]
    for slot, (sku, price) in enumerate(PRICES.items(), start=1):
        parents.append(Product(sku=sku, name=f"{sku} product", category="gear",
                               substitute_group=GROUPS[sku], unit_cost=price / 4, price=price,
                               currency="USD", presale_allowed=True, supplier_lead_days=10))
        rows.append(LineupItem(session_id=SESSION_ID, sku=sku, slot=slot, price=price,
                               variant=VARIANTS.get(sku)))
        rows.append(StockCount(sku=sku, warehouse_id=WAREHOUSE,
                               counted_at=START - timedelta(days=1), on_hand=STOCK[sku],
                               reserved=0))
    rows.append(StockCount(sku="RING", warehouse_id=WAREHOUSE, counted_at=minute(40),
                           on_hand=20, reserved=0))
    rows += [ViewerSample(session_id=SESSION_ID, ts=minute(m), viewers=1000 if m < 30 else 500)
             for m in range(0, 60, 10)]

    def order(sku: str, at: datetime, qty: int = 1) -> OrderLine:
        return OrderLine(order_id=f"R-{next(ids)}", sku=sku, ts=at, qty=qty,
                         unit_price=PRICES[sku], currency="USD", session_id=SESSION_ID,
                         warehouse_id=WAREHOUSE)

    rows += [order("TRIPOD", minute(m)) for m in range(1, 31)]
    rows += [order("RING", minute(m)) for m in range(1, 11)]
    rows += [order("LED5", minute(1 + m * 0.5)) for m in range(40)]
    rows += [order("LED10", minute(1 + m * 0.5)) for m in range(60)]
    funnel = {"TRIPOD": (900, 90), "RING": (500, 40), "LED5": (4000, 400),
              "LED10": (4000, 400)}
    for sku, (impressions, clicks) in funnel.items():
        rows += [FunnelSample(session_id=SESSION_ID, sku=sku, ts=minute(m),
                              impressions=impressions // 4, clicks=clicks // 4)
                 for m in (15, 30, 45, 60)]
    with Session(engine) as session:
        session.add_all(parents)
        session.flush()
        session.add_all(rows)
        session.commit()
