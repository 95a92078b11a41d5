"""Where stock sits and what it costs: cost per unit sold by warehouse and lane, and where
each product belongs.

Pure functions over `core.planning.warehouse_view.warehouse_table` and the store's frames;
the unit cost formula is `core.planning.replenish.cost_per_unit_sold`, the rule
`suggest_home`, turnover `core.stock.turnover.turnover_days`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any, cast

import pandas as pd

from core.planning.replenish import (
    MAX_HOLDING_DAYS,
    LaneOption,
    WarehouseFees,
    cost_per_unit_sold,
)
from core.stock.turnover import turnover_days

MIN_HIGH_MARGIN = 0.6
HIGH_MARGIN_QUANTILE = 0.75
COST_COLUMNS = ["warehouse_id", "warehouse_mode", "lane", "currency", "units_per_day",
                "units_per_shipment", "days_held", "units_per_order", "return_rate",
                "cost_per_unit_sold"]


def _rows(frame: pd.DataFrame) -> Iterator[Any]:
    """A frame's rows as named tuples (loosely typed: its columns are data, not code)."""
    return cast(Iterator[Any], frame.itertuples(index=False))


def _weighted(values: pd.Series, weights: pd.Series, default: float) -> float:
    total = float(weights.sum())
    return float((values * weights).sum() / total) if total > 0 else default


def unit_costs(*, table: pd.DataFrame, warehouses: pd.DataFrame, lanes: pd.DataFrame,
               shape: pd.DataFrame, review_period_days: float) -> pd.DataFrame:
    """Cost per unit sold for each warehouse and each lane into it (COST_COLUMNS).

    Per warehouse: units per day = the sum of its products' average daily sales; a shipment
    carries one review period of them (max 1 unit); a unit waits the warehouse's turnover
    (`core.stock.turnover.turnover_days`: stock / units per day, at most 365 days); units
    per order and the return rate are its products' (`core.forecast.reads.order_shape`:
    units / orders, returned / units), weighted by their sales. Cost per unit sold is None
    for a warehouse that sells nothing.
    """
    rows = []
    per_sku = shape.set_index("sku") if not shape.empty else pd.DataFrame(
        columns=["orders", "units", "returned"])
    for wh in _rows(warehouses):
        mine = table[table["warehouse_id"] == wh.warehouse_id] if not table.empty else table
        sales = (mine["avg_daily_sales"].fillna(0.0).astype(float) if not mine.empty
                 else pd.Series(dtype=float))
        daily = float(sales.sum())
        stock = float(mine["available"].sum()) if not mine.empty else 0.0
        known = per_sku.reindex(mine["sku"]) if not mine.empty else per_sku.iloc[0:0]
        upo = (known["units"] / known["orders"]).fillna(1.0).to_numpy()
        returns = (known["returned"] / known["units"]).fillna(0.0).clip(0, 1).to_numpy()
        weights = sales.reset_index(drop=True)
        units_per_order = max(_weighted(pd.Series(upo), weights, 1.0), 1e-9)
        return_rate = min(max(_weighted(pd.Series(returns), weights, 0.0), 0.0), 1.0)
        turnover = turnover_days(stock_units=stock, units_per_day=daily)
        days_held = MAX_HOLDING_DAYS if turnover is None else min(turnover, MAX_HOLDING_DAYS)
        per_shipment = max(daily * review_period_days, 1.0)
        fees = WarehouseFees(float(wh.storage_fee_unit_day), float(wh.inbound_fee_unit),
                             float(wh.outbound_fee_order), float(wh.return_fee_unit))
        for lane in _rows(lanes[lanes["warehouse_id"] == wh.warehouse_id]):
            option = LaneOption(str(lane.mode), float(lane.transit_days),
                                float(lane.transit_days_sd), float(lane.cost_unit),
                                float(lane.cost_shipment))
            cost = cost_per_unit_sold(lane=option, fees=fees, units_per_shipment=per_shipment,
                                      days_held=days_held, units_per_order=units_per_order,
                                      return_rate=return_rate) if daily > 0 else None
            rows.append((wh.warehouse_id, wh.mode, option.mode, wh.currency, daily,
                         per_shipment, days_held, units_per_order, return_rate, cost))
    return pd.DataFrame(rows, columns=COST_COLUMNS)


