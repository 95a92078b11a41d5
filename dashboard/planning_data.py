"""The planning pages' cached calls of `core.planning.service` and `core.planning.whatif`.

Planning data (stock, demand, history, the fitted models) takes seconds to read and fit,
so it is read once and kept for `PLANNING_TTL_SECONDS` with `st.cache_resource` (by
reference: a slider move must not unpickle it again); everything a slider move needs is
then computed from it in memory. `?at=` (ISO 8601 with an offset) replays a past moment,
as `livestock plan --at` does. `forget()` drops it all (the reload button, a settings
save). The engine is dashboard.data's.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from core.common.errors import LiveStockError
from core.common.timeutil import parse_instant
from core.planning import service as planning_service
from core.planning.inputs import PlanningData
from core.planning.replenish import PlanLine
from core.planning.warehouse_view import WarehouseView
from core.planning.whatif import Baseline, baseline
from core.store.db import database_url
from dashboard import data

PLANNING_TTL_SECONDS = 300


def moment() -> datetime | None:
    """`?at=` as a UTC moment, None for now (the store's clock: `data.store_clock`); a
    bad value raises LiveStockError."""
    text = st.query_params.get("at")
    if not text:
        return None
    try:
        return parse_instant(text)
    except ValueError as error:
        raise LiveStockError(f"?at={text}: {error}") from error


@st.cache_resource(ttl=PLANNING_TTL_SECONDS, show_spinner=False)
def _planning(url: str, at: datetime | None) -> PlanningData:
    # "Now" is the store's clock, as on the board: a simulated stream's time while one
    # plays. The key stays None, so a clock that moves every tick does not refit each run.
    return planning_service.load_planning_data(data.engine(), at=at or data.store_clock())


def planning(at: datetime | None) -> PlanningData:
    return _planning(database_url(), at)


@st.cache_data(ttl=PLANNING_TTL_SECONDS, show_spinner=False)
def _baseline(url: str, at: datetime | None, sku: str, warehouse_id: str) -> Baseline:
    return baseline(_planning(url, at), sku=sku, warehouse_id=warehouse_id)


def product_baseline(at: datetime | None, *, sku: str, warehouse_id: str) -> Baseline:
    return _baseline(database_url(), at, sku, warehouse_id)


@st.cache_data(ttl=PLANNING_TTL_SECONDS, show_spinner=False)
def _lineup(url: str, at: datetime | None, session_id: str) -> list[Baseline]:
    return planning_service.lineup_baselines(data.engine(), data=_planning(url, at),
                                             session_id=session_id)


def lineup(at: datetime | None, *, session_id: str) -> list[Baseline]:
    return _lineup(database_url(), at, session_id)


@st.cache_data(ttl=PLANNING_TTL_SECONDS, show_spinner=False)
def _plan(url: str, at: datetime | None) -> list[PlanLine]:
    return planning_service.replenishment_plan(data.engine(), data=_planning(url, at))


def plan(at: datetime | None) -> list[PlanLine]:
    return _plan(database_url(), at)


@st.cache_data(ttl=PLANNING_TTL_SECONDS, show_spinner=False)
def _warehouse_view(url: str, at: datetime | None) -> WarehouseView:
    return planning_service.warehouse_view(data.engine(), data=_planning(url, at))


def warehouse_view(at: datetime | None) -> WarehouseView:
    """The warehouses page's tables (`core.planning.warehouse_view.WarehouseView`)."""
    return _warehouse_view(database_url(), at)


def forget() -> None:
    """Drop every cached planning read: the next run reads the store again."""
    for cached in (_baseline, _lineup, _plan, _warehouse_view):
        cached.clear()
    _planning.clear()
