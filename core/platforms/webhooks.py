"""Platform webhooks, pure: is a delivery signed, and what order lines does it carry.

No HTTP framework and no store here: `receiver/` reads the request, `core.platforms.service` writes.

Shopify (shopify.dev "Verify webhook deliveries", "Webhooks delivery structure", and the
Order resource of the orders/create topic): `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256
of the raw body keyed with the app's client secret; `X-Shopify-Webhook-Id` names the delivery
(the same on every retry); `X-Shopify-Topic` names the topic (orders/create, orders/updated,
orders/cancelled, orders/paid all carry the order). Order fields read: id, created_at,
updated_at (the version's stamp: core.platforms.order_status), currency, cancelled_at,
financial_status, customer.id, shipping_address.country_code, total_discounts,
shipping_lines[].discount_allocations and line_items[].id / title / sku / quantity / price /
discount_allocations. A line without a sku (a tip, a custom item, a service) is skipped and
kept for a person (SkippedLine); the order's other lines are taken. Unit prices are after
discounts (core.platforms.discounts).

TikTok Shop (partner.tiktokshop.com "Webhooks overview" and topic 1 "Order status change"):
`Authorization` is the lowercase hex HMAC-SHA256 of app_key + raw body keyed with the app
secret (no timestamp is signed, so replays are caught by `tts_notification_id`). The body is
{type, tts_notification_id, shop_id, timestamp, data: {order_id, order_status,
is_on_hold_order, update_time}}: a status, never the order's lines (those come from the
TikTok order export, `livestock import tiktok-orders`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from core.common.errors import LiveStockError
from core.common.timeutil import parse_instant
from core.platforms.discounts import spread_discount

SHOPIFY = "shopify"
TIKTOK = "tiktok"
MAX_BODY_BYTES = 1_048_576
MAX_ID_CHARS = 64
# The most units one order line may carry, whatever the settings say: the store's integer
# column holds 2,147,483,647, so a merged line can never overflow it. The setting
# `max_units_per_line` (100,000 by default) is checked when the delivery is written.
MAX_QTY = 1_000_000
MAX_TITLE_CHARS = 200
MAX_PRICE = 10_000_000_000  # the store keeps money as Numeric(14, 4)

SHOPIFY_ORDER_TOPICS = ("orders/create", "orders/updated", "orders/cancelled", "orders/paid",
                        "orders/fulfilled", "orders/partially_fulfilled", "orders/edited")
TIKTOK_ORDER_STATUS_CHANGE = 1
TIKTOK_CANCELLED = ("CANCEL", "CANCELLED")

_CURRENCY = re.compile(r"[A-Z]{3}")
_COUNTRY = re.compile(r"[A-Z]{2}")


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


def shopify_signature(*, body: bytes, secret: str) -> str:
    """base64(HMAC-SHA256(key=secret, message=body)), what X-Shopify-Hmac-Sha256 carries."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def tiktok_signature(*, body: bytes, app_key: str, secret: str) -> str:
    """hex(HMAC-SHA256(key=app_secret, message=app_key + body)), what Authorization carries.

    TikTok's worked example (app_key abcdef, secret 123) gives 5dec0f11...31ac05.
    """
    return hmac.new(secret.encode(), app_key.encode() + body, hashlib.sha256).hexdigest()


def shopify_signed(*, body: bytes, header: str | None, secret: str) -> bool:
    """True when `header` is the body's signature; compared in constant time."""
    if not header or not secret:
        return False
    try:
        given = base64.b64decode(header.strip(), validate=True)
    except (binascii.Error, ValueError):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(given, expected)


def tiktok_signed(*, body: bytes, header: str | None, app_key: str, secret: str) -> bool:
    if not header or not secret:
        return False
    expected = tiktok_signature(body=body, app_key=app_key, secret=secret)
    return hmac.compare_digest(header.strip().lower().encode(), expected.encode())


