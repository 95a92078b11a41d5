"""Session forecasts: viewers x conversion x product share, with a range and its track record.

The model (fitted on past sessions only, so any moment can be replayed):

- Viewers. `V` is a session's mean concurrent viewers while live. Expected viewers come
  from a recency-weighted ridge regression of log V on market, traffic and platform over
  past sessions (`viewers_model`), so traffic effects are shared across markets and an
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
  (`core.backtest.replay`).

The track record (the replay of past sessions) is in `core.backtest`; the live nowcast in
`core.nowcast`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from scipy import stats

INTERVAL = 0.8  # low / high are the 10th and 90th percentiles
VIEWER_PRIOR_PRECISION = 1.0
VIEWER_HALF_LIFE_DAYS = 60.0
DEFAULT_PHI_CONV = 0.25  # before enough past forecasts exist to measure it
DEFAULT_VIEWER_LOG_VAR = 0.25
ELASTICITY_PRIOR = -1.0
WARMUP_WINDOW_MINUTES = 30.0

# Market -> the time zone its viewers live in, for the time slot of a session.
MARKET_TIME_ZONES = {
    "US": "America/New_York", "CA": "America/Toronto", "MX": "America/Mexico_City",
    "GB": "Europe/London", "UK": "Europe/London", "DE": "Europe/Berlin", "FR": "Europe/Paris",
    "IT": "Europe/Rome", "ES": "Europe/Madrid", "JP": "Asia/Tokyo", "KR": "Asia/Seoul",
    "CN": "Asia/Shanghai", "SG": "Asia/Singapore", "MY": "Asia/Kuala_Lumpur",
    "TH": "Asia/Bangkok", "VN": "Asia/Ho_Chi_Minh", "PH": "Asia/Manila",
    "ID": "Asia/Jakarta", "AU": "Australia/Sydney", "BR": "America/Sao_Paulo",
}



def time_slot(start: datetime, market: str) -> str:
    """The part of the viewers' day a session starts in: morning, afternoon, evening, night.

    Local hour in the market's time zone: 5-12 morning, 12-18 afternoon, 18-23 evening,
    else night (UTC for a market not in `MARKET_TIME_ZONES`).

    >>> from datetime import UTC
    >>> time_slot(datetime(2026, 11, 27, 1, 0, tzinfo=UTC), "US")  # 20:00 in New York
    'evening'
    """
    zone = MARKET_TIME_ZONES.get(market.upper())
    hour = start.astimezone(ZoneInfo(zone)).hour if zone else start.hour
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 18:
        return "afternoon"
    if 18 <= hour < 23:
        return "evening"
    return "night"


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class History:
    """Everything the forecast learns from, as plain DataFrames (see `core.history`).

    sessions: session_id, platform, market, traffic, warmup_start, start, end (UTC
              timestamps), live_viewers (mean concurrent viewers while live; NaN if unknown)
    lineup:   session_id, sku, price
    products: sku, category, price (the usual price)
    sales:    session_id, sku, orders, units (paid and returned lines; cancelled don't count)
    warmup:   session_id, to_start (minutes before the start), viewers, interactions (NaN
              if none)
    """

    sessions: pd.DataFrame
    lineup: pd.DataFrame
    products: pd.DataFrame
    sales: pd.DataFrame
    warmup: pd.DataFrame
    prepared: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    # Warm-up features by minutes before start, computed on the full history's warm-ups and
    # shared with every `before()` subset (a session's features depend only on its own
    # samples; callers join them to the sessions they keep).
    warmup_cache: dict[float, pd.DataFrame] = field(default_factory=dict, repr=False,
                                                    compare=False)
    root_warmup: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    def warmup_at(self, minutes_before_start: float) -> pd.DataFrame:
        """`warmup_features` of every session of the full history (cached)."""
        key = round(minutes_before_start, 6)
        if key not in self.warmup_cache:
            source = self.warmup if self.root_warmup is None else self.root_warmup
            self.warmup_cache[key] = warmup_features(source, minutes_before_start=key)
        return self.warmup_cache[key]

    @cached_property
    def lineup_sales(self) -> pd.DataFrame:
        """Every lineup product of every session with its session's attributes, orders and
        units (0 when none sold) and the product's category and usual price."""
        if self.prepared is not None:
            return self.prepared
        return _lineup_sales(self)

    @cached_property
    def log_viewers(self) -> pd.DataFrame:
        """Sessions with viewers, and log_v = log(live_viewers)."""
        return _compute_log_viewers(self)

    def before(self, cutoff: pd.Timestamp) -> History:
        """Only sessions that had ended by `cutoff`, with their lineups, sales and warm-ups."""
        done = self.sessions[self.sessions["end"] <= cutoff]
        ids = done["session_id"]
        rows = self.lineup_sales
        return History(
            sessions=done,
            lineup=self.lineup[self.lineup["session_id"].isin(ids)],
            products=self.products,
            sales=self.sales[self.sales["session_id"].isin(ids)],
            warmup=self.warmup[self.warmup["session_id"].isin(ids)],
            prepared=rows[rows["session_id"].isin(ids)],
            warmup_cache=self.warmup_cache,
            root_warmup=self.warmup if self.root_warmup is None else self.root_warmup,
        )


@dataclass(frozen=True)
class Upcoming:
    """The session to forecast: its attributes, lineup (sku -> price) and warm-up so far."""

    session_id: str
    market: str
    platform: str
    traffic: str
    start: datetime
    lineup_prices: Mapping[str, float]
    minutes_before_start: float | None = None  # where the warm-up seen so far ends
    warmup_viewers_mean: float | None = None
    warmup_interactions_per_min: float | None = None


# --------------------------------------------------------------------------- outputs


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


# --------------------------------------------------------------------------- viewers


def _log_viewers(history: History) -> pd.DataFrame:
    return history.log_viewers


def _compute_log_viewers(history: History) -> pd.DataFrame:
    frame = history.sessions[["session_id", "market", "traffic", "platform", "start",
                              "live_viewers"]]
    frame = frame[frame["live_viewers"].astype(float) > 0]
    return frame.assign(log_v=np.log(frame["live_viewers"].astype(float)))


def viewers_model(history: History, *, market: str, traffic: str, platform: str
                  ) -> tuple[float, float] | None:
    """(log expected viewers, its prediction variance) from past sessions; None without any.

    A recency-weighted ridge regression of log V on market, traffic and platform (one-hot,
    prior precision `VIEWER_PRIOR_PRECISION`, so an unseen market gets the overall level and
    a traffic effect is shared across markets); weights 0.5^(age / 60 days), age counted
    from the latest past session:
        beta = (X'WX + L)^-1 X'W y,   var = s^2 (1 + x'(X'WX + L)^-1 x),
        s^2 = sum w (y - X beta)^2 / (sum w - trace of the hat matrix), at least 0.01
    (`DEFAULT_VIEWER_LOG_VAR` with fewer than 3 sessions).
    """
    frame = _log_viewers(history)
    if frame.empty:
        return None
    age_days = (frame["start"].max() - frame["start"]).dt.total_seconds() / 86_400
    weights = np.power(0.5, age_days.clip(lower=0) / VIEWER_HALF_LIFE_DAYS).to_numpy()
    names = ["a"]
    columns = [np.ones(len(frame))]
    target = [1.0]
    for kind, values, wanted in (("market", frame["market"], market),
                                 ("traffic", frame["traffic"], traffic),
                                 ("platform", frame["platform"], platform)):
        array = np.asarray(values, dtype=object)
        for level in sorted(set(array)):
            names.append(f"{kind}:{level}")
            columns.append((array == level).astype(float))
            target.append(1.0 if level == wanted else 0.0)
    x = np.column_stack(columns)
    y = frame["log_v"].to_numpy()
    penalty = np.diag([1e-6] + [VIEWER_PRIOR_PRECISION] * (len(names) - 1))
    inverse = np.linalg.inv((x.T * weights) @ x + penalty)
    beta = inverse @ ((x.T * weights) @ y)
    point = np.array(target)
    if len(y) < 3:
        return float(point @ beta), DEFAULT_VIEWER_LOG_VAR
    hat_trace = float(np.trace(inverse @ ((x.T * weights) @ x)))
    dof = max(float(weights.sum()) - hat_trace, 1.0)
    s2 = max(float(np.sum(weights * (y - x @ beta) ** 2)) / dof, 0.01)
    return float(point @ beta), s2 * (1 + float(point @ inverse @ point))


def expected_log_viewers(history: History, *, market: str, traffic: str,
                         platform: str = "") -> float | None:
    """log of the expected mean viewers of such a session (see `viewers_model`)."""
    fitted = viewers_model(history, market=market, traffic=traffic, platform=platform)
    return None if fitted is None else fitted[0]


def warmup_features(warmup: pd.DataFrame, *, minutes_before_start: float) -> pd.DataFrame:
    """Per session: mean warm-up viewers and interactions per minute over the
    `WARMUP_WINDOW_MINUTES` of warm-up that end `minutes_before_start` before the start.

    Warm-ups are aligned by the time left to the start, not by their own length: a warm-up
    fills up toward the start (traffic videos run in its last half hour), and one announced
    three days ahead is no more comparable minute for minute with a two-hour one.
    """
    low, high = minutes_before_start, minutes_before_start + WARMUP_WINDOW_MINUTES
    window = warmup[(warmup["to_start"] >= low) & (warmup["to_start"] <= high)]
    if window.empty:
        return pd.DataFrame(columns=["session_id", "warmup_viewers", "interactions_per_min"])
    grouped = window.groupby("session_id")
    return pd.DataFrame({
        "warmup_viewers": grouped["viewers"].mean(),
        "interactions_per_min": grouped["interactions"].sum(min_count=1)
        / WARMUP_WINDOW_MINUTES,
    }).reset_index()


@dataclass(frozen=True)
class WarmupFit:
    """log V_live = a + b log(1 + warm-up viewers) [+ c log(1 + interactions/min)]."""

    coefficients: tuple[float, ...]
    residual_var: float
    uses_interactions: bool
    sessions: int

    def predict(self, viewers: float, interactions_per_min: float | None) -> float:
        row = [1.0, math.log1p(viewers)]
        if self.uses_interactions:
            row.append(math.log1p(interactions_per_min or 0.0))
        return float(np.dot(self.coefficients, row))


def fit_warmup(history: History, *, minutes_before_start: float, with_interactions: bool
               ) -> WarmupFit | None:
    """Least squares of past sessions' log live viewers on their warm-up at the same time
    before the start. Needs 4 past sessions with both (6 with interactions); else None.
    """
    feats = history.warmup_at(minutes_before_start)
    frame = _log_viewers(history).merge(feats, on="session_id")
    frame = frame[frame["warmup_viewers"].notna()]
    if with_interactions:
        frame = frame[frame["interactions_per_min"].notna()]
    needed = 6 if with_interactions else 4
    if len(frame) < needed:
        return None
    columns = [np.ones(len(frame)), np.log1p(frame["warmup_viewers"].astype(float))]
    if with_interactions:
        columns.append(np.log1p(frame["interactions_per_min"].astype(float)))
    x = np.column_stack(columns)
    y = frame["log_v"].to_numpy()
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    dof = max(len(y) - x.shape[1], 1)
    residual_var = float(np.sum((y - x @ coef) ** 2) / dof)
    return WarmupFit(tuple(float(c) for c in coef), max(residual_var, 1e-4),
                     with_interactions, len(frame))


# --------------------------------------------------------------------------- orders model


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


def _lineup_sales(history: History) -> pd.DataFrame:
    """Every lineup product of every session with its orders and units (0 when none sold)."""
    sessions = history.sessions[["session_id", "market", "platform", "traffic", "start",
                                 "live_viewers"]]
    rows = history.lineup.merge(sessions, on="session_id")
    rows = rows.merge(history.sales[["session_id", "sku", "orders", "units"]],
                      on=["session_id", "sku"], how="left")
    rows = rows.merge(history.products[["sku", "category", "price"]].rename(
        columns={"price": "usual_price"}), on="sku", how="left")
    return rows.assign(orders=rows["orders"].fillna(0).astype(float),
                       units=rows["units"].fillna(0).astype(float),
                       category=rows["category"].fillna(""),
                       usual_price=rows["usual_price"].fillna(0.0).astype(float))


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
    beta = _newton_poisson(x, y, offset, precision, prior, start)
    coef = dict(zip(names, (float(b) for b in beta), strict=True))
    return OrdersModel(coef, categories, usual, upo, overall_upo, seen, len(rows))


def _newton_poisson(x: np.ndarray, y: np.ndarray, offset: np.ndarray, precision: np.ndarray,
                    prior: np.ndarray, start: np.ndarray, *, iterations: int = 50) -> np.ndarray:
    """Newton's method with step halving on the penalised Poisson log-likelihood.

    loss = sum(mu - y eta) + sum(precision / 2 (beta - prior)^2), eta = offset + X beta;
    gradient X'(mu - y) + precision (beta - prior); Hessian X' diag(mu) X + diag(precision),
    positive definite, so each step goes downhill until the step is tiny.
    """

    def loss(beta: np.ndarray) -> float:
        eta = np.clip(offset + x @ beta, -30, 30)
        return float(np.sum(np.exp(eta) - y * eta) + 0.5 * np.sum(precision * (beta - prior)**2))

    beta = start.astype(float)
    current = loss(beta)
    for _ in range(iterations):
        mu = np.exp(np.clip(offset + x @ beta, -30, 30))
        grad = x.T @ (mu - y) + precision * (beta - prior)
        hessian = (x.T * mu) @ x + np.diag(precision)
        step = np.linalg.solve(hessian, grad)
        scale = 1.0
        while scale > 1e-4:
            candidate = beta - scale * step
            value = loss(candidate)
            if value <= current:
                break
            scale /= 2
        else:
            break
        beta, improvement, current = candidate, current - value, value
        if improvement < 1e-9 * (1 + abs(current)):
            break
    return beta


# --------------------------------------------------------------------------- forecasting


def nb_interval(means: np.ndarray, phi: float, interval: float = INTERVAL
                ) -> tuple[np.ndarray, np.ndarray]:
    """The central `interval` of negative binomials with these means and Var = m + phi m^2
    (Poisson when phi is 0): the (1 - interval) / 2 and (1 + interval) / 2 quantiles."""
    means = np.asarray(means, dtype=float)
    tail = (1 - interval) / 2
    safe = np.maximum(means, 1e-12)
    if phi <= 1e-9:
        low, high = stats.poisson.ppf([[tail], [1 - tail]], safe)
    else:
        shape = 1.0 / phi
        low, high = stats.nbinom.ppf([[tail], [1 - tail]], shape, shape / (shape + safe))
    zero = means <= 0
    return np.where(zero, 0.0, low), np.where(zero, 0.0, high)


@dataclass(frozen=True)
class Dispersion:
    """The two measured error sizes the range is built from (see the module docstring)."""

    phi_conv: float = DEFAULT_PHI_CONV
    viewer_log_var: float = DEFAULT_VIEWER_LOG_VAR

    def total(self, viewer_log_var: float | None = None) -> float:
        """phi = phi_conv x (1 + v) + v, v = exp(s^2) - 1 (a log-normal viewers factor)."""
        s2 = self.viewer_log_var if viewer_log_var is None else viewer_log_var
        v = math.expm1(s2)
        return self.phi_conv * (1 + v) + v


def forecast_viewers(history: History, target: Upcoming) -> tuple[float | None, float, str]:
    """(log expected viewers, its error variance, basis) for the target session.

    Past sessions alone give the prior; a started warm-up adds the regression estimate,
    blended by inverse variance: (p / s_p^2 + r / s_r^2) / (1 / s_p^2 + 1 / s_r^2).
    """
    fitted = viewers_model(history, market=target.market, traffic=target.traffic,
                           platform=target.platform)
    if fitted is None:
        return None, DEFAULT_VIEWER_LOG_VAR, "none"
    prior, prior_var = fitted
    if target.minutes_before_start is None or target.warmup_viewers_mean is None:
        return prior, prior_var, "past sessions"
    with_interactions = target.warmup_interactions_per_min is not None
    fit = fit_warmup(history, minutes_before_start=target.minutes_before_start,
                     with_interactions=with_interactions)
    if fit is None and with_interactions:
        fit = fit_warmup(history, minutes_before_start=target.minutes_before_start,
                         with_interactions=False)
    if fit is None:
        return prior, prior_var, "past sessions"
    regression = fit.predict(target.warmup_viewers_mean, target.warmup_interactions_per_min)
    weight_prior, weight_reg = 1 / prior_var, 1 / fit.residual_var
    blended = (prior * weight_prior + regression * weight_reg) / (weight_prior + weight_reg)
    return blended, 1 / (weight_prior + weight_reg), "warm-up"


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
    rates = {sku: math.exp(model.log_rate(sku=sku, market=target.market,
                                          platform=target.platform, traffic=target.traffic,
                                          slot=slot, price=price))
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


# --------------------------------------------------------------------------- replay


def upcoming_from_history(history: History, session_id: str, *,
                          warmup_until: pd.Timestamp | None = None) -> Upcoming:
    """A past or future session of `history` as a forecast target (warm-up up to a moment)."""
    row = history.sessions[history.sessions["session_id"] == session_id].iloc[0]
    lineup = history.lineup[history.lineup["session_id"] == session_id]
    prices = dict(zip(lineup["sku"], lineup["price"].astype(float), strict=True))
    before_start, viewers, interactions = None, None, None
    cutoff = warmup_until if warmup_until is not None else row["start"]
    if pd.notna(row["warmup_start"]) and cutoff > row["warmup_start"]:
        left = max(0.0, (row["start"] - cutoff).total_seconds() / 60)
        samples = history.warmup[(history.warmup["session_id"] == session_id)
                                 & (history.warmup["to_start"] >= left)]
        feats = warmup_features(samples, minutes_before_start=left)
        if not feats.empty:
            before_start = left
            viewers = float(feats["warmup_viewers"].iloc[0])
            ipm = feats["interactions_per_min"].iloc[0]
            interactions = None if pd.isna(ipm) else float(ipm)
    return Upcoming(session_id=session_id, market=str(row["market"]),
                    platform=str(row["platform"]), traffic=str(row["traffic"]),
                    start=row["start"].to_pydatetime(), lineup_prices=prices,
                    minutes_before_start=before_start, warmup_viewers_mean=viewers,
                    warmup_interactions_per_min=interactions)
