"""Every text a user reads, in Chinese and English: one catalog, one lookup.

The CLI's JSON keeps PRODUCT.md's English names and values; people-facing text (the
dashboard, the board's reason lines, the prompter) comes from here.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("zh", "en")

CATALOG: dict[str, dict[str, str]] = {
    # The three lights: a word beside every colour, for colour-blind readers too.
    "light.push": {"en": "PUSH", "zh": "主推"},
    "light.swap": {"en": "SWAP", "zh": "换品"},
    "light.presale": {"en": "PRESALE", "zh": "预售"},
    # Tiers.
    "tier.daily": {"en": "Daily", "zh": "日常"},
    "tier.warmup": {"en": "Warm-up", "zh": "预热"},
    "tier.live": {"en": "Live", "zh": "直播"},
    # The board's reason line, joined with " · " (core.board.reason_line).
    "reason.left": {"en": "{n} left", "zh": "剩 {n} 件"},
    "reason.pace": {"en": "{rate}/min", "zh": "每分钟 {rate} 件"},
    "reason.out_in": {"en": "out in {minutes} min", "zh": "约 {minutes} 分钟卖完"},
    "reason.expected": {"en": "{n} expected", "zh": "预计还要 {n} 件"},
    "reason.covers": {"en": "covers the stream", "zh": "够播完"},
    "reason.no_sales_yet": {"en": "no sales yet", "zh": "还没出单"},
    "reason.slow_mover": {"en": "slow mover: {days} days of stock",
                          "zh": "滞销：库存够卖 {days} 天"},
    "reason.no_sales_30d": {"en": "no sales in 30 days", "zh": "30 天没卖出"},
    "reason.push_it": {"en": "push it", "zh": "主推清库存"},
    "reason.swap_to": {"en": "swap to {sku} ({n} left)", "zh": "换 {sku}（剩 {n} 件）"},
    "reason.no_substitute": {"en": "no substitute", "zh": "没有替代品"},
    "reason.sold_out": {"en": "sold out", "zh": "已卖完"},
    "reason.out_of_stock": {"en": "out of stock", "zh": "无库存"},
    "reason.presale_ships": {"en": "presale, ships {date}", "zh": "预售，{date}发货"},
    "reason.presale_no_date": {"en": "presale, ship date unknown", "zh": "预售，发货日期未知"},
    "reason.presale_not_allowed": {"en": "presale not allowed · stop pitching",
                                   "zh": "不能预售 · 停止讲解"},
    "reason.date": {"en": "{mon} {day}", "zh": "{month}月{day}日"},
    # Alerts the board records (core.live.recent_alerts).
    "alert.light": {"en": "{sku}: {old} → {new}", "zh": "{sku}：{old} → {new}"},
    "alert.tier": {"en": "Tier up: {old} → {new}", "zh": "备货档位升级：{old} → {new}"},
    "alert.safety": {"en": "{sku} at {warehouse}: {available} left, below safety stock {safety}",
                     "zh": "{sku} 在 {warehouse}：剩 {available} 件，低于安全库存 {safety} 件"},
}


def t(key: str, lang: str, **params: Any) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`.

    An unknown key raises KeyError at once, so a typo fails a test instead of showing
    a raw key to a director mid-stream.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGUAGES}")
    return CATALOG[key][lang].format(**params)
