"""The post-stream review: what sold, when each product ran out, what the stock-outs cost.

Pure: the functions take DataFrames read by `core.review_queries` and return new ones or
frozen dataclasses; `core.review_service` reads the store and assembles a `SessionReview`.

Definitions:
- available(t), per product, is the board's (PRODUCT.md "The board"): over the market's
  warehouses, on hand - reserved at each warehouse's latest count at or before t, minus the
  units shipped from it after that count, minus this session's orders without a warehouse
  placed after the product's latest count; never below 0 in total.
- ran_out_at: the first moment in the session when available(t) reached 0 (the session's
  start when it was 0 from the first minute); None if never.
- minutes_out_of_stock: the stream minutes with available(t) = 0, until the stream ended (or
  the review's moment) or a stock count restocked it.
- lost_units: the pace per viewer before the first stock-out, times the viewer-minutes while
  out of stock,
      lost = units sold before ran_out_at / viewer-minutes before ran_out_at
             x viewer-minutes while out of stock,
  e.g. 120 units over 30 minutes of 1,000 viewers (30,000 viewer-minutes) is 0.004 units per
  viewer-minute; out for 60 minutes of 500 viewers (30,000 viewer-minutes) -> 120 lost.
  A product out from the first minute has no pace of its own: its forecast rate per
  viewer-minute stands in (forecast expected / (forecast viewers x stream minutes)); None
  without a forecast. With no viewer samples at all, stream minutes stand in for
  viewer-minutes.
- viewers(t): the latest viewer sample at or before t (0 before the first one).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from core.abtest import ABTest

MINUTE = timedelta(minutes=1)


def _minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


# ---------------------------------------------------------------------------------------
# Stock over time.


def availability_path(*, counts: pd.DataFrame, draws: pd.DataFrame, begin: datetime,
                      until: datetime) -> pd.DataFrame:
    """One product's available units from `begin` to `until`, as a step function.

    `counts`: warehouse_id, counted_at, units (on hand - reserved); `draws`: ts,
    warehouse_id (None: one of this session's orders without a warehouse), qty. Returns
    ts, available: the value at `begin`, then one row per count or order after it. At equal
    times orders come before counts: an order stamped with a count's time is in that count,
    as `core.queries.stock_positions` has it.

    Example: 10 counted at 19:00, orders of 4 at 20:05 and 6 at 20:20, begin 20:00 ->
    (20:00, 10), (20:05, 6), (20:20, 0).
    """
    if until < begin:
        raise ValueError(f"until {until.isoformat()} is before begin {begin.isoformat()}")
    events: list[tuple[datetime, int, str | None, int]] = []
    for wh, counted_at, units in counts[["warehouse_id", "counted_at", "units"]].itertuples(
            index=False):
        if counted_at <= until:
            events.append((counted_at, 1, wh, int(units)))
    for ts, wh, qty in draws[["ts", "warehouse_id", "qty"]].itertuples(index=False):
        if ts <= until:
            events.append((ts, 0, None if pd.isna(wh) else wh, int(qty)))
    events.sort(key=lambda e: (e[0], e[1]))

    level: dict[str, int] = {}
    unassigned = 0

    def available() -> int:
        return max(0, sum(level.values()) - unassigned) if level else 0

    rows: list[tuple[datetime, int]] = []
    for ts, is_count, wh, units in events:
        if ts > begin and not rows:
            rows.append((begin, available()))
        if is_count:
            assert wh is not None
            level[wh] = units
            unassigned = 0  # orders before the latest count are in it
        elif wh is None:
            if level:
                unassigned += units
        elif wh in level:
            level[wh] -= units
        if ts > begin:
            rows.append((ts, available()))
    if not rows:
        rows.append((begin, available()))
    return pd.DataFrame(rows, columns=["ts", "available"])


@dataclass(frozen=True)
class StockOut:
    """A stretch of the stream with nothing available; `restocked` when a count ended it."""

    begin: datetime
    end: datetime
    restocked: bool

    @property
    def minutes(self) -> float:
        return _minutes(self.end - self.begin)


def stock_outs(path: pd.DataFrame, *, until: datetime) -> tuple[StockOut, ...]:
    """The stretches of `path` (from `availability_path`) with available 0, up to `until`."""
    outs: list[StockOut] = []
    began: datetime | None = None
    for ts, units in path[["ts", "available"]].itertuples(index=False):
        if units <= 0 and began is None:
            began = ts
        elif units > 0 and began is not None:
            outs.append(StockOut(began, ts, restocked=True))
            began = None
    if began is not None:
        outs.append(StockOut(began, max(began, until), restocked=False))
    return tuple(outs)


# ---------------------------------------------------------------------------------------
# Viewers.


class ViewerCurve:
    """viewers(t) as a step function of the samples, and its integral (viewer-minutes)."""

    def __init__(self, samples: pd.DataFrame) -> None:
        ordered = samples.sort_values("ts")
        self._ts: list[datetime] = [t.to_pydatetime() if isinstance(t, pd.Timestamp) else t
                                    for t in ordered["ts"]]
        self._viewers = [float(v) for v in ordered["viewers"]]
        cumulative = [0.0]
        for i in range(1, len(self._ts)):
            cumulative.append(cumulative[-1] + self._viewers[i - 1] * _minutes(
                self._ts[i] - self._ts[i - 1]))
        self._cumulative = cumulative

    @property
    def empty(self) -> bool:
        return not self._ts

    def at(self, moment: datetime) -> float:
        """The latest sample at or before `moment`; 0 before the first."""
        i = bisect.bisect_right(self._ts, moment) - 1
        return self._viewers[i] if i >= 0 else 0.0

    def _integral_to(self, moment: datetime) -> float:
        i = bisect.bisect_right(self._ts, moment) - 1
        if i < 0:
            return 0.0
        return self._cumulative[i] + self._viewers[i] * _minutes(moment - self._ts[i])

    def viewer_minutes(self, begin: datetime, end: datetime) -> float:
        """The sum of viewers x minutes over [begin, end].

        Example: samples 1,000 at 20:00 and 500 at 20:30 -> 20:00 to 21:00 is
        1,000 x 30 + 500 x 30 = 45,000 viewer-minutes.
        """
        if end <= begin:
            return 0.0
        return self._integral_to(end) - self._integral_to(begin)


def retention(samples: pd.DataFrame, *, begin: datetime, until: datetime) -> pd.DataFrame:
    """The viewer curve of the stream, relative to its peak.

    Columns: ts, minute (since `begin`), viewers, retention (viewers / peak viewers of the
    stream, 0..1). Only samples in [begin, until].
    """
    live = samples[(samples["ts"] >= begin) & (samples["ts"] <= until)].sort_values("ts")
    peak = float(live["viewers"].max()) if len(live) else 0.0
    minutes = [(_minutes(ts - begin)) for ts in live["ts"]]
    viewers = live["viewers"].astype(float).to_numpy()
    return pd.DataFrame({
        "ts": live["ts"].to_numpy(), "minute": np.array(minutes, dtype=float),
        "viewers": viewers.astype(int),
        "retention": viewers / peak if peak > 0 else np.zeros(len(live))})


# ---------------------------------------------------------------------------------------
# Sales over time.


def units_per_minute(orders: pd.DataFrame, *, begin: datetime, until: datetime) -> pd.DataFrame:
    """Units sold per whole stream minute, per product. Columns: minute (0 = the first
    minute after `begin`), ts (that minute's start), sku, units. Minutes without sales of a
    product are absent."""
    live = orders[(orders["ts"] >= begin) & (orders["ts"] <= until)]
    if live.empty:
        return pd.DataFrame({"minute": pd.Series(dtype=int), "ts": pd.Series(dtype=object),
                             "sku": pd.Series(dtype=str), "units": pd.Series(dtype=int)})
    minute = [int(_minutes(ts - begin)) for ts in live["ts"]]
    frame = live.assign(minute=minute).groupby(["minute", "sku"], as_index=False).agg(
        units=("qty", "sum"))
    frame.insert(1, "ts", [begin + m * MINUTE for m in frame["minute"]])
    return frame.astype({"units": int})


# ---------------------------------------------------------------------------------------
# Lost sales.


def lost_units(*, units_before: float, viewer_minutes_before: float,
               viewer_minutes_out: float, minutes_before: float, minutes_out: float,
               fallback_per_viewer_minute: float | None = None,
               viewers_known: bool = True) -> float | None:
    """Units the stock-outs cost (module docstring).

    >>> lost_units(units_before=120, viewer_minutes_before=30_000, viewer_minutes_out=30_000,
    ...            minutes_before=30, minutes_out=60)
    120.0
    """
    for name, value in (("units_before", units_before),
                        ("viewer_minutes_before", viewer_minutes_before),
                        ("viewer_minutes_out", viewer_minutes_out),
                        ("minutes_before", minutes_before), ("minutes_out", minutes_out)):
        if value < 0:
            raise ValueError(f"{name} must be >= 0, got {value}")
    if minutes_out <= 0:
        return 0.0
    if not viewers_known:
        if minutes_before > 0:
            return units_before / minutes_before * minutes_out
        return None
    if viewer_minutes_before > 0:
        return units_before / viewer_minutes_before * viewer_minutes_out
    if fallback_per_viewer_minute is not None:
        return fallback_per_viewer_minute * viewer_minutes_out
    return None


# ---------------------------------------------------------------------------------------
# The lights over time.


LIGHT_COLUMNS = ["sku", "begin", "end", "light", "available", "reason", "source"]


def light_bands(*, replayed: pd.DataFrame, recorded: pd.DataFrame, begin: datetime,
                until: datetime) -> pd.DataFrame:
    """Each product's light over the stream, as bands [begin, end).

    `replayed`: the board recomputed at fixed steps (sku, ts, light, available, reason);
    `recorded`: the LightRecords the board wrote live (same columns), one per change. A
    product the board recorded follows its records from the last one at or before the
    start (or its first record) on, and the replays before that; any other product follows
    the replays. A band lasts until the product's next row, or `until`.
    Columns: sku, begin, end, light, available, reason, source ("recorded" / "replayed").
    """
    pieces = []
    skus = list(dict.fromkeys([*replayed["sku"], *recorded["sku"]]))
    for sku in skus:
        mine = recorded[recorded["sku"] == sku].sort_values("ts")
        played = replayed[replayed["sku"] == sku].sort_values("ts")
        if len(mine):
            before = mine[mine["ts"] <= begin]
            first = begin if len(before) else mine["ts"].iloc[0]
            kept = pd.concat([before.tail(1), mine[mine["ts"] > begin]])
            rows = pd.concat([played[played["ts"] < first].assign(source="replayed"),
                              kept.assign(source="recorded")])
        else:
            rows = played.assign(source="replayed")
        rows = rows.assign(ts=[max(ts, begin) for ts in rows["ts"]])
        ends = [*rows["ts"].iloc[1:], until]
        band = rows.rename(columns={"ts": "begin"}).assign(sku=sku, end=ends)
        pieces.append(band[band["end"] > band["begin"]])
    if not pieces:
        return pd.DataFrame(columns=LIGHT_COLUMNS)
    return pd.concat(pieces, ignore_index=True)[LIGHT_COLUMNS]


# ---------------------------------------------------------------------------------------
# The review.


@dataclass(frozen=True)
class ForecastRange:
    low: float
    expected: float
    high: float
    per_viewer_minute: float | None = None  # expected / (forecast viewers x stream minutes)


@dataclass(frozen=True)
class ProductReview:
    """One lineup product's review line (the first eight fields are PRODUCT.md's JSON)."""

    sku: str
    name: str
    slot: int
    price: float
    currency: str
    variant: str
    units: int
    orders: int
    revenue: float
    ran_out_at: datetime | None
    minutes_out_of_stock: float
    lost_units: float | None
    forecast: ForecastRange | None
    impressions: int
    clicks: int
    available_at_start: int
    available_at_end: int
    stock_outs: tuple[StockOut, ...] = ()

    @property
    def ctr(self) -> float | None:
        return self.clicks / self.impressions if self.impressions > 0 else None

    @property
    def conversion(self) -> float | None:
        """orders / clicks."""
        return self.orders / self.clicks if self.clicks > 0 else None

    @property
    def lost_revenue(self) -> float | None:
        """lost_units x the lineup price."""
        return None if self.lost_units is None else self.lost_units * self.price

    def to_json(self) -> dict[str, Any]:
        """Exactly PRODUCT.md's review JSON fields for a product, in its order."""
        fc = self.forecast
        return {
            "sku": self.sku,
            "units": self.units,
            "revenue": round(self.revenue, 2),
            "ran_out_at": None if self.ran_out_at is None else self.ran_out_at.isoformat(),
            "minutes_out_of_stock": round(self.minutes_out_of_stock, 1),
            "lost_units": None if self.lost_units is None else round(self.lost_units, 1),
            "forecast_low": None if fc is None else round(fc.low, 1),
            "forecast_expected": None if fc is None else round(fc.expected, 1),
            "forecast_high": None if fc is None else round(fc.high, 1),
        }


@dataclass(frozen=True)
class ForecastTrack:
    """How good the forecast had been on past sessions (shown beside it)."""

    wape: float | None
    coverage: float | None
    sessions: int
    expected_viewers: float | None


@dataclass(frozen=True, eq=False)
class SessionReview:
    """A session's review as of `at`: the stream's window is [start, horizon]."""

    session_id: str
    title: str
    platform: str
    market: str
    start: datetime
    end: datetime
    at: datetime
    currency: str
    products: tuple[ProductReview, ...]
    ab_tests: tuple[ABTest, ...]
    viewers: pd.DataFrame  # ts, minute, viewers, retention
    sales: pd.DataFrame  # minute, ts, sku, units
    availability: pd.DataFrame  # sku, ts, available
    forecast_track: ForecastTrack | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def horizon(self) -> datetime:
        return min(self.at, self.end)

    @property
    def gmv(self) -> float:
        return sum(p.revenue for p in self.products)

    @property
    def items_sold(self) -> int:
        return sum(p.units for p in self.products)

    @property
    def peak_viewers(self) -> int | None:
        return int(self.viewers["viewers"].max()) if len(self.viewers) else None

    @property
    def lost_units(self) -> float:
        return sum(p.lost_units or 0.0 for p in self.products)

    @property
    def lost_revenue(self) -> float:
        return sum(p.lost_revenue or 0.0 for p in self.products)

    def to_json(self) -> dict[str, Any]:
        """Exactly PRODUCT.md's review JSON: session_id, products, ab_tests."""
        return {"session_id": self.session_id,
                "products": [p.to_json() for p in self.products],
                "ab_tests": [test.to_json() for test in self.ab_tests]}


def product_review(*, line: Mapping[str, Any], orders: pd.DataFrame, path: pd.DataFrame,
                   funnel: tuple[int, int], curve: ViewerCurve, begin: datetime,
                   until: datetime, forecast: ForecastRange | None) -> ProductReview:
    """One product's line: `line` is its lineup row (sku, name, slot, price, variant,
    currency), `orders` its session order lines, `path` its `availability_path` over
    [begin, until], `funnel` its (impressions, clicks) in the session."""
    outs = stock_outs(path, until=until) if until >= begin else ()
    ran_out_at = outs[0].begin if outs else None
    out_minutes = sum(out.minutes for out in outs)
    lost: float | None = 0.0
    if ran_out_at is not None:
        sold_before = int(orders.loc[orders["ts"] <= ran_out_at, "qty"].sum())
        lost = lost_units(
            units_before=sold_before,
            viewer_minutes_before=curve.viewer_minutes(begin, ran_out_at),
            viewer_minutes_out=sum(curve.viewer_minutes(o.begin, o.end) for o in outs),
            minutes_before=_minutes(ran_out_at - begin), minutes_out=out_minutes,
            fallback_per_viewer_minute=None if forecast is None
            else forecast.per_viewer_minute,
            viewers_known=not curve.empty)
    return ProductReview(
        sku=str(line["sku"]), name=str(line["name"]), slot=int(line["slot"]),
        price=float(line["price"]), currency=str(line["currency"]),
        variant=str(line["variant"] or ""),
        units=int(orders["qty"].sum()), orders=int(orders["order_id"].nunique()),
        revenue=float((orders["qty"] * orders["unit_price"]).sum()),
        ran_out_at=ran_out_at, minutes_out_of_stock=out_minutes, lost_units=lost,
        forecast=forecast, impressions=funnel[0], clicks=funnel[1],
        available_at_start=int(path["available"].iloc[0]),
        available_at_end=int(path["available"].iloc[-1]), stock_outs=outs)


def session_currency(orders: pd.DataFrame, lineup: pd.DataFrame, default: str) -> str:
    """The currency most of the session's revenue came in; else the lineup's; else
    `default`."""
    if len(orders):
        revenue = (orders["qty"] * orders["unit_price"]).groupby(orders["currency"]).sum()
        return str(revenue.sort_values(ascending=False).index[0])
    if len(lineup):
        return str(lineup["currency"].iloc[0])
    return default


def availability_frame(paths: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The products' paths in one frame: sku, ts, available."""
    frames = [path.assign(sku=sku)[["sku", "ts", "available"]] for sku, path in paths.items()]
    if not frames:
        return pd.DataFrame(columns=["sku", "ts", "available"])
    return pd.concat(frames, ignore_index=True)


def ordered_products(products: Sequence[ProductReview]) -> tuple[ProductReview, ...]:
    """By lineup slot, then sku."""
    return tuple(sorted(products, key=lambda p: (p.slot, p.sku)))
