#!/usr/bin/env python3
"""The demo dataset: a cross-border seller's store, 90 days of history and tonight's stream.

    python sample_data/generate.py [--out DIR] [--scale X] [--anchor YYYY-MM-DD]

Writes the ten files of PRODUCT.md "Data in" (warehouses.csv ... orders.csv). The same
arguments always give the same bytes: every random draw comes from Python's `random.Random`
seeded with a string naming what it is for (stable across runs, machines and Python
versions), and nothing reads the clock.

How the history is made, in this order:
1. The catalog (44 products, 10 substitute groups, one currency per product), seven
   warehouses in US, GB, DE and JP, and their lanes (fees and transit days from DOMAIN.md).
2. The session calendar: 33 past streams and tonight's, each with a lineup, a viewer curve
   (warm-up ramp, rise, peak, decay, bumps at flash deals) and a product funnel.
3. Demand, drawn before any stock is looked at. Off-stream: orders per product per day, a
   gamma-Poisson draw, so slow sellers have many zero days. In a stream, per minute:
       orders/min = viewers x (orders per 1,000 unique viewers) / (1,000 x watch minutes)
                    x the product's share (appeal x price effect x "being pitched" x flash deal)
   e.g. 900 viewers x 12 / (1,000 x 4) = 2.7 orders a minute across the lineup.
4. The ledger of each product, event by event: orders draw on the stock of the market's
   warehouses (a platform's own warehouse first); an order that meets an empty shelf is
   lost and never written. A weekly (s, S) review ships by sea, and by air for the gap sea
   can't reach in time; arrivals are counted; weekly counts and a count on the anchor morning.
5. Tonight's mix: the last shipments of tonight's lineup are sized (solved) so the board
   opens with about half PUSH, three SWAP, two PRESALE and one slow mover, and so that
   several products sold out in the middle of the 11.11 stream.

`--scale X` repeats the store X times (products, sessions and their orders) for benchmarks;
below 1 it keeps a fraction X of the past sessions and of the off-stream orders.
"""

from __future__ import annotations

import argparse
import csv
import functools
import heapq
import itertools
import math
import random
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "livestock-demo-1"
DEFAULT_ANCHOR = date(2026, 11, 26)
HISTORY_DAYS = 90
# Unique viewers = sum of per-minute viewers / average minutes watched (an estimate).
WATCH_MINUTES = 4.0
PRICE_ELASTICITY = 2.0  # conversion x (price / list price) ** -2 (estimate)
QTY_WEIGHTS = ((1, 0.86), (2, 0.11), (3, 0.03))
MEAN_QTY = sum(q * w for q, w in QTY_WEIGHTS)

# --------------------------------------------------------------------------------------
# Time zones: offsets by the real DST rules, so the output never depends on a tz database.


@dataclass(frozen=True)
class Zone:
    standard_hours: int
    rule: str  # "us" (2nd Sunday of March - 1st Sunday of November), "eu" or "none"


NEW_YORK = Zone(-5, "us")
LOS_ANGELES = Zone(-8, "us")
LONDON = Zone(0, "eu")
BERLIN = Zone(1, "eu")
TOKYO = Zone(9, "none")
SHENZHEN = Zone(8, "none")
MARKET_ZONE = {"US": NEW_YORK, "GB": LONDON, "DE": BERLIN, "JP": TOKYO}


def _sunday(year: int, month: int, nth: int) -> date:
    """The nth Sunday of a month; nth = -1 is the last one."""
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


@functools.cache
def _summer_time(zone: Zone, year: int) -> tuple[datetime, datetime] | None:
    """When summer time begins and ends that year, in UTC (None: the zone has none)."""
    standard = timedelta(hours=zone.standard_hours)
    if zone.rule == "us":
        return (datetime.combine(_sunday(year, 3, 2), time(2), UTC) - standard,
                datetime.combine(_sunday(year, 11, 1), time(1), UTC) - standard)
    if zone.rule == "eu":
        return (datetime.combine(_sunday(year, 3, -1), time(1), UTC),
                datetime.combine(_sunday(year, 10, -1), time(1), UTC))
    return None


def utc_offset(zone: Zone, instant: datetime) -> timedelta:
    standard = timedelta(hours=zone.standard_hours)
    summer = _summer_time(zone, instant.year)
    if summer is not None and summer[0] <= instant < summer[1]:
        return standard + timedelta(hours=1)
    return standard


def iso(instant: datetime, zone: Zone) -> str:
    """ISO 8601 in the zone's local time, with its offset: 2026-11-26T18:00:00-05:00."""
    return instant.astimezone(timezone(utc_offset(zone, instant))).isoformat(timespec="seconds")


def wall_clock(day: date, hour: int, minute: int, zone: Zone) -> datetime:
    """The UTC instant of a local wall-clock time."""
    naive = datetime.combine(day, time(hour, minute), UTC)
    return naive - utc_offset(zone, naive - timedelta(hours=zone.standard_hours))


def local_date(instant: datetime, zone: Zone) -> date:
    return (instant + utc_offset(zone, instant)).date()


# --------------------------------------------------------------------------------------
# Randomness


def rng_for(*parts: object) -> random.Random:
    """A generator of its own for each purpose: adding a product never shifts another's draws."""
    return random.Random(":".join([SEED, *(str(part) for part in parts)]))


def poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean < 30:
        limit, k, p = math.exp(-mean), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


def weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    total = sum(w for _, w in pairs)
    pick = rng.random() * total
    for value, weight in pairs:
        pick -= weight
        if pick < 0:
            return value
    return pairs[-1][0]


def draw_qty(rng: random.Random) -> int:
    return int(weighted(rng, _QTY_CHOICES))


_QTY_CHOICES = [(str(q), w) for q, w in QTY_WEIGHTS]


def ceil10(units: float) -> int:
    return math.ceil(units / 10.0) * 10


# --------------------------------------------------------------------------------------
# Money


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


# --------------------------------------------------------------------------------------
# Warehouses and lanes (DOMAIN.md; "estimate" in README.md where no source gave the figure)


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


FBA, FBT, LA, NJ = "US-FBA-ONT8", "US-FBT-PA", "US-3PL-LA", "US-3PL-NJ"
UK, DE, JP = "UK-3PL-MAN", "DE-SELF-FRA", "JP-3PL-OSA"

WAREHOUSES = (
    WarehouseSpec(FBA, "Amazon FBA ONT8 · 亚马逊FBA仓 (Moreno Valley, CA)", "US", "platform",
                  "USD", 0.0051, 0.27, 3.86, 2.91, LOS_ANGELES),
    WarehouseSpec(FBT, "TikTok Shop FBT · TikTok官方仓 (Pennsylvania)", "US", "platform",
                  "USD", 0.0045, 0.0, 3.58, 3.00, NEW_YORK),
    WarehouseSpec(LA, "洛杉矶海外仓 LA 3PL (Ontario, CA)", "US", "3pl",
                  "USD", 0.0066, 0.30, 2.75, 4.50, LOS_ANGELES),
    WarehouseSpec(NJ, "新泽西海外仓 NJ 3PL (Edison, NJ)", "US", "3pl",
                  "USD", 0.0079, 0.35, 3.10, 5.00, NEW_YORK),
    WarehouseSpec(UK, "英国海外仓 UK 3PL (Manchester)", "GB", "3pl",
                  "GBP", 0.0055, 0.25, 2.40, 3.50, LONDON),
    WarehouseSpec(DE, "德国自营仓 Own warehouse (Frankfurt)", "DE", "self",
                  "EUR", 0.0030, 0.12, 1.60, 2.80, BERLIN),
    WarehouseSpec(JP, "日本海外仓 JP 3PL (Osaka)", "JP", "3pl",
                  "JPY", 0.90, 40.0, 420.0, 650.0, TOKYO),
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
)
LANE = {(lane.warehouse_id, lane.mode): lane for lane in LANES}

# Where an order is shipped from, first choice first (a platform's own warehouse first).
PREFERENCE = {
    ("US", "amazon"): (FBA, LA, NJ, FBT), ("US", "tiktok"): (FBT, LA, NJ, FBA),
    ("US", "shopify"): (NJ, LA, FBT, FBA),
}
CHANNELS = {
    "US": (("amazon", 0.45), ("tiktok", 0.40), ("shopify", 0.15)),
    "GB": (("tiktok", 0.6), ("amazon", 0.4)), "DE": (("shopify", 0.5), ("amazon", 0.5)),
    "JP": (("tiktok", 0.5), ("rakuten", 0.5)),
}
PLATFORM_CHANNEL = {"TikTok Shop": "tiktok", "Amazon Live": "amazon", "Shopify": "shopify"}
CURRENCY = {"US": "USD", "GB": "GBP", "DE": "EUR", "JP": "JPY"}
CUSTOMER_POOL = {"US": 20000, "GB": 3000, "DE": 1500, "JP": 2500}

# --------------------------------------------------------------------------------------
# The catalog


@dataclass(frozen=True)
class ProductSpec:
    sku: str
    name: str
    category: str
    group: str
    unit_cost: float
    price: float
    currency: str
    presale_allowed: bool
    lead_days: int
    market: str
    orders_per_day: float  # off-stream, before trend, season and weekday
    appeal: float  # weight in a stream's product share
    ctr: float  # product card click-through rate
    ctor: float  # click-to-order rate at list price
    stocked: tuple[str, ...]  # the market's warehouses that carry it
    lean: bool = False  # thin replenishment, no air: runs out now and then
    winter: bool = False  # hand warmers: sell from October on
    base: str = ""  # the sku of copy 1 (scale > 1 repeats the catalog)


