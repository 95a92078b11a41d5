"""Session forecasts: viewers x conversion x product share, with a range and its track record.

The model (fitted on past sessions only, so any moment can be replayed):

- Viewers. `V` is a session's mean concurrent viewers while live. Expected viewers come
  from a recency-weighted ridge regression of log V on market, traffic and platform over
  past sessions (`core.forecast.viewers`), so traffic effects are shared across markets and an
  unseen market gets the overall level. Once the warm-up has started, a log-log regression
  of live viewers on warm-up viewers (and interactions) in the latest half hour of warm-up,
  fitted on past warm-ups at the same time before their start, corrects it: the two
  estimates are blended by inverse variance.
- Orders. A Poisson regression with an offset, per lineup product p of session s:
      log E[orders_ps] = log(V_s / 1000) + a + u_category + u_p + b_market + b_platform
                         + b_traffic + b_slot + elasticity x log(price_ps / usual_price_p)
  with ridge penalties (a Gaussian prior) on every effect, so a new product starts at its
  category's rate and a rare market at the overall one. exp(...) is the product's orders per
  1,000 viewers; summed over the lineup it is the session's conversion, and each product's
  part of that sum is its share: orders = viewers x conversion / 1000 x share.
- Units = orders x the product's units per order (shrunk toward the overall ratio).
- Range: an 80% interval of a Poisson-gamma (negative binomial) whose dispersion is measured
  on past forecasts, out of sample. Var(orders) = mu + phi x mu^2, where
      phi = phi_conv x (1 + v) + v,   v = exp(s^2) - 1
  phi_conv is the conversion/share error (forecasts made with the actual viewers) and s^2 the
  variance of log(actual / forecast viewers), both from the sequential replay
  (`core.forecast.backtest.replay`).

The track record (the replay of past sessions) is in `core.forecast.backtest`; the live nowcast in
`core.forecast.nowcast`. The parts: the inputs in `core.forecast.history` and
`core.forecast.target`, viewers in `core.forecast.viewers` and `core.forecast.warmup`, orders in
`core.forecast.orders`, the range in `core.forecast.range`; this module puts them together.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from core.forecast.orders import OrdersModel
from core.forecast.range import Dispersion, nb_interval
from core.forecast.target import Upcoming
from core.forecast.time_slot import time_slot


@dataclass(frozen=True)
class ProductForecast:
    """One lineup product's forecast for the whole session, in units."""

    sku: str
    low: float
    expected: float
    high: float
    orders_expected: float
    orders_per_1000_viewers: float
    share: float
    units_per_order: float
    sessions_seen: int  # past sessions that had this product (0: a new product)

    def to_json(self) -> dict[str, float | str]:
        return {"sku": self.sku, "low": round(self.low, 1),
                "expected": round(self.expected, 1), "high": round(self.high, 1)}


@dataclass(frozen=True)
class Accuracy:
    """How good past forecasts were: the replay of past sessions."""

    wape: float | None
    coverage: float | None
    sessions: int
    rows: int


@dataclass(frozen=True)
class SessionForecast:
    session_id: str
    expected_viewers: float
    viewers_basis: str  # "past sessions", "warm-up", or "none"
    orders_per_1000_viewers: float
    dispersion: float  # phi: Var(orders) = mu + phi mu^2
    products: tuple[ProductForecast, ...]
    accuracy: Accuracy = field(default_factory=lambda: Accuracy(None, None, 0, 0))

    def product(self, sku: str) -> ProductForecast | None:
        return next((p for p in self.products if p.sku == sku), None)


def forecast_session(model: OrdersModel, target: Upcoming, *, log_viewers: float | None,
                     viewer_log_var: float, dispersion: Dispersion,
                     basis: str = "past sessions", accuracy: Accuracy | None = None
                     ) -> SessionForecast:
    """Units per lineup product: viewers x (orders per 1,000 viewers) / 1000 x units per order.

    Worked example: 5,000 viewers and a product at 50 orders per 1,000 viewers, 1.2 units per
    order -> 250 orders -> 300 units; with phi = 0.1 its 80% range is 154-357 orders
    (185-428 units).
    """
    viewers = math.exp(log_viewers) if log_viewers is not None else 0.0
    slot = time_slot(target.start, target.market)
    lineup_weight = sum(model.weight(sku=sku, price=price, position=target.position(sku))
                        for sku, price in target.lineup_prices.items())
    price_index = model.price_index(target.lineup_prices,
                                    {sku: target.position(sku) for sku in target.lineup_prices})
    rates = {sku: math.exp(model.log_rate(sku=sku, market=target.market,
                                          platform=target.platform, traffic=target.traffic,
                                          slot=slot, price=price, minutes=target.minutes,
                                          lineup_weight=lineup_weight,
                                          position=target.position(sku),
                                          price_index=price_index,
                                          event=target.expected_viewers is not None))
             for sku, price in target.lineup_prices.items()} if model.rows else {}
    conversion = sum(rates.values())
    phi = dispersion.total(viewer_log_var)
    skus = list(target.lineup_prices)
    all_orders = np.array([viewers * rates.get(sku, 0.0) / 1000.0 for sku in skus])
    lows, highs = nb_interval(all_orders, phi)
    products = []
    for sku, orders, low_orders, high_orders in zip(skus, all_orders, lows, highs, strict=True):
        rate = rates.get(sku, 0.0)
        upo = model.units_per_order_of(sku)
        expected = float(orders) * upo
        products.append(ProductForecast(
            sku=sku, low=min(float(low_orders) * upo, expected), expected=expected,
            high=max(float(high_orders) * upo, expected), orders_expected=float(orders),
            orders_per_1000_viewers=rate, share=rate / conversion if conversion > 0 else 0.0,
            units_per_order=upo, sessions_seen=int(model.sessions_seen.get(sku, 0))))
    return SessionForecast(
        session_id=target.session_id, expected_viewers=viewers,
        viewers_basis=basis if log_viewers is not None else "none",
        orders_per_1000_viewers=conversion, dispersion=phi, products=tuple(products),
        accuracy=accuracy or Accuracy(None, None, 0, 0))


def forecast_record(forecast: SessionForecast) -> dict[str, Any]:
    """The forecast as plain JSON values (floats exactly: JSON keeps their repr), for a
    result kept across processes (`core.store.results_cache`); `forecast_of_record` reverses
    it."""
    return {**{name: getattr(forecast, name) for name in (
                "session_id", "expected_viewers", "viewers_basis", "orders_per_1000_viewers",
                "dispersion")},
            "products": [asdict(product) for product in forecast.products],
            "accuracy": asdict(forecast.accuracy)}


def forecast_of_record(record: Mapping[str, Any]) -> SessionForecast:
    """The forecast `forecast_record` wrote."""
    return SessionForecast(
        session_id=record["session_id"], expected_viewers=record["expected_viewers"],
        viewers_basis=record["viewers_basis"],
        orders_per_1000_viewers=record["orders_per_1000_viewers"],
        dispersion=record["dispersion"],
        products=tuple(ProductForecast(**product) for product in record["products"]),
        accuracy=Accuracy(**record["accuracy"]))
