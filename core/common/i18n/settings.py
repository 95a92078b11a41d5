"""Settings (dashboard/views/settings.py): sections, fields, their help and errors."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
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
    # The presale settings (issue #11).
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
}