def _p(market: str, sku: str, name: str, category: str, group: str, cost: float, price: float,
       presale: bool, lead: int, per_day: float, appeal: float, ctr: float, ctor: float,
       stocked: str, *, lean: bool = False, winter: bool = False) -> ProductSpec:
    return ProductSpec(sku, name, category, group, cost, price, CURRENCY[market], presale, lead,
                       market, per_day, appeal, ctr, ctor, tuple(stocked.split()), lean, winter,
                       sku)


_US3 = f"{FBA} {FBT} {LA}"
CATALOG = (
    _p("US", "RL-10-US", "环形补光灯 Ring Light 10in", "lighting", "ring_light", 6.80, 24.99,
       True, 7, 6.0, 1.6, .12, .14, _US3),
    _p("US", "RL-12-US", "环形补光灯 Ring Light 12in + Stand", "lighting", "ring_light", 9.60,
       34.99, True, 7, 3.0, 1.2, .10, .10, f"{FBT} {LA}"),
    _p("US", "RL-18-US", "18寸补光灯 Ring Light 18in Pro Kit", "lighting", "ring_light", 19.50,
       69.99, False, 12, 0.6, 0.5, .08, .06, f"{LA}"),
    _p("US", "TP-60-US", "手机三脚架 Phone Tripod 60in", "tripods", "phone_tripod", 7.40, 27.99,
       True, 10, 1.8, 1.0, .09, .11, f"{FBT} {NJ}"),
    _p("US", "TP-SELFIE-US", "自拍杆三脚架 Selfie Stick Tripod", "tripods", "phone_tripod", 3.90,
       17.99, True, 8, 4.0, 0.9, .11, .13, f"{FBA} {FBT} {LA}"),
    _p("US", "LED-5M-US", "LED灯带 LED Strip 5m RGB", "lighting", "led_strip", 3.40, 14.99,
       True, 6, 5.0, 1.0, .10, .15, f"{FBA} {FBT} {NJ}"),
    _p("US", "LED-10M-US", "LED灯带 LED Strip 10m RGB", "lighting", "led_strip", 5.60, 22.99,
       True, 6, 4.5, 1.3, .11, .13, _US3),
    _p("US", "LED-20M-US", "音乐律动灯带 LED Strip 20m Music Sync", "lighting", "led_strip", 9.20,
       36.99, False, 9, 0.7, 0.5, .08, .08, f"{NJ}"),
    _p("US", "MIC-DUAL-US", "无线领夹麦克风 Wireless Lavalier Mic (2 pack)", "audio",
       "wireless_mic", 8.90, 39.99, True, 12, 2.5, 1.3, .10, .12, f"{FBA} {FBT} {LA}"),
    _p("US", "MIC-SINGLE-US", "无线麦克风 Wireless Lavalier Mic (single)", "audio",
       "wireless_mic", 5.10, 24.99, True, 12, 1.5, 0.8, .09, .12, f"{FBT} {LA}"),
    _p("US", "CASE-MAG-15", "磁吸手机壳 MagSafe Clear Case iPhone 15", "phone cases",
       "phone_case", 1.30, 14.99, True, 5, 1.2, 0.5, .07, .10, f"{LA}"),
    _p("US", "CASE-MAG-16", "磁吸手机壳 MagSafe Clear Case iPhone 16", "phone cases",
       "phone_case", 1.40, 16.99, True, 5, 4.0, 1.1, .09, .14, _US3),
    _p("US", "CASE-GLIT-16", "闪粉手机壳 Glitter Case iPhone 16", "phone cases", "phone_case",
       1.10, 12.99, False, 5, 0.9, 0.6, .08, .11, f"{NJ}", lean=True),
    _p("US", "BT-GUASHA-US", "刮痧板 Rose Quartz Gua Sha", "beauty", "beauty_tool", 2.20, 18.99,
       False, 15, 1.2, 0.7, .08, .10, f"{FBA} {LA}"),
    _p("US", "BT-ICEROLL-US", "冰敷滚轮 Ice Roller", "beauty", "beauty_tool", 1.90, 14.99, True,
       14, 0.8, 0.6, .08, .09, f"{LA}"),
    _p("US", "BT-CURLER-US", "无热卷发棒 Heatless Curling Rod", "beauty", "beauty_tool", 1.20,
       11.99, True, 10, 1.6, 0.7, .10, .12, f"{FBT} {NJ}", lean=True),
    _p("US", "KG-CHOP-US", "多功能切菜器 Vegetable Chopper 12-in-1", "kitchen", "kitchen_gadget",
       4.90, 24.99, False, 18, 1.5, 1.0, .09, .10, f"{FBA} {NJ}"),
    _p("US", "KG-FROTH-US", "电动奶泡器 Handheld Milk Frother", "kitchen", "kitchen_gadget", 2.30,
       12.99, True, 9, 1.8, 0.7, .08, .12, f"{FBA}"),
    _p("US", "PET-BALL-US", "自动逗猫球 Self-Rolling Cat Ball", "pets", "pet_toy", 3.30, 17.99,
       True, 14, 1.3, 0.9, .10, .10, f"{FBT} {LA}"),
    _p("US", "PET-WAND-US", "逗猫棒 Cat Feather Wand Set", "pets", "pet_toy", 0.90, 8.99, False,
       6, 0.5, 0.4, .07, .09, f"{LA}", lean=True),
    _p("US", "HW-2IN1-US", "充电暖手宝 Rechargeable Hand Warmer 2-in-1", "seasonal",
       "hand_warmer", 4.60, 22.99, True, 20, 4.0, 1.4, .12, .14, f"{FBA} {FBT} {NJ}",
       winter=True),
    _p("US", "HW-MINI-US", "迷你暖手宝 Mini Hand Warmer (2 pack)", "seasonal", "hand_warmer",
       3.20, 16.99, True, 16, 2.0, 0.8, .10, .12, f"{FBT} {NJ}", winter=True),
    _p("US", "PROMPT-US", "手机提词器 Phone Teleprompter", "studio", "", 11.50, 49.99, False, 15,
       0.35, 0.25, .06, .05, f"{LA}"),
    _p("US", "KG-SCALE-US", "厨房电子秤 Digital Kitchen Scale", "kitchen", "", 3.80, 15.99,
       False, 8, 0.6, 0.4, .07, .08, f"{NJ}"),
    _p("US", "PHONE-GRIP-US", "磁吸手机支架 MagSafe Phone Grip & Stand", "phone accessories",
       "phone_grip", 1.60, 12.99, True, 7, 1.4, 0.6, .09, .11, f"{FBA} {LA}"),
    _p("US", "PHONE-STAND-US", "折叠手机支架 Foldable Desk Phone Stand", "phone accessories",
       "phone_grip", 1.10, 9.99, True, 7, 0.7, 0.4, .07, .10, f"{NJ}", lean=True),
    _p("GB", "RL-10-UK", "环形补光灯 Ring Light 10in (UK plug)", "lighting", "ring_light", 5.60,
       20.99, True, 7, 1.5, 1.4, .11, .13, f"{UK}"),
    _p("GB", "LED-5M-UK", "LED灯带 LED Strip 5m RGB (UK plug)", "lighting", "led_strip", 2.90,
       12.99, True, 6, 1.2, 1.0, .10, .14, f"{UK}"),
    _p("GB", "MIC-DUAL-UK", "无线领夹麦克风 Wireless Lavalier Mic (2 pack)", "audio",
       "wireless_mic", 7.40, 32.99, False, 12, 0.8, 1.1, .09, .11, f"{UK}"),
    _p("GB", "BT-GUASHA-UK", "刮痧板 Rose Quartz Gua Sha", "beauty", "beauty_tool", 1.90, 15.99,
       False, 15, 0.6, 0.7, .08, .10, f"{UK}", lean=True),
    _p("GB", "HW-2IN1-UK", "充电暖手宝 Rechargeable Hand Warmer 2-in-1", "seasonal",
       "hand_warmer", 3.90, 19.99, True, 20, 1.5, 1.3, .11, .13, f"{UK}", winter=True),
    _p("GB", "PHONE-GRIP-UK", "磁吸手机支架 MagSafe Phone Grip & Stand", "phone accessories",
       "phone_grip", 1.00, 9.99, True, 7, 0.5, 0.5, .08, .10, f"{UK}"),
    _p("DE", "RL-10-DE", "Ringlicht 10 Zoll · 环形补光灯 (EU plug)", "lighting", "ring_light",
       6.10, 22.99, True, 7, 1.0, 1.3, .11, .13, f"{DE}"),
    _p("DE", "LED-10M-DE", "LED Streifen 10 m · LED灯带 10m", "lighting", "led_strip", 5.00,
       21.99, True, 6, 0.8, 1.1, .10, .12, f"{DE}"),
    _p("DE", "TP-60-DE", "Handy-Stativ 150 cm · 手机三脚架", "tripods", "phone_tripod", 6.60,
       25.99, True, 10, 0.5, 0.9, .09, .11, f"{DE}"),
    _p("DE", "KG-FROTH-DE", "Milchaufschäumer · 电动奶泡器", "kitchen", "kitchen_gadget", 2.10,
       11.99, True, 9, 0.7, 0.8, .08, .12, f"{DE}"),
    _p("DE", "KG-CHOP-DE", "Gemüseschneider · 多功能切菜器", "kitchen", "kitchen_gadget", 4.40,
       22.99, False, 18, 0.6, 1.0, .09, .10, f"{DE}", lean=True),
    _p("DE", "PET-BALL-DE", "Katzenball selbstrollend · 自动逗猫球", "pets", "pet_toy", 2.90,
       15.99, True, 14, 0.4, 0.8, .09, .10, f"{DE}"),
    _p("JP", "RL-10-JP", "リングライト 10インチ · 环形补光灯", "lighting", "ring_light", 860,
       2980, True, 7, 1.2, 1.3, .11, .13, f"{JP}"),
    _p("JP", "LED-5M-JP", "LEDテープライト 5m · LED灯带", "lighting", "led_strip", 500, 1580,
       True, 6, 1.0, 1.0, .10, .13, f"{JP}"),
    _p("JP", "CASE-MAG-16-JP", "iPhone 16 MagSafe クリアケース · 磁吸手机壳", "phone cases",
       "phone_case", 210, 1680, True, 5, 1.4, 1.0, .09, .14, f"{JP}"),
    _p("JP", "BT-ICEROLL-JP", "アイスローラー · 冰敷滚轮", "beauty", "beauty_tool", 280, 1480,
       True, 14, 0.6, 0.7, .08, .10, f"{JP}"),
    _p("JP", "KG-CHOP-JP", "みじん切り器 · 多功能切菜器", "kitchen", "kitchen_gadget", 700, 2480,
       False, 18, 0.5, 0.9, .08, .10, f"{JP}", lean=True),
    _p("JP", "CABLE-3IN1-JP", "3in1 充電ケーブル · 三合一数据线", "phone accessories", "", 150,
       980, True, 5, 0.8, 0.5, .07, .12, f"{JP}"),
)

