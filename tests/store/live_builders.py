"""Small builders for the live board's store tests: a stream S1 starting at START, its
lineup, stock counts, orders, inbound and viewers, then the board they give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from core.board.model import Board, BoardRow
from core.board.service import board_at
from core.store.models import (
    Inbound,
    LineupItem,
    LiveSession,
    OrderLine,
    Product,
    StockCount,
    ViewerSample,
    Warehouse,
)

START = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # Black Friday, 20:00 in Beijing


def minutes(n: float) -> datetime:
    return START + timedelta(minutes=n)


class StoreBuilder:
    """Small builders for a store: sessions with a lineup, stock, orders and viewers."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.order_no = 0

    def add(self, *rows: Any) -> StoreBuilder:
        with Session(self.engine) as session:
            session.add_all(rows)
            session.commit()
        return self

    def warehouse(self, warehouse_id: str = "US-3PL", country: str = "US", *,
                  serves: str | None = None, mode: str = "3pl",
                  receiving_days: int = 0, name: str | None = None) -> StoreBuilder:
        """A warehouse; `serves` as warehouses.csv writes it ("amazon;tiktok", None = all)."""
        return self.add(Warehouse(warehouse_id=warehouse_id, name=name or warehouse_id,
                                  country=country, mode=mode, currency="USD",
                                  storage_fee_unit_day=0.02, inbound_fee_unit=0.3,
                                  outbound_fee_order=2.5, return_fee_unit=4.0, serves=serves,
                                  receiving_days=receiving_days))

    def product(self, sku: str, *, group: str | None = None, presale: bool = True,
                lead_days: int = 7, name: str | None = None) -> StoreBuilder:
        return self.add(Product(sku=sku, name=name or f"Product {sku}", category="beauty",
                                substitute_group=group, unit_cost=5, price=20, currency="USD",
                                presale_allowed=presale, supplier_lead_days=lead_days))

    def session(self, session_id: str = "S1", *, start: datetime = START,
                length_min: float = 120, market: str = "US",
                platform: str = "tiktok") -> StoreBuilder:
        return self.add(LiveSession(session_id=session_id, title=f"Stream {session_id}",
                                    platform=platform, market=market,
                                    warmup_start=start - timedelta(hours=3), start=start,
                                    end=start + timedelta(minutes=length_min),
                                    traffic="organic"))

    def lineup(self, sku: str, slot: int, session_id: str = "S1") -> StoreBuilder:
        return self.add(LineupItem(session_id=session_id, sku=sku, slot=slot, price=20))

    def count(self, sku: str, on_hand: int, *, at: datetime, reserved: int = 0,
              warehouse_id: str = "US-3PL") -> StoreBuilder:
        return self.add(StockCount(sku=sku, warehouse_id=warehouse_id, counted_at=at,
                                   on_hand=on_hand, reserved=reserved))

    def order(self, sku: str, qty: int, *, at: datetime, session_id: str | None = "S1",
              warehouse_id: str | None = "US-3PL", status: str = "paid",
              platform: str | None = None, market: str | None = None) -> StoreBuilder:
        self.order_no += 1
        return self.add(OrderLine(order_id=f"O{self.order_no}", sku=sku, ts=at, qty=qty,
                                  unit_price=20, currency="USD", session_id=session_id,
                                  warehouse_id=warehouse_id, status=status, platform=platform,
                                  market=market))

    def inbound(self, sku: str, qty: int, *, shipped: datetime, eta: datetime,
                warehouse_id: str = "US-3PL", received_at: datetime | None = None,
                received_known: bool = False) -> StoreBuilder:
        """A lot; `received_known` as a file with a received_at column writes it (then
        `received_at` None = still on the way), else received at the first count after
        its ETA."""
        return self.add(Inbound(shipment_id=f"SH-{sku}-{warehouse_id}-{eta:%m%d}", sku=sku,
                                warehouse_id=warehouse_id, qty=qty, mode="sea",
                                shipped_at=shipped, eta=eta, received_at=received_at,
                                received_known=received_known or received_at is not None))

    def viewers(self, n: int, *, at: datetime, session_id: str = "S1") -> StoreBuilder:
        return self.add(ViewerSample(session_id=session_id, ts=at, viewers=n))

    def board(self, at: datetime, session_id: str = "S1", **kwargs: Any) -> Board:
        return board_at(self.engine, session_id=session_id, at=at, **kwargs)

    def row(self, at: datetime, sku: str = "SKU-1", **kwargs: Any) -> BoardRow:
        return next(r for r in self.board(at, **kwargs).products if r.sku == sku)
