"""Orders per 1,000 viewers of each lineup product: a ridge Poisson regression."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.forecast.history import History
from core.forecast.poisson_regression import newton_poisson
from core.forecast.time_slot import time_slot

ELASTICITY_PRIOR = -1.0


@dataclass(frozen=True)
class OrdersModel:
    """The fitted Poisson regression: coefficients by name, and what it was fitted on."""

    coef: Mapping[str, float]
    categories: Mapping[str, str]  # sku -> category
    usual_price: Mapping[str, float]
    units_per_order: Mapping[str, float]
    overall_units_per_order: float
    sessions_seen: Mapping[str, int]
    rows: int

    @property
    def elasticity(self) -> float:
        return self.coef.get("elasticity", ELASTICITY_PRIOR)

    def log_rate(self, *, sku: str, market: str, platform: str, traffic: str, slot: str,
                 price: float) -> float:
        """log of the product's orders per 1,000 viewers in such a session."""
        c = self.coef
        usual = self.usual_price.get(sku, 0.0)
        price_ratio = price / usual if usual > 0 and price > 0 else 1.0
        return (c.get("a", math.log(10.0)) + c.get(f"cat:{self.categories.get(sku, '')}", 0.0)
                + c.get(f"sku:{sku}", 0.0) + c.get(f"market:{market}", 0.0)
                + c.get(f"platform:{platform}", 0.0) + c.get(f"traffic:{traffic}", 0.0)
                + c.get(f"slot:{slot}", 0.0) + self.elasticity * math.log(price_ratio))

    def units_per_order_of(self, sku: str) -> float:
        return self.units_per_order.get(sku, self.overall_units_per_order)


# Prior precision (1 / variance) of each kind of effect: product effects are loose (the
# data decide), the elasticity stays near -1 unless prices moved.
_PRECISION = {"a": 1e-4, "cat": 1.0, "sku": 1.0, "market": 2.0, "platform": 2.0,
              "traffic": 2.0, "slot": 2.0, "elasticity": 1.0}


def _training_rows(history: History) -> pd.DataFrame:
    """`_lineup_sales` of the sessions whose viewers are known (the model needs them)."""
    rows = history.lineup_sales
    return rows[rows["live_viewers"].astype(float) > 0]


def fit_orders(history: History, *, warm_start: Mapping[str, float] | None = None
               ) -> OrdersModel:
    """Fit the ridge Poisson regression of lineup orders on the session and the product.

    Minimises sum(mu - y log mu) + sum(precision/2 x (beta - prior)^2) with L-BFGS and the
    exact gradient; every effect's prior is 0 except the elasticity's (-1).
    """
    rows = _training_rows(history)
    categories = dict(zip(history.products["sku"], history.products["category"].fillna(""),
                          strict=True))
    usual = dict(zip(history.products["sku"], history.products["price"].astype(float),
                     strict=True))
    total_orders = float(rows["orders"].sum())
    overall_upo = (float(rows["units"].sum()) / total_orders) if total_orders > 0 else 1.0
    per_sku = rows.groupby("sku")[["orders", "units"]].sum()
    # Shrink toward the overall ratio with the weight of 3 orders.
    upo = {str(k): float(v) for k, v in
           ((per_sku["units"] + 3 * overall_upo) / (per_sku["orders"] + 3)).items()}
    seen = {str(k): int(v) for k, v in rows.groupby("sku")["session_id"].nunique().items()}
    if rows.empty:
        return OrdersModel({}, categories, usual, {}, 1.0, {}, 0)

    slots = [time_slot(ts.to_pydatetime(), m) for ts, m in zip(rows["start"], rows["market"],
                                                                strict=True)]
    columns: dict[str, np.ndarray] = {"a": np.ones(len(rows))}
    for kind, values in (("cat", rows["category"]), ("sku", rows["sku"]),
                         ("market", rows["market"]), ("platform", rows["platform"]),
                         ("traffic", rows["traffic"]), ("slot", pd.Series(slots))):
        array = np.asarray(values, dtype=object)
        for level in sorted(set(array)):
            columns[f"{kind}:{level}"] = (array == level).astype(float)
    price_ratio = np.where((rows["usual_price"] > 0) & (rows["price"].astype(float) > 0),
                           rows["price"].astype(float) / rows["usual_price"].where(
                               rows["usual_price"] > 0, 1.0), 1.0)
    columns["elasticity"] = np.log(price_ratio.astype(float))
    names = list(columns)
    x = np.column_stack([columns[n] for n in names])
    y = rows["orders"].to_numpy(dtype=float)
    offset = np.log(rows["live_viewers"].astype(float).to_numpy() / 1000.0)
    precision = np.array([_PRECISION[n.split(":")[0]] for n in names])
    prior = np.array([ELASTICITY_PRIOR if n == "elasticity" else 0.0 for n in names])

    start = prior.copy()
    rate0 = (y.sum() + 0.5) / np.exp(offset).sum()
    start[names.index("a")] = math.log(rate0)
    if warm_start:
        start = np.array([warm_start.get(n, s) for n, s in zip(names, start, strict=True)])
    beta = newton_poisson(x, y, offset, precision, prior, start)
    coef = dict(zip(names, (float(b) for b in beta), strict=True))
    return OrdersModel(coef, categories, usual, upo, overall_upo, seen, len(rows))
