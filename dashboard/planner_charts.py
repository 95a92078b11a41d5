"""The planner page's figures, numbers and tables: core.planning.whatif /
core.planning.replenish results -> plotly Figure / DataFrame / text.

No st.* calls. Zones carry a pattern as well as a colour (stock-out crossed, overstock
striped) and a legend entry with a word, so no reader depends on telling colours apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from core.common.csv_safety import neutralise_cell
from core.common.i18n import t
from core.planning.projection import ProjectionInputs
from core.planning.replenish import PlanLine
from core.planning.whatif import BatchingCost, Outcome
from dashboard.planning_display import format_fee, layout
from dashboard.render import date_axis_format, format_count, format_money

STOCKOUT_COLOUR = "rgba(214, 69, 54, 0.30)"
STOCKOUT_INK = "#ff5a47"
OVERSTOCK_COLOUR = "rgba(242, 169, 0, 0.22)"
OVERSTOCK_INK = "#f2a900"
OK_COLOUR = "rgba(0, 140, 90, 0.55)"
STOCKOUT_ROW_COLOUR = "rgba(214, 69, 54, 0.45)"  # lineup rows: nothing drawn over them
OVERSTOCK_ROW_COLOUR = "rgba(242, 169, 0, 0.35)"
STOCK_COLOUR = "#4c8dff"
INBOUND_COLOUR = "#f5f5f5"
PLANNED_COLOUR = "#3ddc97"
DAY_MS = 86_400_000


def _dates(start: date, days: Sequence[int] | pd.Series) -> list[date]:
    return [start + timedelta(days=int(d)) for d in days]


def product_label(sku: str, warehouse_id: str, names: dict[str, str]) -> str:
    name = names.get(sku, "")
    short = name if len(name) <= 24 else name[:23] + "…"
    return f"{sku} · {short} @ {warehouse_id}" if short else f"{sku} @ {warehouse_id}"


def _zone(days: pd.DataFrame, *, start: date, top: float, name: str, colour: str, ink: str,
          pattern: str, hover: list[str]) -> go.Bar:
    """Whole days shaded to the top: a faint fill hatched in the zone's own strong colour."""
    return go.Bar(x=_dates(start, days["day"]), y=[top] * len(days), width=DAY_MS,
                  name=name, marker={"color": colour, "line": {"width": 0},
                                     "pattern": {"shape": pattern, "fgcolor": ink,
                                                 "size": 10, "solidity": 0.15}},
                  hovertext=hover, hoverinfo="text", legendgroup=name)


def projection_figure(result: Outcome, *, start: date, lang: str) -> go.Figure:
    """One product: stock on hand day by day, stock-out days (crossed red) and overstock
    days (striped amber) shaded full height, arrivals marked (existing shipments ▲,
    the plan's orders ◆), and the overstock line."""
    inputs = result.inputs[0]
    frame = result.projection.frame
    dates = _dates(start, frame["day"])
    mean_daily = float(frame["demand"].mean()) if not frame.empty else 0.0
    overstock_line = inputs.overstock_days * mean_daily
    top = max(float(frame["on_hand"].max()) if not frame.empty else 0.0, overstock_line,
              1.0) * 1.08
    fig = go.Figure()
    out = frame[frame["stockout"]]
    fig.add_trace(_zone(out, start=start, top=top, name=t("plan.chart.stockout", lang),
                        colour=STOCKOUT_COLOUR, ink=STOCKOUT_INK, pattern="x",
                        hover=[t("plan.chart.stockout_hover", lang, lost=format_count(lost))
                               for lost in out["lost_sales"]]))
    over = frame[frame["overstock"]]
    over_text = t("plan.chart.overstock_hover", lang, days=f"{inputs.overstock_days:g}")
    fig.add_trace(_zone(over, start=start, top=top, name=t("plan.chart.overstock", lang),
                        colour=OVERSTOCK_COLOUR, ink=OVERSTOCK_INK, pattern="/",
                        hover=[over_text] * len(over)))
    fig.add_trace(go.Scatter(
        x=dates, y=frame["on_hand"], mode="lines", line={"color": STOCK_COLOUR, "width": 3,
                                                          "shape": "hv"},
        name=t("plan.chart.on_hand", lang),
        customdata=list(zip(frame["demand"], frame["lost_sales"], strict=True)),
        hovertemplate=t("plan.chart.on_hand_hover", lang) + "<extra></extra>"))
    if overstock_line > 0:
        fig.add_trace(go.Scatter(
            x=[dates[0], dates[-1]], y=[overstock_line] * 2, mode="lines",
            line={"color": "#f2a900", "dash": "dot", "width": 1},
            name=t("plan.chart.overstock_line", lang, days=f"{inputs.overstock_days:g}"),
            hoverinfo="skip"))
    _arrivals(fig, result, start=start, lang=lang)
    fig.update_yaxes(title=t("plan.chart.units", lang), rangemode="tozero", range=[0, top])
    fig.update_xaxes(title=t("plan.chart.date", lang), tickformat=date_axis_format(lang),
                     hoverformat=date_axis_format(lang))
    return layout(fig, height=420)


