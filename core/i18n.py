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
    # The dashboard (dashboard/): navigation, the live board, its prompter view.
    "ui.nav.board": {"en": "Live board", "zh": "直播看板"},
    "ui.session.pick": {"en": "Session", "zh": "直播场次"},
    "ui.session.placeholder": {"en": "Pick a session", "zh": "选择场次"},
    "ui.session.unknown": {"en": "Session {session} is not in the store.",
                           "zh": "库中没有场次 {session}。"},
    "ui.status.scheduled": {"en": "SCHEDULED", "zh": "未开播"},
    "ui.status.warmup": {"en": "WARM-UP", "zh": "预热中"},
    "ui.status.live": {"en": "LIVE", "zh": "直播中"},
    "ui.status.ended": {"en": "ENDED", "zh": "已结束"},
    "ui.status.starts": {"en": "starts {when} (in {wait})", "zh": "{when} 开播（还有 {wait}）"},
    "ui.status.ended_at": {"en": "ended {when}", "zh": "{when} 已结束"},
    "ui.board.updated": {"en": "updated {time}", "zh": "更新于 {time}"},
    "ui.board.open_prompter": {"en": "Prompter for the host", "zh": "主播提词屏"},
    "ui.board.open_board": {"en": "Back to the board", "zh": "返回看板"},
    "ui.kpi.viewers": {"en": "Viewers", "zh": "在线人数"},
    "ui.kpi.vs_expected": {"en": "{pct}% vs expected", "zh": "比预期 {pct}%"},
    "ui.kpi.units_per_min": {"en": "Items sold / min", "zh": "每分钟成交件数"},
    "ui.kpi.gmv": {"en": "GMV", "zh": "成交额 GMV"},
    "ui.kpi.items_sold": {"en": "Items sold", "zh": "成交件数"},
    "ui.kpi.tier": {"en": "Safety stock tier", "zh": "安全库存档位"},
    "ui.kpi.time_live": {"en": "Time live", "zh": "已播时长"},
    "ui.tile.available": {"en": "available", "zh": "件可卖"},
    "ui.tile.left": {"en": "{count} left", "zh": "剩 {count} 件"},
    "ui.tile.swap_to": {"en": "swap to {name}", "zh": "换成 {name}"},
    "ui.tile.no_swap": {"en": "no substitute in stock", "zh": "没有有货的替代品"},
    "ui.tile.ships": {"en": "ships {date}", "zh": "{date}发货"},
    "ui.tile.new": {"en": "NEW", "zh": "刚变"},
    "ui.tile.was": {"en": "was {light}", "zh": "原为{light}"},
    "ui.alerts.title": {"en": "Alerts", "zh": "预警"},
    "ui.alerts.none": {"en": "No alerts yet.", "zh": "暂无预警。"},
    "ui.prompter.nothing": {"en": "No products in the lineup", "zh": "本场还没有商品"},
    "ui.prompter.more": {"en": "{count} more on the board", "zh": "看板上还有 {count} 个"},
    "ui.empty.no_sessions": {
        "en": "No sessions in the store yet. Load your files with `livestock load DIR` "
              "(sessions.csv, lineup.csv ...), or run `livestock demo`.",
        "zh": "库中还没有直播场次。用 `livestock load 目录` 导入数据（sessions.csv、"
              "lineup.csv 等），或运行 `livestock demo`。"},
    "ui.empty.none_live": {"en": "No session is live right now.", "zh": "现在没有正在直播的场次。"},
    "ui.empty.showing_next": {"en": "This is the next one; the board follows it once it is live.",
                              "zh": "下面是下一场，开播后看板自动跟上。"},
    "ui.empty.showing_last": {"en": "None is scheduled; this is the last one.",
                              "zh": "没有排期的场次，下面是上一场。"},
    "ui.empty.no_lineup": {"en": "This session has no products in its lineup yet (lineup.csv).",
                           "zh": "本场还没有上架商品（lineup.csv）。"},
    "ui.error.store": {"en": "The store could not be read: {error}",
                       "zh": "无法读取数据库：{error}"},
    "ui.duration.minutes": {"en": "{m} min", "zh": "{m} 分钟"},
    "ui.duration.hours": {"en": "{h} h {m} min", "zh": "{h} 小时 {m} 分"},
    "ui.duration.days": {"en": "{d} d {h} h", "zh": "{d} 天 {h} 小时"},
}


def t(key: str, lang: str, **params: Any) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`.

    An unknown key raises KeyError at once, so a typo fails a test instead of showing
    a raw key to a director mid-stream.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGUAGES}")
    return CATALOG[key][lang].format(**params)
