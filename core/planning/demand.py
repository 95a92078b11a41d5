"""Daily demand between streams: intermittent, and never counted on days without stock.

Off-stream sales of one product in one warehouse are mostly zeros with the odd order, so the
daily rate comes from the `intermittent-forecast` library (Croston family): SBA (Syntetos-
Boylan approximation, alpha = beta = 0.1) when demand is intermittent (average interval
between demand days ADI > 1.32, Syntetos-Boylan's cut-off), simple exponential smoothing
(alpha = 0.1) when it sells most days, and the plain mean with fewer than two demand days.
(statsforecast's CrostonSBA/TSB would do the same, but it pins pandas < 3, which this
project runs on.)

Days without stock are left out of the history: a day whose available stock at its start
(the latest count before it, less the units sold on the days since) was 0 or less, or with a
count that day showing none, says nothing about demand. Orders without a warehouse go to the
warehouses that would have shipped them: of the session market's (every market's for an
off-stream order) carriers of the product, those that serve the order's platform, the most
specific first (`core.planning.serving`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

import numpy as np
import pandas as pd

from core.planning.serving import covering_warehouses

ADI_CUTOFF = 1.32
SMOOTHING = 0.1
WINDOW_DAYS = 90
TURNOVER_WINDOW_DAYS = 30


def allocate_unassigned(daily: pd.DataFrame, *, warehouses: pd.DataFrame,
                        carried: pd.DataFrame) -> pd.DataFrame:
    """Give every daily sale a warehouse: sku, warehouse_id, day, units, on_stream.

    `daily` is `core.planning.reads.daily_sales` (a `platform` column is optional);
    `carried` lists (sku, warehouse_id) pairs that hold the product (a stock count or a
    shipped order). A sale without a warehouse goes to the carriers of its market (any
    market off-stream) that can ship its platform, the most specific first
    (`core.planning.serving.covering_warehouses`), split evenly among equally specific
    ones; one that no carrier can ship is dropped (no warehouse could have sold it).
    """
    frame = daily.assign(on_stream=daily["market"].notna())
    if "platform" not in frame:
        frame = frame.assign(platform=None)
    known = frame[frame["warehouse_id"].notna()]
    loose = frame[frame["warehouse_id"].isna()].drop(columns="warehouse_id")
    columns = ["sku", "warehouse_id", "day", "units", "on_stream"]
    if loose.empty:
        return known[columns]
    country = dict(zip(warehouses["warehouse_id"], warehouses["country"], strict=True))
    serves = (dict(zip(warehouses["warehouse_id"], warehouses["serves"], strict=True))
              if "serves" in warehouses else {})
    pairs = carried[["sku", "warehouse_id"]].drop_duplicates().assign(
        country=lambda f: f["warehouse_id"].map(country))
    keyed = loose.assign(market=loose["market"].fillna(""), platform=loose["platform"].fillna(""))
    weights = []
    for sku, market, platform in keyed[["sku", "market", "platform"]].drop_duplicates() \
            .itertuples(index=False):
        mine = pairs[pairs["sku"] == sku]
        if market:
            mine = mine[mine["country"] == market]
        chosen = covering_warehouses(platform=platform or None,
                                     serves={w: _text(serves.get(w)) for w in mine["warehouse_id"]},
                                     carriers=set(mine["warehouse_id"]))
        weights += [(sku, market, platform, w, 1.0 / len(chosen)) for w in chosen]
    shares = pd.DataFrame(weights, columns=["sku", "market", "platform", "warehouse_id",
                                            "share"])
    spread = keyed.merge(shares, on=["sku", "market", "platform"])
    spread = spread.assign(units=spread["units"] * spread["share"])
    combined = pd.concat([known[columns], spread[columns]], ignore_index=True)
    summed = combined.groupby(["sku", "warehouse_id", "day", "on_stream"], as_index=False)[
        "units"].sum()
    return cast(pd.DataFrame, summed[columns])


def _text(value: object) -> str | None:
    """A frame cell as text, None for a missing one."""
    return None if value is None or (isinstance(value, float) and np.isnan(value)) \
        else str(value)


def in_stock_days(counts: pd.DataFrame, units_by_day: pd.Series, days: list[date]
                  ) -> pd.Series:
    """For one product in one warehouse: True for each day that started with stock.

    available at the start of d = (on_hand - reserved) of the latest count before d, minus
    the units sold on the days after that count's day and before d. A count on d itself
    showing none also marks d. Days before the first count are True only when there is no
    count at all (nothing says the shelf was empty).

    >>> import pandas as pd
    >>> from datetime import date, datetime, UTC
    >>> counts = pd.DataFrame({"counted_at": [pd.Timestamp(datetime(2026, 3, 1, 8, tzinfo=UTC))],
    ...                        "on_hand": [5], "reserved": [0]})
    >>> sold = pd.Series({date(2026, 3, 2): 5.0})
    >>> in_stock_days(counts, sold, [date(2026, 3, d) for d in (1, 2, 3)]).tolist()
    [True, True, False]
    """
    flags = {}
    if counts.empty:
        return pd.Series(True, index=days)
    ordered = counts.sort_values("counted_at")
    count_days = [ts.date() for ts in ordered["counted_at"]]
    available = (ordered["on_hand"] - ordered["reserved"]).to_numpy(dtype=float)
    sold = units_by_day.to_dict()
    for day in days:
        before = [i for i, cd in enumerate(count_days) if cd < day]
        same_day = [available[i] for i, cd in enumerate(count_days) if cd == day]
        if not before:
            flags[day] = bool(same_day) and same_day[-1] > 0
            continue
        last = before[-1]
        gap = count_days[last] + timedelta(days=1)
        used = 0.0
        while gap < day:
            used += sold.get(gap, 0.0)
            gap += timedelta(days=1)
        flags[day] = available[last] - used > 0 and not (same_day and min(same_day) <= 0)
    return pd.Series(flags)


def intermittent_rate(units: np.ndarray) -> tuple[float, str]:
    """Units per day ahead from a daily history of in-stock days, and the method used.

    ADI = days / demand days; SBA when ADI > 1.32, SES when not, the mean with fewer than
    two demand days, 0 with no history.

    >>> intermittent_rate(np.array([0, 0, 3, 0, 0, 0, 2, 0, 0, 4.0]))[1]
    'SBA'
    """
    series = np.asarray(units, dtype=float)
    if series.size == 0:
        return 0.0, "none"
    demand_days = int(np.count_nonzero(series))
    if demand_days < 2:
        return float(series.mean()), "mean"
    adi = series.size / demand_days
    # Imported here (0.4 s): the review imports planning for its plan section, which its
    # first paint does not wait for.
    from intermittent_forecast.forecasters import Croston, SimpleExponentialSmoothing

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if adi > ADI_CUTOFF:
            model = Croston().fit(ts=series, variant="SBA", alpha=SMOOTHING, beta=SMOOTHING)
            method = "SBA"
        else:
            model = SimpleExponentialSmoothing().fit(ts=series, alpha=SMOOTHING)
            method = "SES"
        ahead = model.forecast(start=series.size, end=series.size + 1)
    value = float(ahead[-1])
    return (max(value, 0.0) if np.isfinite(value) else float(series.mean())), method


@dataclass(frozen=True)
class DailyDemand:
    """One product in one warehouse, between streams and in them, per day."""

    sku: str
    warehouse_id: str
    mean_per_day: float  # off-stream, from `intermittent_rate`
    sd_per_day: float  # off-stream, sample sd over in-stock days
    method: str
    session_units_per_day: float  # stream sales per in-stock day in the window
    avg_daily_sales: float | None  # all sales per in-stock day, last 30 days (None: no day)
    in_stock_days: int
    days_without_stock: int


def daily_demand(sales: pd.DataFrame, counts: pd.DataFrame, *, sku: str, warehouse_id: str,
                 until: date, window_days: int = WINDOW_DAYS) -> DailyDemand:
    """Demand of one (sku, warehouse) from `allocate_unassigned` rows and its stock counts.

    The window is the `window_days` days up to `until`, starting no earlier than the first
    count (or the first sale when there is no count). Days without stock are dropped.
    """
    mine = sales[(sales["sku"] == sku) & (sales["warehouse_id"] == warehouse_id)]
    pair_counts = counts[(counts["sku"] == sku) & (counts["warehouse_id"] == warehouse_id)]
    first = until - timedelta(days=window_days - 1)
    starts = [d.date() for d in pair_counts["counted_at"]] if not pair_counts.empty else list(
        mine["day"])
    if not starts:
        return DailyDemand(sku, warehouse_id, 0.0, 0.0, "none", 0.0, None, 0, 0)
    first = max(first, min(starts))
    days = [first + timedelta(days=i) for i in range((until - first).days + 1)]
    all_units = mine.groupby("day")["units"].sum()
    off_units = mine.loc[~mine["on_stream"].astype(bool)].groupby("day")["units"].sum()
    stocked = in_stock_days(pair_counts, all_units, days)
    kept = [d for d in days if stocked.get(d, True)]
    off = np.array([off_units.get(d, 0.0) for d in kept])
    total = np.array([all_units.get(d, 0.0) for d in kept])
    rate, method = intermittent_rate(off)
    recent_first = until - timedelta(days=TURNOVER_WINDOW_DAYS - 1)
    recent = [all_units.get(d, 0.0) for d in kept if d >= recent_first]
    return DailyDemand(
        sku=sku, warehouse_id=warehouse_id, mean_per_day=rate,
        sd_per_day=float(off.std(ddof=1)) if off.size > 1 else 0.0, method=method,
        session_units_per_day=float((total - off).sum() / len(kept)) if kept else 0.0,
        avg_daily_sales=float(np.mean(recent)) if recent else None,
        in_stock_days=len(kept), days_without_stock=len(days) - len(kept))
