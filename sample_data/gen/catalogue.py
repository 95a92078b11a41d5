"""The catalog: 44 products in 10 substitute groups, one currency per product, and the A/B
tests run in the lineups."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .warehouses import CURRENCY, DE, FBA, FBT, JP, LA, NJ, UK


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
