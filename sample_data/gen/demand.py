"""Demand, drawn before any stock is looked at: the order, its id and its buyer."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime

from .warehouses import CUSTOMER_POOL


@dataclass(frozen=True)
class Demand:
    ts: datetime
    order_id: str
    sku: str
    qty: int
    unit_price: float
    channel: str
    session_id: str
    customer_id: str
    status: str


@dataclass
class Orders:
    """Order ids handed out so far: each is unique across the whole store."""

    used: set[str] = field(default_factory=set)

    def new_id(self, rng: random.Random, channel: str, day: date) -> str:
        while True:
            if channel == "tiktok":
                candidate = f"57{rng.randrange(10**15, 10**16)}"
            elif channel == "amazon":
                candidate = (f"{rng.randint(111, 114)}-{rng.randrange(10**6, 10**7)}-"
                             f"{rng.randrange(10**6, 10**7)}")
            elif channel == "shopify":
                candidate = f"{rng.randrange(5 * 10**12, 7 * 10**12)}"
            else:
                candidate = f"338201-{day:%Y%m%d}-{rng.randrange(10**9, 10**10)}"
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate


def buyer_id(rng: random.Random, market: str, copies: int, share_known: float) -> str:
    """A buyer id on most orders; low numbers are the loyal customers who come back."""
    if rng.random() > share_known:
        return ""
    pool = CUSTOMER_POOL[market] * copies
    return f"C-{market}-{int(pool * rng.random() ** 2.0):06d}"


def order_status(rng: random.Random, cancelled: float, returned: float) -> str:
    pick = rng.random()
    if pick < cancelled:
        return "cancelled"
    return "returned" if pick < cancelled + returned else "paid"
