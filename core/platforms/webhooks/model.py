"""What a webhook delivery asks of the store, and why one is refused: the value types the
receiver, the intake (core.platforms.service) and the export importers (imports/) share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.common.errors import LiveStockError

SHOPIFY = "shopify"
TIKTOK = "tiktok"
MAX_BODY_BYTES = 1_048_576


class DeliveryRefused(LiveStockError):
    """A delivery the receiver answers with a 4xx: `status_code` and a reason a person reads."""

    def __init__(self, reason: str, *, status_code: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status_code = status_code


class UnknownSku(DeliveryRefused):
    def __init__(self, skus: Sequence[str]) -> None:
        listed = ", ".join(f"'{s}'" for s in skus)
        super().__init__(f"unknown sku {listed}: not in products.csv nor in the store; add the "
                         "product, then the platform's retry is taken in", status_code=422)
        self.skus = tuple(skus)


@dataclass(frozen=True)
class LineIn:
    """One order line as a platform announced it (order_id + sku is its key)."""

    order_id: str
    sku: str
    ts: datetime
    qty: int
    unit_price: float
    currency: str
    country: str | None
    customer_id: str | None
    status: str


@dataclass(frozen=True)
class SkippedLine:
    """An order line the store cannot count (no sku), kept for a person to read.

    line_key: the platform's line id, else "#" + its position in the order; amount: its
    price x quantity after discounts, when both are readable."""

    order_id: str
    line_key: str
    position: int
    title: str | None
    qty: int | None
    amount: float | None
    currency: str
    reason: str


@dataclass(frozen=True)
class Delivery:
    """What one signed delivery asks of the store.

    kind: "lines" (write these order lines), "status" (set the status of order_id's lines),
    or "ignored" (a topic that carries no order: acknowledged, nothing to write).
    status_at: the platform's stamp of this version of the order (Shopify's updated_at,
    TikTok's update_time), which orders status changes (core.platforms.order_status).
    skipped: lines without a sku, kept for a person.
    """

    platform: str
    delivery_id: str
    topic: str
    kind: str
    order_id: str | None = None
    lines: tuple[LineIn, ...] = ()
    status: str | None = None
    status_at: datetime | None = None
    skipped: tuple[SkippedLine, ...] = ()


def shopify_order_id(order_id: object) -> str:
    """The store's order_id of a Shopify order: "shopify:" + the order's numeric id."""
    return f"shopify:{order_id}"


def tiktok_order_id(order_id: object) -> str:
    return f"tiktok:{order_id}"


def merge_same_sku(lines: Sequence[LineIn]) -> tuple[LineIn, ...]:
    """One line per sku (order_id + sku is the store's key): quantities add up and the unit
    price becomes the quantity-weighted mean, sum(qty x price) / sum(qty): 1 at 10.00 and
    3 at 2.00 make 4 at 4.00.
    """
    merged: dict[str, LineIn] = {}
    for line in lines:
        before = merged.get(line.sku)
        if before is None:
            merged[line.sku] = line
            continue
        qty = before.qty + line.qty
        price = (before.qty * before.unit_price + line.qty * line.unit_price) / qty
        merged[line.sku] = LineIn(**{**before.__dict__, "qty": qty, "unit_price": round(price, 4)})
    return tuple(merged.values())