def high_margin_cut(products: pd.DataFrame) -> float:
    """The gross margin that counts as high for this seller: the top quarter of the range,
    never below 60%.

    Cross-border goods are priced at several times their factory cost (the price also pays
    freight, fees, platform commission and ads), so a fixed 60% would call nearly every
    product high-margin and send it all to the seller's own warehouse.

    >>> round(high_margin_cut(pd.DataFrame({"price": [10] * 4, "unit_cost": [1, 2, 3, 4]})), 3)
    0.825
    """
    priced = products[products["price"] > 0]
    if priced.empty:
        return MIN_HIGH_MARGIN
    margins = (priced["price"] - priced["unit_cost"]) / priced["price"]
    return max(MIN_HIGH_MARGIN, float(margins.quantile(HIGH_MARGIN_QUANTILE)))


def suggest_home(*, turnover_days: float | None, category: str, price: float,
                 unit_cost: float, fast_below_days: float = 30.0,
                 high_margin: float = 0.6) -> str:
    """Where a product belongs: a warehouse mode (self, 3pl, platform).

    custom products or a gross margin (price - cost) / price >= 60% -> "self" (the seller's
    own); hot sellers (turnover under 30 days) -> "platform"; the rest -> "3pl".

    >>> suggest_home(turnover_days=12, category="tops", price=20, unit_cost=9)
    'platform'
    >>> suggest_home(turnover_days=12, category="custom prints", price=20, unit_cost=9)
    'self'
    """
    margin = (price - unit_cost) / price if price > 0 else 0.0
    if "custom" in category.lower() or margin >= high_margin:
        return "self"
    if turnover_days is not None and turnover_days < fast_below_days:
        return "platform"
    return "3pl"


HOME_COLUMNS = ["sku", "name", "category", "margin", "available", "avg_daily_sales",
                "turnover_days", "markets", "now_in", "suggested_home", "home_exists", "why",
                "move"]


def product_homes(*, table: pd.DataFrame, products: pd.DataFrame, warehouses: pd.DataFrame,
                  fast_below_days: float, high_margin: float) -> pd.DataFrame:
    """Where each product that has stock or sales belongs (HOME_COLUMNS).

    turnover = all its stock / all its average daily sales (every warehouse); `why` is
    "custom", "margin", "fast" or "regular" (the rule of `suggest_home` that decided);
    `markets` the countries of the warehouses that carry it; `now_in` the warehouse modes
    holding it now; `home_exists` whether those markets have a warehouse of the suggested
    mode; `move` True when one exists and none of the modes holding it is the suggested one.
    """
    if table.empty:
        return pd.DataFrame(columns=HOME_COLUMNS)
    rows = []
    info: dict[Any, dict[Any, Any]] = products.set_index("sku").to_dict("index")
    country = dict(zip(warehouses["warehouse_id"], warehouses["country"], strict=True))
    kinds = warehouses.groupby("country")["mode"].agg(set).to_dict()
    for sku, mine in table.groupby("sku", sort=True):
        product = info[sku]
        price, cost = float(product["price"]), float(product["unit_cost"])
        stock = float(mine["available"].sum())
        sales = float(mine["avg_daily_sales"].fillna(0.0).sum())
        days = turnover_days(stock_units=stock, units_per_day=sales)
        home = suggest_home(turnover_days=days, category=str(product["category"]),
                            price=price, unit_cost=cost, fast_below_days=fast_below_days,
                            high_margin=high_margin)
        margin = (price - cost) / price if price > 0 else 0.0
        if "custom" in str(product["category"]).lower():
            why = "custom"
        elif margin >= high_margin:
            why = "margin"
        else:
            why = "fast" if home == "platform" else "regular"
        holding = sorted(set(mine.loc[mine["available"] > 0, "warehouse_mode"].dropna()))
        markets = sorted({country[w] for w in mine["warehouse_id"] if w in country})
        exists = any(home in kinds.get(market, set()) for market in markets)
        rows.append((sku, str(product["name"]), str(product["category"]), margin, stock,
                     sales, days if days is None or math.isfinite(days) else None,
                     ", ".join(markets), ", ".join(holding), home, exists, why,
                     exists and bool(holding) and home not in holding))
    return pd.DataFrame(rows, columns=HOME_COLUMNS)
