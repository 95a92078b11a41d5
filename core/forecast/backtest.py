"""The forecast's track record: every past session replayed as if it were upcoming.

The replay forecasts each past session with only the data from before it (models fitted on
sessions that had ended by its start, the warm-up as it was at its start), and reports
WAPE = sum |actual - forecast| / sum actual and the interval's coverage, beside two naive
baselines (a product's units in its last session, and their mean over its past sessions),
on the products that were in stock the whole stream (a sold-out product's sales are not its
demand). Sessions not over by the replay's moment, or whose order lines are not in yet
(none at all), are left out.
It also measures, out of sample, the dispersion the forecast's range is built from, and
`forecast_from` makes a session's forecast as of a cutoff with that dispersion and record.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, cast

import numpy as np
import pandas as pd

from core.forecast.history import History
from core.forecast.model import Accuracy, SessionForecast, forecast_session
from core.forecast.orders import OrdersModel, fit_orders
from core.forecast.range import INTERVAL, Dispersion
from core.forecast.target import upcoming_from_history
from core.forecast.viewers import DEFAULT_VIEWER_LOG_VAR
from core.forecast.warmup import forecast_viewers

REPLAY_SESSIONS = 30  # the most recent past sessions replayed for the track record
MIN_ROWS_FOR_DISPERSION = 12


@dataclass(frozen=True)
class Replay:
    """Every past session forecast with only what was known before it, row per product.

    rows: session_id, sku, start, actual, ours, ours_low, ours_high, last, mean,
          last_low, last_high, mean_low, mean_high (baselines NaN for a product's first time),
          mu_actual_viewers (orders forecast had the viewers been known), orders.
    """

    rows: pd.DataFrame
    dispersion: Dispersion
    last_model: OrdersModel | None

    def accuracy(self) -> Accuracy:
        rows = seen_whole(self.rows)
        if rows.empty or rows["actual"].sum() <= 0:
            return Accuracy(None, None, int(rows["session_id"].nunique()), len(rows))
        return Accuracy(wape(rows["actual"], rows["ours"]),
                        coverage(rows["actual"], rows["ours_low"], rows["ours_high"]),
                        int(rows["session_id"].nunique()), len(rows))


FULLY_IN_STOCK = 0.95  # a row whose sales are its demand: in stock for the whole stream


def seen_whole(rows: pd.DataFrame) -> pd.DataFrame:
    """The replay's rows whose product was in stock (nearly) all stream: their sales are
    their demand, so they score the forecast; a sold-out row's sales are only a floor."""
    if rows.empty or "in_stock" not in rows.columns:
        return rows
    return rows[rows["in_stock"].astype(float) >= FULLY_IN_STOCK]


def wape(actual: pd.Series, forecast: pd.Series) -> float | None:
    """Weighted absolute percentage error: sum |actual - forecast| / sum actual."""
    total = float(actual.sum())
    if total <= 0:
        return None
    return float((actual - forecast).abs().sum()) / total


def coverage(actual: pd.Series, low: pd.Series, high: pd.Series) -> float | None:
    """Share of rows whose actual fell within [low, high] (rows without a range skipped)."""
    known = low.notna() & high.notna()
    if not known.any():
        return None
    inside = (actual[known] >= low[known]) & (actual[known] <= high[known])
    return float(inside.mean())


def _measure_dispersion(rows: list[dict[str, Any]]) -> Dispersion:
    """phi_conv by moments on orders forecast with actual viewers; s^2 of log viewer errors.

    phi_conv = sum((y - mu)^2 - mu) / sum(mu^2), at least 0.01.
    """
    frame = pd.DataFrame(rows)
    if frame.empty:
        return Dispersion()
    per_session = frame.drop_duplicates("session_id")
    frame = seen_whole(frame)
    frame = frame[np.isfinite(frame["mu_actual_viewers"].astype(float))]
    if len(frame) < MIN_ROWS_FOR_DISPERSION:
        return Dispersion()
    mu = frame["mu_actual_viewers"].to_numpy()
    y = frame["orders"].to_numpy()
    denominator = float(np.sum(mu**2))
    phi = float(np.sum((y - mu) ** 2 - mu) / denominator) if denominator > 0 else 0.0
    log_errors = per_session["viewer_log_error"].dropna()
    viewer_var = (float(np.mean(log_errors**2)) if len(log_errors) >= 3
                  else DEFAULT_VIEWER_LOG_VAR)
    return Dispersion(phi_conv=max(phi, 0.01), viewer_log_var=max(viewer_var, 1e-3))


def _baseline_range(ratios: list[float], prediction: float) -> tuple[float, float]:
    if len(ratios) < MIN_ROWS_FOR_DISPERSION or not math.isfinite(prediction):
        return math.nan, math.nan
    tail = (1 - INTERVAL) / 2
    low_q, high_q = np.quantile(ratios, [tail, 1 - tail])
    return prediction * float(low_q), prediction * float(high_q)


def replay(history: History, *, until: pd.Timestamp | None = None,
           max_sessions: int = REPLAY_SESSIONS) -> Replay:
    """Forecast each past session (the last `max_sessions` that ended by `until`) as if it
    were upcoming: models fitted only on sessions that ended before it started, the warm-up
    as it was at its start. Also the two naive baselines, per product: its units in its last
    session, and the mean of its past sessions' units.
    """
    done = history.sessions if until is None else history.sessions[
        history.sessions["end"] <= until]
    done = done.sort_values("start")
    actual = history.lineup_sales
    # A session whose order lines are not in yet (none at all) would score as zero sales.
    with_lines = set(actual.loc[actual["orders"] > 0, "session_id"])
    targets = done[done["session_id"].isin(with_lines)].tail(max_sessions)
    records: list[dict[str, Any]] = []
    ratio_last: list[float] = []
    ratio_mean: list[float] = []
    warm: Mapping[str, float] | None = None
    model: OrdersModel | None = None
    for target_row in cast(Iterator[Any], targets.itertuples(index=False)):
        start = pd.Timestamp(target_row.start)
        past = history.before(start)
        model = fit_orders(past, warm_start=warm)
        warm = model.coef
        dispersion = _measure_dispersion(records)
        target = upcoming_from_history(history, str(target_row.session_id))
        log_v, log_var, basis = forecast_viewers(past, target)
        forecast = forecast_session(model, target, log_viewers=log_v, viewer_log_var=log_var,
                                    dispersion=dispersion, basis=basis)
        real_viewers = float(target_row.live_viewers) if pd.notna(target_row.live_viewers) \
            else math.nan
        with_real = forecast_session(model, target, log_viewers=math.log(real_viewers)
                                     if real_viewers > 0 else None, viewer_log_var=0.0,
                                     dispersion=dispersion)
        truth = actual[actual["session_id"] == target_row.session_id].set_index("sku")
        by_sku = past.lineup_sales.sort_values("start").groupby("sku")["units"]
        last_units, mean_units = by_sku.last().to_dict(), by_sku.mean().to_dict()
        new_rows: list[dict[str, Any]] = []
        for product in forecast.products:
            if product.sku not in truth.index:
                continue
            units = float(cast(float, truth.at[product.sku, "units"]))
            last = float(last_units.get(product.sku, math.nan))
            mean = float(mean_units.get(product.sku, math.nan))
            last_low, last_high = _baseline_range(ratio_last, last)
            mean_low, mean_high = _baseline_range(ratio_mean, mean)
            mu_real = with_real.product(product.sku)
            new_rows.append({
                "session_id": str(target_row.session_id), "sku": product.sku, "start": start,
                "actual": units, "ours": product.expected, "ours_low": product.low,
                "ours_high": product.high, "last": last, "mean": mean,
                "last_low": last_low, "last_high": last_high, "mean_low": mean_low,
                "mean_high": mean_high,
                "orders": float(cast(float, truth.at[product.sku, "orders"])),
                "in_stock": float(cast(float, truth.at[product.sku, "in_stock"])),
                "mu_actual_viewers": mu_real.orders_expected if mu_real else math.nan,
                "viewer_log_error": (math.log(real_viewers) - log_v
                                     if log_v is not None and real_viewers > 0 else math.nan),
            })
        for row in new_rows:
            if row["last"] > 0:
                ratio_last.append(row["actual"] / row["last"])
            if row["mean"] > 0:
                ratio_mean.append(row["actual"] / row["mean"])
        records.extend(new_rows)
    frame = pd.DataFrame(records) if records else pd.DataFrame(
        columns=["session_id", "sku", "start", "actual", "ours", "ours_low", "ours_high",
                 "last", "mean", "last_low", "last_high", "mean_low", "mean_high", "orders",
                 "in_stock", "mu_actual_viewers", "viewer_log_error"])
    return Replay(frame, _measure_dispersion(records), model)


@dataclass(frozen=True)
class BacktestLine:
    method: str
    wape: float | None
    coverage: float | None
    rows: int


def backtest_summary(result: Replay) -> tuple[BacktestLine, ...]:
    """WAPE and coverage of ours and both baselines, on the rows where all three exist."""
    rows = seen_whole(result.rows)
    common = rows[rows["last"].notna() & rows["mean"].notna()] if not rows.empty else rows
    lines = [BacktestLine("livestock (all rows)", *_score(rows, "ours"), len(rows))]
    for method, column in (("livestock", "ours"), ("last session", "last"),
                           ("mean of past sessions", "mean")):
        lines.append(BacktestLine(method, *_score(common, column), len(common)))
    return tuple(lines)


def _score(rows: pd.DataFrame, column: str) -> tuple[float | None, float | None]:
    if rows.empty:
        return None, None
    return (wape(rows["actual"], rows[column]),
            coverage(rows["actual"], rows[f"{column}_low"], rows[f"{column}_high"]))



def forecast_from(history: History, *, session_id: str, cutoff: datetime,
                  result: Replay | None = None) -> SessionForecast:
    """The forecast of `session_id` from what `history` knew at `cutoff`: models fitted on
    the sessions ended by then (warm-started from the replay's last model), the warm-up up
    to `cutoff`, the range's dispersion and the track record measured by the replay up to
    `cutoff` (`result`, replayed here when not given)."""
    cut = pd.Timestamp(cutoff)
    past = history.before(cut)
    result = result or replay(history, until=cut)
    target = upcoming_from_history(history, session_id, warmup_until=cut)
    log_v, log_var, basis = forecast_viewers(past, target)
    return forecast_session(fit_orders(past, warm_start=result.last_model.coef
                                       if result.last_model else None),
                            target, log_viewers=log_v, viewer_log_var=log_var,
                            dispersion=result.dispersion, basis=basis,
                            accuracy=result.accuracy())


def replay_record(result: Replay) -> dict[str, Any]:
    """The replay as plain JSON values (floats exactly), for a result kept across processes
    (`core.store.results_cache`); `replay_of_record` reverses it."""
    rows = [{**row, "start": row["start"].isoformat()}
            for row in result.rows.to_dict(orient="records")]
    return {"rows": rows, "columns": list(result.rows.columns),
            "dispersion": asdict(result.dispersion),
            "last_model": None if result.last_model is None else asdict(result.last_model)}


def replay_of_record(record: Mapping[str, Any]) -> Replay:
    """The replay `replay_record` wrote."""
    rows = [{**row, "start": pd.Timestamp(row["start"])} for row in record["rows"]]
    frame = pd.DataFrame(rows) if rows else pd.DataFrame(columns=record["columns"])
    model = record["last_model"]
    return Replay(frame, Dispersion(**record["dispersion"]),
                  None if model is None else OrdersModel(**model))
