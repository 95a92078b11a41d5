"""Warehouses and lanes (docs/figures.md; "estimate" in README.md where no source gave the figure),
and where an order ships from."""

from __future__ import annotations

from dataclasses import dataclass

from .clock import BERLIN, LONDON, LOS_ANGELES, NEW_YORK, TOKYO, Zone


@dataclass(frozen=True)
class WarehouseSpec:
    warehouse_id: str
    name: str
    country: str
    mode: str
    currency: str
    storage_fee_unit_day: float
    inbound_fee_unit: float
    outbound_fee_order: float
    return_fee_unit: float
    zone: Zone
    serves: str = ""  # the platforms whose orders it ships, ";"-separated; "" = every one
    receiving_days: int = 0  # arrival to sellable (check-in)


FBA, FBT, LA, NJ = "US-FBA-ONT8", "US-FBT-PA", "US-3PL-LA", "US-3PL-NJ"
UK, DE, JP = "UK-3PL-MAN", "DE-SELF-FRA", "JP-3PL-OSA"

WAREHOUSES = (
    WarehouseSpec(FBA, "Amazon FBA ONT8 · 亚马逊FBA仓 (Moreno Valley, CA)", "US", "platform",
                  "USD", 0.0051, 0.27, 3.86, 2.91, LOS_ANGELES, "amazon", 3),
    WarehouseSpec(FBT, "TikTok Shop FBT · TikTok官方仓 (Pennsylvania)", "US", "platform",
                  "USD", 0.0045, 0.0, 3.58, 3.00, NEW_YORK, "tiktok", 2),
    WarehouseSpec(LA, "洛杉矶海外仓 LA 3PL (Ontario, CA)", "US", "3pl",
                  "USD", 0.0066, 0.30, 2.75, 4.50, LOS_ANGELES, "", 1),
    WarehouseSpec(NJ, "新泽西海外仓 NJ 3PL (Edison, NJ)", "US", "3pl",
                  "USD", 0.0079, 0.35, 3.10, 5.00, NEW_YORK, "", 1),
    WarehouseSpec(UK, "英国海外仓 UK 3PL (Manchester)", "GB", "3pl",
                  "GBP", 0.0055, 0.25, 2.40, 3.50, LONDON, "", 1),
    WarehouseSpec(DE, "德国自营仓 Own warehouse (Frankfurt)", "DE", "self",
                  "EUR", 0.0030, 0.12, 1.60, 2.80, BERLIN),
    WarehouseSpec(JP, "日本海外仓 JP 3PL (Osaka)", "JP", "3pl",
                  "JPY", 0.90, 40.0, 420.0, 650.0, TOKYO, "", 1),
)
WAREHOUSE = {w.warehouse_id: w for w in WAREHOUSES}


@dataclass(frozen=True)
class LaneSpec:
    warehouse_id: str
    mode: str
    transit_days: float
    transit_days_sd: float
    cost_unit: float  # in the warehouse's currency
    cost_shipment: float
    from_warehouse_id: str = ""  # "" = from the supplier; else a transfer lane


LANES = (
    LaneSpec(FBA, "sea", 40, 5, 0.95, 450), LaneSpec(FBA, "air", 12, 2, 4.80, 180),
    LaneSpec(FBA, "express", 7, 1.5, 9.50, 40),
    LaneSpec(FBT, "sea", 38, 5, 0.95, 420), LaneSpec(FBT, "air", 10, 2, 4.80, 160),
    LaneSpec(LA, "sea", 32, 4, 0.85, 380), LaneSpec(LA, "air", 8, 1.5, 4.60, 150),
    LaneSpec(LA, "express", 4, 1, 9.20, 35),
    LaneSpec(NJ, "sea", 40, 5, 1.05, 420), LaneSpec(NJ, "air", 8, 1.5, 4.80, 150),
    LaneSpec(UK, "sea", 45, 6, 0.80, 320), LaneSpec(UK, "air", 10, 2, 3.90, 120),
    LaneSpec(UK, "express", 4, 1, 8.20, 25),
    LaneSpec(DE, "sea", 45, 6, 0.85, 350), LaneSpec(DE, "air", 10, 2, 4.30, 130),
    LaneSpec(DE, "rail", 16, 2.5, 1.90, 300),
    LaneSpec(JP, "sea", 20, 3, 110, 45000), LaneSpec(JP, "air", 7, 1.5, 650, 18000),
    LaneSpec(JP, "express", 3, 0.8, 1300, 3500),
    # Transfers from the seller's 3PLs into the platforms' warehouses by truck (estimates:
    # LTL across the US in 3-6 days, about $0.40 a unit plus a pickup).
    LaneSpec(FBA, "truck", 3, 1, 0.35, 120, LA), LaneSpec(FBT, "truck", 5, 1.5, 0.45, 140, LA),
    LaneSpec(FBT, "truck", 2, 0.5, 0.30, 90, NJ),
)
LANE = {(lane.warehouse_id, lane.mode): lane for lane in LANES if not lane.from_warehouse_id}

# Where an order is shipped from, first choice first (a platform's own warehouse first),
# among the warehouses that serve its platform: FBA ships Amazon's orders only (no
# Multi-Channel Fulfillment here), TikTok's warehouse TikTok's only.
PREFERENCE = {
    ("US", "amazon"): (FBA, LA, NJ), ("US", "tiktok"): (FBT, LA, NJ),
    ("US", "shopify"): (NJ, LA),
}


def ships_from(market: str, channel: str, stocked: tuple[str, ...]) -> tuple[str, ...]:
    """The warehouses an order of `channel` in `market` ships from, first choice first: its
    PREFERENCE, else every one holding the product (all of them serve every platform). A
    stream of that platform sells from the same ones (LiveStock's pool: the market's
    warehouses that serve the platform)."""
    return PREFERENCE.get((market, channel), stocked)


CHANNELS = {
    "US": (("amazon", 0.45), ("tiktok", 0.40), ("shopify", 0.15)),
    "GB": (("tiktok", 0.6), ("amazon", 0.4)), "DE": (("shopify", 0.5), ("amazon", 0.5)),
    "JP": (("tiktok", 0.5), ("rakuten", 0.5)),
}
PLATFORM_CHANNEL = {"TikTok Shop": "tiktok", "Amazon Live": "amazon", "Shopify": "shopify"}
CURRENCY = {"US": "USD", "GB": "GBP", "DE": "EUR", "JP": "JPY"}
CUSTOMER_POOL = {"US": 20000, "GB": 3000, "DE": 1500, "JP": 2500}
