"""What the plan and the what-if start from: the planning data as of a moment, and the
rules that turn it into a plan, the plan's inputs per product and warehouse, and the
planner's defaults.

Pure: `PlanningData` holds what `core.planning.service.load_planning_data` read from the
store as of `at` (only what was known then); everything here computes from it through the
pure `core.forecast` models (`backtest.forecast_from`, `nowcast`, `viewers`),
`core.planning.demand`, `core.planning.replenish` and `core.planning.projection`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import pandas as pd

from core.board.model import session_status
from core.board.tiers import Tier, session_tier, tier_days
from core.common.errors import NotFound
from core.common.settings import Settings
from core.forecast.backtest import Replay, forecast_from, replay
from core.forecast.history import History
from core.forecast.nowcast import nowcast
from core.forecast.orders import OrdersModel, fit_orders
from core.forecast.viewers import viewers_model
from core.planning.demand import DailyDemand, allocate_unassigned, daily_demand
from core.planning.projection import ProjectionInputs
from core.planning.replenish import (
    DemandOutlook,
    LaneOption,
    PlanInputs,
    PlanLine,
    SessionDemand,
    WarehouseFees,
    plan_lines,
)


def _rows(frame: pd.DataFrame) -> Iterator[Any]:
    """A frame's rows as named tuples (loosely typed: its columns are data, not code)."""
    return cast(Iterator[Any], frame.itertuples(index=False))


def _row(frame: pd.DataFrame, column: str, value: str) -> dict[str, Any]:
    """The first row whose `column` equals `value`, as a dict."""
    return cast(dict[str, Any], frame[frame[column] == value].iloc[0].to_dict())


@dataclass(frozen=True)
class PairState:
    """Stock facts of one product in one warehouse at `at`."""

    available_units: float
    inbound: tuple[tuple[float, float], ...]  # (days from at to the ETA, units)


def _pick_lanes(lanes: pd.DataFrame, warehouse_id: str
                ) -> tuple[LaneOption | None, LaneOption | None]:
    """(default lane, fast lane): sea (else the cheapest per unit); air (else the fastest
    lane quicker than the default), None when there is none."""
    mine = lanes[lanes["warehouse_id"] == warehouse_id]
    options = [LaneOption(r.mode, r.transit_days, r.transit_days_sd, r.cost_unit,
                          r.cost_shipment) for r in _rows(mine)]
    if not options:
        return None, None
    default = next((o for o in options if o.mode == "sea"),
                   min(options, key=lambda o: (o.cost_unit, o.transit_days)))
    faster = [o for o in options if o.transit_days < default.transit_days]
    fast = next((o for o in faster if o.mode == "air"),
                min(faster, key=lambda o: o.transit_days) if faster else None)
    return default, fast


@dataclass(frozen=True)
class PlanningData:
    """Everything the plan and the what-if defaults read, as of `at`."""

    at: datetime
    settings: Settings
    products: pd.DataFrame
    warehouses: pd.DataFrame
    lanes: pd.DataFrame
    sessions: pd.DataFrame
    history: History
    demand: dict[tuple[str, str], DailyDemand]
    states: dict[tuple[str, str], PairState]
    replayed: Replay
    model: OrdersModel


def planning_data_from(*, at: datetime, settings: Settings, products: pd.DataFrame,
                       warehouses: pd.DataFrame, lanes: pd.DataFrame, counts: pd.DataFrame,
                       inbound: pd.DataFrame, daily: pd.DataFrame, history: History,
                       states: dict[tuple[str, str], PairState]) -> PlanningData:
    """The planning data from what the store held at `at` (`core.planning.service.
    load_planning_data` reads it): each (product, warehouse) that was counted, sold or is
    inbound there gets its daily demand (sales without a warehouse spread over the market's
    warehouses, today left out: it is not over); the forecast's track record is replayed
    and the orders model fitted on the sessions ended by `at`."""
    carried = pd.concat([counts[["sku", "warehouse_id"]],
                         daily[daily["warehouse_id"].notna()][["sku", "warehouse_id"]],
                         inbound[["sku", "warehouse_id"]]]).drop_duplicates()
    allocated = allocate_unassigned(daily, warehouses=warehouses, carried=carried)
    last_full_day = at.date() - timedelta(days=1)  # today is not over: not a day of demand
    demand = {(r.sku, r.warehouse_id): daily_demand(allocated, counts, sku=r.sku,
                                                    warehouse_id=r.warehouse_id,
                                                    until=last_full_day)
              for r in _rows(carried)}
    replayed = replay(history, until=pd.Timestamp(at))
    model = fit_orders(history.before(pd.Timestamp(at)))
    return PlanningData(at, settings, products, warehouses, lanes, history.sessions, history,
                        demand, states, replayed, model)




