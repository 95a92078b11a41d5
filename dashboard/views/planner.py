"""Between streams: what-if sliders over one product's (or a session's lineup's) stock in
the coming weeks, then the replenishment plan for every product and warehouse.

Planning data is read once and cached (dashboard.planning_data); a slider move reruns
only in-memory maths (core.planning.whatif over core.planning.projection) and redraws the chart.
"""


import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core.common.errors import LiveStockError
from core.common.i18n import t
from core.planning.whatif import (
    Baseline,
    apply_lineup_sliders,
    apply_sliders,
    carrying_warehouses,
    common_modes,
    compare_batching,
    outcome,
    share_with_plan,
)
from dashboard import controls, planner_controls, planning_data
from dashboard import planner_charts as charts
from dashboard.render import format_when

lang = controls.language()
tz = controls.display_tz()
CHART_CONFIG = {"displaylogo": False}



try:
    at = planning_data.moment()
    with st.spinner(t("plan.loading", lang)):
        planning = planning_data.planning(at)
except (LiveStockError, SQLAlchemyError) as error:
    controls.stop_with_error(error, lang)

st.title(t("plan.title", lang))
st.caption(t("plan.as_of", lang, time=format_when(planning.at, tz, lang)))
if st.sidebar.button(t("plan.reload", lang), icon="🔄"):
    planning_data.forget()
    st.rerun()
if planning.products.empty or planning.warehouses.empty:
    st.info(t("plan.empty.store", lang), icon="📭")
    st.stop()
names = dict(zip(planning.products["sku"], planning.products["name"], strict=True))
start = planning.at.astimezone(tz).date()


def pick_product() -> list[Baseline]:
    skus = sorted(names)
    left, right = st.columns(2)
    sku = left.selectbox(t("plan.pick.product", lang), skus, key="plan.sku",
                         format_func=lambda s: f"{s} · {names[s]}")
    homes = carrying_warehouses(planning, sku=sku) or sorted(planning.warehouses["warehouse_id"])
    warehouse_id = right.selectbox(t("plan.pick.warehouse", lang), homes, key=f"plan.wh.{sku}")
    return [planning_data.product_baseline(at, sku=sku, warehouse_id=warehouse_id)]


def pick_session() -> tuple[str, list[Baseline]]:
    upcoming = planning.sessions[planning.sessions["end"] > planning.at].sort_values("start")
    if upcoming.empty:
        st.info(t("plan.empty.no_sessions", lang), icon="📭")
        st.stop()
    titles = {str(sid): f"{title} · {format_when(begins.to_pydatetime(), tz, lang)} · {sid}"
              for sid, title, begins in zip(upcoming["session_id"], upcoming["title"],
                                            upcoming["start"], strict=True)}
    session_id = st.selectbox(t("plan.pick.session", lang), list(titles), key="plan.session",
                              format_func=titles.__getitem__)
    bases = planning_data.lineup(at, session_id=session_id)
    if not bases:
        st.info(t("plan.empty.no_lineup", lang), icon="📭")
        st.stop()
    return session_id, bases


scope = st.radio(t("plan.scope", lang), ["product", "session"], horizontal=True,
                 key="plan.scope", format_func=lambda s: t(f"plan.scope.{s}", lang))
try:
    with st.spinner(t("plan.loading", lang)):
        lines = planning_data.plan(at)
    if scope == "product":
        bases = pick_product()
        base = bases[0]
        if base.history_days == 0:
            st.info(t("plan.empty.no_history", lang), icon="🆕")
        sliders = planner_controls.product_sliders(base, settings=planning.settings, lang=lang)
        inputs = [apply_sliders(base, sliders)]
        mode = sliders.freight_mode or "sea"
    else:
        session_id, bases = pick_session()
        modes = common_modes(bases)
        lineup = planner_controls.lineup_sliders(bases, modes, session_id=session_id,
                                                 settings=planning.settings, lang=lang)
        inputs = apply_lineup_sliders(bases, lineup)
        mode = lineup.freight_mode
    inputs = share_with_plan(inputs, lines)  # shipments shared with the plan's other products
    result = outcome(inputs)
    weekly, one_batch = compare_batching(inputs)
except (LiveStockError, SQLAlchemyError, ValueError) as error:
    controls.stop_with_error(error, lang)

for column, kpi in zip(st.columns(4), charts.planner_kpis(
        result, start=start, mode=mode, lineup=scope == "session", currency=bases[0].currency,
        price_currency=bases[0].price_currency, lang=lang), strict=True):
    column.metric(kpi.label, kpi.value, kpi.note, delta_color="off", delta_arrow="off",
                  help=kpi.help)
if scope == "product":
    st.caption(charts.plan_sentence([line for line in lines if line.sku == bases[0].sku and
                                     line.warehouse_id == bases[0].warehouse_id], lang=lang))

figure = (charts.projection_figure(result, start=start, lang=lang) if scope == "product"
          else charts.lineup_figure(result, start=start, names=names, lang=lang))
st.plotly_chart(figure, config=CHART_CONFIG, key="plan-chart")
st.caption(t("plan.note.chart", lang, days=inputs[0].days))
if scope == "session":
    st.dataframe(charts.orders_table(result, start=start, names=names, mode=mode, lang=lang),
                 hide_index=True)

st.subheader(t("plan.section.batching", lang))
currency = bases[0].currency
st.dataframe(charts.batching_table((weekly, one_batch), currency=currency, lang=lang),
             hide_index=True)
st.caption(charts.batching_sentence(weekly, one_batch, currency=currency, lang=lang))
st.caption(charts.shared_note(inputs, lang=lang))

st.subheader(t("plan.section.plan", lang))
st.caption(charts.plan_summary(lines, lang=lang))
only_orders = st.toggle(t("plan.only_orders", lang), value=True, key="plan.only_orders")
shown = [line for line in lines if line.order_qty > 0] if only_orders else lines
if shown:
    st.dataframe(charts.plan_table(shown, names=names, lang=lang), hide_index=True)
else:
    st.caption(t("plan.plan_none", lang))
st.caption(t("plan.note.plan", lang))
st.download_button(t("plan.download", lang), data=charts.plan_csv(lines), mime="text/csv",
                   file_name=f"plan-{start.isoformat()}.csv", icon="📥", on_click="ignore")
