"""Small builders for the board's facts: a session, a product, and the board built from them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from core.board.lights import build_board
from core.board.model import Board, ProductFacts, SessionFacts, pace_remaining_demand
from core.common.settings import Settings
from core.stock.pools import StockWarehouse

START = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
SETTINGS = Settings()  # push_margin 0.2, presale_minutes 5, slow_mover_days 90
THREE_PL = StockWarehouse("US-3PL", "US")  # ships every platform's orders, 0 receiving days


def a_session(*, minutes_in: float = 20, **overrides: Any) -> SessionFacts:
    """A 2-hour US stream, `minutes_in` minutes after its start."""
    values: dict[str, Any] = dict(
        session_id="S1", title="Black Friday", market="US",
        warmup_start=START - timedelta(hours=3), start=START,
        end=START + timedelta(hours=2), at=START + timedelta(minutes=minutes_in),
        platform="tiktok", pool=(THREE_PL,), transit_days={"US-3PL": 8.0},
        zone=SETTINGS.time_zone("US"))
    values.update(overrides)
    return SessionFacts(**values)


def a_product(sku: str = "SKU-101", *, available: int = 100, slot: int | None = 1,
              units_per_min: float = 0.0, units_sold: int | None = None,
              units_30d: int = 3000, group: str | None = "lamps",
              **overrides: Any) -> ProductFacts:
    """A lineup product; units_sold defaults to 'has sold' when it has a pace."""
    if units_sold is None:
        units_sold = 10 if units_per_min > 0 else 0
    return ProductFacts(sku=sku, name=f"Product {sku}", slot=slot, substitute_group=group,
                        presale_allowed=True, supplier_lead_days=7, available=available,
                        units_per_min=units_per_min, units_sold=units_sold,
                        units_30d=units_30d, **overrides)


def board_of(*products: ProductFacts, demand: dict[str, float] | None = None,
             session: SessionFacts | None = None, settings: Settings = SETTINGS) -> Board:
    session = session or a_session()
    estimate = demand if demand is not None else pace_remaining_demand(session, products)
    return build_board(session, products, estimate, settings)


def row(board: Board, sku: str) -> Any:
    return next(r for r in board.products if r.sku == sku)