def _product_tiers(data: PlanningData) -> dict[str, Tier]:
    """Each product's highest tier over the sessions that have it and have not ended."""
    tiers: dict[str, Tier] = {}
    lineup = data.history.lineup
    for row in _rows(data.sessions):
        status = session_status(at=data.at, warmup_start=None if pd.isna(row.warmup_start)
                                else row.warmup_start.to_pydatetime(),
                                start=row.start.to_pydatetime(), end=row.end.to_pydatetime())
        if status.value == "ended":
            continue
        tier = session_tier(status=status.value, viewers=_team_viewers(row),
                            expected_viewers=_usual_viewers(data, row),
                            settings=data.settings)
        for sku in lineup[lineup["session_id"] == row.session_id]["sku"]:
            if sku not in tiers or tier.rank > tiers[sku].rank:
                tiers[sku] = tier
    return tiers


def _team_viewers(row: Any) -> float | None:
    """The session's expected_viewers, when the team gave one."""
    value = getattr(row, "expected_viewers", None)
    return float(value) if value is not None and pd.notna(value) and value > 0 else None


def _usual_viewers(data: PlanningData, row: Any) -> float | None:
    """What past streams like this one drew (`core.forecast.viewers`): a session whose team
    expects 50% more is an event, held at the live tier from the day it is scheduled."""
    if _team_viewers(row) is None:
        return None
    fitted = viewers_model(data.history.before(pd.Timestamp(data.at)), market=str(row.market),
                           traffic=str(row.traffic), platform=str(row.platform))
    return math.exp(fitted[0]) if fitted else None


def _upcoming_session_demand(data: PlanningData) -> dict[tuple[str, str], list[SessionDemand]]:
    """Forecast units of every session not yet ended, spread over its market's warehouses
    that carry each product; a live one counts only what the nowcast says is left."""
    out: dict[tuple[str, str], list[SessionDemand]] = {}
    at = pd.Timestamp(data.at)
    open_sessions = data.sessions[data.sessions["end"] > at]
    carriers = pd.DataFrame(list(data.demand), columns=["sku", "warehouse_id"]).merge(
        data.warehouses[["warehouse_id", "country"]], on="warehouse_id")
    for row in _rows(open_sessions):
        if not (data.history.lineup["session_id"] == row.session_id).any():
            continue
        forecast = forecast_from(data.history, session_id=str(row.session_id),
                                  cutoff=min(data.at, row.start.to_pydatetime()),
                                  result=data.replayed)
        if forecast.viewers_basis == "none":
            continue
        day = max(0.0, (row.start - at).total_seconds() / 86_400)
        minutes = (row.end - row.start).total_seconds() / 60
        elapsed = max(0.0, (at - row.start).total_seconds() / 60)
        sold = data.history.sales[data.history.sales["session_id"] == row.session_id]
        sold_by_sku = dict(zip(sold["sku"], sold["units"].astype(float), strict=True))
        for product in forecast.products:
            units = product.expected
            if elapsed > 0:
                units = nowcast(forecast_units=product.expected,
                                sold_units=sold_by_sku.get(product.sku, 0.0),
                                minutes_elapsed=elapsed, session_minutes=minutes,
                                dispersion=forecast.dispersion).remaining_expected
            mine = carriers[(carriers["sku"] == product.sku)
                            & (carriers["country"] == row.market)]
            if mine.empty:
                continue
            share = 1.0 / len(mine)
            orders = units / product.units_per_order
            variance = (orders + forecast.dispersion * orders**2) * product.units_per_order**2
            for warehouse_id in mine["warehouse_id"]:
                out.setdefault((product.sku, warehouse_id), []).append(
                    SessionDemand(day=day, units=units * share, variance=variance * share**2))
    return out


def plan_for(data: PlanningData, *, batch_units: int = 1) -> list[PlanLine]:
    """The plan per product and warehouse (a second line when air covers a gap), ordering
    in multiples of `batch_units`."""
    tiers = _product_tiers(data)
    sessions = _upcoming_session_demand(data)
    products = data.products.set_index("sku")
    warehouses = data.warehouses.set_index("warehouse_id")
    lines: list[PlanLine] = []
    for (sku, warehouse_id), demand in sorted(data.demand.items()):
        if sku not in products.index or warehouse_id not in warehouses.index:
            continue
        inputs = plan_inputs(data, sku=sku, warehouse_id=warehouse_id, demand=demand,
                             tier=tiers.get(sku, Tier.DAILY),
                             sessions=tuple(sessions.get((sku, warehouse_id), [])),
                             batch_units=batch_units)
        lines.extend(plan_lines(inputs))
    return lines


