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
    # Where numbers came from and stale live feeds (core.provenance.describe, label_of).
    "feed.webhook_quiet": {"en": "No {platform} webhook for {age}: is the receiver running?",
                           "zh": "{age}没有收到 {platform} 推送：接收服务还在运行吗？"},
    "feed.viewers_quiet": {"en": "No viewer count for {age}", "zh": "{age}没有在线人数更新"},
    "feed.viewers_none": {"en": "No viewer count since the stream started {age} ago",
                          "zh": "开播 {age}，还没有在线人数数据"},
    "feed.missing_lines": {"en": "TikTok announced {count} order(s) without their lines: "
                                 "import the TikTok order export",
                           "zh": "TikTok 推送了 {count} 个订单但没有商品明细：请导入 TikTok "
                                 "订单导出文件"},
    "feed.age_minutes": {"en": "{n} min", "zh": "{n} 分钟"},
    "feed.age_seconds": {"en": "{n} s", "zh": "{n} 秒"},
    "source.webhook:shopify": {"en": "Shopify webhook (live)", "zh": "Shopify 实时推送"},
    "source.webhook:tiktok": {"en": "TikTok Shop webhook (live)", "zh": "TikTok Shop 实时推送"},
    "source.import:shopify-orders": {"en": "Shopify orders export", "zh": "Shopify 订单导出"},
    "source.import:tiktok-orders": {"en": "TikTok Shop order export",
                                    "zh": "TikTok Shop 订单导出"},
    "source.load:orders.csv": {"en": "orders.csv", "zh": "orders.csv 文件"},
    "source.simulate": {"en": "simulated stream", "zh": "模拟直播"},
    "source.unknown": {"en": "unknown (written before sources were kept)",
                       "zh": "未知（记录来源之前写入）"},
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
    "ui.tile.no_presale": {"en": "no presale: stop pitching", "zh": "不能预售：停止讲解"},
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
    # The post-stream review (dashboard/views/review.py, dashboard/report.py).
    "review.nav": {"en": "Review", "zh": "直播复盘"},
    "review.title": {"en": "Review · {title}", "zh": "复盘 · {title}"},
    "review.window": {"en": "{platform} · {market} · {start} – {end}",
                      "zh": "{platform} · {market} · {start} – {end}"},
    "review.status.live": {"en": "Still live: this covers the stream up to {time}.",
                           "zh": "仍在直播：以下只统计到 {time}。"},
    "review.status.scheduled": {"en": "This stream has not started yet: nothing to review.",
                                "zh": "本场还没开播，暂无可复盘内容。"},
    "review.kpi.gmv": {"en": "GMV", "zh": "成交额 GMV"},
    "review.kpi.items_sold": {"en": "Items sold", "zh": "成交件数"},
    "review.kpi.peak_viewers": {"en": "Peak viewers", "zh": "峰值在线"},
    "review.kpi.lost_sales": {"en": "Lost to stock-outs", "zh": "断货损失"},
    "review.kpi.lost_units": {"en": "≈ {units} units", "zh": "约 {units} 件"},
    "review.kpi.ran_out": {"en": "Products that ran out", "zh": "断货商品"},
    "review.section.timeline": {"en": "Timeline", "zh": "时间线"},
    "review.section.products": {"en": "Products", "zh": "商品复盘"},
    "review.section.forecast": {"en": "Forecast vs actual", "zh": "预测与实际"},
    "review.section.retention": {"en": "Viewer retention", "zh": "观众留存"},
    "review.section.ab": {"en": "A/B results", "zh": "A/B 测试结果"},
    "review.section.replenish": {"en": "Replenish now", "zh": "现在该补的货"},
    "review.section.alerts": {"en": "Alerts during the stream", "zh": "直播中的预警"},
    "review.chart.viewers": {"en": "Viewers", "zh": "在线人数"},
    "review.chart.units_per_min": {"en": "Items sold / min", "zh": "每分钟成交件数"},
    "review.chart.time": {"en": "Time ({tz})", "zh": "时间（{tz}）"},
    "review.chart.ran_out": {"en": "Ran out", "zh": "断货"},
    "review.chart.alert": {"en": "Alert", "zh": "预警"},
    "review.chart.retention": {"en": "Viewers, % of peak", "zh": "在线人数占峰值 %"},
    "review.chart.minutes": {"en": "Minutes since start", "zh": "开播后分钟数"},
    "review.chart.actual": {"en": "Sold", "zh": "实际销量"},
    "review.chart.forecast": {"en": "Forecast (low – high, dot: expected)",
                              "zh": "预测（低 – 高，圆点为预测值）"},
    "review.chart.units": {"en": "Units", "zh": "件数"},
    "review.chart.conversion": {"en": "Conversion (orders / clicks)",
                                "zh": "转化率（订单 / 点击）"},
    "review.chart.source.recorded": {"en": "recorded live", "zh": "直播时记录"},
    "review.chart.source.replayed": {"en": "replayed", "zh": "按当时数据重算"},
    "review.col.slot": {"en": "Slot", "zh": "顺序"},
    "review.col.sku": {"en": "SKU", "zh": "SKU"},
    "review.col.name": {"en": "Product", "zh": "商品"},
    "review.col.units": {"en": "Units", "zh": "件数"},
    "review.col.revenue": {"en": "Revenue", "zh": "成交额"},
    "review.col.ran_out_at": {"en": "Ran out at", "zh": "断货时间"},
    "review.col.minutes_out": {"en": "Minutes out", "zh": "断货分钟"},
    "review.col.lost_units": {"en": "Lost units", "zh": "损失件数"},
    "review.col.lost_revenue": {"en": "Lost revenue", "zh": "损失金额"},
    "review.col.forecast": {"en": "Forecast (low–exp–high)", "zh": "预测（低–中–高）"},
    "review.col.ctr": {"en": "CTR", "zh": "点击率"},
    "review.col.conversion": {"en": "Conversion", "zh": "转化率"},
    "review.col.variant": {"en": "Variant", "zh": "版本"},
    "review.col.price": {"en": "Price", "zh": "价格"},
    "review.col.impressions": {"en": "Impressions", "zh": "曝光"},
    "review.col.clicks": {"en": "Clicks", "zh": "点击"},
    "review.col.orders": {"en": "Orders", "zh": "订单"},
    "review.col.sessions": {"en": "Sessions", "zh": "场次"},
    "review.col.warehouse": {"en": "Warehouse", "zh": "仓库"},
    "review.col.order_qty": {"en": "Order", "zh": "补货量"},
    "review.col.mode": {"en": "By", "zh": "运输方式"},
    "review.col.arrive_by": {"en": "Arrives by", "zh": "预计到货"},
    "review.col.cost": {"en": "Cost", "zh": "成本"},
    "review.col.tier": {"en": "Tier", "zh": "档位"},
    "review.col.time": {"en": "Time", "zh": "时间"},
    "review.col.alert": {"en": "Alert", "zh": "预警"},
    "review.never": {"en": "never", "zh": "未断货"},
    "review.ab.winner": {"en": "{winner} wins: {best} of clicks ordered against {other} "
                               "({p}, {test}).",
                         "zh": "{winner} 胜出：点击后下单率 {best}，对比 {other}（{p}，{test}）。"},
    "review.ab.too_few": {"en": "Not enough data: each variant needs at least {n} orders and "
                                "{n} clicks without an order before a winner can be named.",
                          "zh": "数据不够：每个版本至少要有 {n} 单、以及 {n} 次未下单的点击，"
                                "才能判断胜负。"},
    "review.ab.noise": {"en": "Not enough data to name a winner: {best} against {other} could be "
                              "chance ({p}; a winner needs p < 0.05 against every other "
                              "variant).",
                        "zh": "数据不足以判断胜负：{best} 对比 {other} 可能只是偶然（{p}；"
                              "胜出需要对每个其他版本都 p < 0.05）。"},
    "review.ab.bad_funnel": {"en": "Not enough data: more orders than clicks were recorded, so "
                                   "the funnel (funnel.csv) is incomplete.",
                             "zh": "数据不够：订单数多于点击数，漏斗数据（funnel.csv）不完整。"},
    "review.ab.elasticity": {"en": "Price elasticity of conversion (arc): {e}: 1% off the price "
                                   "brought about {pct}% {direction} conversion.",
                             "zh": "转化率的价格弹性（弧弹性）：{e}，"
                                   "降价 1% 转化率约{direction} {pct}%。"},
    "review.ab.more": {"en": "more", "zh": "提高"},
    "review.ab.less": {"en": "less", "zh": "降低"},
    "review.ab.across": {"en": "Across sessions ({n}): audiences differ, so read it as a hint.",
                         "zh": "跨场次比较（{n} 场）：观众不同，仅供参考。"},
    "review.ab.price_group": {"en": "{sku} at {count} prices", "zh": "{sku} 的 {count} 个价格"},
    "review.ab.z_test": {"en": "two-proportion z-test", "zh": "双比例 z 检验"},
    "review.ab.chi_square": {"en": "chi-square test", "zh": "卡方检验"},
    "review.ab.none": {"en": "No A/B test in this stream (lineup.csv's variant column is empty).",
                       "zh": "本场没有 A/B 测试（lineup.csv 的 variant 列为空）。"},
    "review.replenish.none": {"en": "Nothing to order now for this stream's products.",
                              "zh": "本场商品目前不需要补货。"},
    "review.alerts.none": {"en": "No alerts were kept for this stream (the board keeps them "
                                 "while it is open during the stream).",
                           "zh": "本场没有保存预警（直播时打开看板才会记录预警）。"},
    "review.note.lost": {"en": "Lost units = the product's sales per viewer-minute before it "
                               "ran out × the viewer-minutes while it was out of stock.",
                         "zh": "损失件数 = 断货前每观众分钟的销量 × 断货期间的观众分钟数。"},
    "review.note.forecast": {"en": "Forecast as it stood before the stream ({viewers} expected "
                                   "viewers). Past error (WAPE) {wape}; the range held the "
                                   "actual {coverage} of the time over {n} past sessions.",
                             "zh": "开播前的预测（预计 {viewers} 人在线）。过往误差（WAPE）{wape}；"
                                   "过去 {n} 场中实际值落在区间内的比例为 {coverage}。"},
    "review.note.no_forecast": {"en": "No forecast for this stream: no earlier stream with "
                                      "viewer data to learn from.",
                                "zh": "本场没有预测：开播前没有带观众数据的历史场次可供学习。"},
    "review.note.watch_time": {"en": "Average watch time is not shown: it needs unique viewers, "
                                     "and viewers.csv has concurrent counts only.",
                               "zh": "未显示平均观看时长：需要独立观众数，"
                                     "而 viewers.csv 只有同时在线人数。"},
    "review.note.lights": {"en": "Light bands: as the board recorded them live, else the board "
                                 "recomputed every {step} minutes from what was known then.",
                           "zh": "信号灯色带：优先用直播时看板的记录，"
                                 "没有记录时按当时已知数据每 {step} 分钟重算。"},
    "review.download": {"en": "Download the report (HTML)", "zh": "下载复盘报告（HTML）"},
    "review.report.footer": {"en": "LiveStock review of {session}, made {time}. Charts work "
                                   "offline.",
                             "zh": "LiveStock 复盘报告：{session}，生成于 {time}。"
                                   "图表可离线查看。"},
}


def t(key: str, lang: str, **params: Any) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`.

    An unknown key raises KeyError at once, so a typo fails a test instead of showing
    a raw key to a director mid-stream.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGUAGES}")
    return CATALOG[key][lang].format(**params)
