"""The planning pages' cached reads, over `core.planning.service`, `core.planning.whatif` and the store.

Planning data (stock, demand, history, the fitted models) takes seconds to read and fit,
so it is read once and kept for `PLANNING_TTL_SECONDS` with `st.cache_resource` (by
reference: a slider move must not unpickle it again); everything a slider move needs is
then computed from it in memory. `?at=` (ISO 8601 with an offset) replays a past moment,
as `livestock plan --at` does. `forget()` drops it all (the reload button, a settings
save). The engine is dashboard.data's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from core.common.errors import LiveStockError
from core.common.timeutil import parse_instant
from core.forecast import reads as h
from core.forecast.model import SessionForecast
from core.forecast.service import session_forecast
from core.planning.placement import high_margin_cut, product_homes, unit_costs
from core.planning.replenish import PlanLine
from core.planning.service import (
    DEMAND_WINDOW_DAYS,
    PlanningData,
    load_planning_data,
    replenishment_plan,
    warehouse_table,
)
from core.planning.stock_age import aged_by_warehouse, stock_ages
from core.planning.whatif import Baseline, baseline, session_lineup
from core.store.db import database_url
from dashboard import data

PLANNING_TTL_SECONDS = 300


def moment() -> datetime | None:
    """`?at=` as a UTC moment, None for now; a bad value raises LiveStockError."""
    text = st.query_params.get("at")
    if not text:
        return None
    try:
        return parse_instant(text)
    except ValueError as error:
        raise LiveStockError(f"?at={text}: {error}") from error


@st.cache_resource(ttl=PLANNING_TTL_SECONDS, show_spinner=False)
def _planning(url: str, at: datetime | None) -> PlanningData:
    return load_planning_data(data.engine(), at=at)


def planning(at: datetime | None) -> PlanningData:
    return _planning(database_url(), at)


@st.cache_data(ttl=PLANNING_TTL_SECONDS, show_spinner=False)
def _baseline(url: str, at: datetime | None, sku: str, warehouse_id: str) -> Baseline:
    return baseline(_planning(url, at), sku=sku, warehouse_id=warehouse_id)


def product_baseline(at: datetime | None, *, sku: str, warehouse_id: str) -> Baseline:
    return _baseline(database_url(), at, sku, warehouse_id)


@st.cache_data(ttl=PLANNING_TTL_SECONDS, show_spinner=False)
def _lineup(url: str, at: datetime | None, session_id: str) -> list[Baseline]:
    planning_data = _planning(url, at)
    forecast: SessionForecast | None
    try:
        forecast = session_forecast(data.engine(), session_id=session_id,
                                    at=planning_data.at).forecast
    except LiveStockError:  # no past stream to learn from: the store's defaults stand
        forecast = None
    return session_lineup(planning_data, session_id=session_id, forecast=forecast)


def lineup(at: datetime | None, *, session_id: str) -> list[Baseline]:
    return _lineup(database_url(), at, session_id)


@st.cache_data(ttl=PLANNING_TTL_SECONDS, show_spinner=False)
def _plan(url: str, at: datetime | None) -> list[PlanLine]:
    return replenishment_plan(data.engine(), data=_planning(url, at))


def plan(at: datetime | None) -> list[PlanLine]:
    return _plan(database_url(), at)


@st.cache_data(ttl=PLANNING_TTL_SECONDS, show_spinner=False)
def _warehouse_view(url: str, at: datetime | None) -> dict[str, pd.DataFrame]:
    planning_data = _planning(url, at)
    table = warehouse_table(planning_data)
    moment_ = planning_data.at
    with data.engine().connect() as conn:
        counts = h.stock_counts(conn=conn, until=moment_)
        inbound = h.inbound_known(conn=conn, until=moment_)
        shape = h.order_shape(conn=conn, since=moment_ - timedelta(days=DEMAND_WINDOW_DAYS),
                              until=moment_)
    settings = planning_data.settings
    available = (table[["sku", "warehouse_id"]].assign(units=table["available"])
                 if not table.empty else pd.DataFrame(columns=["sku", "warehouse_id", "units"]))
    ages = stock_ages(available=available, counts=counts, inbound=inbound, at=moment_)
    cut = high_margin_cut(planning_data.products)
    return {
        "table": table, "ages": ages, "aged": aged_by_warehouse(ages),
        "costs": unit_costs(table=table, warehouses=planning_data.warehouses,
                            lanes=planning_data.lanes, shape=shape,
                            review_period_days=settings.review_period_days),
        "homes": product_homes(table=table, products=planning_data.products,
                               warehouses=planning_data.warehouses,
                               fast_below_days=settings.fast_mover_days, high_margin=cut),
        "high_margin": pd.DataFrame({"cut": [cut]}),
    }


def warehouse_view(at: datetime | None) -> dict[str, pd.DataFrame]:
    """table (core.planning.service.warehouse_table), ages, aged (by band), costs (per unit sold),
    homes (where each product belongs), high_margin (the margin cut used)."""
    return _warehouse_view(database_url(), at)


def forget() -> None:
    """Drop every cached planning read: the next run reads the store again."""
    for cached in (_baseline, _lineup, _plan, _warehouse_view):
        cached.clear()
    _planning.clear()