def parse_shopify(*, body: bytes, topic: str | None, webhook_id: str | None) -> Delivery:
    """The delivery a signed Shopify webhook makes; raises DeliveryRefused (400) when the
    body is not an order the store can take."""
    delivery_id = _delivery_id(webhook_id, "X-Shopify-Webhook-Id header")
    topic = (topic or "").strip().lower()
    if not topic:
        raise DeliveryRefused("the X-Shopify-Topic header is missing")
    if topic not in SHOPIFY_ORDER_TOPICS:
        return Delivery(SHOPIFY, delivery_id, topic, "ignored")
    order = _json_object(body)
    raw_id = _required(order, "id", "order")
    if not isinstance(raw_id, int | str) or isinstance(raw_id, bool) or not str(raw_id).strip():
        raise DeliveryRefused(f"order.id {raw_id!r} is not an order id")
    order_id = _id_text(shopify_order_id(str(raw_id).strip()), "order.id")
    created = _instant(_required(order, "created_at", "order"), "order.created_at")
    currency = _code(_required(order, "currency", "order"), _CURRENCY, "order.currency",
                     "a currency code such as USD")
    address = order.get("shipping_address")
    country = None
    if isinstance(address, Mapping) and address.get("country_code") not in (None, ""):
        country = _code(address["country_code"], _COUNTRY, "order.shipping_address.country_code",
                        "a country code such as US")
    customer = order.get("customer")
    customer_id = None
    if isinstance(customer, Mapping) and isinstance(customer.get("id"), int | str) \
            and str(customer["id"]).strip():
        customer_id = _id_text(f"shopify:{customer['id']}", "order.customer.id")
    status = "paid"
    if order.get("cancelled_at") not in (None, ""):
        status = "cancelled"
    elif order.get("financial_status") == "refunded":
        status = "returned"
    status_at = created
    if order.get("updated_at") not in (None, ""):
        status_at = _instant(order["updated_at"], "order.updated_at")
    elif status == "cancelled":
        status_at = _instant(order["cancelled_at"], "order.cancelled_at")
    items = order.get("line_items")
    if not isinstance(items, list) or not items:
        raise DeliveryRefused("order.line_items is missing or empty: no line to count")
    lines, skipped = [], []
    for position, (item, net) in enumerate(zip(items, _net_amounts(order, items), strict=True)):
        where = f"order.line_items[{position}]"
        sku = item.get("sku")
        if not isinstance(sku, str) or not sku.strip():
            skipped.append(_skipped(item, order_id=order_id, position=position, net=net,
                                    currency=currency))
            continue
        qty = _quantity(item.get("quantity"), f"{where}.quantity")
        _price(item.get("price"), f"{where}.price")
        if net is None or net < 0:
            raise DeliveryRefused(f"{where}.discount_allocations add up to more than the "
                                  "line's price x quantity")
        lines.append(LineIn(
            order_id=order_id, sku=_id_text(sku.strip(), f"{where}.sku"), ts=created, qty=qty,
            unit_price=round(net / qty, 4),
            currency=currency, country=country, customer_id=customer_id, status=status))
    merged = merge_same_sku(lines)
    for line in merged:
        if line.qty > MAX_QTY:
            raise DeliveryRefused(f"order.line_items: sku '{line.sku}' adds up to {line.qty:,} "
                                  f"units; one order line takes at most {MAX_QTY:,}",
                                  status_code=422)
    return Delivery(SHOPIFY, delivery_id, topic, "lines", order_id=order_id, lines=merged,
                    status=status, status_at=status_at, skipped=tuple(skipped))


def parse_tiktok(*, body: bytes) -> Delivery:
    """The delivery a signed TikTok Shop webhook makes: a status for type 1, else ignored."""
    event = _json_object(body)
    delivery_id = _delivery_id(event.get("tts_notification_id"), "tts_notification_id")
    kind = event.get("type")
    if not isinstance(kind, int) or isinstance(kind, bool):
        raise DeliveryRefused(f"type {kind!r} is not a webhook type number")
    if kind != TIKTOK_ORDER_STATUS_CHANGE:
        return Delivery(TIKTOK, delivery_id, f"type {kind}", "ignored")
    data = event.get("data")
    if not isinstance(data, Mapping):
        raise DeliveryRefused("data is missing: an order status change carries data.order_id")
    raw_id = data.get("order_id")
    if not isinstance(raw_id, str | int) or isinstance(raw_id, bool) or not str(raw_id).strip():
        raise DeliveryRefused(f"data.order_id {raw_id!r} is not an order id")
    order_id = _id_text(tiktok_order_id(str(raw_id).strip()), "data.order_id")
    order_status = data.get("order_status")
    if not isinstance(order_status, str) or not order_status.strip():
        raise DeliveryRefused("data.order_status is missing")
    status = "cancelled" if order_status.strip().upper() in TIKTOK_CANCELLED else "paid"
    return Delivery(TIKTOK, delivery_id, "ORDER_STATUS_CHANGE", "status", order_id=order_id,
                    status=status, status_at=_epoch(data.get("update_time")))


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


# ---------------------------------------------------------------------------------------
# Checking values; each failure names the JSON field.


def _json_object(body: bytes) -> Mapping[str, Any]:
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise DeliveryRefused(f"the body is not JSON: {error}") from None
    except RecursionError:  # e.g. 100,000 nested arrays: no order is shaped like that
        raise DeliveryRefused("the body is nested deeper than JSON parsing allows") from None
    if not isinstance(value, dict):
        raise DeliveryRefused("the body is not a JSON object")
    return value


def _required(obj: Mapping[str, Any], name: str, where: str) -> Any:
    if obj.get(name) in (None, ""):
        raise DeliveryRefused(f"{where}.{name} is missing")
    return obj[name]


