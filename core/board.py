"""The board: for a session at a moment, a light per product (PUSH, SWAP, PRESALE).

This module holds the board's value objects; the functions that compute them from
stock, orders, viewers and the forecast are pure and live here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Light(StrEnum):
    PUSH = "push"
    SWAP = "swap"
    PRESALE = "presale"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    WARMUP = "warmup"
    LIVE = "live"
    ENDED = "ended"


@dataclass(frozen=True)
class BoardRow:
    """One product's line on the board. `reason` is English (the CLI and JSON), `reason_zh`
    the same line in Chinese; the dashboard shows the one of the chosen language."""

    sku: str
    name: str
    slot: int
    substitute_group: str | None
    light: Light
    available: int
    units_per_min: float
    remaining_demand: float
    minutes_to_stockout: float | None
    swap_to: str | None
    presale_ship_date: date | None
    reason: str
    reason_zh: str
    inbound_qty: int = 0
    units_sold: int = 0

    def to_json(self) -> dict[str, Any]:
        """Exactly the fields of PRODUCT.md's board JSON, in its order."""
        return {
            "sku": self.sku,
            "light": self.light.value,
            "available": self.available,
            "units_per_min": round(self.units_per_min, 3),
            "remaining_demand": round(self.remaining_demand, 1),
            "minutes_to_stockout": (None if self.minutes_to_stockout is None
                                    else round(self.minutes_to_stockout, 1)),
            "swap_to": self.swap_to,
            "presale_ship_date": (None if self.presale_ship_date is None
                                  else self.presale_ship_date.isoformat()),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Board:
    """The whole board of a session at `at`, products ordered by what to pitch next."""

    session_id: str
    title: str
    market: str
    at: datetime
    status: SessionStatus
    tier: str  # core.safety.Tier value: "daily", "warmup" or "live"
    viewers: int | None
    expected_viewers: float | None
    minutes_live: float
    units_per_min: float
    units_sold: int
    revenue: float
    currency: str
    products: tuple[BoardRow, ...]

    def to_json(self) -> dict[str, Any]:
        """Exactly the fields of PRODUCT.md's board JSON."""
        return {
            "session_id": self.session_id,
            "at": self.at.isoformat(),
            "tier": self.tier,
            "viewers": self.viewers,
            "products": [row.to_json() for row in self.products],
        }
