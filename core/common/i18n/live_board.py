"""The dashboard (dashboard/): navigation, the live board, its prompter view, and what it says
when the store is empty or cannot be read."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
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
    "ui.board.loading": {"en": "Reading stock, orders and the session's forecast…",
                         "zh": "正在读取库存、订单和本场预测…"},
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
    "ui.empty.none_live": {"en": "No session is live right now.", "zh": "现在没有正在直播的场次。"},
    "ui.empty.showing_next": {"en": "This is the next one; the board follows it once it is live.",
                              "zh": "下面是下一场，开播后看板自动跟上。"},
    "ui.empty.showing_last": {"en": "None is scheduled; this is the last one.",
                              "zh": "没有排期的场次，下面是上一场。"},
    "ui.empty.no_lineup": {"en": "This session has no products in its lineup yet (lineup.csv).",
                           "zh": "本场还没有上架商品（lineup.csv）。"},
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
    # Which warehouses' stock can ship (issue #11).
    "ui.board.pool": {"en": "stock from {warehouses}", "zh": "可售库存：{warehouses}"},
}