def _delivery_id(value: object, what: str) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
        raise DeliveryRefused(f"the {what} is missing: it is how a redelivery is counted once")
    text = str(value).strip()
    if len(text) > 128:
        raise DeliveryRefused(f"the {what} is longer than 128 characters")
    return text


def _id_text(text: str, where: str) -> str:
    if len(text) > MAX_ID_CHARS:
        raise DeliveryRefused(f"{where} '{text[:80]}' is longer than {MAX_ID_CHARS} characters")
    return text


def _instant(value: object, where: str) -> datetime:
    if not isinstance(value, str):
        raise DeliveryRefused(f"{where} {value!r} is not a timestamp")
    try:
        return parse_instant(value)
    except (ValueError, OverflowError) as error:
        raise DeliveryRefused(f"{where}: {error}") from None


def _code(value: object, pattern: re.Pattern[str], where: str, example: str) -> str:
    if not isinstance(value, str) or pattern.fullmatch(value.strip().upper()) is None:
        raise DeliveryRefused(f"{where} {value!r} is not {example}")
    return value.strip().upper()


def _quantity(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise DeliveryRefused(f"{where} {value!r} is not a whole number")
    try:
        qty = int(str(value).strip())
    except ValueError:
        raise DeliveryRefused(f"{where} {value!r} is not a whole number") from None
    if not 1 <= qty <= MAX_QTY:
        raise DeliveryRefused(f"{where} is {qty}; it must be from 1 to {MAX_QTY:,}")
    return qty


def _price(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise DeliveryRefused(f"{where} {value!r} is not a price")
    try:
        price = float(str(value).strip())
    except ValueError:
        raise DeliveryRefused(f"{where} {value!r} is not a price") from None
    if not 0 <= price < MAX_PRICE:
        raise DeliveryRefused(f"{where} {value!r} must be a number, 0 or more and below "
                              f"{MAX_PRICE:,}")
    return price


def _money(value: object) -> float | None:
    """A non-negative amount given as text or a number, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        amount = float(str(value).strip())
    except ValueError:
        return None
    return amount if 0 <= amount < MAX_PRICE else None


def _allocated(holder: Mapping[str, Any], where: str) -> float:
    """The sum of a line's discount_allocations[].amount (0 when it has none)."""
    allocations = holder.get("discount_allocations") or []
    if not isinstance(allocations, list):
        raise DeliveryRefused(f"{where}.discount_allocations is not a list")
    total = 0.0
    for index, allocation in enumerate(allocations):
        amount = _money(allocation.get("amount")) if isinstance(allocation, Mapping) else None
        if amount is None:
            raise DeliveryRefused(f"{where}.discount_allocations[{index}].amount is not an "
                                  "amount of 0 or more")
        total += amount
    return total


def _net_amounts(order: Mapping[str, Any], items: list[Any]) -> list[float | None]:
    """Each line item's price x quantity after discounts (None where either is unreadable);
    core.platforms.discounts says how an order-level discount reaches the lines."""
    gross: list[float | None] = []
    for position, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise DeliveryRefused(f"order.line_items[{position}] is not an object")
        price, qty = _money(item.get("price")), _count(item.get("quantity"))
        gross.append(price * qty if price is not None and qty is not None else None)
    if any("discount_allocations" in item for item in items):
        return [None if amount is None else
                amount - _allocated(item, f"order.line_items[{position}]")
                for position, (item, amount) in enumerate(zip(items, gross, strict=True))]
    shipping = order.get("shipping_lines")
    on_shipping = sum(_allocated(line, f"order.shipping_lines[{n}]")
                      for n, line in enumerate(shipping if isinstance(shipping, list) else [])
                      if isinstance(line, Mapping))
    order_discount = (_money(order.get("total_discounts")) or 0.0) - on_shipping
    shares = spread_discount([amount or 0.0 for amount in gross], discount=order_discount)
    return [None if amount is None else amount - share
            for amount, share in zip(gross, shares, strict=True)]


def _skipped(item: Mapping[str, Any], *, order_id: str, position: int, net: float | None,
             currency: str) -> SkippedLine:
    line_id, title, qty = item.get("id"), item.get("title"), item.get("quantity")
    key = (str(line_id).strip()[:MAX_ID_CHARS] if isinstance(line_id, int | str)
           and not isinstance(line_id, bool) and str(line_id).strip() else f"#{position}")
    return SkippedLine(
        order_id=order_id, line_key=key, position=position,
        title=title.strip()[:MAX_TITLE_CHARS] if isinstance(title, str) else None,
        qty=_count(qty),
        amount=None if net is None else round(net, 4), currency=currency,
        reason="no sku: LiveStock counts stock by sku")


def _count(value: object) -> int | None:
    """A quantity of 1 or more given as a number or text, else None."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        qty = int(str(value).strip())
    except ValueError:
        return None
    return qty if qty >= 1 else None


def _epoch(value: object) -> datetime | None:
    """A platform's Unix time in seconds as UTC, None when absent or unreadable."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