def _arrivals(fig: go.Figure, result: Outcome, *, start: date, lang: str) -> None:
    inputs = result.inputs[0]
    frame = result.projection.frame
    on_hand = {int(d): float(v) for d, v in zip(frame["day"], frame["on_hand"], strict=True)}
    known = [(d, q) for d, q in inputs.inbound if 0 <= d < inputs.days and q > 0]
    planned = [(int(d) + inputs.lead_time_days, int(q), int(d))
               for d, q in zip(frame["day"], frame["ordered"], strict=True)
               if q > 0 and int(d) + inputs.lead_time_days < inputs.days]
    if known:
        fig.add_trace(go.Scatter(
            x=_dates(start, [d for d, _ in known]),
            y=[on_hand[d] for d, _ in known], mode="markers+text",
            marker={"symbol": "triangle-up", "size": 14, "color": INBOUND_COLOUR},
            text=[f"+{format_count(q)}" for _, q in known], textposition="top center",
            name=t("plan.chart.inbound", lang),
            hovertext=[t("plan.chart.inbound_hover", lang, units=format_count(q))
                       for _, q in known], hoverinfo="text"))
    if planned:
        fig.add_trace(go.Scatter(
            x=_dates(start, [d for d, _, _ in planned]),
            y=[on_hand[d] for d, _, _ in planned], mode="markers+text",
            marker={"symbol": "diamond", "size": 12, "color": PLANNED_COLOUR},
            text=[f"+{format_count(q)}" for _, q, _ in planned], textposition="top center",
            name=t("plan.chart.planned", lang),
            hovertext=[t("plan.chart.planned_hover", lang, units=format_count(q),
                         ordered=(start + timedelta(days=o)).isoformat())
                       for _, q, o in planned], hoverinfo="text"))


def _runs(flags: list[str]) -> list[tuple[str, int, int]]:
    """(state, first day, days) for each run of equal states."""
    runs: list[tuple[str, int, int]] = []
    for day, state in enumerate(flags):
        if runs and runs[-1][0] == state:
            runs[-1] = (state, runs[-1][1], runs[-1][2] + 1)
        else:
            runs.append((state, day, 1))
    return runs


