"""Platform webhooks, pure: is a delivery signed, and what order lines does it carry.

No HTTP framework and no store here: `receiver/` reads the request, `core.platforms.service`
writes. One module per idea: model (Delivery, LineIn, SkippedLine, the refusals, the store's
order ids, merge_same_sku), signatures (each platform's HMAC), shopify (an order's lines after
discounts), tiktok (an order's new status), values (each JSON field checked).

Re-exported here, where the receiver, the intake, the export importers and the tests import
them: the names in `__all__`.
"""

from __future__ import annotations

from core.platforms.webhooks.model import (
    MAX_BODY_BYTES,
    SHOPIFY,
    TIKTOK,
    Delivery,
    DeliveryRefused,
    LineIn,
    SkippedLine,
    merge_same_sku,
    shopify_order_id,
    tiktok_order_id,
)
from core.platforms.webhooks.shopify import parse_shopify
from core.platforms.webhooks.signatures import (
    shopify_signature,
    shopify_signed,
    tiktok_signature,
    tiktok_signed,
)
from core.platforms.webhooks.tiktok import parse_tiktok

__all__ = [
    "MAX_BODY_BYTES",
    "SHOPIFY",
    "TIKTOK",
    "Delivery",
    "DeliveryRefused",
    "LineIn",
    "SkippedLine",
    "merge_same_sku",
    "parse_shopify",
    "parse_tiktok",
    "shopify_order_id",
    "shopify_signature",
    "shopify_signed",
    "tiktok_order_id",
    "tiktok_signature",
    "tiktok_signed",
]
