"""The post-stream review (dashboard/views/review.py, dashboard/report.py)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
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
    "review.loading": {"en": "Reading the stream, its forecast and its lights…",
                       "zh": "正在读取本场数据、预测和灯号…"},
    "review.report.footer": {"en": "LiveStock review of {session}, made {time}. Charts work "
                                   "offline.",
                             "zh": "LiveStock 复盘报告：{session}，生成于 {time}。"
                                   "图表可离线查看。"},
    # Issue 12: margin per click beside an A/B verdict, how lost sales were found.
    "review.ab.margin": {"en": " · margin per click {best} vs {other}",
                         "zh": " · 每次点击毛利 {best} 对 {other}"},
    "review.lost.clicks": {"en": "from clicks while out", "zh": "按断货期间点击估算"},
    "review.lost.pace": {"en": "from the pace before it ran out", "zh": "按断货前销售速度估算"},
    "review.lost.forecast": {"en": "from the forecast (out from the start)",
                             "zh": "按预测估算（开播即断货）"},
    "review.col.lost_method": {"en": "Lost sales from", "zh": "损失估算方法"},
}
