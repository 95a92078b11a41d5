"""Warehouses: stock by warehouse and mode, fees, fast and slow movers, aged stock, cost per
unit sold by warehouse and lane, lanes (transfers too) with this plan's shared shipments,
and where each product belongs.

Widgets -> dashboard.planning_data (cached core.planning.service: the planning data and the
warehouse view) -> figures and tables from dashboard.warehouse_charts.
"""


import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core.common.errors import LiveStockError
from core.common.i18n import t
from core.planning.stock_age import AGE_BANDS_DAYS
from dashboard import controls, planning_data
from dashboard import warehouse_charts as charts
from dashboard.render import format_count, format_when

lang = controls.language()
tz = controls.display_tz()
CHART_CONFIG = {"displaylogo": False}



try:
    at = planning_data.moment()
    with st.spinner(t("plan.loading", lang)):
        planning = planning_data.planning(at)
        view = planning_data.warehouse_view(at)
except (LiveStockError, SQLAlchemyError) as error:
    controls.stop_with_error(error, lang)

st.title(t("wh.title", lang))
st.caption(t("wh.as_of", lang, time=format_when(planning.at, tz, lang)))
if planning.warehouses.empty:
    st.info(t("wh.empty.store", lang), icon="📭")
    st.stop()
settings = planning.settings
countries = sorted(planning.warehouses["country"].unique())
market = st.sidebar.selectbox(t("wh.market", lang), ["*", *countries], key="wh.market",
                              format_func=lambda c: t("wh.market.all", lang) if c == "*" else c)
warehouses = (planning.warehouses if market == "*"
              else planning.warehouses[planning.warehouses["country"] == market])
ids = set(warehouses["warehouse_id"])


def mine(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["warehouse_id"].isin(ids)] if not frame.empty else frame


table, aged, costs = mine(view.table), mine(view.aged), mine(view.costs)
homes = view.homes
homes = homes[homes["sku"].isin(set(table["sku"]))] if not table.empty else homes.iloc[0:0]
names = dict(zip(planning.products["sku"], planning.products["name"], strict=True))
old = float(aged.loc[aged["band"].isin(["91-180", "180+"]), "units"].sum()) \
    if not aged.empty else 0.0

kpis = st.columns(5)
kpis[0].metric(t("wh.kpi.available", lang),
               format_count(float(table["available"].sum()) if not table.empty else 0))
kpis[1].metric(t("wh.kpi.inbound", lang),
               format_count(float(table["inbound"].sum()) if not table.empty else 0))
for column, turnover in ((kpis[2], "fast"), (kpis[3], "slow")):
    column.metric(t(f"wh.kpi.{turnover}", lang, days=f"{settings.fast_mover_days:g}"
                    if turnover == "fast" else f"{settings.slow_mover_days:g}"),
                  int((charts.with_turnover(table)["turnover"] == turnover).sum())
                  if not table.empty else 0)
kpis[4].metric(t("wh.kpi.aged", lang, days=AGE_BANDS_DAYS[1]), format_count(old))

st.subheader(t("wh.section.stock", lang))
if table.empty:
    st.info(t("wh.empty.stock", lang), icon="📭")
else:
    st.plotly_chart(charts.stock_figure(table, lang=lang), config=CHART_CONFIG, key="wh-stock")
st.dataframe(charts.warehouse_summary(table, warehouses, lang=lang), hide_index=True)
st.caption(t("wh.note.fees", lang))

st.subheader(t("wh.section.movers", lang))
fast_column, slow_column = st.columns(2)
for column, turnover in ((fast_column, "fast"), (slow_column, "slow")):
    column.markdown(t(f"wh.movers.{turnover}", lang, fast=f"{settings.fast_mover_days:g}",
                      slow=f"{settings.slow_mover_days:g}"))
    movers = charts.movers_table(table, turnover=turnover, names=names, lang=lang)
    if movers.empty:
        column.caption(t("wh.movers.none", lang))
    else:
        column.dataframe(movers, hide_index=True)

st.subheader(t("wh.section.aged", lang))
if aged.empty:
    st.caption(t("wh.aged.none", lang))
else:
    st.plotly_chart(charts.age_figure(aged, lang=lang), config=CHART_CONFIG, key="wh-aged")
st.caption(t("wh.note.aged", lang))

st.subheader(t("wh.section.costs", lang))
if costs.empty or costs["cost_per_unit_sold"].isna().all():
    st.caption(t("wh.costs.none", lang))
else:
    st.plotly_chart(charts.cost_figure(costs, lang=lang), config=CHART_CONFIG, key="wh-costs")
    st.dataframe(charts.costs_table(costs, lang=lang), hide_index=True)
st.caption(t("wh.note.costs", lang, review=f"{settings.review_period_days:g}"))

st.subheader(t("wh.section.lanes", lang))
try:  # after the charts above: Streamlit has sent them while the plan is made
    plan = planning_data.plan(at)
except (LiveStockError, SQLAlchemyError) as error:
    controls.stop_with_error(error, lang)
st.dataframe(charts.plan_by_warehouse(plan, warehouses, lang=lang), hide_index=True)
st.dataframe(charts.lanes_table(planning.lanes, warehouses, plan, lang=lang), hide_index=True)
st.caption(t("wh.note.lanes", lang))

st.subheader(t("wh.section.homes", lang))
if homes.empty:
    st.caption(t("wh.homes.none", lang))
else:
    moves = int(homes["move"].sum())
    st.markdown(t("wh.homes.summary", lang, moves=moves, total=len(homes)))
    st.dataframe(charts.homes_table(homes, fast_days=settings.fast_mover_days, lang=lang),
                 hide_index=True)
st.caption(t("wh.note.homes", lang, margin=f"{view.high_margin:.0%}",
             fast=f"{settings.fast_mover_days:g}"))
