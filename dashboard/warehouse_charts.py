"""The warehouses page's figures and tables: stock, turnover, age, costs and homes per
warehouse -> plotly Figure / DataFrame.

No st.* calls. Stacks carry a pattern as well as a colour, so no reader depends on telling
colours apart.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, cast

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.common.i18n import t
from core.planning.replenish import PlanLine
from dashboard.planning_display import format_fee, layout
from dashboard.render import format_count, format_money

TURNOVER_COLOUR = {"fast": "#3ddc97", "regular": "#4c8dff", "slow": "#f2a900"}
AGE_COLOUR = {"0-30": "#3ddc97", "31-90": "#4c8dff", "91-180": "#f2a900", "180+": "#d64536"}
LANE_COLOUR = {"sea": "#4c8dff", "rail": "#9b7bff", "air": "#f2a900", "express": "#d64536",
               "truck": "#3ddc97"}


def _rows(frame: pd.DataFrame) -> Iterator[Any]:
    """A frame's rows as named tuples (loosely typed: its columns are data, not code)."""
    return cast(Iterator[Any], frame.itertuples(index=False))


def _warehouse_label(warehouse_id: str, mode: str, lang: str) -> str:
    return f"{warehouse_id} · {t(f'wh.mode.{mode}', lang)}"


def warehouse_summary(table: pd.DataFrame, warehouses: pd.DataFrame, *, lang: str
                      ) -> pd.DataFrame:
    """One row per warehouse: where, what kind, its fees, its stock and how fast it turns."""
    rows = []
    for wh in _rows(warehouses):
        mine = table[table["warehouse_id"] == wh.warehouse_id] if not table.empty else table
        stock = float(mine["available"].sum()) if not mine.empty else 0.0
        daily = float(mine["avg_daily_sales"].fillna(0).sum()) if not mine.empty else 0.0
        currency = str(wh.currency)
        rows.append({
            t("wh.col.warehouse", lang): f"{wh.warehouse_id} · {wh.name}",
            t("wh.col.country", lang): wh.country,
            t("wh.col.mode", lang): t(f"wh.mode.{wh.mode}", lang),
            t("wh.col.available", lang): format_count(stock),
            t("wh.col.inbound", lang): format_count(float(mine["inbound"].sum())
                                                    if not mine.empty else 0.0),
            t("wh.col.units_per_day", lang): f"{daily:,.1f}",
            t("wh.col.turnover_days", lang): f"{stock / daily:,.0f}" if daily > 0 else "–",
            t("wh.col.storage_fee", lang): format_fee(float(wh.storage_fee_unit_day), currency),
            t("wh.col.inbound_fee", lang): format_fee(float(wh.inbound_fee_unit), currency),
            t("wh.col.outbound_fee", lang): format_fee(float(wh.outbound_fee_order), currency),
            t("wh.col.return_fee", lang): format_fee(float(wh.return_fee_unit), currency),
        })
    return pd.DataFrame(rows)


def stock_figure(table: pd.DataFrame, *, lang: str) -> go.Figure:
    """Units available per warehouse (labelled with its mode), stacked by turnover class."""
    fig = go.Figure()
    if not table.empty:
        labelled = table.assign(label=[_warehouse_label(w, m, lang) for w, m in
                                       zip(table["warehouse_id"], table["warehouse_mode"],
                                           strict=True)])
        order = sorted(labelled["label"].unique())
        for turnover, pattern in (("fast", ""), ("regular", "."), ("slow", "/")):
            part = labelled[labelled["turnover"] == turnover].groupby("label")["available"] \
                .sum().reindex(order, fill_value=0.0)
            fig.add_trace(go.Bar(
                x=order, y=part.to_numpy(), name=t(f"wh.turnover.{turnover}", lang),
                marker={"color": TURNOVER_COLOUR[turnover],
                        "pattern": {"shape": pattern}},
                hovertemplate="%{x}<br>%{y:,.0f} " + t("wh.units", lang)
                              + f"<extra>{t(f'wh.turnover.{turnover}', lang)}</extra>"))
    fig.update_yaxes(title=t("wh.col.available", lang))
    return layout(fig, height=360).update_layout(barmode="stack", bargap=0.3,
                                                  legend={"traceorder": "normal"})


def with_turnover(table: pd.DataFrame) -> pd.DataFrame:
    """The product-warehouse rows that have a turnover: no stock and no sales has none (not
    fast, not slow: PRODUCT.md "Demand, not sales"), so it is on neither list."""
    if table.empty:
        return table
    sold = table["avg_daily_sales"].fillna(0) > 0
    return table[(table["available"] > 0) | sold]


def turnover_text(days: float | None, lang: str) -> str:
    """Whole days; ∞ for stock that does not sell; 0 out of stock for what sold out."""
    if days is None or pd.isna(days) or days == float("inf"):
        return "∞"
    if days <= 0:
        return t("wh.turnover.out", lang)
    return f"{days:,.0f}"