# A/B tests in the lineups: two products of one group side by side ("A" / "B"), and one
# product at two prices in different streams.
PAIR_TESTS = (("RL-10-US", "RL-12-US"), ("LED-10M-US", "LED-5M-US"),
              ("MIC-DUAL-US", "MIC-SINGLE-US"))
PRICE_TEST = ("KG-CHOP-US", 24.99, 19.99)


def copy_product(spec: ProductSpec, copy: int) -> ProductSpec:
    if copy == 1:
        return spec
    return replace(spec, sku=f"{spec.sku}-{copy}", name=f"{spec.name} #{copy}")


def season(spec: ProductSpec, day: date) -> float:
    """Demand multiplier over the year: hand warmers wake up in October."""
    if not spec.winter:
        return 1.0
    if day.month in (12, 1, 2):
        return 1.3
    if day.month == 11:
        return 1.2
    if day.month == 10:
        return 0.3 + 0.7 * (day.day - 1) / 30
    return 0.5 if day.month == 3 else 0.15


# --------------------------------------------------------------------------------------
# Sessions


@dataclass(frozen=True)
class SessionTemplate:
    day: date  # with the default anchor; moves with --anchor
    hour: int
    minute: int
    duration_min: int
    warmup_min: int
    platform: str
    market: str
    title: str
    traffic: str
    peak_viewers: float
    orders_per_1000: float
    lineup_size: int
    flash_deals: int
    special: str = ""  # "1111" or "today"


def _s(day: str, hhmm: str, duration: int, warmup: int, platform: str, market: str, title: str,
       traffic: str, peak: float, per_1000: float, size: int, flash: int,
       special: str = "") -> SessionTemplate:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return SessionTemplate(date.fromisoformat(day), hour, minute, duration, warmup, platform,
                           market, title, traffic, peak, per_1000, size, flash, special)


TT, AL, SH = "TikTok Shop", "Amazon Live", "Shopify"
CALENDAR = (
    _s("2026-08-29", "19:00", 150, 120, TT, "US", "Creator Starter Kit Live · 主播入门装备",
       "organic", 650, 11, 9, 2),
    _s("2026-09-05", "19:00", 180, 90, TT, "US", "Labor Day Weekend Deals · 劳动节周末特惠",
       "mixed", 1000, 12, 11, 3),
    _s("2026-09-09", "13:00", 90, 60, AL, "US", "Amazon Live: Lighting for Creators · 补光灯实测",
       "organic", 250, 7, 6, 1),
    _s("2026-09-11", "20:00", 120, 90, TT, "GB", "TikTok Shop UK Friday Live · 英国周五直播",
       "organic", 350, 10, 6, 1),
    _s("2026-09-15", "20:00", 120, 60, TT, "US", "Tuesday Desk Setup · 桌面氛围灯专场",
       "organic", 500, 9, 8, 2),
    _s("2026-09-17", "19:00", 90, 60, SH, "DE", "Shopify Live: Küchenhelfer · 厨房小工具",
       "organic", 120, 14, 6, 1),
    _s("2026-09-19", "20:00", 120, 90, TT, "JP", "TikTok LIVE 配信グッズ · 直播装备",
       "organic", 300, 9, 6, 1),
    _s("2026-09-23", "13:00", 120, 60, AL, "US", "Amazon Live: Kitchen Finds · 厨房好物",
       "organic", 300, 8, 7, 1),
    _s("2026-09-24", "20:00", 150, 120, TT, "US", "Back to Campus Glow Up · 开学季", "paid",
       900, 8, 10, 2),
    _s("2026-09-30", "20:00", 120, 90, TT, "US", "Mic Check Live · 麦克风专场", "organic", 600,
       11, 8, 2),
    _s("2026-10-02", "20:00", 120, 60, TT, "GB", "Autumn Glow Up UK · 秋季焕新", "mixed", 420,
       11, 6, 2),
    _s("2026-10-03", "19:00", 180, 120, TT, "US", "Cozy Fall Haul · 秋季好物", "mixed", 1100,
       12, 12, 3),
    _s("2026-10-06", "12:00", 180, 1440, AL, "US", "Prime Big Deal Days Live · 会员秋促",
       "paid", 700, 10, 10, 3),
    _s("2026-10-10", "19:00", 150, 90, TT, "US", "Creator Gear Restock · 装备补货直播",
       "organic", 800, 13, 10, 2),
    _s("2026-10-10", "20:00", 120, 60, TT, "JP", "秋のキッチン雑貨 · 秋季厨房好物", "organic",
       280, 10, 6, 1),
    _s("2026-10-15", "19:00", 90, 60, SH, "DE", "Shopify Live: Streamer-Setup · 主播装备",
       "organic", 140, 14, 6, 1),
    _s("2026-10-17", "19:00", 180, 180, TT, "US", "Pet Lovers Live · 萌宠专场", "organic", 700,
       10, 9, 2),
    _s("2026-10-21", "13:00", 90, 60, AL, "US", "Amazon Live: Studio Mics Tested · 麦克风实测",
       "organic", 220, 9, 6, 1),
    _s("2026-10-23", "20:00", 150, 120, TT, "GB", "Half-Term Deals · 英国期中假特惠", "paid",
       500, 9, 6, 2),
    _s("2026-10-24", "19:00", 180, 120, TT, "US", "Early Holiday Gift Guide · 节日礼物提前购",
       "paid", 1300, 9, 12, 3),
    _s("2026-10-31", "18:00", 150, 120, TT, "US", "Halloween Glow Party · 万圣节灯光派对",
       "mixed", 1200, 12, 10, 3),
    _s("2026-11-01", "20:00", 150, 120, TT, "JP", "いい買い物の日 · 好物日", "mixed", 420, 11,
       6, 2),
    _s("2026-11-04", "13:00", 120, 90, AL, "US", "Amazon Live: Winter Warmers · 冬季暖手",
       "mixed", 350, 9, 7, 2),
    _s("2026-11-05", "20:00", 120, 90, TT, "US", "Hand Warmer Drop · 暖手宝首发", "organic", 900,
       14, 8, 2),
    _s("2026-11-11", "19:00", 240, 4320, TT, "US",
       "11.11 Singles' Day mega live · 双十一超级直播", "mixed", 6000, 15, 15, 6, "1111"),
    _s("2026-11-12", "19:00", 120, 120, SH, "DE", "Singles Day Nachlese · 双十一返场", "mixed",
       200, 15, 6, 2),
    _s("2026-11-13", "20:00", 150, 120, TT, "GB", "Cosy Nights In · 冬夜好物", "mixed", 550, 12,
       6, 2),
    _s("2026-11-18", "20:00", 150, 120, TT, "US", "Pre-Black Friday Warm-Up · 黑五预热", "paid",
       1400, 10, 11, 3),
    _s("2026-11-19", "13:00", 120, 90, AL, "US", "Amazon Live: Black Friday Preview · 黑五预览",
       "paid", 450, 8, 8, 2),
    _s("2026-11-20", "20:00", 120, 90, TT, "GB", "Black Friday Week UK · 英国黑五周", "paid",
       650, 11, 6, 2),
    _s("2026-11-21", "20:00", 150, 120, TT, "JP", "ブラックフライデー先行 · 黑五先行", "paid",
       500, 10, 6, 2),
    _s("2026-11-22", "19:00", 180, 150, TT, "US", "Sunday Deals Live · 周日福利", "mixed", 1300,
       12, 11, 3),
    _s("2026-11-24", "19:00", 90, 60, SH, "DE", "Black Week Vorschau · 黑五周预告", "mixed", 220,
       14, 6, 1),
    _s("2026-11-26", "18:00", 180, 180, TT, "US", "Black Friday Early Deals · 黑五抢先购",
       "mixed", 3000, 13, 12, 0, "today"),
)

