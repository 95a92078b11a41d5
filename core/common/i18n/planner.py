"""The planner (dashboard/views/planner.py, planner_controls.py, planner_charts.py) and the
replenishment plan it shows."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
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
