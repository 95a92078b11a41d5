"""What the forecast learns from: past sessions, lineups, sales and warm-ups as DataFrames."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from core.forecast.warmup_window import warmup_features


@dataclass(frozen=True)
class History:
    """Everything the forecast learns from, as plain DataFrames (see `core.forecast.reads`).

    sessions: session_id, platform, market, traffic, warmup_start, start, end (UTC
              timestamps), live_viewers (mean concurrent viewers while live; NaN if unknown)
    lineup:   session_id, sku, price
    products: sku, category, price (the usual price)
    sales:    session_id, sku, orders, units (paid and returned lines; cancelled don't count)
    warmup:   session_id, to_start (minutes before the start), viewers, interactions (NaN
              if none)
    exposure: session_id, sku, in_stock (the share of the stream's viewer-minutes it was in
              stock, `core.forecast.censoring`; a pair not listed was in stock throughout)
    sessions may carry expected_viewers (the team's estimate, NaN when not given).
    """

    sessions: pd.DataFrame
    lineup: pd.DataFrame
    products: pd.DataFrame
    sales: pd.DataFrame
    warmup: pd.DataFrame
    exposure: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["session_id", "sku", "in_stock"]))
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
            exposure=self.exposure[self.exposure["session_id"].isin(ids)],
            prepared=rows[rows["session_id"].isin(ids)],
            warmup_cache=self.warmup_cache,
            root_warmup=self.warmup if self.root_warmup is None else self.root_warmup,
        )


def _compute_log_viewers(history: History) -> pd.DataFrame:
    frame = history.sessions[["session_id", "market", "traffic", "platform", "start",
                              "live_viewers"]]
    frame = frame[frame["live_viewers"].astype(float) > 0]
    return frame.assign(log_v=np.log(frame["live_viewers"].astype(float)))


def _lineup_sales(history: History) -> pd.DataFrame:
    """Every lineup product of every session with its orders and units (0 when none sold),
    the stream's minutes, its lineup's size, the product's place in it (position: 0 for the
    first slot, 1 for the last; 0.5 without slots) and its in-stock share (1 when unknown)."""
    sessions = history.sessions[["session_id", "market", "platform", "traffic", "start",
                                 "end", "live_viewers"]
                                + (["expected_viewers"]
                                   if "expected_viewers" in history.sessions.columns else [])]
    lineup = history.lineup
    size = lineup.groupby("session_id")["sku"].transform("size").astype(float)
    if "slot" in lineup.columns:
        rank = lineup.groupby("session_id")["slot"].rank(method="first")
        position = ((rank - 1) / (size - 1).where(size > 1, 1.0)).where(size > 1, 0.5)
    else:
        position = pd.Series(0.5, index=lineup.index)
    lineup = lineup.assign(lineup_size=size, position=position.astype(float))
    rows = lineup.merge(sessions, on="session_id")
    span = pd.to_datetime(rows["end"], utc=True) - pd.to_datetime(rows["start"], utc=True)
    rows = rows.assign(minutes=span.dt.total_seconds().astype(float) / 60)
    rows = rows.merge(history.exposure[["session_id", "sku", "in_stock"]],
                      on=["session_id", "sku"], how="left")
    rows = rows.assign(in_stock=rows["in_stock"].astype(float).fillna(1.0))
    rows = rows.merge(history.sales[["session_id", "sku", "orders", "units"]],
                      on=["session_id", "sku"], how="left")
    rows = rows.merge(history.products[["sku", "category", "price"]].rename(
        columns={"price": "usual_price"}), on="sku", how="left")
    return rows.assign(orders=rows["orders"].fillna(0).astype(float),
                       units=rows["units"].fillna(0).astype(float),
                       category=rows["category"].fillna(""),
                       usual_price=rows["usual_price"].fillna(0.0).astype(float))
