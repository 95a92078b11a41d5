"""Orders per 1,000 viewers of each lineup product: a stream's conversion x the product's
share of its lineup, both learned from the time each product was in stock.

A stream's viewers buy at a rate of their own (its conversion), and split what they buy
over the lineup (each product's share). So, for product p in session s:

    orders_ps = viewers_s / 1000 x hours_s x conversion_s x share_ps
    share_ps  = weight_p / sum of the lineup's weights
    weight_p  = exp(u_category + u_p + elasticity x log(price_ps / usual_p)
                    + position x place in the pitch order (0 first, 1 last))
    log conversion_s = a + b_market + b_platform + b_traffic + b_slot
                       + lineup_price x the lineup's share-weighted log(price / usual)
                       + event, for a stream the team gave its own expected_viewers

Fitted in two steps on past streams, recent ones weighing more (half-life `HALF_LIFE_DAYS`):
1. the weights: a ridge Poisson regression of each lineup product's orders with one free
   effect per session (what the session sold as a whole) and an offset log(in_stock), the
   share of the stream's viewer-minutes the product was in stock
   (`core.forecast.censoring`): a product sold out after a quarter of the stream sold a
   quarter of its demand. Demand, not sales.
2. the conversion: each session's orders had every product stayed in stock, per 1,000
   viewer-hours, regressed (ridge, on the log) on market, platform, traffic, time slot and
   the lineup's price level (whether a discounted lineup draws more buying overall, or only
   moves it between products, is learned: lineup_price near 0 when it only moves it), and
   whether the team flagged the stream as an event by giving it `expected_viewers` (the
   event lift: how much better past flagged streams converted than ordinary ones like them,
   shrunk toward none by its prior, so it is 1 until flagged streams have been seen and it
   keeps an event's buying out of the ordinary streams' effects).
The elasticity and lineup_price are never above 0: a fit that slopes upward is refitted
with the price effect held at 0 (the planner's price slider must never raise demand with
the price).

Worked example: 5,000 viewers for 2 hours at 10 orders per 1,000 viewer-hours is 100
orders; a product of weight 2 in a lineup weighing 8 in all takes 25 of them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.forecast.censoring import MIN_IN_STOCK
from core.forecast.history import History
from core.forecast.poisson_regression import newton_poisson
from core.forecast.time_slot import time_slot

ELASTICITY_PRIOR = -1.0
HALF_LIFE_DAYS = 45.0
DEFAULT_MINUTES = 60.0  # rates are per 1,000 viewers per hour of stream


@dataclass(frozen=True)
class OrdersModel:
    """The fitted model: coefficients by name (conversion: a, market:, platform:, traffic:,
    slot:; weights: cat:, sku:, elasticity, position), and what it was fitted on."""

    coef: Mapping[str, float]
    categories: Mapping[str, str]  # sku -> category
    usual_price: Mapping[str, float]
    units_per_order: Mapping[str, float]
    overall_units_per_order: float
    sessions_seen: Mapping[str, int]
    rows: int
    typical_minutes: float = DEFAULT_MINUTES  # of the streams it learned from
    typical_lineup_weight: float = 1.0  # a past lineup's summed weights (the planner's)

    @property
    def elasticity(self) -> float:
        return min(self.coef.get("elasticity", ELASTICITY_PRIOR), 0.0)

    def log_conversion(self, *, market: str, platform: str, traffic: str, slot: str,
                       price_index: float = 0.0, event: bool = False) -> float:
        """log orders per 1,000 viewers per hour of such a stream, over its whole lineup;
        `price_index` is the lineup's share-weighted log(price / usual price); `event`: the
        team gave the stream its own expected_viewers (the event lift applies)."""
        c = self.coef
        return (c.get("a", math.log(10.0)) + c.get(f"market:{market}", 0.0)
                + c.get(f"platform:{platform}", 0.0) + c.get(f"traffic:{traffic}", 0.0)
                + c.get(f"slot:{slot}", 0.0)
                + min(c.get("lineup_price", 0.0), 0.0) * price_index
                + (c.get("event", 0.0) if event else 0.0))

    @property
    def event_lift(self) -> float:
        """How many times an ordinary stream's conversion a flagged event converts at (1
        until past flagged streams say otherwise)."""
        return math.exp(self.coef.get("event", 0.0))

    def price_index(self, lineup: Mapping[str, float],
                    positions: Mapping[str, float] | None = None) -> float:
        """A lineup's price level: sum of share x log(price / usual price) (0 at list
        prices; -0.22 when everything is 20% off)."""
        weights = {sku: self.weight(sku=sku, price=price,
                                    position=(positions or {}).get(sku))
                   for sku, price in lineup.items()}
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        return sum(w / total * self._log_price_ratio(sku, lineup[sku])
                   for sku, w in weights.items())

    def _log_price_ratio(self, sku: str, price: float) -> float:
        usual = self.usual_price.get(sku, 0.0)
        return math.log(price / usual) if usual > 0 and price > 0 else 0.0

    def weight(self, *, sku: str, price: float, position: float | None = None) -> float:
        """The product's weight in a lineup at `price` and `position` (0 first, 1 last;
        default 0.5)."""
        c = self.coef
        usual = self.usual_price.get(sku, 0.0)
        price_ratio = price / usual if usual > 0 and price > 0 else 1.0
        place = 0.5 if position is None else position
        return math.exp(c.get(f"cat:{self.categories.get(sku, '')}", 0.0)
                        + c.get(f"sku:{sku}", 0.0) + self.elasticity * math.log(price_ratio)
                        + c.get("position", 0.0) * (place - 0.5))

    def log_rate(self, *, sku: str, market: str, platform: str, traffic: str, slot: str,
                 price: float, minutes: float | None = None,
                 lineup_weight: float | None = None, position: float | None = None,
                 price_index: float | None = None, event: bool = False) -> float:
        """log of the product's orders per 1,000 viewers in such a session of `minutes`
        (default: a typical stream of the history) whose lineup weighs `lineup_weight` in
        all (default: a typical past lineup) at `price_index` (default: this product's own
        log price ratio, as if its price moved the lineup's)."""
        minutes = minutes if minutes and minutes > 0 else self.typical_minutes
        total = (lineup_weight if lineup_weight and lineup_weight > 0
                 else self.typical_lineup_weight)
        index = self._log_price_ratio(sku, price) if price_index is None else price_index
        return (self.log_conversion(market=market, platform=platform, traffic=traffic,
                                    slot=slot, price_index=index, event=event)
                + math.log(minutes / 60)
                + math.log(self.weight(sku=sku, price=price, position=position) / total))

    def units_per_order_of(self, sku: str) -> float:
        return self.units_per_order.get(sku, self.overall_units_per_order)


# Prior precision (1 / variance) of each kind of effect: product effects are loose (the
# data decide), the elasticity stays near -1 unless prices moved; a session's own effect is
# free.
_PRECISION = {"session": 1e-4, "cat": 1.0, "sku": 1.0, "elasticity": 1.0, "position": 2.0,
              "a": 1e-6, "market": 2.0, "platform": 2.0, "traffic": 2.0, "slot": 2.0,
              "lineup_price": 1.0, "event": 2.0}
_FIXED = 1e8  # the precision that holds an effect at its prior


def _training_rows(history: History) -> pd.DataFrame:
    """`_lineup_sales` of the sessions whose viewers are known and whose order lines are in
    (a session with no line at all is not over for the store yet)."""
    rows = history.lineup_sales
    rows = rows[rows["live_viewers"].astype(float) > 0]
    sold = rows.groupby("session_id")["orders"].transform("sum")
    return rows[sold > 0]


def _one_hot(columns: dict[str, np.ndarray], kind: str, values: Sequence[object]) -> None:
    array = np.asarray(values, dtype=object)
    for level in sorted(set(array)):
        columns[f"{kind}:{level}"] = (array == level).astype(float)


def _recency(starts: pd.Series) -> np.ndarray:
    age_days = (starts.max() - starts).dt.total_seconds().to_numpy() / 86_400
    return np.power(0.5, age_days / HALF_LIFE_DAYS)


def _flagged(sessions: pd.DataFrame) -> np.ndarray:
    """1 for the sessions the team gave their own expected_viewers (its events), else 0."""
    if "expected_viewers" not in sessions.columns:
        return np.zeros(len(sessions))
    given = pd.to_numeric(sessions["expected_viewers"], errors="coerce")
    return (given > 0).to_numpy(dtype=float)


def fit_orders(history: History, *, warm_start: Mapping[str, float] | None = None
               ) -> OrdersModel:
    """Fit the weights, then the conversion (module docstring)."""
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
    weights_coef = _fit_weights(rows, warm_start)
    model = OrdersModel(weights_coef, categories, usual, upo, overall_upo, seen, len(rows))
    return _fit_conversion(rows, model, warm_start)


def _fit_weights(rows: pd.DataFrame, warm_start: Mapping[str, float] | None
                 ) -> dict[str, float]:
    """Step 1: the products' weights, one free effect per session, offset log(in_stock)."""
    seen = rows[rows["in_stock"] >= MIN_IN_STOCK]
    columns: dict[str, np.ndarray] = {}
    _one_hot(columns, "session", list(seen["session_id"]))
    _one_hot(columns, "cat", list(seen["category"]))
    _one_hot(columns, "sku", list(seen["sku"]))
    price = seen["price"].astype(float)
    usual = seen["usual_price"].astype(float)
    ratio = np.where((usual > 0) & (price > 0), price / usual.where(usual > 0, 1.0), 1.0)
    columns["elasticity"] = np.log(ratio.astype(float))
    columns["position"] = seen["position"].astype(float).to_numpy() - 0.5
    names = list(columns)
    x = np.column_stack([columns[n] for n in names])
    y = seen["orders"].to_numpy(dtype=float)
    offset = np.log(seen["in_stock"].astype(float).to_numpy())
    weights = _recency(seen["start"])
    precision = np.array([_PRECISION[n.split(":")[0]] for n in names])
    prior = np.array([ELASTICITY_PRIOR if n == "elasticity" else 0.0 for n in names])
    start = prior.copy()
    for i, name in enumerate(names):
        if name.startswith("session:"):
            mine = seen["session_id"].to_numpy() == name.split(":", 1)[1]
            start[i] = math.log((y[mine].sum() + 0.5) / mine.sum())
    if warm_start:
        start = np.array([warm_start.get(n, s) if not n.startswith("session:") else s
                          for n, s in zip(names, start, strict=True)])
    beta = newton_poisson(x, y, offset, precision, prior, start, weights=weights)
    elasticity = names.index("elasticity")
    if beta[elasticity] > 0:
        # Demand never rises with the price: hold the effect at 0 and fit the rest again.
        precision[elasticity], prior[elasticity] = _FIXED, 0.0
        start = beta.copy()
        start[elasticity] = 0.0
        beta = newton_poisson(x, y, offset, precision, prior, start, weights=weights)
    return dict(zip(names, (float(b) for b in beta), strict=True))


def _fit_conversion(rows: pd.DataFrame, model: OrdersModel,
                    warm_start: Mapping[str, float] | None) -> OrdersModel:
    """Step 2: each session's orders had its whole lineup stayed in stock, per 1,000
    viewer-hours, on market, platform, traffic and time slot (weighted ridge on the log)."""
    coef = dict(model.coef)
    lineup_weight = {
        sid: sum(model.weight(sku=str(sku), price=float(price), position=float(place))
                 for sku, price, place in zip(group["sku"], group["price"], group["position"],
                                              strict=True))
        for sid, group in rows.groupby("session_id")}
    sessions = rows.drop_duplicates("session_id").set_index("session_id")
    known = [sid for sid in sessions.index if f"session:{sid}" in coef]
    sessions = sessions.loc[known]
    hours = sessions["minutes"].astype(float) / 60
    demand = pd.Series({sid: math.exp(coef[f"session:{sid}"]) * lineup_weight[sid]
                        for sid in known})
    conversion = demand / (sessions["live_viewers"].astype(float) / 1000 * hours)
    slots = [time_slot(ts.to_pydatetime(), m) for ts, m in zip(sessions["start"],
                                                                sessions["market"],
                                                                strict=True)]
    prices = rows.assign(price=rows["price"].astype(float))
    index = {sid: model.price_index(dict(zip(group["sku"], group["price"], strict=True)),
                                    dict(zip(group["sku"], group["position"], strict=True)))
             for sid, group in prices.groupby("session_id")}
    columns: dict[str, np.ndarray] = {"a": np.ones(len(sessions))}
    columns["lineup_price"] = np.array([index[sid] for sid in sessions.index])
    columns["event"] = _flagged(sessions)
    _one_hot(columns, "market", list(sessions["market"]))
    _one_hot(columns, "platform", list(sessions["platform"]))
    _one_hot(columns, "traffic", list(sessions["traffic"]))
    _one_hot(columns, "slot", slots)
    names = list(columns)
    x = np.column_stack([columns[n] for n in names])
    y = np.log(conversion.to_numpy(dtype=float))
    w = _recency(sessions["start"])
    penalty = np.diag([_PRECISION[n.split(":")[0]] for n in names])
    beta = np.linalg.solve((x.T * w) @ x + penalty, (x.T * w) @ y)
    coef = {k: v for k, v in coef.items() if not k.startswith("session:")}
    coef.update(zip(names, (float(b) for b in beta), strict=True))
    typical = float(np.average(list(lineup_weight[sid] for sid in known), weights=w))
    return OrdersModel(coef, model.categories, model.usual_price, model.units_per_order,
                       model.overall_units_per_order, model.sessions_seen, model.rows,
                       typical_minutes=float(np.average(sessions["minutes"].astype(float),
                                                        weights=w)),
                       typical_lineup_weight=typical)
