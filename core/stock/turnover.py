"""Turnover: how many days a product's stock lasts at its average daily sales.

README, "Forecast, safety stock and replenishment": turnover days = stock / average daily
sales (last 30 days);
under 30 fast (replenish), over 90 slow (stop replenishing; push or clear). The board calls a
lineup product with more than 90 days a slow mover and pushes it.
"""

from __future__ import annotations

import math


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
