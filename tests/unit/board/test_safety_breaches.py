"""Safety stock on the board: warehouses below the tier's safety stock, and which products
are worth checking."""

from __future__ import annotations

import pytest

from core.board.model import WarehouseStock
from core.board.safety_breaches import safety_breaches, safety_candidates
from tests.unit.board.builders import SETTINGS, a_product, board_of


def test_a_warehouse_below_the_tiers_safety_stock_is_reported() -> None:
    stocks = (WarehouseStock("US-FBA", available=12),   # live: 15 days x 2 a day = 30
              WarehouseStock("US-3PL", available=80),
              WarehouseStock("US-OWN", available=0))    # never sells there: no safety
    product = a_product(units_30d=120, warehouses=stocks)
    board = board_of(product)
    sold = {("SKU-101", "US-FBA"): 60, ("SKU-101", "US-3PL"): 60}

    breaches = safety_breaches(board, [product], sold, SETTINGS)

    assert [(b.warehouse_id, b.available, b.safety_stock) for b in breaches] == [
        ("US-FBA", 12, pytest.approx(30))]


def test_only_products_with_a_warehouse_under_the_market_bound_are_safety_candidates(
) -> None:
    # live tier: 15 days; market sales 60 in 30 days -> no warehouse may need more than 30.
    low = a_product("LOW", units_30d=60, warehouses=(WarehouseStock("US-FBA", 29),))
    fine = a_product("FINE", units_30d=60, warehouses=(WarehouseStock("US-FBA", 30),))
    shelf = a_product("SHELF", slot=None, units_30d=60,
                      warehouses=(WarehouseStock("US-FBA", 0),))

    assert safety_candidates(board_of(low, fine, shelf), [low, fine, shelf],
                             SETTINGS) == ["LOW"]
