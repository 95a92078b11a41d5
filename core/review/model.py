"""The post-stream review: what sold, when each product ran out, what the stock-outs cost.

Pure: the functions take DataFrames read by `core.review.reads` and return new ones or
frozen dataclasses; `core.review.service` reads the store and assembles a `SessionReview`.
The parts are their own modules: available stock over the stream
(`core.stock.available.available_path`), the stock-outs (`core.review.stockouts`), the viewer
curve (`core.review.viewer_curve`), the sales pace (`core.review.sales_pace`), the lost units
(`core.review.lost_sales`) and the light bands (`core.review.light_bands`); this module holds
the review's types and puts a product's line together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from core.forecast.clean_funnel import clean_funnel, clicks_lost_units
from core.review.abtest import ABTest
from core.review.lost_sales import lost_units
from core.review.stockouts import StockOut, stock_outs
from core.review.stream_minutes import in_minutes
from core.review.viewer_curve import ViewerCurve


@dataclass(frozen=True)
class ForecastRange:
    low: float
    expected: float
    high: float
    per_viewer_minute: float | None = None  # expected / (forecast viewers x stream minutes)


@dataclass(frozen=True)
class ProductReview:
    """One lineup product's review line (the first eight fields are the JSON of docs/json.md)."""

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
    # Revenue per currency the orders were paid in (a product sold in two currencies has
    # two lines); `revenue` is their plain sum, meaningful only with one currency.
    revenue_by_currency: tuple[tuple[str, float], ...] = ()
    # How lost_units was found (`LostMethod`): from the clicks while out, from the pace
    # before the stock-out, from the forecast; None when it never ran out.
    lost_method: str | None = None

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
        """Exactly the review JSON (docs/json.md) fields for a product, in its order."""
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
    def gmv_by_currency(self) -> dict[str, float]:
        """Revenue summed per currency (never one sum across currencies), largest first."""
        return _per_currency((currency, amount) for p in self.products
                             for currency, amount in p.revenue_by_currency)

    @property
    def lost_revenue_by_currency(self) -> dict[str, float]:
        """Lost revenue (lost units x lineup price) summed per the lineup's currency."""
        return _per_currency((p.currency, p.lost_revenue or 0.0) for p in self.products
                             if p.lost_revenue)

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
        """Exactly the review JSON (docs/json.md): session_id, products, ab_tests."""
        return {"session_id": self.session_id,
                "products": [p.to_json() for p in self.products],
                "ab_tests": [test.to_json() for test in self.ab_tests]}


class LostMethod:
    """How a product's lost sales were found (the review says which)."""

    CLICKS = "clicks"  # clicks while out x in-stock conversion (`core.review.clean_funnel`)
    PACE = "pace"  # sales per viewer-minute before the stock-out x viewer-minutes out
    FORECAST = "forecast"  # out from the first minute: the forecast's rate per viewer-minute


def product_review(*, line: Mapping[str, Any], orders: pd.DataFrame, path: pd.DataFrame,
                   funnel: tuple[int, int], curve: ViewerCurve, begin: datetime,
                   until: datetime, forecast: ForecastRange | None,
                   bins: pd.DataFrame | None = None) -> ProductReview:
    """One product's line: `line` is its lineup row (sku, name, slot, price, variant,
    currency), `orders` its session order lines, `path` its available stock over
    [begin, until] (`core.stock.available.available_path`), `funnel` its (impressions,
    clicks) in the session, `bins` its 5-minute funnel bins (ts, impressions, clicks).

    Lost sales come from the demand seen while out: the product's clicks while out at its
    in-stock conversion (`core.review.clean_funnel.clicks_lost_units`); without enough
    in-stock clicks and orders to measure that conversion, from its pace per viewer-minute
    before the stock-out (`core.review.lost_sales.lost_units`), or the forecast's."""
    outs = stock_outs(path, until=until) if until >= begin else ()
    ran_out_at = outs[0].begin if outs else None
    out_minutes = sum(out.minutes for out in outs)
    lost: float | None = 0.0
    method: str | None = None
    if ran_out_at is not None:
        seen = clean_funnel(bins if bins is not None else _NO_BINS,
                            orders.assign(order_id=orders["order_id"].astype(str)),
                            price=float(line["price"]), outs=[(o.begin, o.end) for o in outs])
        order_count = orders["order_id"].nunique()
        per_order = float(orders["qty"].sum()) / order_count if order_count else 1.0
        lost, method = clicks_lost_units(seen, units_per_order=per_order), LostMethod.CLICKS
        if lost is None:
            sold_before = int(orders.loc[orders["ts"] <= ran_out_at, "qty"].sum())
            viewer_minutes_before = curve.viewer_minutes(begin, ran_out_at)
            lost = lost_units(
                units_before=sold_before, viewer_minutes_before=viewer_minutes_before,
                viewer_minutes_out=sum(curve.viewer_minutes(o.begin, o.end) for o in outs),
                minutes_before=in_minutes(ran_out_at - begin), minutes_out=out_minutes,
                fallback_per_viewer_minute=None if forecast is None
                else forecast.per_viewer_minute,
                viewers_known=not curve.empty)
            own_pace = viewer_minutes_before > 0 or (curve.empty and ran_out_at > begin)
            method = (LostMethod.PACE if own_pace
                      else LostMethod.FORECAST if lost is not None else None)
    return ProductReview(
        sku=str(line["sku"]), name=str(line["name"]), slot=int(line["slot"]),
        price=float(line["price"]), currency=str(line["currency"]),
        variant=str(line["variant"] or ""),
        units=int(orders["qty"].sum()), orders=int(orders["order_id"].nunique()),
        revenue=float((orders["qty"] * orders["unit_price"]).sum()),
        ran_out_at=ran_out_at, minutes_out_of_stock=out_minutes, lost_units=lost,
        forecast=forecast, impressions=funnel[0], clicks=funnel[1],
        available_at_start=int(path["available"].iloc[0]),
        available_at_end=int(path["available"].iloc[-1]), stock_outs=outs,
        revenue_by_currency=revenue_per_currency(orders, default=str(line["currency"])),
        lost_method=method)


def _per_currency(amounts: Iterable[tuple[str, float]]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for currency, amount in amounts:
        totals[currency] = totals.get(currency, 0.0) + amount
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def revenue_per_currency(orders: pd.DataFrame, *, default: str
                         ) -> tuple[tuple[str, float], ...]:
    """(currency, qty x unit_price summed) per currency of `orders` (`default` for lines
    that carry none), largest first."""
    if not len(orders):
        return ()
    currency = (orders["currency"].fillna(default) if "currency" in orders
                else pd.Series(default, index=orders.index))
    revenue = (orders["qty"] * orders["unit_price"]).groupby(currency).sum()
    return tuple((str(c), float(v)) for c, v in revenue.sort_values(ascending=False).items())


_NO_BINS = pd.DataFrame(columns=["ts", "impressions", "clicks"])


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