MEGA_LINEUP = ("RL-10-US", "RL-12-US", "LED-10M-US", "LED-5M-US", "MIC-DUAL-US",
               "MIC-SINGLE-US", "HW-2IN1-US", "HW-MINI-US", "CASE-MAG-16", "CASE-MAG-15",
               "TP-SELFIE-US", "TP-60-US", "KG-CHOP-US", "BT-GUASHA-US", "PET-BALL-US")
MEGA_FLASH = ("RL-10-US", "LED-10M-US", "HW-2IN1-US", "CASE-MAG-16", "TP-SELFIE-US",
              "KG-CHOP-US")
# Tonight: sku, price, variant, and the light it should open with.
TONIGHT = (
    ("RL-10-US", 19.99, "A", "swap"), ("RL-12-US", 27.99, "B", "push"),
    ("LED-10M-US", 17.99, "A", "swap"), ("LED-5M-US", 11.99, "B", "push"),
    ("KG-CHOP-US", 19.99, "B", "push"), ("MIC-DUAL-US", 29.99, "A", "swap"),
    ("MIC-SINGLE-US", 19.99, "B", "push"), ("HW-2IN1-US", 17.99, "", "presale"),
    ("TP-60-US", 21.99, "", "push"), ("CASE-MAG-16", 12.99, "", "presale"),
    ("PET-BALL-US", 13.99, "", "push"), ("PROMPT-US", 34.99, "", "slow"),
)
SOLD_OUT_AT_1111 = ("RL-10-US", "LED-10M-US", "MIC-DUAL-US", "HW-2IN1-US", "CASE-MAG-16")


@dataclass(frozen=True)
class LineupEntry:
    sku: str
    slot: int
    price: float
    variant: str


@dataclass(frozen=True)
class FlashDeal:
    sku: str
    start_min: int
    end_min: int
    price: float