def lineup_figure(result: Outcome, *, start: date, names: dict[str, str],
                  lang: str) -> go.Figure:
    """A session's lineup: one row per product and warehouse, coloured by day: out of stock
    (crossed red), in stock (green), overstock (striped amber); arrivals marked ▲/◆."""
    frame = result.projection.frame
    styles = {"out": (STOCKOUT_ROW_COLOUR, STOCKOUT_INK, "x", "plan.chart.stockout"),
              "ok": (OK_COLOUR, OK_COLOUR, "", "plan.chart.in_stock"),
              "over": (OVERSTOCK_ROW_COLOUR, OVERSTOCK_INK, "/", "plan.chart.overstock")}
    bars: dict[str, dict[str, list[object]]] = {s: {"y": [], "x": [], "base": [], "text": []}
                                                for s in styles}
    marks: dict[str, dict[str, list[object]]] = {"known": {"x": [], "y": [], "text": []},
                                                 "planned": {"x": [], "y": [], "text": []}}
    labels = []
    for item in result.inputs:
        sku, warehouse_id = item.labels["sku"], item.labels["warehouse_id"]
        label = product_label(sku, warehouse_id, names)
        labels.append(label)
        mine = frame[(frame["sku"] == sku) & (frame["warehouse_id"] == warehouse_id)]
        flags = ["out" if o else "over" if v else "ok"
                 for o, v in zip(mine["stockout"], mine["overstock"], strict=True)]
        for state, first, days in _runs(flags):
            lost = float(mine["lost_sales"].iloc[first:first + days].sum())
            bars[state]["y"].append(label)
            bars[state]["x"].append(days * DAY_MS)
            bars[state]["base"].append((start + timedelta(days=first)).isoformat())
            bars[state]["text"].append(t(f"plan.chart.run_{state}", lang, label=label,
                                         first=(start + timedelta(days=first)).isoformat(),
                                         days=days, lost=format_count(lost)))
        _lineup_marks(marks, item, mine, label=label, start=start, lang=lang)
    fig = go.Figure()
    for state, (colour, ink, pattern, key) in styles.items():
        fig.add_trace(go.Bar(
            y=bars[state]["y"], x=bars[state]["x"], base=bars[state]["base"],
            orientation="h", name=t(key, lang), hovertext=bars[state]["text"],
            hoverinfo="text", marker={"color": colour, "line": {"width": 0},
                                      "pattern": {"shape": pattern, "fgcolor": ink,
                                                  "size": 8, "solidity": 0.2}}))
    for kind, symbol, colour, key in (("known", "triangle-up", INBOUND_COLOUR, "inbound"),
                                      ("planned", "diamond", PLANNED_COLOUR, "planned")):
        fig.add_trace(go.Scatter(x=marks[kind]["x"], y=marks[kind]["y"], mode="markers",
                                 marker={"symbol": symbol, "size": 12, "color": colour},
                                 name=t(f"plan.chart.{key}", lang),
                                 hovertext=marks[kind]["text"], hoverinfo="text"))
    fig.update_xaxes(type="date", title=t("plan.chart.date", lang),
                     tickformat=date_axis_format(lang), hoverformat=date_axis_format(lang))
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], automargin=True)
    return layout(fig, height=max(260, 36 * len(labels) + 120))


def _lineup_marks(marks: dict[str, dict[str, list[object]]], item: ProjectionInputs,
                  mine: pd.DataFrame, *, label: str, start: date, lang: str) -> None:
    for day, qty in item.inbound:
        if 0 <= day < item.days and qty > 0:
            marks["known"]["x"].append(start + timedelta(days=day))
            marks["known"]["y"].append(label)
            marks["known"]["text"].append(t("plan.chart.inbound_hover", lang,
                                            units=format_count(qty)))
    for day, qty in zip(mine["day"], mine["ordered"], strict=True):
        land = int(day) + item.lead_time_days
        if qty > 0 and land < item.days:
            marks["planned"]["x"].append(start + timedelta(days=land))
            marks["planned"]["y"].append(label)
            marks["planned"]["text"].append(t(
                "plan.chart.planned_hover", lang, units=format_count(qty),
                ordered=(start + timedelta(days=int(day))).isoformat()))


# --------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    note: str
    help: str | None = None


