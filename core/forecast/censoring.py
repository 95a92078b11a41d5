"""Censored demand: a stream sold only while the product was in stock.

Orders a product took in a stream are its demand only for the time it was on the shelf;
while it was out, demand went on unseen (README "Demand, not sales"). The forecast therefore
learns each product's rate from its time *in stock*:

    in_stock = orders / (orders + its card clicks while out x its in-stock conversion at
               the lineup price): its clicks go on while it is out, and follow its pitch
             or, without a card funnel, the share of the stream's viewer-minutes
               (sum over in-stock minutes of the viewers watching / all of them)

and a stream a product spent out of stock from start to end teaches nothing about it. E.g. a
two-hour stream of a flat 1,000 viewers, sold out after 30 minutes: in_stock = 0.25, and its
40 orders read as 160 for the whole stream.

`available` over time is the board's (`core.stock.available.available_path`); viewers are the
session's samples (each holds until the next), or flat when it has none.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from datetime import datetime

import pandas as pd

from core.forecast.clean_funnel import clean_funnel, clicks_lost_units

MIN_IN_STOCK = 0.05  # below this share a stream says nothing about the product's demand


def out_stretches(path: pd.DataFrame, *, begin: datetime, end: datetime
                  ) -> list[tuple[datetime, datetime]]:
    """The parts of [begin, end) with available <= 0, from a step function `path` (ts,
    available; each value holds until the next row; the first row is the value at `begin`
    or earlier).

    >>> from datetime import UTC
    >>> t = lambda m: datetime(2026, 1, 1, 20, m, tzinfo=UTC)
    >>> path = pd.DataFrame({"ts": [t(0), t(30), t(40)], "available": [5, 0, 8]})
    >>> [(a.minute, b.minute) for a, b in out_stretches(path, begin=t(0), end=t(50))]
    [(30, 40)]
    """
    rows = list(path[["ts", "available"]].itertuples(index=False))
    level = next((units for ts, units in reversed(rows) if ts <= begin), 0)
    stretches: list[tuple[datetime, datetime]] = []
    empty_since = begin if level <= 0 else None
    for ts, units in rows:
        if ts <= begin:
            continue
        if ts >= end:
            break
        if units <= 0 and empty_since is None:
            empty_since = ts
        elif units > 0 and empty_since is not None:
            stretches.append((empty_since, ts))
            empty_since = None
    if empty_since is not None:
        stretches.append((empty_since, end))
    return stretches


def viewer_minutes(samples: pd.DataFrame, *, begin: datetime, end: datetime) -> float:
    """Viewers x minutes over [begin, end): each sample holds until the next (the first
    also back to `begin`). `samples`: ts, viewers, in time order. 0 without samples."""
    if end <= begin or samples.empty:
        return 0.0
    return sum(v * minutes for v, minutes in _pieces(samples, begin, end))


def _pieces(samples: pd.DataFrame, begin: datetime, end: datetime
            ) -> Iterator[tuple[float, float]]:
    times = list(samples["ts"])
    values = [float(v) for v in samples["viewers"]]
    index = max(bisect.bisect_right(times, begin) - 1, 0)
    moment = begin
    while moment < end:
        following = times[index + 1] if index + 1 < len(times) else end
        stop = min(max(following, moment), end)
        if stop > moment:
            yield values[index], (stop - moment).total_seconds() / 60
        moment = stop
        index += 1
        if index >= len(times):
            if moment < end:
                yield values[-1], (end - moment).total_seconds() / 60
            break


def in_stock_share(path: pd.DataFrame, *, begin: datetime, end: datetime,
                   samples: pd.DataFrame | None = None, bins: pd.DataFrame | None = None,
                   orders: pd.DataFrame | None = None, price: float | None = None) -> float:
    """The share of the product's demand in the stream that met stock.

    With its card funnel (`bins`: ts, impressions, clicks), its `orders` (order_id, ts,
    qty, unit_price) and lineup `price`: orders / (orders + clicks while out x in-stock
    conversion at the lineup price) (`core.forecast.clean_funnel`: its clicks go on while it
    is out). Else by the stream's viewer-minutes (minutes, without samples):
    1 - out-of-stock viewer-minutes / all viewer-minutes.

    >>> from datetime import UTC
    >>> t = lambda m: datetime(2026, 1, 1, 20, m, tzinfo=UTC)
    >>> path = pd.DataFrame({"ts": [t(0), t(30)], "available": [4, 0]})
    >>> in_stock_share(path, begin=t(0), end=t(40))
    0.75
    """
    if end <= begin:
        return 1.0
    outs = out_stretches(path, begin=begin, end=end)
    if not outs:
        return 1.0
    if bins is not None and orders is not None and price:
        seen = clean_funnel(bins, orders, price=price, outs=outs)
        missed = clicks_lost_units(seen, units_per_order=1.0)
        sold = float(orders["order_id"].nunique())
        if missed is not None and sold > 0:
            return sold / (sold + missed)
    if samples is None or samples.empty:
        total = (end - begin).total_seconds()
        return max(0.0, 1 - sum((b - a).total_seconds() for a, b in outs) / total)
    total_vm = viewer_minutes(samples, begin=begin, end=end)
    if total_vm <= 0:
        return 1.0
    out_vm = sum(viewer_minutes(samples, begin=a, end=b) for a, b in outs)
    return max(0.0, 1 - out_vm / total_vm)