@dataclass(frozen=True)
class SessionPlan:
    session_id: str
    title: str
    platform: str
    market: str
    traffic: str
    warmup_start: datetime
    start: datetime
    end: datetime
    peak_viewers: float
    orders_per_1000: float
    lineup: tuple[LineupEntry, ...]
    flash: tuple[FlashDeal, ...]
    special: str
    copy: int

    @property
    def duration_min(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def warmup_min(self) -> int:
        return int((self.start - self.warmup_start).total_seconds() // 60)

    @property
    def segment_min(self) -> int:
        """Minutes each product is pitched before the host moves to the next slot."""
        return max(6, min(20, round(self.duration_min / (len(self.lineup) * 1.3))))

    def pitched(self, minute: int) -> str:
        return self.lineup[(minute // self.segment_min) % len(self.lineup)].sku

    def flash_at(self, sku: str, minute: int) -> FlashDeal | None:
        for deal in self.flash:
            if deal.sku == sku and deal.start_min <= minute < deal.end_min:
                return deal
        return None


@dataclass(frozen=True)
class Context:
    anchor: date
    window_start: date
    demo_at: datetime  # tonight's start: the data ends here
    fraction: float  # share of past sessions and off-stream orders kept (scale < 1)
    copies: int


def session_plans(ctx: Context, products: dict[str, ProductSpec]) -> list[SessionPlan]:
    plans: list[SessionPlan] = []
    shift = ctx.anchor - DEFAULT_ANCHOR
    for copy in range(1, ctx.copies + 1):
        kept = [t for i, t in enumerate(CALENDAR)
                if t.special or math.floor((i + 1) * ctx.fraction) > math.floor(i * ctx.fraction)]
        if copy > 1:
            kept = [t for t in kept if t.special != "today"]
        price_test_count = 0
        for template in kept:
            day = template.day + shift
            zone = MARKET_ZONE[template.market]
            start = wall_clock(day, template.hour, template.minute, zone)
            suffix = "" if copy == 1 else f"-{copy}"
            code = {TT: "TT", AL: "AL", SH: "SH"}[template.platform]
            session_id = f"S{day:%y%m%d}-{code}-{template.market}{suffix}"
            lineup = _lineup(template, session_id, day, copy, products, price_test_count)
            if any(e.sku == _copy_sku(PRICE_TEST[0], copy) for e in lineup):
                price_test_count += 1
            plan = SessionPlan(session_id, template.title, template.platform, template.market,
                               template.traffic, start - timedelta(minutes=template.warmup_min),
                               start, start + timedelta(minutes=template.duration_min),
                               template.peak_viewers, template.orders_per_1000, lineup, (),
                               template.special, copy)
            plans.append(replace(plan, flash=_flash_deals(plan, template, copy)))
    return plans


def _copy_sku(sku: str, copy: int) -> str:
    return sku if copy == 1 else f"{sku}-{copy}"


def _lineup(template: SessionTemplate, session_id: str, day: date, copy: int,
            products: dict[str, ProductSpec], price_tests_so_far: int) -> tuple[LineupEntry, ...]:
    rng = rng_for("lineup", session_id)
    if template.special == "today":
        return tuple(LineupEntry(_copy_sku(sku, copy), slot, price, variant)
                     for slot, (sku, price, variant, _) in enumerate(TONIGHT, start=1))
    if template.special == "1111":
        chosen = [products[_copy_sku(sku, copy)] for sku in MEGA_LINEUP]
        discounts = {sku: 0.8 for sku in MEGA_LINEUP}
    else:
        eligible = [p for p in products.values() if p.market == template.market
                    and (p.sku == _copy_sku(p.base, copy))
                    and not (p.winter and season(p, day) < 0.5)
                    and (template.platform != AL or FBA in p.stocked)]
        # Weighted sampling without replacement (Efraimidis-Spirakis keys).
        keyed = sorted(eligible, key=lambda p: -rng.random() ** (1 / max(0.5, p.appeal)))
        chosen = keyed[:template.lineup_size]
        options = {TT: (1.0, 0.95, 0.9, 0.85), AL: (1.0, 0.9, 0.8)}.get(template.platform,
                                                                         (1.0, 0.9))
        discounts = {p.base: rng.choice(options) for p in chosen}
    in_lineup = {p.base for p in chosen}
    variants: dict[str, str] = {}
    for first, second in PAIR_TESTS:
        if first in in_lineup and second in in_lineup:
            variants[first], variants[second] = "A", "B"
    entries = []
    for slot, product in enumerate(chosen, start=1):
        price = price_point(product.price * discounts[product.base], product.currency)
        variant = variants.get(product.base, "")
        if product.base == PRICE_TEST[0] and template.platform == TT:
            if template.special == "1111" or price_tests_so_far % 2 == 1:
                price, variant = PRICE_TEST[2], "B"
            else:
                price, variant = PRICE_TEST[1], "A"
        entries.append(LineupEntry(product.sku, slot, price, variant))
    return tuple(entries)


def _flash_deals(plan: SessionPlan, template: SessionTemplate, copy: int) -> tuple[FlashDeal, ...]:
    if template.flash_deals == 0:
        return ()
    rng = rng_for("flash", plan.session_id)
    segment, n_segments = plan.segment_min, plan.duration_min // plan.segment_min
    prices = {e.sku: e.price for e in plan.lineup}
    currency = CURRENCY[plan.market]
    starts: list[int] = []
    if template.special == "1111":
        wanted = [_copy_sku(sku, copy) for sku in MEGA_FLASH]
        for sku in wanted:
            first = next(i for i in range(1, n_segments) if plan.pitched(i * segment) == sku)
            starts.append(first * segment)
    else:
        picks = rng.sample(range(1, max(2, n_segments - 1)),
                           min(template.flash_deals, max(1, n_segments - 2)))
        starts = [i * segment for i in sorted(picks)]
    deals = []
    for seg_start in starts:
        sku = plan.pitched(seg_start)
        begin = seg_start + rng.randint(1, 3)
        deals.append(FlashDeal(sku, begin, min(plan.duration_min, begin + rng.randint(5, 15)),
                               price_point(prices[sku] * 0.8, currency)))
    return tuple(deals)


# --------------------------------------------------------------------------------------
# Viewers, funnel and the expected demand of a stream


def _hype(plan: SessionPlan) -> float:
    """How much better (or worse) the stream did than planned; the warm-up already shows it."""
    if plan.special == "1111":
        return 1.15
    if plan.special == "today":
        return 1.0
    return math.exp(rng_for("hype", plan.session_id).gauss(0, 0.2))


def stream_viewers(plan: SessionPlan, *, noisy: bool) -> list[float]:
    """Viewers each minute of the stream: rise, peak, decay, bumps at flash deals."""
    rng = rng_for("viewers", plan.session_id)
    peak = plan.peak_viewers * (_hype(plan) if noisy else 1.0)
    duration = plan.duration_min
    decay_min = {"organic": 0.9, "mixed": 1.4, "paid": 2.5}[plan.traffic] * duration
    rise_min = 8.0 if plan.traffic == "organic" else 6.0
    noise, curve = 0.0, []
    for minute in range(duration):
        ramp = 1 - math.exp(-(minute + 1) / rise_min)
        decay = math.exp(-max(0.0, minute - 0.3 * duration) / decay_min)
        bump = 1.0
        for deal in plan.flash:
            if deal.start_min <= minute < deal.end_min:
                bump = 1.3
            elif deal.start_min - 3 <= minute < deal.start_min:
                bump = max(bump, 1.15)
        if noisy:
            noise = 0.8 * noise + rng.gauss(0, 0.035)
        curve.append(peak * (0.3 + 0.7 * ramp) * decay * bump * math.exp(noise))
    return curve


def warmup_viewers(plan: SessionPlan) -> list[float]:
    """Viewers each minute of the warm-up, ending near 30% of the stream's peak.

    A warm-up of a day or more (a big stream announced early) idles low, livens up in the
    evenings, and ramps up over the last three hours.
    """
    rng = rng_for("warmup", plan.session_id)
    level = plan.peak_viewers * _hype(plan) * 0.3 * math.exp(rng.gauss(0, 0.12))
    total = plan.warmup_min
    zone = MARKET_ZONE[plan.market]
    noise, curve = 0.0, []
    for minute in range(total):
        if total <= 240:
            shape = ((minute + 1) / total) ** 1.5
        else:
            ts = plan.warmup_start + timedelta(minutes=minute)
            hour = (ts + utc_offset(zone, ts)).hour
            evening = 1.0 if 18 <= hour <= 23 else 0.25
            ramp = max(0.0, 1 - (total - minute) / 180) ** 1.5
            shape = 0.03 + 0.08 * evening + 0.89 * ramp
        noise = 0.7 * noise + rng.gauss(0, 0.05)
        curve.append(level * shape * math.exp(noise) + 2)
    return curve


def order_rates(plan: SessionPlan, products: dict[str, ProductSpec], viewers: Sequence[float],
                orders_per_1000: float) -> dict[str, list[float]]:
    """Expected orders per minute for each product of the lineup.

    orders/min = viewers x orders_per_1000 / (1,000 x WATCH_MINUTES) x share, where a
    product's share is appeal x (price / list) ** -2 x 3 while it is pitched, over the
    lineup's total; a flash deal multiplies its product's rate by 4 on top.
    """
    day = local_date(plan.start, MARKET_ZONE[plan.market])
    base = {}
    for entry in plan.lineup:
        spec = products[entry.sku]
        price_factor = (entry.price / spec.price) ** -PRICE_ELASTICITY
        base[entry.sku] = spec.appeal * season(spec, day) * price_factor
    rates: dict[str, list[float]] = {e.sku: [] for e in plan.lineup}
    for minute, watching in enumerate(viewers):
        pitched = plan.pitched(minute)
        weights = {sku: w * (3.0 if sku == pitched else 1.0) for sku, w in base.items()}
        total_weight = sum(weights.values())
        orders_per_min = watching * orders_per_1000 / (1000 * WATCH_MINUTES)
        for sku, weight in weights.items():
            flash = 4.0 if plan.flash_at(sku, minute) else 1.0
            rates[sku].append(orders_per_min * weight / total_weight * flash)
    return rates


def expected_units(plan: SessionPlan, products: dict[str, ProductSpec]) -> dict[str, float]:
    """The planned stream's units per product: no noise, the stream goes as planned."""
    rates = order_rates(plan, products, stream_viewers(plan, noisy=False), plan.orders_per_1000)
    return {sku: sum(r) * MEAN_QTY for sku, r in rates.items()}


# --------------------------------------------------------------------------------------
# Demand (before any stock is looked at)


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


def _customer(rng: random.Random, market: str, copies: int, share_known: float) -> str:
    """A buyer id on most orders; low numbers are the loyal customers who come back."""
    if rng.random() > share_known:
        return ""
    pool = CUSTOMER_POOL[market] * copies
    return f"C-{market}-{int(pool * rng.random() ** 2.0):06d}"


def _status(rng: random.Random, cancelled: float, returned: float) -> str:
    pick = rng.random()
    if pick < cancelled:
        return "cancelled"
    return "returned" if pick < cancelled + returned else "paid"


HOUR_WEIGHTS = (0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0, 1.1, 1.1, 1.0,
                1.0, 1.0, 1.1, 1.3, 1.5, 1.6, 1.5, 1.1, 0.6)
WEEKDAY_FACTOR = (0.9, 1.0, 1.0, 1.0, 1.05, 1.15, 1.2)


def trend(ctx: Context, day: date) -> float:
    """Q4 builds up: +35% over the 90 days, +25% more in Black Friday week."""
    elapsed = (day - ctx.window_start).days
    return (1 + 0.35 * elapsed / HISTORY_DAYS) * (1.25 if day >= ctx.anchor - timedelta(6) else 1)


def offstream_demand(ctx: Context, spec: ProductSpec, catalog: Sequence[ProductSpec],
                     halo_days: set[date], ids: Orders) -> list[Demand]:
    """Orders outside streams: gamma-Poisson per day (lumpy; many zero days for slow sellers).

    Orders per day = orders_per_day x weekday x trend x season x 1.35 in the two days after
    a stream that showed the product, x Gamma(2, 0.5) day-to-day noise. 6% of orders add a
    line of another product of the same market (one order id, two lines).
    """
    zone = MARKET_ZONE[spec.market]
    demands = []
    for offset in range(1, HISTORY_DAYS + 1):
        day = ctx.window_start + timedelta(days=offset)
        rng = rng_for("offstream", spec.sku, day)
        mean = (spec.orders_per_day * WEEKDAY_FACTOR[day.weekday()] * trend(ctx, day)
                * season(spec, day) * (1.35 if day in halo_days else 1.0) * ctx.fraction
                * rng.gammavariate(2.0, 0.5))
        for _ in range(poisson(rng, mean)):
            hour = int(weighted(rng, [(str(h), w) for h, w in enumerate(HOUR_WEIGHTS)]))
            ts = wall_clock(day, hour, rng.randrange(60), zone) + timedelta(
                seconds=rng.randint(1, 59))
            channel = weighted(rng, CHANNELS[spec.market])
            order_id = ids.new_id(rng, channel, day)
            customer = _customer(rng, spec.market, ctx.copies, 0.75)
            status = _status(rng, 0.04, 0.03)
            price = spec.price if rng.random() > 0.12 else price_point(spec.price * 0.9 + 1,
                                                                        spec.currency)
            if ts >= ctx.demo_at:
                continue
            demands.append(Demand(ts, order_id, spec.sku, draw_qty(rng), price, channel, "",
                                  customer, status))
            if rng.random() < 0.06:
                others = [(p.sku, p.orders_per_day) for p in catalog
                          if p.market == spec.market and p.sku != spec.sku]
                other = weighted(rng, others)
                other_price = next(p.price for p in catalog if p.sku == other)
                demands.append(Demand(ts, order_id, other, 1, other_price, channel, "",
                                      customer, status))
    return demands


@dataclass
class StreamSamples:
    viewers: list[tuple[datetime, int, int]]  # ts, viewers, interactions
    funnel: dict[tuple[str, int], list[float]]  # (sku, bin) -> [impressions, clicks]


def stream_demand(plan: SessionPlan, products: dict[str, ProductSpec],
                  ids: Orders) -> tuple[list[Demand], StreamSamples]:
    """The stream's viewers, funnel and orders, drawn from its viewer curve."""
    rng = rng_for("stream", plan.session_id)
    samples = StreamSamples([], {})
    for minute, watching in enumerate(warmup_viewers(plan)):
        ts = plan.warmup_start + timedelta(minutes=minute)
        samples.viewers.append((ts, round(watching), poisson(rng, watching * 0.12)))
    if plan.special == "today":
        return [], samples
    viewers = stream_viewers(plan, noisy=True)
    per_1000 = plan.orders_per_1000 * math.exp(rng.gauss(0, 0.1))
    rates = order_rates(plan, products, viewers, per_1000)
    channel = PLATFORM_CHANNEL[plan.platform]
    day = local_date(plan.start, MARKET_ZONE[plan.market])
    demands = []
    for minute, watching in enumerate(viewers):
        ts = plan.start + timedelta(minutes=minute)
        flashing = any(d.start_min <= minute < d.end_min for d in plan.flash)
        samples.viewers.append((ts, round(watching),
                                poisson(rng, watching * 0.25 * (3 if flashing else 1))))
        for entry in plan.lineup:
            spec = products[entry.sku]
            rate = rates[entry.sku][minute]
            deal = plan.flash_at(entry.sku, minute)
            price_factor = (entry.price / spec.price) ** -PRICE_ELASTICITY
            ctor = min(0.35, spec.ctor * price_factor * (2.0 if deal else 1.0))
            clicks = rate / ctor
            cell = samples.funnel.setdefault((entry.sku, minute // 5), [0.0, 0.0])
            cell[0] += clicks / spec.ctr
            cell[1] += clicks
            for _ in range(poisson(rng, rate)):
                demands.append(Demand(
                    ts + timedelta(seconds=rng.randint(1, 59)),
                    ids.new_id(rng, channel, day), entry.sku, draw_qty(rng),
                    deal.price if deal else entry.price, channel, plan.session_id,
                    _customer(rng, plan.market, 1, 0.85), _status(rng, 0.06, 0.03)))
    for key, (impressions, clicks) in samples.funnel.items():
        drawn = poisson(rng, impressions)
        samples.funnel[key] = [drawn, min(drawn, poisson(rng, clicks))]
    return demands, samples


# --------------------------------------------------------------------------------------
# The ledger


@dataclass(frozen=True)
class Shipment:
    shipment_id: str
    sku: str
    warehouse_id: str
    qty: int
    mode: str
    shipped_at: datetime
    eta: datetime


@dataclass(frozen=True)
class Count:
    sku: str
    warehouse_id: str
    counted_at: datetime
    on_hand: int
    reserved: int


@dataclass(frozen=True)
class Accepted:
    demand: Demand
    qty: int
    warehouse_id: str


@dataclass(frozen=True)
class Pin:
    """A designed shipment: a fixed qty, or the qty that makes the market's on-hand stock
    equal `target_on_hand` at `target_at` (solved by re-running the ledger)."""

    warehouse_id: str
    mode: str
    eta: datetime
    target_at: datetime | None = None
    target_on_hand: int = 0
    qty: int = 0
    ceiling: bool = False  # the target is a most (a sell-out must happen), not a least


@dataclass(frozen=True)
class Design:
    pins: tuple[Pin, ...] = ()
    freeze_eta: datetime | None = None  # routine replenishment stops arriving after this
    cover_days: int | None = None  # small frequent batches instead of the usual 45 days
    reserve_all_on: date | None = None  # the count that day holds every unit (customer holds)
    initial_on_hand: int | None = None


@dataclass
class Ledger:
    counts: list[Count]
    accepted: list[Accepted]
    shipments: list[Shipment]
    probes: list[int]
    lost: list[tuple[datetime, int]]  # demand that met an empty shelf


def shipment_eta(warehouse_id: str, mode: str, ship_day: date) -> datetime:
    """One consolidated shipment per warehouse, mode and day: every sku on it arrives together."""
    lane = LANE[(warehouse_id, mode)]
    rng = rng_for("eta", warehouse_id, mode, ship_day)
    days = max(lane.transit_days * 0.7, rng.gauss(lane.transit_days, lane.transit_days_sd))
    return wall_clock(ship_day + timedelta(days=round(days)), rng.randint(9, 15), 0,
                      WAREHOUSE[warehouse_id].zone)


def shipped_at(ship_day: date) -> datetime:
    return wall_clock(ship_day, 18, 0, SHENZHEN)


@dataclass(frozen=True)
class RatePlan:
    """The units a day the seller plans for in a warehouse: its share of off-stream orders
    x trend x season, plus the expected units it will ship for the streams of the next five
    weeks, spread over them."""

    offstream_units_per_day: float
    offstream_shares: dict[str, float]  # share of off-stream orders each warehouse ships
    streams: tuple[tuple[date, float, str], ...]  # day, expected units, shipping warehouse
    horizon_days: int = 35

    def units_per_day(self, ctx: Context, spec: ProductSpec, wh: str, day: date) -> float:
        # The season a month ahead: hand warmers are bought in before the cold comes.
        ahead_season = max(season(spec, day), season(spec, day + timedelta(days=30)))
        offstream = (self.offstream_units_per_day * trend(ctx, day) * ahead_season
                     * self.offstream_shares.get(wh, 0.0))
        ahead = day + timedelta(days=self.horizon_days)
        streams = sum(units for when, units, ships in self.streams
                      if ships == wh and day <= when < ahead)
        return offstream + streams / self.horizon_days


def first_choice(spec: ProductSpec, channel: str) -> str:
    """The warehouse an order of this channel ships from while it has stock."""
    order = PREFERENCE.get((spec.market, channel), spec.stocked)
    return next(wh for wh in order if wh in spec.stocked)


def rate_plan(ctx: Context, spec: ProductSpec, plans: Sequence[SessionPlan],
              expected: dict[str, dict[str, float]]) -> RatePlan:
    shares: dict[str, float] = defaultdict(float)
    for channel, weight in CHANNELS[spec.market]:
        shares[first_choice(spec, channel)] += weight
    streams = tuple(
        (local_date(p.start, MARKET_ZONE[p.market]), expected[p.session_id][spec.sku],
         first_choice(spec, PLATFORM_CHANNEL[p.platform]))
        for p in plans if spec.sku in expected[p.session_id])
    return RatePlan(spec.orders_per_day * MEAN_QTY * ctx.fraction, dict(shares), streams)


@dataclass(frozen=True)
class Event:
    kind: str  # arrive, count, review, demand, probe
    warehouse_id: str = ""
    qty: int = 0
    demand: Demand | None = None
    index: int = 0


@dataclass
class Shelves:
    """Stock of one product per warehouse while the ledger runs."""

    on_hand: dict[str, int]
    sellable: dict[str, int]  # on hand - reserved at the last count - drawn since
    pending: dict[str, int]  # arrived, not yet counted
    drawn: dict[str, list[tuple[datetime, int]]]
    in_transit: list[tuple[datetime, str, int]]


def run_ledger(ctx: Context, spec: ProductSpec, demands: Sequence[Demand], design: Design,
               plan: RatePlan, pin_qty: Sequence[int]) -> Ledger:
    """Play the product's 90 days event by event; see the module docstring."""
    warehouses = list(spec.stocked)
    shelves = Shelves(dict.fromkeys(warehouses, 0), dict.fromkeys(warehouses, 0),
                      dict.fromkeys(warehouses, 0), {wh: [] for wh in warehouses}, [])
    result = Ledger([], [], [], [0] * len(design.pins), [])
    events: list[tuple[datetime, int, int, Event]] = []
    counted: set[tuple[str, datetime]] = set()

    sequence = itertools.count()

    def push(ts: datetime, priority: int, event: Event) -> None:
        if ts < ctx.demo_at:
            heapq.heappush(events, (ts, priority, next(sequence), event))

    def count_at(wh: str, ts: datetime) -> None:
        if (wh, ts) not in counted:
            counted.add((wh, ts))
            push(ts, 1, Event("count", wh))

    def ship(order: Shipment, *, routine: bool = True) -> None:
        # Designed (campaign) shipments are planned apart: the weekly review doesn't see them.
        if routine:
            shelves.in_transit.append((order.eta, order.warehouse_id, order.qty))
        if order.shipped_at <= ctx.demo_at:
            result.shipments.append(order)
        push(order.eta, 0, Event("arrive", order.warehouse_id, order.qty))

    start_rng = rng_for("initial", spec.sku)
    for wh in spec.stocked:
        zone = WAREHOUSE[wh].zone
        rate = plan.units_per_day(ctx, spec, wh, ctx.window_start)
        low, high = (15, 35) if spec.lean else (40, 70)
        shelves.on_hand[wh] = (design.initial_on_hand if design.initial_on_hand is not None
                               else ceil10(rate * start_rng.uniform(low, high)))
        count_at(wh, wall_clock(ctx.window_start, 7, 0, zone))
        if start_rng.random() < (0.5 if spec.lean else 0.85) and design.initial_on_hand is None:
            eta_rng = rng_for("initial-eta", wh)
            eta = wall_clock(ctx.window_start + timedelta(days=eta_rng.randint(6, 30)),
                             eta_rng.randint(9, 15), 0, zone)
            ship_day = local_date(eta, zone) - timedelta(
                days=round(LANE[(wh, "sea")].transit_days))
            ship(Shipment(f"SEA-{wh}-{ship_day:%y%m%d}", spec.sku, wh,
                          ceil10(rate * start_rng.uniform(20, 40)), "sea", shipped_at(ship_day),
                          eta))
        for offset in range(1, HISTORY_DAYS + 1):
            day = ctx.window_start + timedelta(days=offset)
            if day.weekday() == 0:
                count_at(wh, wall_clock(day, 7, 0, zone))
                push(wall_clock(day, 9, 0, zone), 2, Event("review", wh))
        count_at(wh, wall_clock(ctx.anchor, 7, 0, zone))
    for index, pin in enumerate(design.pins):
        qty = pin.qty if pin.target_at is None else pin_qty[index]
        if qty > 0:
            zone = WAREHOUSE[pin.warehouse_id].zone
            ship_day = local_date(pin.eta, zone) - timedelta(
                days=round(LANE[(pin.warehouse_id, pin.mode)].transit_days))
            ship(Shipment(f"{pin.mode.upper()}-{pin.warehouse_id}-{ship_day:%y%m%d}-{spec.base}",
                          spec.sku, pin.warehouse_id, qty, pin.mode, shipped_at(ship_day),
                          pin.eta), routine=False)
        if pin.target_at is not None:
            push(pin.target_at, 4, Event("probe", index=index))
    for demand in demands:
        push(demand.ts, 3, Event("demand", demand=demand))

    while events:
        ts, _, _, event = heapq.heappop(events)
        wh = event.warehouse_id
        if event.kind == "arrive":
            shelves.pending[wh] += event.qty
            count_at(wh, ts + timedelta(hours=2))
        elif event.kind == "count":
            shelves.on_hand[wh] += shelves.pending[wh]
            shelves.pending[wh] = 0
            reserved = _reserved(spec, wh, ts, shelves.on_hand[wh], design)
            shelves.sellable[wh] = shelves.on_hand[wh] - reserved
            result.counts.append(Count(spec.sku, wh, ts, shelves.on_hand[wh], reserved))
        elif event.kind == "review":
            for order in _review(ctx, spec, wh, ts, design, plan, shelves):
                ship(order)
        elif event.kind == "probe":
            result.probes[event.index] = (sum(shelves.on_hand.values())
                                          + sum(shelves.pending.values()))
        elif event.demand is not None:
            _serve(spec, event.demand, shelves, result)
    return result


def _reserved(spec: ProductSpec, wh: str, ts: datetime, units: int, design: Design) -> int:
    """A few units held (customer-service replacements, damaged, FC transfers)."""
    if design.reserve_all_on == local_date(ts, WAREHOUSE[wh].zone):
        return units
    if units < 40:
        return 0
    return round(units * rng_for("reserved", spec.sku, wh, ts).uniform(0.0, 0.025))


def _serve(spec: ProductSpec, demand: Demand, shelves: Shelves, result: Ledger) -> None:
    """Ship from the first warehouse that has it all, else sell what is left, else lose it.

    A cancelled order needs stock to be placed but never draws it (PRODUCT.md: cancelled
    orders don't count)."""
    sellable = shelves.sellable
    order = PREFERENCE.get((spec.market, demand.channel), tuple(sellable))
    candidates = [wh for wh in order if wh in sellable] or list(sellable)
    chosen = next((wh for wh in candidates if sellable[wh] >= demand.qty), None)
    qty = demand.qty
    if chosen is None:
        best = max(candidates, key=lambda wh: sellable[wh])
        if sellable[best] <= 0:
            result.lost.append((demand.ts, demand.qty))
            return
        chosen, qty = best, sellable[best]
    result.accepted.append(Accepted(demand, qty, chosen))
    if demand.status != "cancelled":
        sellable[chosen] -= qty
        shelves.on_hand[chosen] -= qty
        shelves.drawn[chosen].append((demand.ts, qty))


def _review(ctx: Context, spec: ProductSpec, wh: str, ts: datetime, design: Design,
            plan: RatePlan, shelves: Shelves) -> list[Shipment]:
    """Weekly (s, S) review: below the reorder point, order up to cover; air for the gap.

    rate          = 0.6 x planned units/day + 0.4 x units drawn over the last 4 weeks / days
    reorder point = rate x (supplier lead + sea transit + review week + safety days)
    order up to   = reorder point + rate x cover days
    air           = rate x (supplier lead + sea transit) - position: what sea can't bring in
                    time. Lean products get no safety days, 14 cover days and no air.
    """
    zone = WAREHOUSE[wh].zone
    day = local_date(ts, zone)
    elapsed = max(7, min(28, (day - ctx.window_start).days))
    recent = sum(q for t, q in shelves.drawn[wh] if t >= ts - timedelta(days=elapsed))
    rate = max(0.05, 0.6 * plan.units_per_day(ctx, spec, wh, day) + 0.4 * recent / elapsed)
    shelves.in_transit[:] = [shipment for shipment in shelves.in_transit if shipment[0] > ts]
    position = (shelves.on_hand[wh] + shelves.pending[wh]
                + sum(q for _, w, q in shelves.in_transit if w == wh))
    sea = LANE[(wh, "sea")].transit_days
    safety, cover = (0, 14) if spec.lean else (10, design.cover_days or 45)
    reorder_point = rate * (spec.lead_days + sea + 7 + safety)
    if position >= reorder_point:
        return []
    total = ceil10(reorder_point + rate * cover - position)
    air = 0 if spec.lean else min(total, ceil10(max(0.0, rate * (spec.lead_days + sea)
                                                    - position)))
    ship_day = day + timedelta(days=spec.lead_days)
    orders = []
    for mode, qty in (("air", air), ("sea", total - air)):
        eta = shipment_eta(wh, mode, ship_day)
        if qty > 0 and (design.freeze_eta is None or eta <= design.freeze_eta):
            orders.append(Shipment(f"{mode.upper()}-{wh}-{ship_day:%y%m%d}", spec.sku, wh, qty,
                                   mode, shipped_at(ship_day), eta))
    return orders


def simulate_product(ctx: Context, spec: ProductSpec, demands: Sequence[Demand], design: Design,
                     plan: RatePlan) -> tuple[Ledger, list[str]]:
    """The ledger, with each designed shipment sized to hit its target; and what missed."""
    qty = [0] * len(design.pins)
    ledger = run_ledger(ctx, spec, demands, design, plan, qty)
    misses = []
    for index, pin in enumerate(design.pins):
        if pin.target_at is None:
            continue
        for _ in range(25):
            got = ledger.probes[index]
            # Units the shelf could not serve before the target would have sold too.
            missed = sum(q for ts, q in ledger.lost if pin.eta < ts <= pin.target_at)
            wanted = max(0, qty[index] + pin.target_on_hand - got + missed)
            if got == pin.target_on_hand or wanted == qty[index]:
                break
            qty[index] = wanted
            ledger = run_ledger(ctx, spec, demands, design, plan, qty)
        if pin.ceiling and ledger.probes[index] > pin.target_on_hand * 1.1 + 5:
            misses.append(f"{spec.sku}: {ledger.probes[index]} on hand at "
                          f"{pin.target_at:%Y-%m-%d %H:%M}Z, wanted {pin.target_on_hand}")
    return ledger, misses


# --------------------------------------------------------------------------------------
# Tonight's design


def tonight_design(ctx: Context, plans: Sequence[SessionPlan],
                   expected: dict[str, dict[str, float]]) -> dict[str, Design]:
    """Shipments that make tonight's board open with a good mix (PRODUCT.md, the board).

    The rest of the 11.11 lineup was stocked for 1.5x its expected units there.
    PUSH: 4x tonight's expected units on hand. SWAP: 20% of it (runs out mid-stream).
    PRESALE: nothing sellable; one with an air shipment landing in 5 days, one without.
    The SWAP and PRESALE products also sold out mid-stream at 11.11: routine shipments stop
    arriving 12 days before it (earlier if they would still hold too much) and an air
    shipment brings them to 40% of its demand.
    """
    today = next((p for p in plans if p.special == "today"), None)
    mega = next((p for p in plans if p.special == "1111" and p.copy == 1), None)
    if today is None or mega is None:
        return {}
    morning = wall_clock(ctx.anchor, 7, 0, NEW_YORK)
    mega_morning = wall_clock(local_date(mega.start, NEW_YORK), 7, 0, NEW_YORK)
    tonight, at_1111 = expected[today.session_id], expected[mega.session_id]
    designs: dict[str, Design] = {}
    for sku in MEGA_LINEUP:
        if sku not in SOLD_OUT_AT_1111:
            designs[sku] = Design((Pin(_primary(sku), "sea", mega_morning - timedelta(
                days=6, hours=-4), mega_morning, math.ceil(1.5 * at_1111[sku])),))
    for sku, _, _, role in TONIGHT:
        pins = list(designs.get(sku, Design()).pins)
        if role == "push":
            pins.append(Pin(_primary(sku), "sea", morning - timedelta(days=7, hours=-4),
                            morning, math.ceil(4 * tonight[sku])))
            designs[sku] = Design(tuple(pins), freeze_eta=morning - timedelta(days=12))
        elif role == "slow":
            designs[sku] = Design(initial_on_hand=900)
        else:
            pins.append(Pin(FBT, "air", mega_morning - timedelta(days=3, hours=-4), mega_morning,
                            round(0.4 * at_1111[sku]), ceiling=True))
            if role == "swap":
                pins.append(Pin(FBT, "air", morning - timedelta(days=8, hours=-4), morning,
                                round(0.2 * tonight[sku]), ceiling=True))
            elif sku == "HW-2IN1-US":
                pins.append(Pin(FBT, "air", morning - timedelta(days=10, hours=-4), morning, 2,
                                ceiling=True))
                pins.append(Pin(FBT, "air", morning + timedelta(days=5, hours=3), qty=800))
            if sku == "RL-10-US":
                pins.append(Pin(LA, "sea", morning + timedelta(days=18, hours=5), qty=1200))
            if sku == "LED-10M-US":
                pins.append(Pin(LA, "sea", morning + timedelta(days=24, hours=6), qty=900))
            designs[sku] = Design(tuple(pins), freeze_eta=mega_morning - timedelta(days=12),
                                  cover_days=10,
                                  reserve_all_on=ctx.anchor if sku == "HW-2IN1-US" else None)
    return designs


def _primary(sku: str) -> str:
    return next(p.stocked[0] for p in CATALOG if p.sku == sku)


# --------------------------------------------------------------------------------------
# The whole store


@dataclass
class Dataset:
    tables: dict[str, list[list[str]]]
    notes: list[str]


HEADERS = {
    "warehouses.csv": ["warehouse_id", "name", "country", "mode", "currency",
                       "storage_fee_unit_day", "inbound_fee_unit", "outbound_fee_order",
                       "return_fee_unit"],
    "products.csv": ["sku", "name", "category", "substitute_group", "unit_cost", "price",
                     "currency", "presale_allowed", "supplier_lead_days"],
    "lanes.csv": ["warehouse_id", "mode", "transit_days", "transit_days_sd", "cost_unit",
                  "cost_shipment"],
    "stock.csv": ["sku", "warehouse_id", "counted_at", "on_hand", "reserved"],
    "inbound.csv": ["shipment_id", "sku", "warehouse_id", "qty", "mode", "shipped_at", "eta"],
    "sessions.csv": ["session_id", "title", "platform", "market", "warmup_start", "start", "end",
                     "traffic"],
    "lineup.csv": ["session_id", "sku", "slot", "price", "variant"],
    "viewers.csv": ["session_id", "ts", "viewers", "interactions"],
    "funnel.csv": ["session_id", "sku", "ts", "impressions", "clicks"],
    "orders.csv": ["order_id", "sku", "ts", "qty", "unit_price", "currency", "session_id",
                   "warehouse_id", "customer_id", "status"],
}


def build(*, anchor: date, scale: float) -> Dataset:
    if not scale > 0:
        raise ValueError(f"--scale must be positive, got {scale}")
    copies = max(1, round(scale))
    ctx = Context(anchor, anchor - timedelta(days=HISTORY_DAYS),
                  wall_clock(anchor, 18, 0, NEW_YORK), min(1.0, scale), copies)
    catalog = [copy_product(spec, copy) for copy in range(1, copies + 1) for spec in CATALOG]
    products = {p.sku: p for p in catalog}
    plans = session_plans(ctx, products)
    expected = {plan.session_id: expected_units(plan, products) for plan in plans}
    designs = tonight_design(ctx, plans, expected)

    ids = Orders()
    demands: dict[str, list[Demand]] = defaultdict(list)
    samples: dict[str, StreamSamples] = {}
    for plan in plans:
        stream_orders, samples[plan.session_id] = stream_demand(plan, products, ids)
        for demand in stream_orders:
            demands[demand.sku].append(demand)
    halo: dict[str, set[date]] = defaultdict(set)
    for plan in plans:
        day = local_date(plan.start, MARKET_ZONE[plan.market])
        for entry in plan.lineup:
            halo[entry.sku].update(day + timedelta(days=d) for d in (1, 2))
    for spec in catalog:
        for demand in offstream_demand(ctx, spec, catalog, halo[spec.sku], ids):
            demands[demand.sku].append(demand)

    ledgers: dict[str, Ledger] = {}
    notes: list[str] = []
    for spec in catalog:
        rates = rate_plan(ctx, spec, plans, expected)
        design = designs.get(spec.sku, Design())
        ordered = sorted(demands[spec.sku], key=lambda d: (d.ts, d.order_id))
        ledger, misses = simulate_product(ctx, spec, ordered, design, rates)
        # Stock still too high at a target: stop routine shipments a week earlier, and retry.
        for _ in range(6):
            if not misses or design.freeze_eta is None:
                break
            design = replace(design, freeze_eta=design.freeze_eta - timedelta(days=7))
            ledger, misses = simulate_product(ctx, spec, ordered, design, rates)
        ledgers[spec.sku] = ledger
        notes.extend(misses)
    tables = _tables(catalog, plans, samples, ledgers)
    notes.extend(_tonight_notes(plans, expected, ledgers))
    return Dataset(tables, notes)


def _tables(catalog: Sequence[ProductSpec], plans: Sequence[SessionPlan],
            samples: dict[str, StreamSamples], ledgers: dict[str, Ledger]
            ) -> dict[str, list[list[str]]]:
    tables: dict[str, list[list[str]]] = {}
    tables["warehouses.csv"] = [
        [w.warehouse_id, w.name, w.country, w.mode, w.currency, decimal(w.storage_fee_unit_day),
         decimal(w.inbound_fee_unit), decimal(w.outbound_fee_order), decimal(w.return_fee_unit)]
        for w in WAREHOUSES]
    tables["products.csv"] = [
        [p.sku, p.name, p.category, p.group, money(p.unit_cost, p.currency),
         money(p.price, p.currency), p.currency, "true" if p.presale_allowed else "false",
         str(p.lead_days)] for p in catalog]
    tables["lanes.csv"] = [
        [lane.warehouse_id, lane.mode, f"{lane.transit_days:g}", f"{lane.transit_days_sd:g}",
         decimal(lane.cost_unit), decimal(lane.cost_shipment)] for lane in LANES]
    counts = sorted((c for ledger in ledgers.values() for c in ledger.counts),
                    key=lambda c: (c.counted_at, c.warehouse_id, c.sku))
    tables["stock.csv"] = [
        [c.sku, c.warehouse_id, iso(c.counted_at, WAREHOUSE[c.warehouse_id].zone),
         str(c.on_hand), str(c.reserved)] for c in counts]
    shipments = sorted((s for ledger in ledgers.values() for s in ledger.shipments),
                       key=lambda s: (s.shipped_at, s.shipment_id, s.sku))
    tables["inbound.csv"] = [
        [s.shipment_id, s.sku, s.warehouse_id, str(s.qty), s.mode, iso(s.shipped_at, SHENZHEN),
         iso(s.eta, WAREHOUSE[s.warehouse_id].zone)] for s in shipments]
    plans = sorted(plans, key=lambda p: (p.start, p.session_id))
    tables["sessions.csv"] = [
        [p.session_id, p.title, p.platform, p.market, iso(p.warmup_start, MARKET_ZONE[p.market]),
         iso(p.start, MARKET_ZONE[p.market]), iso(p.end, MARKET_ZONE[p.market]), p.traffic]
        for p in plans]
    tables["lineup.csv"] = [[p.session_id, e.sku, str(e.slot), money(e.price, CURRENCY[p.market]),
                             e.variant] for p in plans for e in p.lineup]
    tables["viewers.csv"] = [[p.session_id, iso(ts, MARKET_ZONE[p.market]), str(v), str(i)]
                             for p in plans for ts, v, i in samples[p.session_id].viewers]
    accepted = sorted((a for ledger in ledgers.values() for a in ledger.accepted),
                      key=lambda a: (a.demand.ts, a.demand.order_id, a.demand.sku))
    in_bin: dict[tuple[str, str, int], int] = defaultdict(int)
    by_session = {p.session_id: p for p in plans}
    for a in accepted:
        if a.demand.session_id:
            plan = by_session[a.demand.session_id]
            minute = int((a.demand.ts - plan.start).total_seconds() // 60)
            in_bin[(plan.session_id, a.demand.sku, minute // 5)] += 1
    funnel = []
    for p in plans:
        slots = {e.sku: e.slot for e in p.lineup}
        for (sku, bin_index), (impressions, clicks) in sorted(
                samples[p.session_id].funnel.items(), key=lambda kv: (kv[0][1], slots[kv[0][0]])):
            clicks = max(int(clicks), in_bin[(p.session_id, sku, bin_index)])
            bin_end = p.start + timedelta(minutes=5 * (bin_index + 1))
            funnel.append([p.session_id, sku, iso(bin_end, MARKET_ZONE[p.market]),
                           str(max(int(impressions), clicks)), str(clicks)])
    tables["funnel.csv"] = funnel
    currency = {p.sku: p.currency for p in catalog}
    market = {p.sku: p.market for p in catalog}
    tables["orders.csv"] = [
        [a.demand.order_id, a.demand.sku, iso(a.demand.ts, MARKET_ZONE[market[a.demand.sku]]),
         str(a.qty), money(a.demand.unit_price, currency[a.demand.sku]), currency[a.demand.sku],
         a.demand.session_id, a.warehouse_id, a.demand.customer_id, a.demand.status]
        for a in accepted]
    return tables


def _tonight_notes(plans: Sequence[SessionPlan], expected: dict[str, dict[str, float]],
                   ledgers: dict[str, Ledger]) -> list[str]:
    """What the board should open with tonight, to check the design held."""
    today = next((p for p in plans if p.special == "today"), None)
    if today is None:
        return []
    notes = []
    for entry in today.lineup:
        ledger = ledgers[entry.sku]
        latest: dict[str, Count] = {}
        for c in ledger.counts:
            latest[c.warehouse_id] = c
        available = sum(c.on_hand - c.reserved for c in latest.values())
        for a in ledger.accepted:
            if a.demand.status != "cancelled" and a.demand.ts > latest[a.warehouse_id].counted_at:
                available -= a.qty
        notes.append(f"tonight {entry.sku:<14} available {available:>5}  expected "
                     f"{expected[today.session_id][entry.sku]:7.1f}")
    return notes


def write(dataset: Dataset, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, header in HEADERS.items():
        with (out / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(dataset.tables[name])


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write (default: here)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply products, sessions and orders (1 = the committed demo)")
    parser.add_argument("--anchor", type=date.fromisoformat, default=DEFAULT_ANCHOR,
                        help="'today' for the dataset, YYYY-MM-DD (default 2026-11-26)")
    parser.add_argument("--quiet", action="store_true", help="no summary on stderr")
    args = parser.parse_args(list(argv) if argv is not None else None)
    dataset = build(anchor=args.anchor, scale=args.scale)
    write(dataset, args.out)
    if not args.quiet:
        for name, rows in dataset.tables.items():
            sys.stderr.write(f"{name:<16} {len(rows):>8} rows\n")
        for note in dataset.notes:
            sys.stderr.write(f"{note}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
