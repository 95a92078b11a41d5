"""Warehouses (dashboard/views/warehouses.py, warehouse_charts.py)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
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
}
