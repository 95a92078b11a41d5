"""Money: shelf prices and the decimals the CSV files write."""

from __future__ import annotations

import math


def price_point(amount: float, currency: str) -> float:
    """A shelf price: 19.992 -> 19.99, 2384 yen -> 2380."""
    if currency == "JPY":
        return float(max(100, math.floor((amount + 20) / 100) * 100 - 20))
    return max(0.99, round(math.floor(amount + 0.02) - 0.01, 2))


def money(amount: float, currency: str) -> str:
    return f"{amount:.0f}" if currency == "JPY" else f"{amount:.2f}"


def decimal(amount: float) -> str:
    """A fee with as many decimals as it needs (2 to 4): 3.86, 0.0051."""
    text = f"{amount:.4f}".rstrip("0")
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"
