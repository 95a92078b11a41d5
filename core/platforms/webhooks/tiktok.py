"""What a TikTok Shop webhook says: an order's new status, never its lines.

TikTok Shop (partner.tiktokshop.com "Webhooks overview" and topic 1 "Order status change"):
the body is {type, tts_notification_id, shop_id, timestamp, data: {order_id, order_status,
is_on_hold_order, update_time}}; the order's lines come from the TikTok order export
(`livestock import tiktok-orders`).
"""

from __future__ import annotations

from collections.abc import Mapping

from core.platforms.webhooks import values
from core.platforms.webhooks.model import TIKTOK, Delivery, DeliveryRefused, tiktok_order_id

TIKTOK_ORDER_STATUS_CHANGE = 1
TIKTOK_CANCELLED = ("CANCEL", "CANCELLED")


def parse_tiktok(*, body: bytes) -> Delivery:
    """The delivery a signed TikTok Shop webhook makes: a status for type 1, else ignored."""
    event = values.json_object(body)
    delivery_id = values.delivery_id(event.get("tts_notification_id"), "tts_notification_id")
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
    order_id = values.id_text(tiktok_order_id(str(raw_id).strip()), "data.order_id")
    order_status = data.get("order_status")
    if not isinstance(order_status, str) or not order_status.strip():
        raise DeliveryRefused("data.order_status is missing")
    status = "cancelled" if order_status.strip().upper() in TIKTOK_CANCELLED else "paid"
    return Delivery(TIKTOK, delivery_id, "ORDER_STATUS_CHANGE", "status", order_id=order_id,
                    status=status, status_at=values.epoch(data.get("update_time")))
