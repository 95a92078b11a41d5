"""Where a board's numbers came from and stale live feeds (core.platforms.provenance.describe,
label_of), and the dashboard's "Where the numbers come from" panel."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
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
}
