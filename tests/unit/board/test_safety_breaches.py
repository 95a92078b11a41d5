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


def test_a_warehouse_out_of_stock_most_of_the_window_is_judged_at_its_in_stock_pace(
) -> None:
    # Demand, not sales: US-FBA sold 60 in the 10 days it had stock (6 a day, not 2), so
    # the live tier's 15 days is 90 units and 80 on hand is a breach; US-3PL sold its 30 over
    # the whole window (1 a day -> 15) and 20 on hand is fine. Without days in stock, FBA's
    # 80 would pass against 30.
    stocks = (WarehouseStock("US-FBA", available=80), WarehouseStock("US-3PL", available=20))
    product = a_product(units_30d=90, warehouses=stocks)
    sold = {("SKU-101", "US-FBA"): 60, ("SKU-101", "US-3PL"): 30}

    breaches = safety_breaches(board_of(product), [product], sold, SETTINGS,
                               in_stock_days={("SKU-101", "US-FBA"): 10.0,
                                              ("SKU-101", "US-3PL"): 30.0})

    assert [(b.warehouse_id, b.safety_stock) for b in breaches] == [
        ("US-FBA", pytest.approx(90))]
    assert safety_breaches(board_of(product), [product], sold, SETTINGS) == []


def test_an_hour_in_stock_counts_as_a_day_so_a_restock_does_not_read_as_a_flood() -> None:
    # 3 sold in the hour since a restock: 3 a day (not 72), 45 for the live tier's 15 days.
    product = a_product(units_30d=3, warehouses=(WarehouseStock("US-FBA", available=40),))

    breaches = safety_breaches(board_of(product), [product], {("SKU-101", "US-FBA"): 3},
                               SETTINGS, in_stock_days={("SKU-101", "US-FBA"): 1 / 24})

    assert [(b.warehouse_id, b.safety_stock) for b in breaches] == [
        ("US-FBA", pytest.approx(45))]


def test_lineup_products_that_sold_in_the_market_are_the_safety_candidates() -> None:
    sold = a_product("SOLD", units_30d=60, warehouses=(WarehouseStock("US-FBA", 500),))
    unsold = a_product("UNSOLD", units_30d=0, warehouses=(WarehouseStock("US-FBA", 0),))
    shelf = a_product("SHELF", slot=None, units_30d=60,
                      warehouses=(WarehouseStock("US-FBA", 0),))

    assert safety_candidates(board_of(sold, unsold, shelf), [sold, unsold, shelf]) == ["SOLD"]
