"""What order lines a Shopify order webhook carries, after discounts.

Shopify (shopify.dev "Webhooks delivery structure", and the Order resource of the
orders/create topic): `X-Shopify-Webhook-Id` names the delivery (the same on every retry);
`X-Shopify-Topic` names the topic (orders/create, orders/updated, orders/cancelled,
orders/paid all carry the order). Order fields read: id, created_at, updated_at (the
version's stamp: core.platforms.order_status), currency, cancelled_at, financial_status,
customer.id, shipping_address.country_code, total_discounts,
shipping_lines[].discount_allocations and line_items[].id / title / sku / quantity / price /
discount_allocations. A line without a sku (a tip, a custom item, a service) is skipped and
kept for a person (SkippedLine); the order's other lines are taken. Unit prices are after
discounts (core.platforms.discounts).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.platforms.discounts import spread_discount
from core.platforms.webhooks import values
from core.platforms.webhooks.model import (
    SHOPIFY,
    Delivery,
    DeliveryRefused,
    LineIn,
    SkippedLine,
    merge_same_sku,
    shopify_order_id,
)

SHOPIFY_ORDER_TOPICS = ("orders/create", "orders/updated", "orders/cancelled", "orders/paid",
                        "orders/fulfilled", "orders/partially_fulfilled", "orders/edited")


def parse_shopify(*, body: bytes, topic: str | None, webhook_id: str | None) -> Delivery:
    """The delivery a signed Shopify webhook makes; raises DeliveryRefused (400) when the
    body is not an order the store can take."""
    delivery_id = values.delivery_id(webhook_id, "X-Shopify-Webhook-Id header")
    topic = (topic or "").strip().lower()
    if not topic:
        raise DeliveryRefused("the X-Shopify-Topic header is missing")
    if topic not in SHOPIFY_ORDER_TOPICS:
        return Delivery(SHOPIFY, delivery_id, topic, "ignored")
    order = values.json_object(body)
    raw_id = values.required(order, "id", "order")
    if not isinstance(raw_id, int | str) or isinstance(raw_id, bool) or not str(raw_id).strip():
        raise DeliveryRefused(f"order.id {raw_id!r} is not an order id")
    order_id = values.id_text(shopify_order_id(str(raw_id).strip()), "order.id")
    created = values.instant(values.required(order, "created_at", "order"), "order.created_at")
    currency = values.code(values.required(order, "currency", "order"), values.CURRENCY,
                           "order.currency", "a currency code such as USD")
    address = order.get("shipping_address")
    country = None
    if isinstance(address, Mapping) and address.get("country_code") not in (None, ""):
        country = values.code(address["country_code"], values.COUNTRY,
                              "order.shipping_address.country_code", "a country code such as US")
    customer = order.get("customer")
    customer_id = None
    if isinstance(customer, Mapping) and isinstance(customer.get("id"), int | str) \
            and str(customer["id"]).strip():
        customer_id = values.id_text(f"shopify:{customer['id']}", "order.customer.id")
    status = "paid"
    if order.get("cancelled_at") not in (None, ""):
        status = "cancelled"
    elif order.get("financial_status") == "refunded":
        status = "returned"
    status_at = created
    if order.get("updated_at") not in (None, ""):
        status_at = values.instant(order["updated_at"], "order.updated_at")
    elif status == "cancelled":
        status_at = values.instant(order["cancelled_at"], "order.cancelled_at")
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
        qty = values.quantity(item.get("quantity"), f"{where}.quantity")
        values.price(item.get("price"), f"{where}.price")
        if net is None or net < 0:
            raise DeliveryRefused(f"{where}.discount_allocations add up to more than the "
                                  "line's price x quantity")
        lines.append(LineIn(
            order_id=order_id, sku=values.id_text(sku.strip(), f"{where}.sku"), ts=created,
            qty=qty, unit_price=round(net / qty, 4),
            currency=currency, country=country, customer_id=customer_id, status=status))
    merged = merge_same_sku(lines)
    for line in merged:
        if line.qty > values.MAX_QTY:
            raise DeliveryRefused(f"order.line_items: sku '{line.sku}' adds up to {line.qty:,} "
                                  f"units; one order line takes at most {values.MAX_QTY:,}",
                                  status_code=422)
    return Delivery(SHOPIFY, delivery_id, topic, "lines", order_id=order_id, lines=merged,
                    status=status, status_at=status_at, skipped=tuple(skipped))


def _allocated(holder: Mapping[str, Any], where: str) -> float:
    """The sum of a line's discount_allocations[].amount (0 when it has none)."""
    allocations = holder.get("discount_allocations") or []
    if not isinstance(allocations, list):
        raise DeliveryRefused(f"{where}.discount_allocations is not a list")
    total = 0.0
    for index, allocation in enumerate(allocations):
        amount = (values.money(allocation.get("amount")) if isinstance(allocation, Mapping)
                  else None)
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
        price, qty = values.money(item.get("price")), values.count(item.get("quantity"))
        gross.append(price * qty if price is not None and qty is not None else None)
    if any("discount_allocations" in item for item in items):
        return [None if amount is None else
                amount - _allocated(item, f"order.line_items[{position}]")
                for position, (item, amount) in enumerate(zip(items, gross, strict=True))]
    shipping = order.get("shipping_lines")
    on_shipping = sum(_allocated(line, f"order.shipping_lines[{n}]")
                      for n, line in enumerate(shipping if isinstance(shipping, list) else [])
                      if isinstance(line, Mapping))
    order_discount = (values.money(order.get("total_discounts")) or 0.0) - on_shipping
    shares = spread_discount([amount or 0.0 for amount in gross], discount=order_discount)
    return [None if amount is None else amount - share
            for amount, share in zip(gross, shares, strict=True)]


def _skipped(item: Mapping[str, Any], *, order_id: str, position: int, net: float | None,
             currency: str) -> SkippedLine:
    line_id, title, qty = item.get("id"), item.get("title"), item.get("quantity")
    key = (str(line_id).strip()[:values.MAX_ID_CHARS] if isinstance(line_id, int | str)
           and not isinstance(line_id, bool) and str(line_id).strip() else f"#{position}")
    return SkippedLine(
        order_id=order_id, line_key=key, position=position,
        title=title.strip()[:values.MAX_TITLE_CHARS] if isinstance(title, str) else None,
        qty=values.count(qty),
        amount=None if net is None else round(net, 4), currency=currency,
        reason="no sku: LiveStock counts stock by sku")