def _span(days: Sequence[date]) -> str:
    first, last = min(days), max(days)
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def planner_kpis(result: Outcome, *, start: date, mode: str, lineup: bool, currency: str,
                 price_currency: str, lang: str) -> list[Kpi]:
    """Lost sales, freight, storage and today's order under the sliders, with a short note
    under each (when stock runs out, how many shipments, overstock days, when it lands)."""
    totals, frame = result.projection.totals, result.projection.frame
    out = frame[frame["stockout"]] if not frame.empty else frame
    units = format_count(totals.lost_units)
    if out.empty:
        lost = t("plan.kpi.no_stockout", lang)
    elif lineup:
        lost = t("plan.kpi.lost_lineup", lang, units=units, total=len(result.inputs),
                 out=len(out[["sku", "warehouse_id"]].drop_duplicates()))
    else:
        lost = t("plan.kpi.lost_units", lang, units=units, days=totals.stockout_days,
                 first=(start + timedelta(days=int(out["day"].min()))).isoformat())
    orders = frame[frame["ordered"] > 0] if not frame.empty else frame
    # Items on one warehouse's lane ordering the same day travel on one shipment.
    shipments = (len(orders[["warehouse_id", "day"]].drop_duplicates())
                 if "warehouse_id" in orders else len(orders))
    lands = [start + timedelta(days=i.lead_time_days) for i in result.inputs] or [start]
    word = t(f"plan.lane.{mode}", lang)
    return [
        Kpi(t("plan.kpi.lost", lang), format_money(result.lost_value, price_currency), lost,
            t("plan.help.lost", lang)),
        Kpi(t("plan.kpi.freight", lang), format_money(totals.freight_cost, currency),
            t("plan.kpi.shipments", lang, n=shipments, mode=word)),
        Kpi(t("plan.kpi.storage", lang), format_money(totals.storage_cost, currency),
            t("plan.kpi.overstock_days", lang, days=totals.overstock_days),
            t("plan.help.storage", lang)),
        Kpi(t("plan.kpi.order", lang),
            t("plan.kpi.units", lang, units=format_count(totals.recommended_order_units)),
            t("plan.kpi.order_by", lang, mode=word, date=_span(lands)),
            t("plan.help.order", lang)),
    ]


# --------------------------------------------------------------------------- tables


def batching_table(options: Sequence[BatchingCost], *, currency: str, lang: str
                   ) -> pd.DataFrame:
    return pd.DataFrame([{
        t("plan.col.batching", lang): t(f"plan.batch.{o.name.replace(' ', '_')}", lang),
        t("plan.col.shipments", lang): o.shipments,
        t("plan.col.units_ordered", lang): format_count(o.ordered_units),
        t("plan.col.freight", lang): format_money(o.freight_cost, currency),
        t("plan.col.storage", lang): format_money(o.storage_cost, currency),
        t("plan.col.total", lang): format_money(o.total_cost, currency),
        t("plan.col.lost_units", lang): format_count(o.lost_units),
    } for o in options])


def batching_sentence(weekly: BatchingCost, one: BatchingCost, *, currency: str,
                      lang: str) -> str:
    """Which way is cheaper in freight + storage, by how much, and the lost-sales trade."""
    difference = one.total_cost - weekly.total_cost
    key = "plan.batch.weekly_cheaper" if difference > 0 else "plan.batch.one_cheaper"
    return t(key, lang, amount=format_money(abs(difference), currency),
             lost_weekly=format_count(weekly.lost_units), lost_one=format_count(one.lost_units))


def orders_table(result: Outcome, *, start: date, names: dict[str, str], mode: str,
                 lang: str) -> pd.DataFrame:
    """A lineup's orders today: product, warehouse, units, by, arrives, lost, days out."""
    orders = result.first_orders(start)
    return pd.DataFrame({
        t("plan.col.product", lang): [f"{s} · {names.get(s, '')}" for s in orders["sku"]],
        t("plan.col.warehouse", lang): orders["warehouse_id"],
        t("plan.col.order_today", lang): orders["order_qty"],
        t("plan.col.mode", lang): t(f"plan.lane.{mode}", lang),
        t("plan.col.arrive_by", lang): [d.isoformat() for d in orders["arrive_by"]],
        t("plan.col.lost_units", lang): [format_count(v) for v in orders["lost_units"]],
        t("plan.col.stockout_days", lang): orders["stockout_days"],
    })


def plan_sentence(lines: Sequence[PlanLine], *, lang: str) -> str:
    """What the replenishment plan orders for one product in one warehouse, in words:
    purchases, transfers in, and what to check (MOQ, margin)."""
    ordering = [line for line in lines if line.order_qty > 0]
    flags = sorted({f for line in lines for f in line.flags})
    if not ordering:
        text = t("plan.note.plan_nothing", lang)
    else:
        parts = [t("plan.note.plan_from" if line.is_transfer else "plan.note.plan_part", lang,
                   units=format_count(line.order_qty), origin=line.from_warehouse_id,
                   mode=t(f"plan.lane.{line.mode}", lang) if line.mode else "–",
                   date=line.arrive_by.isoformat() if line.arrive_by else "–")
                 for line in ordering]
        text = t("plan.note.plan_line", lang, orders=" · ".join(parts))
    return " ".join([text, *(f"⚠️ {t(f'plan.flag.{f}', lang)}." for f in flags)])


