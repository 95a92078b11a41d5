"""Every text a user reads, in Chinese and English: one catalog, one lookup.

The CLI's JSON keeps docs/json.md's English names and values; people-facing text (the
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
    # The board's reason line, joined with " · " (core.board.reasons.reason_line).
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
    # Alerts the board records (core.board.service.recent_alerts).
    "alert.light": {"en": "{sku}: {old} → {new}", "zh": "{sku}：{old} → {new}"},
    "alert.tier": {"en": "Tier up: {old} → {new}", "zh": "备货档位升级：{old} → {new}"},
    "alert.safety": {"en": "{sku} at {warehouse}: {available} left, below safety stock {safety}",
                     "zh": "{sku} 在 {warehouse}：剩 {available} 件，低于安全库存 {safety} 件"},
    # Where numbers came from and stale live feeds (core.platforms.provenance.describe, label_of).
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
    "source.load:viewers.csv": {"en": "viewers.csv", "zh": "viewers.csv 文件"},
    "source.simulate": {"en": "simulated stream", "zh": "模拟直播"},
    "ui.sources.title": {"en": "Where the numbers come from", "zh": "数据来源"},
    "ui.sources.orders": {"en": "{label}: {lines} order lines, latest {when}",
                          "zh": "{label}：{lines} 条订单，最近 {when}"},
    "ui.sources.stock": {"en": "stock count {warehouse}: {when}",
                         "zh": "{warehouse} 盘点：{when}"},
    "ui.sources.viewers": {"en": "viewers ({label}): {samples} samples, latest {when}",
                           "zh": "在线人数（{label}）：{samples} 个样本，最近 {when}"},
    "ui.sources.none": {"en": "no orders, counts or viewer samples yet",
                        "zh": "暂无订单、盘点或在线人数数据"},
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
    "ui.error.store_at": {
        "en": "The store {store} could not be read ({error}). Make one with "
              "`livestock load DIR` (your data files), or run `livestock demo`.",
        "zh": "无法读取数据库 {store}（{error}）。用 `livestock load 目录` 导入数据建库，"
              "或运行 `livestock demo`。"},
    "ui.empty.no_sessions_at": {
        "en": "No sessions in {store} yet. Load your files with `livestock load DIR` "
              "(sessions.csv, lineup.csv ...), or run `livestock demo`.",
        "zh": "数据库 {store} 中还没有直播场次。用 `livestock load 目录` 导入数据"
              "（sessions.csv、lineup.csv 等），或运行 `livestock demo`。"},
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
    # The planner (dashboard/views/planner.py, planner_controls.py, planner_charts.py).
    "plan.nav": {"en": "Planner", "zh": "补货计划"},
    "plan.title": {"en": "Planner: what if…", "zh": "补货计划：假如……"},
    "plan.loading": {"en": "Reading stock, sales and past streams…",
                     "zh": "正在读取库存、销量和历史直播……"},
    "plan.as_of": {"en": "Stock and sales as of {time}. Move a slider: the projection "
                         "redraws at once.",
                   "zh": "库存和销量截至 {time}。拖动滑块，预测立即重算。"},
    "plan.reload": {"en": "Reload from the store", "zh": "重新读取数据"},
    "plan.scope": {"en": "Plan for", "zh": "计划对象"},
    "plan.scope.product": {"en": "One product", "zh": "单个商品"},
    "plan.scope.session": {"en": "A session's lineup", "zh": "一场直播的全部商品"},
    "plan.pick.product": {"en": "Product", "zh": "商品"},
    "plan.pick.warehouse": {"en": "Warehouse", "zh": "仓库"},
    "plan.pick.session": {"en": "Upcoming session", "zh": "即将开播的场次"},
    "plan.empty.store": {
        "en": "No products or warehouses in the store yet. Load your files with "
              "`livestock load DIR` (products.csv, warehouses.csv, stock.csv …), or run "
              "`livestock demo`.",
        "zh": "库中还没有商品或仓库。用 `livestock load 目录` 导入数据（products.csv、"
              "warehouses.csv、stock.csv 等），或运行 `livestock demo`。"},
    "plan.empty.no_sessions": {"en": "No session is scheduled: add upcoming streams to "
                                     "sessions.csv and lineup.csv, or plan one product.",
                               "zh": "没有排期的直播：在 sessions.csv 和 lineup.csv 中加入"
                                     "即将开播的场次，或先按单个商品做计划。"},
    "plan.empty.no_lineup": {"en": "This session has no products in a warehouse of its "
                                   "market yet (lineup.csv, stock.csv).",
                             "zh": "本场商品在该市场的仓库里还没有库存记录（lineup.csv、"
                                   "stock.csv）。"},
    "plan.empty.no_history": {"en": "No sales history for this product here yet: daily "
                                    "demand starts at zero and conversion at what new "
                                    "products usually do. Move the sliders to try a stream.",
                              "zh": "该商品在这个仓库还没有销售记录：日常需求从 0 开始，"
                                    "转化率取新品的一般水平。拖动滑块试算一场直播。"},
    "plan.slider.conversion": {"en": "Conversion: orders per 1,000 viewers",
                               "zh": "转化率：每千名观众下单数"},
    "plan.help.conversion": {"en": "Learned from this product's past streams.",
                             "zh": "根据该商品过往直播学习得到。"},
    "plan.slider.lineup_conversion": {"en": "Orders per 1,000 viewers, whole lineup",
                                      "zh": "整场每千名观众下单数"},
    "plan.help.lineup_conversion": {"en": "The sum over the lineup's products; each keeps "
                                          "its share.",
                                    "zh": "全部商品之和；每个商品按原占比分配。"},
    "plan.slider.price": {"en": "Price ({currency})", "zh": "售价（{currency}）"},
    "plan.help.price": {"en": "Demand follows the price elasticity learned from past "
                              "streams.",
                        "zh": "需求按过往直播学到的价格弹性变化。"},
    "plan.slider.price_change": {"en": "Price vs the lineup price, %",
                                 "zh": "相对直播价调价 %"},
    "plan.help.price_change": {"en": "Every product's stream price moved by this much.",
                               "zh": "所有商品的直播价同时调整这个比例。"},
    "plan.slider.lead_time": {"en": "Lead time, days (order to shelf)",
                              "zh": "补货周期（天，下单到上架）"},
    "plan.help.lead_time": {"en": "Supplier {supplier} days + the lane's transit. Moves "
                                  "with the freight mode.",
                            "zh": "供应商 {supplier} 天 + 运输天数，随运输方式变化。"},
    "plan.slider.lead_change": {"en": "Lead time change, days", "zh": "补货周期增减（天）"},
    "plan.help.lead_change": {"en": "Added to each product's supplier lead + transit "
                                    "(a delay at the port, a faster factory).",
                              "zh": "加到每个商品的供应商周期 + 运输天数上（如港口延误、"
                                    "工厂提速）。"},
    "plan.slider.mode": {"en": "Freight", "zh": "运输方式"},
    "plan.slider.batch": {"en": "Batch size, units (orders round up to it)",
                          "zh": "批量（件，订单按批向上取整）"},
    "plan.help.batch": {"en": "Cartons or the supplier's minimum: every order is a whole "
                              "number of batches.",
                        "zh": "按箱或供应商起订量：每次下单都是整批。"},
    "plan.slider.tier": {"en": "Safety stock tier", "zh": "安全库存档位"},
    "plan.help.tier": {"en": "Days of average sales kept as safety stock (Settings).",
                       "zh": "按平均日销量保留的安全库存天数（见设置）。"},
    "plan.tier_label": {"en": "{tier} · {days} d", "zh": "{tier} · {days} 天"},
    "plan.slider.service_level": {"en": "Service level, %", "zh": "服务水平 %"},
    "plan.help.service_level": {"en": "Chance of not running out before the next order "
                                      "lands.",
                                "zh": "下一批到货前不断货的概率。"},
    "plan.lane.sea": {"en": "Sea", "zh": "海运"},
    "plan.lane.air": {"en": "Air", "zh": "空运"},
    "plan.lane.express": {"en": "Express", "zh": "快递"},
    "plan.lane.rail": {"en": "Rail", "zh": "铁路"},
    "plan.lane.truck": {"en": "Truck", "zh": "卡车"},
    "plan.lane.label": {"en": "{mode} · {days} d · {cost}/unit",
                        "zh": "{mode} · {days} 天 · {cost}/件"},
    "plan.kpi.lost": {"en": "Lost sales", "zh": "断货损失"},
    "plan.kpi.lost_units": {"en": "{units} units · out from {first}, {days} days",
                            "zh": "{units} 件 · {first} 起断货 {days} 天"},
    "plan.kpi.no_stockout": {"en": "never out of stock", "zh": "不会断货"},
    "plan.kpi.lost_lineup": {"en": "{units} units · {out} of {total} run out",
                             "zh": "{units} 件 · {total} 个中 {out} 个断货"},
    "plan.help.lost": {"en": "Demand the stock could not meet, at the slider's price.",
                       "zh": "库存满足不了的需求，按滑块售价计。"},
    "plan.kpi.freight": {"en": "Freight cost", "zh": "运费"},
    "plan.kpi.shipments": {"en": "{n} shipments by {mode}", "zh": "{mode} {n} 批"},
    "plan.kpi.storage": {"en": "Storage cost", "zh": "仓储费"},
    "plan.kpi.overstock_days": {"en": "{days} days overstocked", "zh": "积压 {days} 天"},
    "plan.help.storage": {"en": "Units on hand each day × the warehouse's storage fee.",
                          "zh": "每天在库件数 × 仓库仓储费。"},
    "plan.kpi.order": {"en": "Order today", "zh": "今天下单"},
    "plan.kpi.units": {"en": "{units} units", "zh": "{units} 件"},
    "plan.kpi.order_by": {"en": "by {mode} · lands {date}", "zh": "{mode} · {date} 到货"},
    "plan.help.order": {"en": "Up to forecast demand over lead time + review period + "
                              "safety stock, less stock and inbound.",
                        "zh": "补到：补货周期 + 盘点周期内的预测需求 + 安全库存，"
                              "减去现有库存和在途。"},
    "plan.chart.stockout": {"en": "Out of stock", "zh": "断货"},
    "plan.chart.stockout_hover": {"en": "Out of stock: {lost} units lost this day",
                                  "zh": "断货：当天损失 {lost} 件"},
    "plan.chart.overstock": {"en": "Overstock", "zh": "积压"},
    "plan.chart.overstock_hover": {"en": "Overstock: more than {days} days of sales on hand",
                                   "zh": "积压：库存超过 {days} 天的销量"},
    "plan.chart.overstock_line": {"en": "{days} days of sales", "zh": "{days} 天销量"},
    "plan.chart.in_stock": {"en": "In stock", "zh": "有货"},
    "plan.chart.on_hand": {"en": "On hand", "zh": "在库"},
    "plan.chart.on_hand_hover": {"en": "%{{x}}<br>on hand %{{y:,.0f}}<br>demand "
                                       "%{{customdata[0]:,.1f}} · lost %{{customdata[1]:,.1f}}",
                                 "zh": "%{{x}}<br>在库 %{{y:,.0f}} 件<br>需求 "
                                       "%{{customdata[0]:,.1f}} · 损失 %{{customdata[1]:,.1f}}"},
    "plan.chart.inbound": {"en": "Shipment arriving", "zh": "在途到货"},
    "plan.chart.inbound_hover": {"en": "Shipment lands: +{units} units",
                                 "zh": "在途到货：+{units} 件"},
    "plan.chart.planned": {"en": "Planned order lands", "zh": "计划订单到货"},
    "plan.chart.planned_hover": {"en": "Planned order (placed {ordered}) lands: +{units} units",
                                 "zh": "计划订单（{ordered} 下单）到货：+{units} 件"},
    "plan.chart.run_out": {"en": "{label}<br>out of stock for {days} days from {first}"
                                 "<br>{lost} units lost",
                           "zh": "{label}<br>{first} 起断货 {days} 天<br>损失 {lost} 件"},
    "plan.chart.run_ok": {"en": "{label}<br>in stock for {days} days from {first}",
                          "zh": "{label}<br>{first} 起有货 {days} 天"},
    "plan.chart.run_over": {"en": "{label}<br>overstocked for {days} days from {first}",
                            "zh": "{label}<br>{first} 起积压 {days} 天"},
    "plan.chart.units": {"en": "Units", "zh": "件数"},
    "plan.chart.date": {"en": "Date", "zh": "日期"},
    "plan.note.chart": {"en": "Next {days} days under the sliders: off-stream demand every "
                              "day plus each scheduled stream (and the usual cadence after "
                              "them); orders placed every review period land after the lead "
                              "time.",
                        "zh": "按滑块设置预测未来 {days} 天：每天的非直播需求，加上每场排期直播"
                              "（之后按以往频率）；每个盘点周期下单，补货周期后到货。"},
    "plan.section.batching": {"en": "Small weekly batches or one large batch",
                              "zh": "每周小批量 还是 一次大批量"},
    "plan.batch.weekly": {"en": "Weekly batches", "zh": "每周一批"},
    "plan.batch.one_batch": {"en": "One batch today", "zh": "今天一次发完"},
    "plan.batch.weekly_cheaper": {"en": "Weekly batches cost {amount} less in freight + "
                                        "storage; lost units: {lost_weekly} weekly vs "
                                        "{lost_one} in one batch.",
                                  "zh": "每周小批量的运费 + 仓储费少 {amount}；损失件数：每周 "
                                        "{lost_weekly}，一次发完 {lost_one}。"},
    "plan.batch.one_cheaper": {"en": "One batch costs {amount} less in freight + storage "
                                     "(fewer shipments); lost units: {lost_weekly} weekly vs "
                                     "{lost_one} in one batch.",
                               "zh": "一次发完的运费 + 仓储费少 {amount}（批次少）；损失件数："
                                     "每周 {lost_weekly}，一次发完 {lost_one}。"},
    "plan.col.batching": {"en": "How", "zh": "方式"},
    "plan.col.shipments": {"en": "Shipments", "zh": "批次"},
    "plan.col.units_ordered": {"en": "Units ordered", "zh": "下单件数"},
    "plan.col.freight": {"en": "Freight", "zh": "运费"},
    "plan.col.storage": {"en": "Storage", "zh": "仓储费"},
    "plan.col.total": {"en": "Freight + storage", "zh": "运费 + 仓储费"},
    "plan.col.lost_units": {"en": "Lost units", "zh": "损失件数"},
    "plan.col.product": {"en": "Product", "zh": "商品"},
    "plan.col.warehouse": {"en": "Warehouse", "zh": "仓库"},
    "plan.col.order_today": {"en": "Order today", "zh": "今天下单"},
    "plan.col.mode": {"en": "By", "zh": "运输方式"},
    "plan.col.arrive_by": {"en": "Lands by", "zh": "预计到货"},
    "plan.col.stockout_days": {"en": "Days out", "zh": "断货天数"},
    "plan.col.tier": {"en": "Tier", "zh": "档位"},
    "plan.col.safety_stock": {"en": "Safety stock", "zh": "安全库存"},
    "plan.col.stock_position": {"en": "Stock + inbound", "zh": "库存 + 在途"},
    "plan.col.order_qty": {"en": "Order", "zh": "补货量"},
    "plan.col.cost": {"en": "Cost", "zh": "成本"},
    "plan.section.plan": {"en": "Replenishment plan: every product and warehouse",
                          "zh": "补货计划：全部商品和仓库"},
    "plan.only_orders": {"en": "Only lines with something to order",
                         "zh": "只看需要补货的"},
    "plan.plan_none": {"en": "Nothing to order now.", "zh": "目前不需要补货。"},
    "plan.note.plan": {"en": "Spare stock moves between your own warehouses first when it is "
                             "cheaper and lands in time; air only for what sea cannot land in "
                             "time; sea for the rest. Orders come in whole cartons and at "
                             "least the supplier's MOQ (held when the MOQ would overstock). "
                             "A lane's shipment cost is shared by every line on it. Cost = "
                             "freight + shipment share + inbound fees + storage until sold, in "
                             "the warehouse's currency.",
                       "zh": "自有仓之间有富余库存、调拨更便宜且来得及时，先调拨；只有海运赶不上"
                             "的部分才走空运；其余海运。按整箱下单，且不低于供应商起订量（起订量"
                             "会造成积压时暂不下单并提示）。同一线路的头程批次费用由该批所有行分"
                             "摊。成本 = 运费 + 分摊批次费 + 入仓费 + 卖完前的仓储费，"
                             "按仓库币种。"},
    # The plan's new columns, flags and summary (issue 11).
    "plan.col.from": {"en": "From", "zh": "发货地"},
    "plan.from.supplier": {"en": "Supplier", "zh": "供应商"},
    "plan.col.need": {"en": "Needed", "zh": "需求量"},
    "plan.col.shipment_share": {"en": "Shipment share", "zh": "分摊批次费"},
    "plan.share_of": {"en": "{cost} of {units} units", "zh": "{cost}（整批 {units} 件）"},
    "plan.col.landed": {"en": "Landed / unit", "zh": "每件到仓成本"},
    "plan.col.margin": {"en": "Margin / unit", "zh": "每件毛利"},
    "plan.col.flags": {"en": "Check", "zh": "提示"},
    "plan.flag.moq": {"en": "raised to the MOQ", "zh": "已补足起订量"},
    "plan.flag.moq_held": {"en": "not bought: the MOQ would overstock",
                           "zh": "未下单：起订量会造成积压"},
    "plan.flag.margin": {"en": "landed cost above the margin", "zh": "到仓成本高于毛利"},
    "plan.note.plan_from": {"en": "{units} by {mode} from {origin}, lands {date}",
                            "zh": "从 {origin} {mode}调拨 {units} 件，{date} 到货"},
    "plan.summary": {"en": "{ordering} of {total} lines to order: {units} units, {air} by air, "
                           "{moved} moved between your warehouses · cost {costs} · {flagged} "
                           "lines to check",
                     "zh": "{total} 行中 {ordering} 行需要下单：共 {units} 件，空运 {air} 件，"
                           "自有仓调拨 {moved} 件 · 成本 {costs} · {flagged} 行需要确认"},
    "plan.batch.shared": {"en": "Shipment costs are shared per lane and order day by the "
                                "products shown and the plan's other products on that lane "
                                "({units} units); orders in whole cartons (MOQ {moq}, "
                                "cartons of {case_pack}).",
                          "zh": "每条线路每个下单日的批次费用由所示商品与计划中同线路的其他商品"
                                "（{units} 件）分摊；按整箱下单（起订量 {moq}，每箱 {case_pack} "
                                "件）。"},
    "plan.download": {"en": "Download the plan (CSV)", "zh": "下载补货计划（CSV）"},
    "plan.note.plan_line": {"en": "The replenishment plan for it (sea, and air only for the "
                                  "gap sea cannot reach): {orders}.",
                            "zh": "补货计划对它的建议（海运，只有海运赶不上的缺口走空运）："
                                  "{orders}。"},
    "plan.note.plan_part": {"en": "{units} by {mode}, lands {date}",
                            "zh": "{mode} {units} 件，{date} 到货"},
    "plan.note.plan_nothing": {"en": "The replenishment plan orders nothing for it now.",
                               "zh": "补货计划目前不需要为它下单。"},
    # Warehouses (dashboard/views/warehouses.py, warehouse_charts.py).
    "wh.nav": {"en": "Warehouses", "zh": "仓库"},
    "wh.title": {"en": "Warehouses: stock, turnover, cost", "zh": "仓库：库存、周转、成本"},
    "wh.as_of": {"en": "As of {time}. Stock = on hand − reserved at the latest count, less "
                       "what shipped since.",
                 "zh": "截至 {time}。库存 = 最近一次盘点的在库 − 预留，再减去之后发出的件数。"},
    "wh.empty.store": {"en": "No warehouses in the store yet. Load warehouses.csv, lanes.csv "
                             "and stock.csv with `livestock load DIR`, or run `livestock demo`.",
                       "zh": "库中还没有仓库。用 `livestock load 目录` 导入 warehouses.csv、"
                             "lanes.csv 和 stock.csv，或运行 `livestock demo`。"},
    "wh.empty.stock": {"en": "No stock counts or sales yet in these warehouses (stock.csv, "
                             "orders.csv).",
                       "zh": "这些仓库还没有盘点或销售记录（stock.csv、orders.csv）。"},
    "wh.market": {"en": "Market", "zh": "市场"},
    "wh.market.all": {"en": "All markets", "zh": "全部市场"},
    "wh.mode.self": {"en": "Own", "zh": "自营仓"},
    "wh.mode.3pl": {"en": "3PL", "zh": "第三方仓"},
    "wh.mode.platform": {"en": "Platform", "zh": "平台仓"},
    "wh.units": {"en": "units", "zh": "件"},
    "wh.kpi.available": {"en": "Units available", "zh": "可售库存（件）"},
    "wh.kpi.inbound": {"en": "Units inbound", "zh": "在途（件）"},
    "wh.kpi.fast": {"en": "Fast movers (< {days} days)", "zh": "快周转（< {days} 天）"},
    "wh.kpi.slow": {"en": "Slow movers (> {days} days)", "zh": "慢周转（> {days} 天）"},
    "wh.kpi.aged": {"en": "Units on the shelf > {days} days", "zh": "库龄 > {days} 天（件）"},
    "wh.section.stock": {"en": "Stock by warehouse", "zh": "各仓库存"},
    "wh.section.movers": {"en": "Fast and slow movers", "zh": "快周转与慢周转商品"},
    "wh.section.aged": {"en": "Aged stock", "zh": "库龄"},
    "wh.section.costs": {"en": "Cost per unit sold", "zh": "每件售出成本"},
    "wh.section.homes": {"en": "Where each product belongs", "zh": "商品该放哪个仓"},
    "wh.section.lanes": {"en": "Lanes and this plan's shipments",
                         "zh": "线路与本次补货计划的批次"},
    "wh.col.from": {"en": "From", "zh": "发货地"},
    "wh.col.transit": {"en": "Transit, days", "zh": "在途天数"},
    "wh.col.lane_cost_unit": {"en": "Freight / unit", "zh": "运费 / 件"},
    "wh.col.lane_cost_shipment": {"en": "Per shipment", "zh": "每批费用"},
    "wh.col.plan_units": {"en": "Units in this plan", "zh": "本次计划件数"},
    "wh.col.share_unit": {"en": "Shipment cost / unit", "zh": "批次费 / 件"},
    "wh.col.bought": {"en": "Bought", "zh": "采购"},
    "wh.col.moved_in": {"en": "Moved in", "zh": "调入"},
    "wh.col.moved_out": {"en": "Moved out", "zh": "调出"},
    "wh.col.plan_cost": {"en": "Plan cost", "zh": "计划成本"},
    "wh.col.flagged": {"en": "Lines to check", "zh": "需确认行"},
    "wh.note.lanes": {"en": "Lanes from the supplier and transfer lanes between your own "
                            "warehouses (lanes.csv from_warehouse_id), costs in the "
                            "destination's currency. One shipment per lane carries all of "
                            "this plan's lines on it: its cost is shared by their units. "
                            "Lines to check: raised to or held by the MOQ, or landed cost "
                            "above the margin.",
                      "zh": "供应商发货线路，以及自有仓之间的调拨线路（lanes.csv 的 "
                            "from_warehouse_id），费用按目的仓币种。本次计划同一线路的所有行合为"
                            "一批，批次费按件数分摊。需确认行：因起订量补足或暂缓，或到仓成本高于"
                            "毛利。"},
    "wh.turnover.fast": {"en": "Fast", "zh": "快周转"},
    "wh.turnover.regular": {"en": "Regular", "zh": "正常"},
    "wh.turnover.slow": {"en": "Slow", "zh": "慢周转"},
    "wh.col.warehouse": {"en": "Warehouse", "zh": "仓库"},
    "wh.col.country": {"en": "Country", "zh": "国家"},
    "wh.col.mode": {"en": "Kind", "zh": "类型"},
    "wh.col.available": {"en": "Units available", "zh": "可售件数"},
    "wh.col.inbound": {"en": "Inbound", "zh": "在途"},
    "wh.col.units_per_day": {"en": "Sold / day (30 d)", "zh": "日均销量（30 天）"},
    "wh.col.turnover_days": {"en": "Turnover, days", "zh": "周转天数"},
    "wh.col.storage_fee": {"en": "Storage / unit-day", "zh": "仓储费 / 件·天"},
    "wh.col.inbound_fee": {"en": "Inbound / unit", "zh": "入仓费 / 件"},
    "wh.col.outbound_fee": {"en": "Outbound / order", "zh": "出库费 / 单"},
    "wh.col.return_fee": {"en": "Return / unit", "zh": "退货费 / 件"},
    "wh.col.product": {"en": "Product", "zh": "商品"},
    "wh.col.lane": {"en": "Freight", "zh": "运输方式"},
    "wh.col.cost_per_unit": {"en": "Cost / unit sold", "zh": "每件售出成本"},
    "wh.col.units_per_shipment": {"en": "Units / shipment", "zh": "每批件数"},
    "wh.col.days_held": {"en": "Days held", "zh": "在库天数"},
    "wh.col.units_per_order": {"en": "Units / order", "zh": "每单件数"},
    "wh.col.return_rate": {"en": "Returns", "zh": "退货率"},
    "wh.col.now_in": {"en": "Now in", "zh": "现在所在"},
    "wh.col.belongs": {"en": "Belongs in", "zh": "建议放在"},
    "wh.col.why": {"en": "Why", "zh": "原因"},
    "wh.col.move": {"en": "Move?", "zh": "是否调仓"},
    "wh.move.yes": {"en": "move", "zh": "建议调仓"},
    "wh.home.missing": {"en": "{mode} (none in {markets} yet)", "zh": "{mode}（{markets} 还没有）"},
    "wh.note.fees": {"en": "Fees in each warehouse's own currency, from warehouses.csv.",
                     "zh": "费用为各仓库自身币种，来自 warehouses.csv。"},
    "wh.movers.fast": {"en": "**Fast** (turnover < {fast} days): replenish.",
                       "zh": "**快周转**（周转 < {fast} 天）：及时补货。"},
    "wh.movers.slow": {"en": "**Slow** (turnover > {slow} days, or nothing sold in 30 days): "
                             "stop replenishing; push it on stream or clear it.",
                       "zh": "**慢周转**（周转 > {slow} 天，或 30 天没卖出）：停止补货，"
                             "直播主推或清仓。"},
    "wh.movers.none": {"en": "None.", "zh": "无。"},
    "wh.turnover.out": {"en": "0 (out of stock)", "zh": "0（缺货）"},
    "wh.age.band": {"en": "{band} days", "zh": "{band} 天"},
    "wh.aged.none": {"en": "No stock on the shelves to age.", "zh": "没有在库商品。"},
    "wh.note.aged": {"en": "Age = days since the stock arrived (inbound.csv ETAs), first in "
                           "first out: the units on hand are taken to be the latest arrivals "
                           "counted in. Units older than every recorded arrival count from "
                           "the first stock count (at least that old). Amazon FBA charges an "
                           "aged-inventory surcharge after 180 days.",
                     "zh": "库龄 = 到货（inbound.csv 的 ETA）至今的天数，按先进先出：认为在库的"
                           "是最近入库的批次。早于所有到货记录的部分从第一次盘点算起（至少这么"
                           "久）。亚马逊 FBA 对超过 180 天的库存收取长期仓储附加费。"},
    "wh.cost.axis": {"en": "Cost per unit sold", "zh": "每件售出成本"},
    "wh.costs.none": {"en": "No sales yet to spread the costs over.",
                      "zh": "还没有销量，无法计算每件成本。"},
    "wh.note.costs": {"en": "Per unit sold = freight per unit + shipment cost / units per "
                            "shipment (one {review}-day batch) + inbound fee + storage × days "
                            "held (turnover) + outbound fee / units per order + return rate × "
                            "return fee. In each warehouse's currency.",
                      "zh": "每件成本 = 单件运费 + 每批固定运费 / 每批件数（一批 = {review} "
                            "天销量）+ 入仓费 + 仓储费 × 在库天数（周转天数）+ 出库费 / 每单件数"
                            " + 退货率 × 退货费。按各仓库币种。"},
    "wh.homes.none": {"en": "No product with stock or sales yet.",
                      "zh": "还没有有库存或销量的商品。"},
    "wh.homes.summary": {"en": "{moves} of {total} products sit elsewhere than where they "
                               "belong.",
                         "zh": "{total} 个商品中有 {moves} 个不在建议的仓库。"},
    "wh.why.custom": {"en": "custom product", "zh": "定制商品"},
    "wh.why.margin": {"en": "high margin ({margin})", "zh": "高毛利（{margin}）"},
    "wh.why.fast": {"en": "hot seller: {days} days of stock (< {fast})",
                    "zh": "爆款：库存够卖 {days} 天（< {fast}）"},
    "wh.why.regular": {"en": "regular seller: {days} days of stock",
                       "zh": "常规款：库存够卖 {days} 天"},
    "wh.note.homes": {"en": "Rule: custom or high-margin products (gross margin ≥ {margin}, "
                            "the top quarter of your range) in your own warehouse; hot "
                            "sellers (turnover < {fast} days over all warehouses) in the "
                            "platform's; the rest in a 3PL.",
                      "zh": "规则：定制或高毛利商品（毛利率 ≥ {margin}，即您商品中最高的四分之"
                            "一）放自营仓；爆款（所有仓合计周转 < {fast} 天）放平台仓；"
                            "其余放第三方仓。"},
    # Settings (dashboard/views/settings.py).
    "settings.nav": {"en": "Settings", "zh": "设置"},
    "settings.title": {"en": "Settings", "zh": "设置"},
    "settings.intro": {"en": "Saved in the store: every console and the CLI use them.",
                       "zh": "保存在数据库中：所有控制台和命令行都会使用。"},
    "settings.saved": {"en": "Saved.", "zh": "已保存。"},
    "settings.save": {"en": "Save", "zh": "保存"},
    "settings.reset": {"en": "Reset to defaults", "zh": "恢复默认值"},
    "settings.reset_note": {"en": "Every setting goes back to its default, for everyone.",
                            "zh": "所有设置恢复为默认值，对所有人生效。"},
    "settings.reset_confirm": {"en": "Yes, reset all settings", "zh": "确定，全部恢复默认"},
    "settings.error.invalid": {"en": "Not saved: {error}", "zh": "未保存：{error}"},
    "settings.error.stored": {"en": "The stored settings are not valid ({error}); the form "
                                    "shows the defaults. Save or reset to fix them.",
                              "zh": "数据库中的设置无效（{error}）；表单显示默认值。"
                                    "保存或恢复默认即可修复。"},
    "settings.error.currency": {"en": "currency must be a 3-letter ISO 4217 code such as USD, "
                                      "got '{value}'",
                                "zh": "币种必须是 3 个字母的 ISO 4217 代码（如 USD），"
                                      "而不是 '{value}'"},
    "settings.error.movers": {"en": "fast movers (days) must be below slow movers (days)",
                              "zh": "快周转天数必须小于慢周转天数"},
    "settings.section.safety": {"en": "Safety stock", "zh": "安全库存"},
    "settings.section.board": {"en": "Live board", "zh": "直播看板"},
    "settings.section.planning": {"en": "Turnover and planning", "zh": "周转与补货"},
    "settings.section.general": {"en": "General", "zh": "通用"},
    "settings.choice.tier": {"en": "Tiers (days of sales)", "zh": "档位（按销售天数）"},
    "settings.choice.service_level": {"en": "Service level (statistical)",
                                      "zh": "服务水平（统计法）"},
    "settings.choice.zh": {"en": "中文", "zh": "中文"},
    "settings.choice.en": {"en": "English", "zh": "English"},
    "settings.field.tier_daily_days": {"en": "Daily tier, days of sales",
                                       "zh": "日常档（天销量）"},
    "settings.help.tier_daily_days": {"en": "Safety stock between streams. Default {default}.",
                                      "zh": "非直播期间的安全库存。默认 {default}。"},
    "settings.field.tier_warmup_days": {"en": "Warm-up tier, days of sales",
                                        "zh": "预热档（天销量）"},
    "settings.help.tier_warmup_days": {"en": "While a stream with the product is scheduled "
                                             "or warming up. Default {default}.",
                                       "zh": "商品所在直播已排期或预热中。默认 {default}。"},
    "settings.field.tier_live_days": {"en": "Live tier, days of sales",
                                      "zh": "直播档（天销量）"},
    "settings.help.tier_live_days": {"en": "While live. Must be ≥ warm-up ≥ daily. Default "
                                           "{default}.",
                                     "zh": "直播中。必须 ≥ 预热档 ≥ 日常档。默认 {default}。"},
    "settings.field.tier_surge_ratio": {"en": "Surge: viewers above expected, %",
                                        "zh": "流量激增：观看人数超出预期 %"},
    "settings.help.tier_surge_ratio": {"en": "Viewers this far above expected lift the tier "
                                             "to live at once. Default {default}.",
                                       "zh": "观看人数超出预期这么多时，立即升到直播档。"
                                             "默认 {default}。"},
    "settings.field.safety_mode": {"en": "Safety stock method", "zh": "安全库存算法"},
    "settings.help.safety_mode": {"en": "Tiers: days of average sales. Service level: z × "
                                        "sd of demand over the lead time. Default {default}.",
                                  "zh": "档位：平均日销量的天数。服务水平：z × 补货周期内需求"
                                        "的标准差。默认 {default}。"},
    "settings.field.service_level": {"en": "Service level, %", "zh": "服务水平 %"},
    "settings.help.service_level": {"en": "Chance of not running out in a cycle (50 to "
                                          "99.9). Used in the service-level method. Default "
                                          "{default}.",
                                    "zh": "一个补货周期内不断货的概率（50 到 99.9）。"
                                          "用于服务水平算法。默认 {default}。"},
    "settings.field.refresh_seconds": {"en": "Board refresh, seconds", "zh": "看板刷新间隔（秒）"},
    "settings.help.refresh_seconds": {"en": "How often the live board reads new orders. "
                                            "Default {default}.",
                                      "zh": "直播看板读取新订单的间隔。默认 {default}。"},
    "settings.field.pace_window_minutes": {"en": "Selling pace window, minutes",
                                           "zh": "销售速度窗口（分钟）"},
    "settings.help.pace_window_minutes": {"en": "Orders in this many recent minutes set "
                                                "units per minute. Default {default}.",
                                          "zh": "用最近这么多分钟的订单计算每分钟销量。"
                                                "默认 {default}。"},
    "settings.field.push_margin": {"en": "PUSH margin, %", "zh": "主推余量 %"},
    "settings.help.push_margin": {"en": "PUSH when stock covers the remaining demand plus "
                                        "this much. Default {default}.",
                                  "zh": "库存覆盖剩余需求再多出这么多时亮主推。默认 {default}。"},
    "settings.field.presale_minutes": {"en": "PRESALE below, minutes of stock",
                                       "zh": "预售阈值（库存可卖分钟数）"},
    "settings.help.presale_minutes": {"en": "Fewer minutes of stock than this at the current "
                                            "pace means PRESALE. Default {default}.",
                                      "zh": "按当前速度库存只够卖这么几分钟时亮预售。"
                                            "默认 {default}。"},
    "settings.field.stale_after_seconds": {"en": "Data stale after, seconds",
                                           "zh": "数据过期时间（秒）"},
    "settings.help.stale_after_seconds": {"en": "Warn on the board when no order or viewer "
                                                "count came in for this long while live. "
                                                "Default {default}.",
                                          "zh": "直播中这么久没有新订单或观看数据时在看板提示。"
                                                "默认 {default}。"},
    "settings.field.fast_mover_days": {"en": "Fast mover below, days of turnover",
                                       "zh": "快周转阈值（周转天数 <）"},
    "settings.help.fast_mover_days": {"en": "Turnover = stock / average daily sales (30 "
                                            "days). Default {default}.",
                                      "zh": "周转天数 = 库存 / 日均销量（30 天）。"
                                            "默认 {default}。"},
    "settings.field.slow_mover_days": {"en": "Slow mover above, days of turnover",
                                       "zh": "慢周转阈值（周转天数 >）"},
    "settings.help.slow_mover_days": {"en": "Above this: stop replenishing, push or clear. "
                                            "Also the planner's overstock line. Default "
                                            "{default}.",
                                      "zh": "超过即停止补货、主推或清仓；也是补货计划中的积压线。"
                                            "默认 {default}。"},
    "settings.field.review_period_days": {"en": "Review period, days", "zh": "盘点补货周期（天）"},
    "settings.help.review_period_days": {"en": "How often you reorder (7 = weekly batches). "
                                               "Default {default}.",
                                         "zh": "多久下一次补货单（7 = 每周一批）。"
                                               "默认 {default}。"},
    "settings.field.currency": {"en": "Currency (ISO 4217)", "zh": "币种（ISO 4217）"},
    "settings.help.currency": {"en": "For totals with no currency of their own. Default "
                                     "{default}.",
                               "zh": "用于没有自带币种的金额合计。默认 {default}。"},
    "settings.field.language": {"en": "Default language", "zh": "默认语言"},
    "settings.help.language": {"en": "What a new console opens in. Default {default}.",
                               "zh": "新打开的控制台使用的语言。默认 {default}。"},
    "settings.field.max_units_per_line": {"en": "Most units per order line",
                                           "zh": "每个订单行最多件数"},
    "settings.help.max_units_per_line": {"en": "A platform order line above this is refused "
                                               "and nothing of it stored (a typo or an attack, "
                                               "not a sale). Default {default}.",
                                         "zh": "平台订单行超过此件数即拒收，不写入任何"
                                               "数据（多为误填或攻击，而非真实销售）。"
                                               "默认 {default}。"},
    # The login gate and roles (dashboard/auth.py), and a store at another schema revision.
    "auth.title": {"en": "LiveStock: sign in", "zh": "LiveStock 登录"},
    "auth.user": {"en": "Name", "zh": "用户名"},
    "auth.password": {"en": "Password", "zh": "密码"},
    "auth.submit": {"en": "Sign in", "zh": "登录"},
    "auth.oidc": {"en": "Sign in with {provider}", "zh": "使用 {provider} 登录"},
    "auth.wrong": {"en": "Wrong name or password.", "zh": "用户名或密码错误。"},
    "auth.no_role": {"en": "{user} has no role on this dashboard: ask an editor to add you "
                           "to [roles] in .streamlit/secrets.toml.",
                     "zh": "{user} 在此看板没有角色：请编辑人员在 .streamlit/secrets.toml 的 "
                           "[roles] 中添加你。"},
    "auth.signed_in": {"en": "Signed in: {user} · {role}", "zh": "已登录：{user} · {role}"},
    "auth.role.editor": {"en": "editor", "zh": "编辑"},
    "auth.role.viewer": {"en": "viewer (read-only)", "zh": "只读"},
    "auth.logout": {"en": "Sign out", "zh": "退出登录"},
    "auth.open": {"en": "🔓 Open access: no login configured", "zh": "🔓 开放访问：未配置登录"},
    "auth.plain_warning": {"en": "Passwords kept as PLAIN TEXT in secrets.toml for: {users}. "
                                 "Replace each with the output of `livestock hash-password`.",
                           "zh": "secrets.toml 中以下用户的密码是明文：{users}。请用 "
                                 "`livestock hash-password` 的输出替换。"},
    "auth.config_error": {"en": "This dashboard is shut: its login settings cannot be used. "
                                "The administrator finds what is wrong in the server's log.",
                          "zh": "看板已关闭：登录设置无法使用。管理员可在服务器日志中查看原因。"},
    "auth.unverified": {"en": "Your sign-in provider did not confirm your e-mail address, "
                              "so no role can be given: sign out and use an account whose "
                              "e-mail is verified.",
                        "zh": "登录服务商未确认你的邮箱地址，无法分配角色：请退出登录，"
                              "改用邮箱已验证的账号。"},
    "auth.editors_only": {"en": "Only editors may change this: you are signed in as a viewer.",
                          "zh": "只有编辑可以修改：你当前是只读用户。"},
    "auth.read_only": {"en": "Read-only: only editors may change settings.",
                       "zh": "只读：只有编辑可以修改设置。"},
    "store.too_old": {"en": "This store's schema (revision {revision}) is older than this "
                            "LiveStock's ({head}): run `livestock upgrade` on it, then reload "
                            "this page.",
                      "zh": "数据库结构版本（{revision}）比当前 LiveStock（{head}）旧：请先运行 "
                            "`livestock upgrade`，然后刷新本页。"},
    "store.too_new": {"en": "This store was written by a newer LiveStock (schema revision "
                            "{revision}; this one knows up to {head}): upgrade LiveStock.",
                      "zh": "此数据库由更新版本的 LiveStock 写入（结构版本 {revision}，当前版本"
                            "只支持到 {head}）：请升级 LiveStock。"},
    # Stock that can ship (issue #11): swap targets by name, why a product is not presold,
    # platforms by name, the presale settings.
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
    "ui.board.pool": {"en": "stock from {warehouses}", "zh": "可售库存：{warehouses}"},
    "alert.swap_to": {"en": "{product}: swap to {target}", "zh": "{product}：换成 {target}"},
    "settings.section.presale": {"en": "Presale and time zones", "zh": "预售与时区"},
    "settings.field.market_time_zones": {"en": "Market time zones (market=zone)",
                                         "zh": "各市场时区（市场=时区）"},
    "settings.help.market_time_zones": {
        "en": "Presale ship dates are the market's dates, so a promise never moves at "
              "midnight UTC mid-stream. A market not listed uses UTC. Default {default}.",
        "zh": "预售发货日期按市场当地日期计算，直播中不会在 UTC 零点跳一天。未列出的市场用 "
              "UTC。默认 {default}。"},
    "settings.field.presale_limit_days": {"en": "Presale limit per platform, days",
                                          "zh": "各平台预售期上限（天）"},
    "settings.help.presale_limit_days": {
        "en": "PRESALE only when the ship date is within this many days; beyond it the "
              "board says SWAP. A platform not listed: 30. Default {default}.",
        "zh": "发货日期在这么多天以内才亮预售，否则亮换品。未列出的平台按 30 天。默认 {default}。"},
    "settings.field.no_backorder_platforms": {"en": "No back-orders from these platforms' "
                                                    "own warehouses",
                                              "zh": "平台自营仓不接受缺货预订的平台"},
    "settings.help.no_backorder_platforms": {
        "en": "Stock in these platforms' own warehouses (Amazon FBA) is never presold. "
              "Default {default}.",
        "zh": "这些平台自营仓（如亚马逊 FBA）的商品不亮预售。默认 {default}。"},
    # Issue 12: margin per click beside an A/B verdict, how lost sales were found.
    "review.ab.margin": {"en": " · margin per click {best} vs {other}",
                         "zh": " · 每次点击毛利 {best} 对 {other}"},
    "review.lost.clicks": {"en": "from clicks while out", "zh": "按断货期间点击估算"},
    "review.lost.pace": {"en": "from the pace before it ran out", "zh": "按断货前销售速度估算"},
    "review.lost.forecast": {"en": "from the forecast (out from the start)",
                             "zh": "按预测估算（开播即断货）"},
    "review.col.lost_method": {"en": "Lost sales from", "zh": "损失估算方法"},
    # Calm lights (core.board.calm).
    "settings.field.push_cover_minutes": {"en": "PUSH needs this many minutes of stock",
                                          "zh": "主推至少需要的库存分钟数"},
    "settings.help.push_cover_minutes": {"en": "Never PUSH a product with less stock than "
                                               "this many minutes of demand at the current "
                                               "pace. Default {default}.",
                                         "zh": "按当前速度库存不足这么多分钟的商品不亮主推。"
                                               "默认 {default}。"},
    "settings.field.light_hold_minutes": {"en": "A changed light holds, minutes",
                                          "zh": "信号灯变化后保持（分钟）"},
    "settings.help.light_hold_minutes": {"en": "After a light changes it stays this long "
                                               "unless the product runs out or its cover "
                                               "moves by more than the margin below. "
                                               "Default {default}.",
                                         "zh": "信号灯变化后至少保持这么久，除非断货或库存覆盖"
                                               "变化超过下方幅度。默认 {default}。"},
    "settings.field.light_cover_margin": {"en": "Cover change that overrides the hold, %",
                                          "zh": "可提前变灯的覆盖变化幅度 %"},
    "settings.help.light_cover_margin": {"en": "Cover = stock / remaining demand. A change "
                                               "this large since the last light change lets "
                                               "the light change at once. Default {default}.",
                                         "zh": "覆盖 = 库存 / 剩余需求。自上次变灯以来变化这么"
                                               "大时可立即变灯。默认 {default}。"},
    # The planner's viewers are average concurrent viewers while live, not total views (场观).
    "plan.slider.avg_viewers": {"en": "Average concurrent viewers (while live)",
                                "zh": "平均同时在线人数（直播中）"},
    "plan.help.avg_viewers": {"en": "The mean number watching at once while live, not total "
                                    "views per stream. Starts at the session's "
                                    "expected_viewers when the team gave one, else at what "
                                    "past streams of this market drew.",
                              "zh": "直播期间平均同时在线的人数，不是每场总观看人次（场观）。"
                                    "有团队预估（expected_viewers）时从预估开始，"
                                    "否则从本市场以往直播的水平开始。"},
}


def t(key: str, lang: str, **params: Any) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`.

    An unknown key raises KeyError at once, so a typo fails a test instead of showing
    a raw key to a director mid-stream.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGUAGES}")
    return CATALOG[key][lang].format(**params)
