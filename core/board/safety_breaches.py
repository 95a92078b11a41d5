"""Safety stock, for the board's alerts: the market warehouses below the tier's safety stock."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.board.model import SALES_WINDOW_DAYS, Board, ProductFacts
from core.board.tiers import Tier, tier_days
from core.common.settings import Settings


@dataclass(frozen=True)
class SafetyBreach:
    """A market warehouse holding less of a lineup product than the tier's safety stock."""

    sku: str
    warehouse_id: str
    available: int
    safety_stock: float


def safety_candidates(board: Board, products: Sequence[ProductFacts],
                      settings: Settings) -> list[str]:
    """Lineup products with a warehouse that may be below safety stock: one holding less
    than the tier's days of the product's whole market sales (a warehouse never sells more
    than its market), so only these need their per-warehouse sales read."""
    days = tier_days(Tier(board.tier), settings)
    return [p.sku for p in products if p.in_lineup and any(
        stock.available < days * (p.units_30d or 0) / SALES_WINDOW_DAYS
        for stock in p.warehouses)]


def safety_breaches(board: Board, products: Sequence[ProductFacts],
                    warehouse_units_30d: Mapping[tuple[str, str], int],
                    settings: Settings) -> list[SafetyBreach]:
    """Warehouses below safety stock, per lineup product.

        safety_stock = tier_days(board tier) x units_30d / 30   (that warehouse's sales,
                                                                 by (sku, warehouse_id))

    A warehouse that sold none of it in 30 days has no safety stock to fall below.
    Example: live tier (15 days), 60 units in 30 days -> 30 units; 12 available -> breach.
    """
    days = tier_days(Tier(board.tier), settings)
    breaches = []
    for product in products:
        if not product.in_lineup:
            continue
        for stock in product.warehouses:
            sold = warehouse_units_30d.get((product.sku, stock.warehouse_id), 0)
            safety = days * sold / SALES_WINDOW_DAYS
            if sold > 0 and stock.available < safety:
                breaches.append(SafetyBreach(product.sku, stock.warehouse_id,
                                             max(0, stock.available), safety))
    return breaches