def plan_summary(lines: Sequence[PlanLine], *, lang: str) -> str:
    """Lines to order, units (by air, moved between warehouses), cost per currency, lines
    to check."""
    ordering = [x for x in lines if x.order_qty > 0]
    costs: dict[str, float] = {}
    for line in ordering:
        costs[line.currency] = costs.get(line.currency, 0.0) + line.cost
    return t("plan.summary", lang, ordering=len(ordering), total=len(lines),
             units=format_count(sum(x.order_qty for x in ordering)),
             air=format_count(sum(x.order_qty for x in ordering if x.mode == "air")),
             moved=format_count(sum(x.order_qty for x in ordering if x.is_transfer)),
             costs=" + ".join(format_money(v, c) for c, v in sorted(costs.items())) or "0",
             flagged=sum(1 for x in lines if x.flags))


def shared_note(inputs: Sequence[ProjectionInputs], *, lang: str) -> str:
    """How the what-if's shipments are shared and its orders rounded."""
    first = inputs[0]
    return t("plan.batch.shared", lang,
             units=format_count(sum(i.co_loaded_units for i in inputs)),
             moq=format_count(first.moq), case_pack=format_count(first.case_pack))


PLAN_CSV_COLUMNS = ["sku", "warehouse_id", "tier", "safety_stock", "reorder_point",
                    "stock_position", "order_qty", "mode", "arrive_by", "cost", "currency",
                    "from_warehouse_id", "need_qty", "shipment_share", "shipment_units",
                    "landed_cost_unit", "margin_unit", "flags"]


def plan_csv(lines: Sequence[PlanLine]) -> str:
    """The plan as CSV with `livestock plan --json`'s field names (flags ";"-separated); no
    cell of it a formula a spreadsheet would run (a SKU starting with = + - @)."""
    rows = [{**line.to_json(), "flags": ";".join(line.flags)} for line in lines]
    frame = pd.DataFrame(rows, columns=PLAN_CSV_COLUMNS)
    return frame.rename(columns=neutralise_cell).map(neutralise_cell).to_csv(index=False)


def plan_table(lines: Sequence[PlanLine], *, names: dict[str, str], lang: str
               ) -> pd.DataFrame:
    return pd.DataFrame([{
        t("plan.col.product", lang): f"{line.sku} · {names.get(line.sku, '')}",
        t("plan.col.warehouse", lang): line.warehouse_id,
        t("plan.col.from", lang): line.from_warehouse_id or t("plan.from.supplier", lang),
        t("plan.col.tier", lang): t(f"tier.{line.tier}", lang),
        t("plan.col.safety_stock", lang): round(line.safety_stock),
        t("plan.col.stock_position", lang): round(line.stock_position),
        t("plan.col.need", lang): round(line.need_qty),
        t("plan.col.order_qty", lang): line.order_qty,
        t("plan.col.mode", lang): t(f"plan.lane.{line.mode}", lang) if line.mode else "–",
        t("plan.col.arrive_by", lang): line.arrive_by.isoformat() if line.arrive_by else "–",
        t("plan.col.cost", lang): format_money(line.cost, line.currency),
        t("plan.col.shipment_share", lang): t(
            "plan.share_of", lang, cost=format_fee(line.shipment_share, line.currency),
            units=format_count(line.shipment_units)) if line.order_qty else "–",
        t("plan.col.landed", lang): format_fee(line.landed_cost_unit, line.currency)
        if line.landed_cost_unit is not None else "–",
        t("plan.col.margin", lang): format_fee(line.margin_unit, line.currency)
        if line.margin_unit is not None else "–",
        t("plan.col.flags", lang): " · ".join("⚠️ " + t(f"plan.flag.{f}", lang)
                                              for f in line.flags) or "✓",
    } for line in lines])