def plan_inputs(data: PlanningData, *, sku: str, warehouse_id: str, demand: DailyDemand,
                tier: Tier, sessions: tuple[SessionDemand, ...], batch_units: int = 1
                ) -> PlanInputs:
    product = _row(data.products, "sku", sku)
    warehouse = _row(data.warehouses, "warehouse_id", warehouse_id)
    sea, air = _pick_lanes(data.lanes, warehouse_id)
    state = data.states.get((sku, warehouse_id), PairState(0.0, ()))
    schedule_days = max((s.day for s in sessions), default=0.0)
    outlook = DemandOutlook(offstream_per_day=demand.mean_per_day,
                            offstream_sd_per_day=demand.sd_per_day, sessions=sessions,
                            stream_units_per_day=demand.session_units_per_day,
                            schedule_days=schedule_days)
    return PlanInputs(
        sku=sku, warehouse_id=warehouse_id, at=data.at, tier=tier.value,
        tier_days=tier_days(tier, data.settings),
        avg_daily_sales=demand.avg_daily_sales or 0.0, outlook=outlook,
        available_units=max(state.available_units, 0.0), inbound=state.inbound,
        supplier_lead_days=float(product["supplier_lead_days"]), sea=sea, air=air,
        fees=WarehouseFees(float(warehouse["storage_fee_unit_day"]),
                           float(warehouse["inbound_fee_unit"]),
                           float(warehouse["outbound_fee_order"]),
                           float(warehouse["return_fee_unit"])),
        review_period_days=data.settings.review_period_days,
        safety_mode=data.settings.safety_mode, service_level=data.settings.service_level,
        batch_units=batch_units, currency=str(warehouse["currency"]))


# --------------------------------------------------------------------------- what-if


def projection_defaults(data: PlanningData, *, sku: str, warehouse_id: str,
                        days: int = 56) -> ProjectionInputs:
    """The planner's sliders at their values from the store for one product in one
    warehouse: stock and inbound now, off-stream demand, the market's expected viewers and
    stream cadence, the product's orders per 1,000 viewers and elasticity, the sea lane,
    the warehouse's storage fee, the product's tier."""
    if sku not in set(data.products["sku"]):
        raise NotFound(f"no product {sku!r} in the store")
    warehouses = data.warehouses.set_index("warehouse_id")
    if warehouse_id not in warehouses.index:
        raise NotFound(f"no warehouse {warehouse_id!r} in the store")
    product = _row(data.products, "sku", sku)
    warehouse = _row(data.warehouses, "warehouse_id", warehouse_id)
    market = str(warehouse["country"])
    demand = data.demand.get((sku, warehouse_id)) or DailyDemand(sku, warehouse_id, 0.0, 0.0,
                                                                  "none", 0.0, None, 0, 0)
    state = data.states.get((sku, warehouse_id), PairState(0.0, ()))
    sea, _air = _pick_lanes(data.lanes, warehouse_id)
    history = data.history.before(pd.Timestamp(data.at))
    past = history.sessions[history.sessions["market"] == market]
    traffic = str(past["traffic"].mode().iloc[0]) if not past.empty else "organic"
    platform = str(past["platform"].mode().iloc[0]) if not past.empty else ""
    fitted = viewers_model(history, market=market, traffic=traffic, platform=platform)
    viewers = math.exp(fitted[0]) if fitted else 0.0
    price = float(product["price"])
    rate = (math.exp(data.model.log_rate(sku=sku, market=market, platform=platform,
                                         traffic=traffic, slot="evening", price=price))
            if data.model.rows else 0.0)
    stream_days = _stream_days(data, market=market, sku=sku, days=days)
    tier = _product_tiers(data).get(sku, Tier.DAILY)
    return ProjectionInputs(
        on_hand_units=max(state.available_units, 0.0),
        baseline_units_per_day=demand.mean_per_day,
        demand_sd_per_day=demand.sd_per_day, stream_days=stream_days,
        expected_viewers=viewers, orders_per_1000_viewers=rate,
        units_per_order=data.model.units_per_order_of(sku), price=price,
        usual_price=price if price > 0 else 1.0, elasticity=data.model.elasticity,
        lead_time_days=round(float(product["supplier_lead_days"])
                                 + (sea.transit_days if sea else 0.0)),
        review_period_days=max(round(data.settings.review_period_days), 1),
        freight_cost_unit=sea.cost_unit if sea else 0.0,
        freight_cost_shipment=sea.cost_shipment if sea else 0.0,
        storage_fee_unit_day=float(warehouse["storage_fee_unit_day"]),
        safety_mode=data.settings.safety_mode, tier_days=tier_days(tier, data.settings),
        service_level=data.settings.service_level,
        overstock_days=data.settings.slow_mover_days, days=days,
        inbound=tuple((math.ceil(eta), qty) for eta, qty in state.inbound),
        labels={"sku": sku, "warehouse_id": warehouse_id})


def _stream_days(data: PlanningData, *, market: str, sku: str, days: int) -> tuple[int, ...]:
    """Days from `at` of the market's scheduled streams with the product; beyond the
    schedule, the past cadence (the mean gap between its streams in the last 90 days)."""
    at = pd.Timestamp(data.at)
    lineup = data.history.lineup
    with_sku = set(lineup[lineup["sku"] == sku]["session_id"])
    mine = data.sessions[(data.sessions["market"] == market)
                         & data.sessions["session_id"].isin(with_sku)]
    ahead = sorted(int((s - at).total_seconds() // 86_400) for s in mine["start"] if s > at)
    recent = mine[(mine["start"] <= at) & (mine["start"] > at - pd.Timedelta(days=90))]
    result = [d for d in ahead if d < days]
    if len(recent) >= 2:
        gap = max(round(90 / len(recent)), 1)
        day = (result[-1] if result else 0) + gap
        while day < days:
            result.append(day)
            day += gap
    return tuple(result)
