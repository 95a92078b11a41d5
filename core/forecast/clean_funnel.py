"""The card funnel with what would mislead taken out: clicks while out of stock, and the
minutes of a flash deal.

A product card keeps being clicked after the product runs out, and a flash deal doubles its
conversion for a few minutes at a price that is not the lineup's. So, per session and product,
funnel.csv's 5-minute bins (impressions and clicks in the minutes ending at `ts`) are read as:

- in stock: the part of each bin the product was available (a bin half out counts half;
  bins are as long as the gap between them, 5 minutes for a lone one);
- at the lineup price: a bin with an order at another price (a flash deal, 0.5% off or more)
  is left out whole, with its orders;

`clean_totals` gives the A/B tests their arms (README "Review and A/B": in-stock clicks only,
orders at their actual price), and `clicks_lost_units` the lost sales: the clicks while out
times the product's in-stock conversion at the lineup price, times its units per order.

Worked example: 400 clicks in stock with 48 orders at the lineup price (12%), 150 clicks
while out, 1.1 units per order: 150 x 0.12 x 1.1 = 19.8 units lost.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd

BIN = timedelta(minutes=5)
PRICE_TOLERANCE = 0.005
MIN_CLICKS_IN_STOCK = 15  # the in-stock conversion needs this many clicks ...
MIN_ORDERS_IN_STOCK = 3  # ... and orders, else lost sales fall back to the pace method

Stretches = Sequence[tuple[datetime, datetime]]


@dataclass(frozen=True)
class CleanFunnel:
    """One product in one session: the funnel counted in stock, at the lineup price."""

    impressions: float
    clicks: float
    orders: int
    units: int
    clicks_out: float  # clicks while out of stock (any price)

    @property
    def conversion(self) -> float | None:
        return self.orders / self.clicks if self.clicks > 0 else None


def _overlap(begin: datetime, end: datetime, outs: Stretches) -> float:
    seconds = sum(max(0.0, (min(end, b) - max(begin, a)).total_seconds()) for a, b in outs)
    return seconds / max((end - begin).total_seconds(), 1e-9)


def bin_width(bins: pd.DataFrame) -> timedelta:
    """The funnel's bin length: the smallest gap between its times (5 minutes for one bin)."""
    times = sorted(bins["ts"])
    gaps = [b - a for a, b in itertools.pairwise(times) if b > a]
    return min(gaps) if gaps else BIN


def clean_funnel(bins: pd.DataFrame, orders: pd.DataFrame, *, price: float,
                 outs: Stretches) -> CleanFunnel:
    """One product in one session. `bins`: ts, impressions, clicks; `orders`: its order lines
    (order_id, ts, qty, unit_price); `outs`: the stretches it was out of stock. Orders count
    at the lineup price, outside a flash deal's bins and not while out (a presale order's
    click is among the clicks while out)."""
    width = bin_width(bins)
    at_price = ((orders["unit_price"].astype(float) - price).abs()
                <= PRICE_TOLERANCE * price).tolist()
    times = list(orders["ts"])
    off_price = [ts for ts, ok in zip(times, at_price, strict=True) if not ok]
    deal_bins = [ts for ts in bins["ts"] if any(ts - width < t <= ts for t in off_price)]
    impressions = clicks = clicks_out = 0.0
    for ts, shown, clicked in bins[["ts", "impressions", "clicks"]].itertuples(index=False):
        out_share = _overlap(ts - width, ts, outs)
        clicks_out += float(clicked) * out_share
        if ts in deal_bins:
            continue  # a flash deal's minutes: not the lineup price's conversion
        impressions += float(shown) * (1 - out_share)
        clicks += float(clicked) * (1 - out_share)
    kept: set[str] = set()
    units = 0
    for order_id, ts, qty, ok in zip(orders["order_id"], times, orders["qty"], at_price,
                                     strict=True):
        in_deal = any(b - width < ts <= b for b in deal_bins)
        while_out = any(a < ts < b for a, b in outs)  # the last unit sold opens a stretch
        if ok and not in_deal and not while_out:
            kept.add(str(order_id))
            units += int(qty)
    return CleanFunnel(impressions, clicks, len(kept), units, clicks_out)


def clean_totals(bins: pd.DataFrame, orders: pd.DataFrame, prices: Mapping[tuple[str, str],
                 float], outs: Mapping[tuple[str, str], Stretches]) -> pd.DataFrame:
    """`clean_funnel` of every (session, product) in `prices` (its lineup price).
    `bins`: session_id, sku, ts, impressions, clicks; `orders`: session_id, sku, order_id,
    ts, qty, unit_price. Columns: session_id, sku, impressions, clicks, orders (rounded)."""
    rows = []
    bins_of = {key: g for key, g in bins.groupby(["session_id", "sku"])}
    orders_of = {key: g for key, g in orders.groupby(["session_id", "sku"])}
    for key, price in prices.items():
        funnel = clean_funnel(bins_of.get(key, bins.iloc[0:0]),
                              orders_of.get(key, orders.iloc[0:0]), price=price,
                              outs=outs.get(key, ()))
        rows.append((key[0], key[1], round(funnel.impressions), round(funnel.clicks),
                     funnel.orders))
    return pd.DataFrame(rows, columns=["session_id", "sku", "impressions", "clicks", "orders"])


def clicks_lost_units(funnel: CleanFunnel, *, units_per_order: float) -> float | None:
    """Units lost while out: clicks while out x in-stock conversion x units per order (module
    docstring); None when the in-stock conversion rests on too few clicks or orders.

    >>> clicks_lost_units(CleanFunnel(4000, 400, 48, 53, 150), units_per_order=1.1)
    19.8
    """
    if funnel.clicks < MIN_CLICKS_IN_STOCK or funnel.orders < MIN_ORDERS_IN_STOCK:
        return None
    return round(funnel.clicks_out * funnel.orders / funnel.clicks * units_per_order, 6)
