"""The what-if's starting point: the planner's sliders at their values from the store for
one product in one warehouse (`core.planning.projection.ProjectionInputs`).

Pure, from the planning data (`core.planning.inputs.data.PlanningData`) through the pure
`core.forecast.viewers` model, the fitted orders model and the sessions' tiers
(`core.planning.inputs.sessions`).
"""

from __future__ import annotations

import math

import pandas as pd

from core.board.tiers import Tier, tier_days
from core.common.errors import NotFound
from core.forecast.viewers import viewers_model
from core.planning.demand import DailyDemand
from core.planning.inputs.data import PairState, PlanningData, pick_lanes, row, terms_of
from core.planning.inputs.sessions import session_tiers
from core.planning.projection import ProjectionInputs


def projection_defaults(data: PlanningData, *, sku: str, warehouse_id: str,
                        days: int = 56) -> ProjectionInputs:
    """The planner's sliders at their values from the store for one product in one
    warehouse: stock and inbound now, off-stream demand, the market's expected viewers and
    stream cadence, the product's orders per 1,000 viewers and elasticity, the sea lane,
    the warehouse's storage fee, the product's tier, its case pack and MOQ."""
    if sku not in set(data.products["sku"]):
        raise NotFound(f"no product {sku!r} in the store")
    warehouses = data.warehouses.set_index("warehouse_id")
    if warehouse_id not in warehouses.index:
        raise NotFound(f"no warehouse {warehouse_id!r} in the store")
    product = row(data.products, "sku", sku)
    warehouse = row(data.warehouses, "warehouse_id", warehouse_id)
    market = str(warehouse["country"])
    demand = data.demand.get((sku, warehouse_id)) or DailyDemand(sku, warehouse_id, 0.0, 0.0,
                                                                  "none", 0.0, None, 0, 0)
    state = data.states.get((sku, warehouse_id), PairState(0.0, ()))
    sea, _air = pick_lanes(data.lanes, warehouse_id)
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
    tier = session_tiers(data).get((sku, warehouse_id), Tier.DAILY)
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
        freight_mode=sea.mode if sea else "",
        case_pack=terms_of(data, sku)[1], moq=terms_of(data, sku)[0],
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