def movers_table(table: pd.DataFrame, *, turnover: str, names: dict[str, str], lang: str
                 ) -> pd.DataFrame:
    """The fast (or slow) movers, the quickest (or slowest) first; turnover second, so a
    half-width column never hides it."""
    shown = with_turnover(table)
    mine = shown[shown["turnover"] == turnover] if not shown.empty else shown
    if mine.empty:
        return pd.DataFrame()
    # Products on the shelf first (quickest or slowest), sold-out ones after them.
    mine = mine.assign(sold_out=mine["available"] <= 0).sort_values(
        ["sold_out", "turnover_days"], ascending=[True, turnover == "fast"],
        na_position="first")
    return pd.DataFrame({
        t("wh.col.product", lang): [names.get(s) or s for s in mine["sku"]],
        t("wh.col.turnover_days", lang): [turnover_text(v, lang) for v in mine["turnover_days"]],
        t("wh.col.warehouse", lang): mine["warehouse_id"],
        t("wh.col.available", lang): [format_count(v) for v in mine["available"]],
        t("wh.col.units_per_day", lang): [f"{v:,.1f}" if pd.notna(v) else "–"
                                          for v in mine["avg_daily_sales"]],
        t("wh.col.inbound", lang): [format_count(v) for v in mine["inbound"]],
        "SKU": mine["sku"],
    })


def age_figure(aged: pd.DataFrame, *, lang: str) -> go.Figure:
    """Units per warehouse by how long they have been on the shelf, stacked."""
    fig = go.Figure()
    warehouses = sorted(aged["warehouse_id"].unique()) if not aged.empty else []
    for band, pattern in (("0-30", ""), ("31-90", "."), ("91-180", "/"), ("180+", "x")):
        part = (aged[aged["band"] == band].set_index("warehouse_id")["units"]
                .reindex(warehouses, fill_value=0.0)) if warehouses else pd.Series(dtype=float)
        fig.add_trace(go.Bar(
            x=warehouses, y=part.to_numpy(), name=t("wh.age.band", lang, band=band),
            marker={"color": AGE_COLOUR[band], "pattern": {"shape": pattern}},
            hovertemplate="%{x}<br>%{y:,.0f} " + t("wh.units", lang)
                          + f"<extra>{t('wh.age.band', lang, band=band)}</extra>"))
    fig.update_yaxes(title=t("wh.col.available", lang))
    return layout(fig, height=340).update_layout(barmode="stack", bargap=0.3,
                                                  legend={"traceorder": "normal"})


def cost_figure(costs: pd.DataFrame, *, lang: str) -> go.Figure:
    """Cost per unit sold per warehouse, one bar per lane; one panel per currency (money in
    different currencies is never drawn on one axis)."""
    priced = costs.dropna(subset=["cost_per_unit_sold"]) if not costs.empty else costs
    currencies = sorted(priced["currency"].unique()) if not priced.empty else []
    fig = make_subplots(rows=1, cols=max(len(currencies), 1), subplot_titles=currencies or None,
                        column_widths=[max(int((priced["currency"] == c).sum()), 1)
                                       for c in currencies] or None)
    shown: set[str] = set()
    for col, currency in enumerate(currencies, start=1):
        mine = priced[priced["currency"] == currency]
        for lane in [m for m in LANE_COLOUR if m in set(mine["lane"])]:
            part = mine[mine["lane"] == lane]
            fig.add_trace(go.Bar(
                x=[_warehouse_label(w, m, lang) for w, m in
                   zip(part["warehouse_id"], part["warehouse_mode"], strict=True)],
                y=part["cost_per_unit_sold"], name=t(f"plan.lane.{lane}", lang),
                legendgroup=lane, showlegend=lane not in shown,
                marker={"color": LANE_COLOUR[lane]},
                hovertemplate="%{x}<br>%{y:,.2f} " + currency
                              + f"<extra>{t(f'plan.lane.{lane}', lang)}</extra>"),
                row=1, col=col)
            shown.add(lane)
    fig.update_yaxes(title=t("wh.cost.axis", lang), col=1)
    return layout(fig, height=380).update_layout(
        barmode="group", bargap=0.25, margin={"t": 80},
        legend={"y": 1.14})  # above the panels' currency titles


def costs_table(costs: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    if costs.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        t("wh.col.warehouse", lang): [_warehouse_label(w, m, lang) for w, m in
                                      zip(costs["warehouse_id"], costs["warehouse_mode"],
                                          strict=True)],
        t("wh.col.lane", lang): [t(f"plan.lane.{m}", lang) for m in costs["lane"]],
        t("wh.col.cost_per_unit", lang): [
            "–" if pd.isna(v) else format_fee(float(v), c)
            for v, c in zip(costs["cost_per_unit_sold"], costs["currency"], strict=True)],
        t("wh.col.units_per_shipment", lang): [format_count(v)
                                               for v in costs["units_per_shipment"]],
        t("wh.col.days_held", lang): [f"{v:,.0f}" for v in costs["days_held"]],
        t("wh.col.units_per_order", lang): [f"{v:.2f}" for v in costs["units_per_order"]],
        t("wh.col.return_rate", lang): [f"{v:.1%}" for v in costs["return_rate"]],
    })


