"""Cost per unit sold by warehouse and lane, and where each product belongs."""

from __future__ import annotations

import pandas as pd
import pytest

from core.planning.placement import high_margin_cut, product_homes, suggest_home, unit_costs

WAREHOUSES = pd.DataFrame({
    "warehouse_id": ["US-3PL", "US-FBA", "DE-OWN"], "country": ["US", "US", "DE"],
    "mode": ["3pl", "platform", "self"], "currency": ["USD", "USD", "EUR"],
    "storage_fee_unit_day": [0.02, 0.03, 0.01], "inbound_fee_unit": [0.3, 0.0, 0.1],
    "outbound_fee_order": [3.0, 4.0, 2.0], "return_fee_unit": [3.0, 3.0, 2.0]})
LANES = pd.DataFrame({
    "warehouse_id": ["US-3PL", "US-3PL", "US-FBA"], "mode": ["sea", "air", "sea"],
    "transit_days": [35.0, 8.0, 38.0], "transit_days_sd": [4.0, 1.0, 5.0],
    "cost_unit": [0.8, 4.0, 0.9], "cost_shipment": [400.0, 150.0, 420.0]})
PRODUCTS = pd.DataFrame({
    "sku": ["LAMP", "CASE", "MUG"], "name": ["Lamp", "Case", "Mug"],
    "category": ["lighting", "cases", "Custom mugs"], "price": [20.0, 10.0, 15.0],
    "unit_cost": [8.0, 1.0, 5.0]})


def table(*rows: tuple[str, str, float, float | None]) -> pd.DataFrame:
    """(sku, warehouse, available, avg daily sales) as
    core.planning.warehouse_view.warehouse_table has them."""
    modes = dict(zip(WAREHOUSES["warehouse_id"], WAREHOUSES["mode"], strict=True))
    return pd.DataFrame({"sku": [r[0] for r in rows], "warehouse_id": [r[1] for r in rows],
                         "warehouse_mode": [modes[r[1]] for r in rows],
                         "available": [r[2] for r in rows],
                         "avg_daily_sales": [r[3] for r in rows]})


SHAPE = pd.DataFrame({"sku": ["LAMP", "CASE"], "orders": [100.0, 50.0],
                      "units": [150.0, 50.0], "returned": [15.0, 0.0]})


def test_cost_per_unit_sold_follows_the_formula_for_a_weeks_batch() -> None:
    costs = unit_costs(table=table(("LAMP", "US-3PL", 2000, 100.0)), warehouses=WAREHOUSES,
                       lanes=LANES, shape=SHAPE, review_period_days=7)

    sea = costs[(costs["warehouse_id"] == "US-3PL") & (costs["lane"] == "sea")].iloc[0]
    # 0.8 + 400 / 700 + 0.3 + 0.02 x 20 days + 3.0 / 1.5 units per order + 10% x 3.0
    assert sea["cost_per_unit_sold"] == pytest.approx(0.8 + 400 / 700 + 0.3 + 0.4 + 2 + 0.3)
    air = costs[(costs["warehouse_id"] == "US-3PL") & (costs["lane"] == "air")].iloc[0]
    assert air["cost_per_unit_sold"] > sea["cost_per_unit_sold"]


def test_a_warehouse_that_sells_nothing_has_no_cost_per_unit_sold() -> None:
    costs = unit_costs(table=table(("LAMP", "US-3PL", 200, 10.0)), warehouses=WAREHOUSES,
                       lanes=LANES, shape=SHAPE, review_period_days=7)

    assert costs.loc[costs["warehouse_id"] == "US-FBA", "cost_per_unit_sold"].isna().all()
    assert "DE-OWN" not in set(costs["warehouse_id"])  # no lane into it


def test_high_margin_means_the_top_quarter_of_the_range_never_below_60_percent() -> None:
    # margins 0.6, 0.9, 0.667: the 75th percentile lies halfway from 0.667 to 0.9
    assert high_margin_cut(PRODUCTS) == pytest.approx(0.7833, abs=1e-4)
    assert high_margin_cut(PRODUCTS.assign(unit_cost=[9.0, 9.0, 14.0])) == 0.6


@pytest.mark.parametrize(("turnover", "category", "price", "cost", "home"), [
    (10.0, "tops", 20, 12, "platform"),
    (60.0, "tops", 20, 12, "3pl"),
    (None, "tops", 20, 12, "3pl"),
    (10.0, "Custom mugs", 20, 12, "self"),
    (60.0, "tops", 50, 10, "self"),
])
def test_where_a_product_belongs(turnover: float | None, category: str, price: float,
                                 cost: float, home: str) -> None:
    assert suggest_home(turnover_days=turnover, category=category, price=price,
                        unit_cost=cost) == home


def test_hot_custom_and_high_margin_products_each_get_their_home_and_reason() -> None:
    homes = product_homes(
        table=table(("LAMP", "US-3PL", 100, 10.0), ("CASE", "US-FBA", 50, 1.0),
                    ("MUG", "DE-OWN", 40, 0.5)),
        products=PRODUCTS, warehouses=WAREHOUSES, fast_below_days=30, high_margin=0.75
    ).set_index("sku")

    assert homes.loc["LAMP", ["suggested_home", "why", "move"]].tolist() == [
        "platform", "fast", True]  # 10 days of stock, sitting in a 3PL
    assert homes.loc["CASE", ["suggested_home", "why", "move"]].tolist() == [
        "self", "margin", False]  # no own warehouse in the US: nowhere to move it
    assert not homes.loc["CASE", "home_exists"]
    assert homes.loc["MUG", ["suggested_home", "why", "move"]].tolist() == [
        "self", "custom", False]


def test_turnover_counts_every_warehouse_of_the_product() -> None:
    homes = product_homes(
        table=table(("LAMP", "US-3PL", 300, 5.0), ("LAMP", "US-FBA", 300, 5.0)),
        products=PRODUCTS, warehouses=WAREHOUSES, fast_below_days=30, high_margin=0.75)

    assert homes.loc[0, "turnover_days"] == pytest.approx(60)
    assert homes.loc[0, ["suggested_home", "now_in"]].tolist() == ["3pl", "3pl, platform"]
