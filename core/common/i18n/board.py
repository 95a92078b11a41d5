"""The live board's words: the three lights, the tiers, the reason line, the alerts it records,
and the platforms' names the reason line uses."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # The three lights: a word beside every colour, for colour-blind readers too.
    "light.push": {"en": "PUSH", "zh": "主推"},
    "light.swap": {"en": "SWAP", "zh": "换品"},
    "light.presale": {"en": "PRESALE", "zh": "预售"},
    # Tiers.
    "tier.daily": {"en": "Daily", "zh": "日常"},
    "tier.warmup": {"en": "Warm-up", "zh": "预热"},
    "tier.live": {"en": "Live", "zh": "直播"},
    # The board's reason line, joined with " · " (core.board.reasons.reason_line).
    "reason.left": {"en": "{n} left", "zh": "剩 {n} 件"},
    "reason.pace": {"en": "{rate}/min", "zh": "每分钟 {rate} 件"},
    "reason.out_in": {"en": "out in {minutes} min", "zh": "约 {minutes} 分钟卖完"},
    "reason.expected": {"en": "{n} expected", "zh": "预计还要 {n} 件"},
    "reason.covers": {"en": "covers the stream", "zh": "够播完"},
    # PUSH short of the expected demand but not of its low end (core.board.calm).
    "reason.may_cover": {"en": "may last ({n} expected)", "zh": "可能够播完（预计还要 {n} 件）"},
    "reason.no_sales_yet": {"en": "no sales yet", "zh": "还没出单"},
    "reason.slow_mover": {"en": "slow mover: {days} days of stock",
                          "zh": "滞销：库存够卖 {days} 天"},
    "reason.no_sales_30d": {"en": "no sales in 30 days", "zh": "30 天没卖出"},
    "reason.push_it": {"en": "push it", "zh": "主推清库存"},
    "reason.no_substitute": {"en": "no substitute", "zh": "没有替代品"},
    "reason.sold_out": {"en": "sold out", "zh": "已卖完"},
    "reason.out_of_stock": {"en": "out of stock", "zh": "无库存"},
    "reason.presale_ships": {"en": "presale, ships {date}", "zh": "预售，{date}发货"},
    "reason.presale_no_date": {"en": "presale, ship date unknown", "zh": "预售，发货日期未知"},
    "reason.presale_not_allowed": {"en": "presale not allowed · stop pitching",
                                   "zh": "不能预售 · 停止讲解"},
    "reason.date": {"en": "{mon} {day}", "zh": "{month}月{day}日"},
    # Alerts the board records (core.board.service.recent_alerts).
    "alert.light": {"en": "{sku}: {old} → {new}", "zh": "{sku}：{old} → {new}"},
    "alert.tier": {"en": "Tier up: {old} → {new}", "zh": "备货档位升级：{old} → {new}"},
    "alert.safety": {"en": "{sku} at {warehouse}: {available} left, below safety stock {safety}",
                     "zh": "{sku} 在 {warehouse}：剩 {available} 件，低于安全库存 {safety} 件"},
    # Stock that can ship (issue #11): swap targets by name, why a product is not presold,
    # platforms by name.
    "reason.swap_to_name": {"en": "swap to {name} ({n} left)", "zh": "换 {name}（剩 {n} 件）"},
    "reason.no_taker": {"en": "no substitute can take it", "zh": "没有接得住的替代品"},
    "reason.no_presale.not_allowed": {"en": "no presale for this product",
                                      "zh": "此商品不能预售"},
    "reason.no_presale.backorders": {"en": "no presale: {platform}'s warehouse takes no "
                                           "back-orders",
                                     "zh": "不能预售：{platform}仓不接受缺货预订"},
    "reason.no_presale.beyond": {"en": "presale would ship {date}, past {platform}'s "
                                       "{days}-day limit",
                                 "zh": "预售要{date}才发货，超过{platform} {days} 天上限"},
    "reason.no_presale.no_date": {"en": "no presale: no ship date to promise",
                                  "zh": "不能预售：没有可承诺的发货日期"},
    "platform.tiktok": {"en": "TikTok Shop", "zh": "TikTok Shop"},
    "platform.amazon": {"en": "Amazon", "zh": "亚马逊"},
    "platform.shopify": {"en": "Shopify", "zh": "Shopify"},
    "alert.swap_to": {"en": "{product}: swap to {target}", "zh": "{product}：换成 {target}"},
}