def homes_table(homes: pd.DataFrame, *, fast_days: float, lang: str) -> pd.DataFrame:
    """Where each product belongs, the ones to move first."""
    if homes.empty:
        return pd.DataFrame()
    ordered = homes.sort_values(["move", "sku"], ascending=[False, True])
    return pd.DataFrame({
        t("wh.col.product", lang): [f"{s} · {n}" for s, n in
                                    zip(ordered["sku"], ordered["name"], strict=True)],
        t("wh.col.now_in", lang): [", ".join(t(f"wh.mode.{m}", lang) for m in v.split(", "))
                                   if v else "–" for v in ordered["now_in"]],
        t("wh.col.belongs", lang): [
            t(f"wh.mode.{m}", lang) if exists
            else t("wh.home.missing", lang, mode=t(f"wh.mode.{m}", lang), markets=markets)
            for m, exists, markets in zip(ordered["suggested_home"], ordered["home_exists"],
                                          ordered["markets"], strict=True)],
        t("wh.col.why", lang): [
            t(f"wh.why.{why}", lang, margin=f"{margin:.0%}", fast=f"{fast_days:g}",
              days="∞" if pd.isna(days) else f"{days:,.0f}")
            for why, margin, days in zip(ordered["why"], ordered["margin"],
                                         ordered["turnover_days"], strict=True)],
        t("wh.col.move", lang): ["⚠️ " + t("wh.move.yes", lang) if m else "✓"
                                 for m in ordered["move"]],
    })


def lanes_table(lanes: pd.DataFrame, warehouses: pd.DataFrame, plan: Sequence[PlanLine], *,
                lang: str) -> pd.DataFrame:
    """One row per lane into these warehouses (from the supplier or a transfer from another
    of the seller's warehouses): transit, costs in the destination's currency, and this
    plan's units on its shipment with the shipment cost each unit bears."""
    currency = dict(zip(warehouses["warehouse_id"], warehouses["currency"], strict=True))
    units: dict[tuple[str, str, str], int] = {}
    for line in plan:
        if line.order_qty > 0 and line.mode:
            key = (line.from_warehouse_id or "", line.warehouse_id, line.mode)
            units[key] = units.get(key, 0) + line.order_qty
    rows = []
    mine = lanes[lanes["warehouse_id"].isin(set(currency))]
    for lane in _rows(mine.sort_values(["warehouse_id", "from_warehouse_id", "transit_days"])):
        origin = str(lane.from_warehouse_id or "")
        money = str(currency[lane.warehouse_id])
        carried = units.get((origin, lane.warehouse_id, lane.mode), 0)
        rows.append({
            t("wh.col.warehouse", lang): lane.warehouse_id,
            t("wh.col.from", lang): origin or t("plan.from.supplier", lang),
            t("wh.col.lane", lang): t(f"plan.lane.{lane.mode}", lang),
            t("wh.col.transit", lang): f"{float(lane.transit_days):g}",
            t("wh.col.lane_cost_unit", lang): format_fee(float(lane.cost_unit), money),
            t("wh.col.lane_cost_shipment", lang): format_fee(float(lane.cost_shipment), money),
            t("wh.col.plan_units", lang): format_count(carried) if carried else "–",
            t("wh.col.share_unit", lang): format_fee(float(lane.cost_shipment) / carried, money)
            if carried else "–",
        })
    return pd.DataFrame(rows)


def plan_by_warehouse(plan: Sequence[PlanLine], warehouses: pd.DataFrame, *, lang: str
                      ) -> pd.DataFrame:
    """Per warehouse what this plan does: units bought, moved in and out between the
    seller's warehouses, its cost in the warehouse's currency, lines to check."""
    rows = []
    for wh in _rows(warehouses):
        into = [x for x in plan if x.warehouse_id == wh.warehouse_id and x.order_qty > 0]
        rows.append({
            t("wh.col.warehouse", lang): f"{wh.warehouse_id} · {wh.name}",
            t("wh.col.bought", lang): format_count(sum(x.order_qty for x in into
                                                       if not x.is_transfer)),
            t("wh.col.moved_in", lang): format_count(sum(x.order_qty for x in into
                                                         if x.is_transfer)),
            t("wh.col.moved_out", lang): format_count(sum(
                x.order_qty for x in plan if x.from_warehouse_id == wh.warehouse_id)),
            t("wh.col.plan_cost", lang): format_money(sum(x.cost for x in into),
                                                      str(wh.currency)),
            t("wh.col.flagged", lang): sum(1 for x in plan if x.flags
                                           and x.warehouse_id == wh.warehouse_id),
        })
    return pd.DataFrame(rows)
