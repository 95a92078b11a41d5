"""The warehouses page's tables: stock, turnover and home per product and warehouse, the
stock's age, the cost per unit sold, where each product belongs.

Pure, from the planning data (`core.planning.inputs.PlanningData`) and the counts, inbound
and order shape `core.planning.service.warehouse_view` reads; computed through
`core.stock.turnover`, `core.planning.stock_age` and `core.planning.placement`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import pandas as pd

from core.planning.inputs import PairState, PlanningData, supplier_lanes
from core.planning.placement import high_margin_cut, product_homes, suggest_home, unit_costs
from core.planning.stock_age import aged_by_warehouse, stock_ages
from core.stock.turnover import turnover_class, turnover_days


def warehouse_table(data: PlanningData) -> pd.DataFrame:
    """Per product and warehouse: stock, average daily sales, turnover days and class,
    days without stock, the demand method, where the product belongs."""
    rows = []
    products = data.products.set_index("sku")
    modes = dict(zip(data.warehouses["warehouse_id"], data.warehouses["mode"], strict=True))
    for (sku, warehouse_id), demand in sorted(data.demand.items()):
        if sku not in products.index:
            continue
        state = data.states.get((sku, warehouse_id), PairState(0.0, ()))
        stock = max(state.available_units, 0.0)
        days = turnover_days(stock_units=stock, units_per_day=demand.avg_daily_sales)
        product = cast(dict[str, Any], products.loc[sku].to_dict())
        rows.append({
            "sku": sku, "warehouse_id": warehouse_id, "warehouse_mode": modes.get(warehouse_id),
            "available": stock, "inbound": sum(q for _e, q in state.inbound),
            "avg_daily_sales": demand.avg_daily_sales, "offstream_per_day": demand.mean_per_day,
            "method": demand.method, "turnover_days": days,
            "turnover": turnover_class(days, fast_below_days=data.settings.fast_mover_days,
                                       slow_above_days=data.settings.slow_mover_days),
            "days_without_stock": demand.days_without_stock,
            "suggested_home": suggest_home(turnover_days=days, category=str(product["category"]),
                                           price=float(product["price"]),
                                           unit_cost=float(product["unit_cost"])),
        })
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class WarehouseView:
    """The warehouses page as of `at`: `table` (`warehouse_table`), `ages` (the available
    units by age, `core.planning.stock_age.stock_ages`), `aged` (by age band), `costs`
    (per unit sold, by warehouse and lane), `homes` (where each product belongs) and
    `high_margin` (the margin above which a product counts as high-margin there)."""

    at: datetime
    table: pd.DataFrame
    ages: pd.DataFrame
    aged: pd.DataFrame
    costs: pd.DataFrame
    homes: pd.DataFrame
    high_margin: float


def warehouse_view_of(data: PlanningData, *, counts: pd.DataFrame, inbound: pd.DataFrame,
                      shape: pd.DataFrame) -> WarehouseView:
    """The warehouses page from the planning data, the stock counts and inbound known at
    its moment, and the recent orders' shape (`core.forecast.reads.order_shape`)."""
    table = warehouse_table(data)
    settings = data.settings
    available = (table[["sku", "warehouse_id"]].assign(units=table["available"])
                 if not table.empty else pd.DataFrame(columns=["sku", "warehouse_id", "units"]))
    ages = stock_ages(available=available, counts=counts, inbound=inbound, at=data.at)
    cut = high_margin_cut(data.products)
    return WarehouseView(
        at=data.at, table=table, ages=ages, aged=aged_by_warehouse(ages),
        costs=unit_costs(table=table, warehouses=data.warehouses,
                         lanes=supplier_lanes(data.lanes),
                         shape=shape, review_period_days=settings.review_period_days),
        homes=product_homes(table=table, products=data.products, warehouses=data.warehouses,
                            fast_below_days=settings.fast_mover_days, high_margin=cut),
        high_margin=cut)
