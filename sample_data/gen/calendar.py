"""The session calendar: 33 past streams and tonight's, as templates at the default anchor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DEFAULT_ANCHOR = date(2026, 11, 26)
HISTORY_DAYS = 90


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
