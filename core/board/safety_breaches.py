"""Safety stock, for the board's alerts: the market warehouses below the tier's safety stock."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.board.model import SALES_WINDOW_DAYS, Board, ProductFacts
from core.board.tiers import Tier, tier_days
from core.common.settings import Settings

# A warehouse restocked an hour ago that sold three units since doesn't sell 72 a day: its
# pace is taken over at least a day.
MIN_IN_STOCK_DAYS = 1.0


@dataclass(frozen=True)
class SafetyBreach:
    """A market warehouse holding less of a lineup product than the tier's safety stock."""

    sku: str
    warehouse_id: str
    available: int
    safety_stock: float


def safety_candidates(board: Board, products: Sequence[ProductFacts]) -> list[str]:
    """Lineup products that sold in the market in the last 30 days: only a warehouse that
    sold can fall below its safety stock, so only these need their per-warehouse sales and
    days in stock read. (A warehouse's pace over its days in stock has no bound from the
    market's 30-day average, so availability can't narrow the list further.)"""
    return [p.sku for p in products if p.in_lineup and (p.units_30d or 0) > 0]


def safety_breaches(board: Board, products: Sequence[ProductFacts],
                    warehouse_units_30d: Mapping[tuple[str, str], int],
                    settings: Settings,
                    in_stock_days: Mapping[tuple[str, str], float] | None = None
                    ) -> list[SafetyBreach]:
    """Warehouses below safety stock, per lineup product.

        safety_stock = tier_days(board tier) x units_30d / days in stock
            (that warehouse's sales and the days of the 30 it had the product, by
             (sku, warehouse_id); at least MIN_IN_STOCK_DAYS; all 30 where not given)

    Demand, not sales: a warehouse out of the product 20 of the 30 days sold its units in
    10, so its pace is three times the 30-day average. A warehouse that sold none of it in
    30 days has no safety stock to fall below.
    Example: live tier (15 days), 60 units in 30 days in stock -> 30 units; 12 available ->
    breach. The same 60 units sold in the 10 days it had stock -> 90 units.
    """
    days = tier_days(Tier(board.tier), settings)
    stocked = in_stock_days or {}
    breaches = []
    for product in products:
        if not product.in_lineup:
            continue
        for stock in product.warehouses:
            pair = (product.sku, stock.warehouse_id)
            sold = warehouse_units_30d.get(pair, 0)
            window = max(MIN_IN_STOCK_DAYS, min(SALES_WINDOW_DAYS,
                                                stocked.get(pair, SALES_WINDOW_DAYS)))
            safety = days * sold / window
            if sold > 0 and stock.available < safety:
                breaches.append(SafetyBreach(product.sku, stock.warehouse_id,
                                             max(0, stock.available), safety))
    return breaches
