"""Planning services: the replenishment plan, the planner's and the warehouses page's data.

Each reads the store as of a moment `at` (only what was known then) through
`core.forecast.reads`, `core.planning.reads` and `core.stock.reads`, and computes through the pure
`core.planning.inputs` (the plan, the what-if defaults), `core.planning.whatif` and
`core.planning.warehouse_view`. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import astuple
from datetime import datetime, timedelta
from typing import Any, cast

import pandas as pd
from sqlalchemy import Connection, Engine

from core.common.errors import LiveStockError
from core.common.settings import Settings
from core.common.timeutil import utc_now
from core.forecast import reads as h
from core.forecast.model import SessionForecast
from core.forecast.service import (
    forecast_moment,
    kept_history,
    kept_replay,
    session_forecast,
)
from core.planning import reads as plan_reads
from core.planning.demand import DailyDemand
from core.planning.inputs import PairState, PlanningData, plan_for, planning_data_from
from core.planning.inputs.data import DemandInputs, pair_demands
from core.planning.replenish import PlanLine
from core.planning.warehouse_view import WarehouseView, warehouse_view_of
from core.planning.whatif import Baseline, session_lineup
from core.stock import reads as stock_reads
from core.stock.available import positions_at
from core.store.results_cache import read_result, write_result
from core.store.settings_store import load_settings

DEMAND_WINDOW_DAYS = 90
DEMAND_KIND = "demand"


def _rows(frame: pd.DataFrame) -> Iterator[Any]:
    """A frame's rows as named tuples (loosely typed: its columns are data, not code)."""
    return cast(Iterator[Any], frame.itertuples(index=False))


def _pair_states(conn: Connection, *, products: pd.DataFrame, warehouses: pd.DataFrame,
                 at: datetime) -> dict[tuple[str, str], PairState]:
    """Per (product, warehouse) counted by `at`: available as `core.stock.available` has it
    in that warehouse (its latest count, on hand - reserved, minus the units shipped from it
    or, for orders without a warehouse, charged to it by the rule since); inbound = the
    lots no count has taken in yet (`core.stock.reads.pending_inbound`: received_at, or the
    ETA for files without it; a late lot stays inbound)."""
    skus = products["sku"].tolist()
    every = stock_reads.warehouses(conn=conn)
    latest = stock_reads.latest_positions(conn=conn, skus=skus, warehouses=every, at=at)
    states = {(sku, wh): PairState(float(units), ())
              for sku, position in positions_at(latest, every).items()
              for wh, units in position.units_by_warehouse.items()}
    pending = stock_reads.pending_inbound(
        conn=conn, skus=skus, warehouse_ids=warehouses["warehouse_id"].tolist(), at=at)
    for row in _rows(pending):
        key = (row.sku, row.warehouse_id)
        state = states.get(key, PairState(0.0, ()))
        eta_days = max(0.0, (row.eta - pd.Timestamp(at)).total_seconds() / 86_400)
        states[key] = PairState(state.available_units,
                                (*state.inbound, (eta_days, float(row.qty))))
    return states


def load_planning_data(engine: Engine, *, at: datetime | None = None,
                       settings: Settings | None = None) -> PlanningData:
    """What the plan and the planner start from, as the store had it at `at` (default now):
    products and their supplier terms, warehouses with the platforms they serve, lanes
    (transfer lanes too), stock and inbound, the last 90 days' daily sales, the forecast's
    history and the team's viewer estimates (`core.planning.inputs.planning_data_from`)."""
    at = at or utc_now()
    settings = settings or load_settings(engine)
    since = at - timedelta(days=DEMAND_WINDOW_DAYS)
    with engine.connect() as conn:
        products = h.products_frame(conn=conn)
        warehouses = h.warehouses_frame(conn=conn).merge(
            plan_reads.warehouse_service(conn=conn), on="warehouse_id", how="left")
        lanes = plan_reads.lanes(conn=conn)
        counts = h.stock_counts(conn=conn, until=at)
        inbound = plan_reads.inbound_lots(conn=conn, until=at)
        daily = plan_reads.daily_sales(conn=conn, since=since, until=at)
        history, fingerprint = kept_history(conn, until=at)
        terms = plan_reads.order_terms(conn=conn)
        states = _pair_states(conn, products=products, warehouses=warehouses, at=at)
    demand = kept_demand(engine, DemandInputs.of(at=at, warehouses=warehouses, counts=counts,
                                                 inbound=inbound, daily=daily))
    return planning_data_from(at=at, settings=settings, products=products,
                              warehouses=warehouses, lanes=lanes, counts=counts,
                              inbound=inbound, daily=daily, history=history, states=states,
                              terms=terms, demand=demand,
                              replayed=kept_replay(engine, history, until=at,
                                                   fingerprint=fingerprint))


