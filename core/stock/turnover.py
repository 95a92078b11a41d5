"""Turnover: how many days a product's stock lasts at its average daily sales.

README, "Forecast, safety stock and replenishment": turnover days = stock / average daily
sales (last 30 days);
under 30 fast (replenish), over 90 slow (stop replenishing; push or clear). The board calls a
lineup product with more than 90 days a slow mover and pushes it.

Average daily sales learn only from time in stock (README, "Demand, not sales"): the units
sold in the window over the days the product had stock in it (`days_in_stock`, from its
available path), never over the whole window. A product out 20 of the last 30 days that sold
30 units sells 3 a day, not 1: its 150 units last 50 days, not 150 (a slow mover it is not).
"""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd

DAY_SECONDS = 86_400.0


def days_in_stock(path: pd.DataFrame, *, begin: datetime, end: datetime) -> float:
    """Days of [begin, end) with available > 0, from an available path (`core.stock.
    available.available_path`: ts, available; each value holds until the next row, the
    first row is the value at `begin` or earlier).

    >>> from datetime import UTC
    >>> day = lambda d: datetime(2026, 12, d, tzinfo=UTC)
    >>> path = pd.DataFrame({"ts": [day(1), day(6), day(26)], "available": [40, 0, 12]})
    >>> days_in_stock(path, begin=day(1), end=day(31))
    10.0
    """
    if end <= begin:
        return 0.0
    in_stock_seconds = 0.0
    level = 0
    since = begin
    for ts, units in path[["ts", "available"]].itertuples(index=False):
        moment = max(ts, begin)
        if moment >= end:
            break
        if level > 0:
            in_stock_seconds += (moment - since).total_seconds()
        level, since = units, moment
    if level > 0:
        in_stock_seconds += (end - since).total_seconds()
    return in_stock_seconds / DAY_SECONDS


def days_in_stock_known(path: pd.DataFrame, *, begin: datetime, end: datetime,
                        first_counted: datetime | None) -> float:
    """`days_in_stock`, where the days before the product's first count are not known to be
    out and count as in stock (a warehouse that shipped orders before anyone counted it had
    the stock); never counted at all: the whole window.

    >>> from datetime import UTC
    >>> day = lambda d: datetime(2026, 12, d, tzinfo=UTC)
    >>> path = pd.DataFrame({"ts": [day(1), day(21), day(26)], "available": [0, 8, 0]})
    >>> days_in_stock_known(path, begin=day(1), end=day(31), first_counted=day(21))
    25.0
    """
    if first_counted is None:
        return max(0.0, (end - begin).total_seconds() / DAY_SECONDS)
    known_from = min(max(first_counted, begin), end)
    return ((known_from - begin).total_seconds() / DAY_SECONDS
            + days_in_stock(path, begin=known_from, end=end))


def units_per_day(*, units: float, in_stock_days: float) -> float | None:
    """Average daily sales over the days in stock: units / in_stock_days; None when the
    product had no day in stock (nothing says what it would sell).

    >>> units_per_day(units=30, in_stock_days=10)
    3.0
    >>> units_per_day(units=0, in_stock_days=0) is None
    True
    """
    if in_stock_days < 0:
        raise ValueError(f"in_stock_days must be >= 0, got {in_stock_days!r}")
    if in_stock_days == 0:
        return None
    return units / in_stock_days


def turnover_days(*, stock_units: float, units_per_day: float | None) -> float | None:
    """Days the stock lasts at `units_per_day`: stock_units / units_per_day.

    - stock but no sales (units_per_day 0): inf, it never turns over (a slow mover);
    - no stock and no sales: None, there is nothing to turn over (README, "Demand, not
      sales");
    - sales not known (units_per_day None): None.
    Raises ValueError for negative stock (callers pass what is available, at least 0).

    >>> turnover_days(stock_units=600, units_per_day=20)
    30.0
    >>> turnover_days(stock_units=140, units_per_day=30 / 30)
    140.0
    >>> turnover_days(stock_units=50, units_per_day=0)
    inf
    """
    if stock_units < 0:
        raise ValueError(f"stock_units must be >= 0, got {stock_units!r}")
    if units_per_day is None:
        return None
    if units_per_day <= 0:
        return math.inf if stock_units > 0 else None
    return stock_units / units_per_day


def turnover_class(days: float | None, *, fast_below_days: float = 30.0,
                   slow_above_days: float = 90.0) -> str:
    """fast (< 30 days: replenish); slow (> 90 days, inf included, or no turnover: stop,
    push or clear); else regular.

    >>> turnover_class(12.0), turnover_class(45.0), turnover_class(120.0)
    ('fast', 'regular', 'slow')
    """
    if days is None or days > slow_above_days:
        return "slow"
    if days < fast_below_days:
        return "fast"
    return "regular"