def keep_planning(engine: Engine, *, at: datetime | None = None,
                  progress: Callable[[str], None] | None = None) -> None:
    """Compute and keep beside the store what the planner and the warehouses pages read on
    their first open (`livestock load` and `livestock demo` call it): the forecast
    history's in-stock exposure, the track record's replay and each pair's daily demand,
    as of `at` (default the store's clock, the pages' "now": a running simulation's time).
    What is already kept for the same data is read back, not computed again. `progress`,
    when given, is told each step as it is done."""
    from core.board.service import store_clock  # the pages' clock; the board imports a lot

    tell = progress or (lambda _step: None)
    at = at or store_clock(engine)
    with engine.connect() as conn:
        history, fingerprint = kept_history(conn, until=at)
    tell("planning: the forecast history's in-stock exposure")
    kept_replay(engine, history, until=at, fingerprint=fingerprint)
    tell("planning: the forecast's track record")
    load_planning_data(engine, at=at)
    tell("planning: the daily demand per product and warehouse")


def kept_demand(engine: Engine, inputs: DemandInputs) -> dict[tuple[str, str], DailyDemand]:
    """Each pair's daily demand (`core.planning.inputs.data.pair_demands`: a second or so,
    most of it fitting the intermittent-demand models), kept beside the store under the
    fingerprint of its inputs. One is kept: the planning pages and the CLI share it."""
    fingerprint = inputs.fingerprint()
    record = read_result(engine, kind=DEMAND_KIND, key="latest", fingerprint=fingerprint)
    if record is not None:
        return {(row[0], row[1]): DailyDemand(*row) for row in record["pairs"]}
    demand = pair_demands(inputs)
    write_result(engine, kind=DEMAND_KIND, key="latest", fingerprint=fingerprint,
                 value={"pairs": [list(astuple(one)) for one in demand.values()]})
    return demand


def replenishment_plan(engine: Engine, *, at: datetime | None = None, batch_units: int = 1,
                       data: PlanningData | None = None) -> list[PlanLine]:
    """The plan per product and warehouse as of `at` (a second line when air covers a gap;
    `core.planning.inputs.plan_for`), from `data` when already read."""
    return plan_for(data or load_planning_data(engine, at=at), batch_units=batch_units)


def warehouse_view(engine: Engine, *, data: PlanningData) -> WarehouseView:
    """The warehouses page as of the planning data's moment: its table plus the stock
    counts, inbound and the last 90 days' order shape read as of that moment
    (`core.planning.warehouse_view.warehouse_view_of`)."""
    at = data.at
    with engine.connect() as conn:
        counts = h.stock_counts(conn=conn, until=at)
        inbound = h.inbound_known(conn=conn, until=at)
        shape = h.order_shape(conn=conn, since=at - timedelta(days=DEMAND_WINDOW_DAYS),
                              until=at)
    return warehouse_view_of(data, counts=counts, inbound=inbound, shape=shape)


def lineup_baselines(engine: Engine, *, data: PlanningData, session_id: str
                     ) -> list[Baseline]:
    """The planner's lineup of a session (`core.planning.whatif.session_lineup`) with the
    session's forecast at the forecast moment of the planning data's moment (`core.forecast.
    nowcast.forecast_moment_of`: the one the board shows, kept once fitted); without one
    (no past stream to learn from) the store's defaults stand."""
    forecast: SessionForecast | None
    try:
        moment = forecast_moment(engine, session_id=session_id, at=data.at)
        forecast = session_forecast(engine, session_id=session_id, at=moment).forecast
    except LiveStockError:
        forecast = None
    return session_lineup(data, session_id=session_id, forecast=forecast)
