"""What the plan and the what-if start from: the planning data as of a moment, and the
rules that turn it into a plan, the plan's inputs per product and warehouse, and the
planner's defaults.

Pure: `PlanningData` holds what `core.planning.service.load_planning_data` read from the
store as of `at` (only what was known then); everything here computes from it through the
pure `core.forecast` models (`backtest.forecast_from`, `nowcast`, `viewers`),
`core.planning.demand`, `core.planning.events`, `core.planning.serving`,
`core.planning.plan` and `core.planning.projection`.

Frames beyond `core.forecast.reads`'s: warehouses carry `serves` and `receiving_days`,
lanes `from_warehouse_id` ("" = from the supplier), sessions `expected_viewers`, and
`terms` each product's `moq` and `case_pack` (`core.planning.reads`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import pandas as pd

from core.board.model import session_status
from core.board.tiers import Tier, tier_days
from core.common.errors import NotFound
from core.common.settings import Settings
from core.forecast.backtest import Replay, forecast_from, replay
from core.forecast.history import History
from core.forecast.nowcast import nowcast
from core.forecast.orders import OrdersModel, fit_orders
from core.forecast.viewers import viewers_model
from core.planning.demand import DailyDemand, allocate_unassigned, daily_demand
from core.planning.events import plan_tier, with_team_viewers
from core.planning.plan import plan_of
from core.planning.projection import ProjectionInputs
from core.planning.replenish import (
    DemandOutlook,
    LaneOption,
    PlanInputs,
    PlanLine,
    SessionDemand,
    TransferLane,
    WarehouseFees,
)
from core.planning.serving import covering_warehouses


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


def supplier_lanes(lanes: pd.DataFrame) -> pd.DataFrame:
    """The lanes from the supplier (not transfers between the seller's warehouses)."""
    if "from_warehouse_id" not in lanes:
        return lanes
    return lanes[lanes["from_warehouse_id"].fillna("") == ""]


def _pick_lanes(lanes: pd.DataFrame, warehouse_id: str
                ) -> tuple[LaneOption | None, LaneOption | None]:
    """(default lane, fast lane) from the supplier: sea (else the cheapest per unit); air
    (else the fastest lane quicker than the default), None when there is none."""
    supplied = supplier_lanes(lanes)
    mine = supplied[supplied["warehouse_id"] == warehouse_id]
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


def _transfers_into(lanes: pd.DataFrame, warehouse_id: str) -> tuple[TransferLane, ...]:
    """The transfer lanes into a warehouse from the seller's other warehouses."""
    if "from_warehouse_id" not in lanes:
        return ()
    mine = lanes[(lanes["warehouse_id"] == warehouse_id)
                 & (lanes["from_warehouse_id"].fillna("") != "")]
    return tuple(TransferLane(str(r.from_warehouse_id),
                              LaneOption(str(r.mode), float(r.transit_days),
                                         float(r.transit_days_sd), float(r.cost_unit),
                                         float(r.cost_shipment)))
                 for r in _rows(mine.sort_values(["from_warehouse_id", "mode"])))


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
    terms: pd.DataFrame | None = None  # sku, moq, case_pack (None: 1 and 1)


def planning_data_from(*, at: datetime, settings: Settings, products: pd.DataFrame,
                       warehouses: pd.DataFrame, lanes: pd.DataFrame, counts: pd.DataFrame,
                       inbound: pd.DataFrame, daily: pd.DataFrame, history: History,
                       states: dict[tuple[str, str], PairState],
                       sessions: pd.DataFrame | None = None,
                       terms: pd.DataFrame | None = None) -> PlanningData:
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
    return PlanningData(at, settings, products, warehouses, lanes,
                        history.sessions if sessions is None else sessions, history,
                        demand, states, replayed, model, terms)




def _lead_days(data: PlanningData, *, sku: str, warehouse_id: str) -> float:
    """Days from ordering to sellable in the warehouse by its default lane: supplier lead
    + transit + receiving days (`core.planning.replenish.pair_need`'s L)."""
    product = _row(data.products, "sku", sku)
    default, _fast = _pick_lanes(data.lanes, warehouse_id)
    return (float(product["supplier_lead_days"]) + (default.transit_days if default else 0.0)
            + _receiving_days(data, warehouse_id))


def _receiving_days(data: PlanningData, warehouse_id: str) -> float:
    if "receiving_days" not in data.warehouses:
        return 0.0
    value = _row(data.warehouses, "warehouse_id", warehouse_id)["receiving_days"]
    return 0.0 if pd.isna(value) else float(value)


def _serves(data: PlanningData, market: str) -> dict[str, str | None]:
    """The market's warehouses and the platforms each serves (None: every platform)."""
    mine = data.warehouses[data.warehouses["country"] == market]
    if "serves" not in mine:
        return {str(w): None for w in mine["warehouse_id"]}
    return {str(w): None if pd.isna(s) or not str(s).strip() else str(s)
            for w, s in zip(mine["warehouse_id"], mine["serves"], strict=True)}


@dataclass(frozen=True)
class SessionPlan:
    """What the open sessions ask of each (product, warehouse): their forecast units and the
    highest tier they hold it at."""

    demand: dict[tuple[str, str], list[SessionDemand]]
    tiers: dict[tuple[str, str], Tier]


def _expected_viewers(data: PlanningData, session_id: str) -> float | None:
    if "expected_viewers" not in data.sessions:
        return None
    value = data.sessions.loc[data.sessions["session_id"] == session_id,
                              "expected_viewers"].iloc[0]
    return None if pd.isna(value) else float(value)


def _open_sessions(data: PlanningData) -> Iterator[tuple[Any, float, dict[str, list[str]]]]:
    """Each session not yet ended that has a lineup: (its row, days until it starts, the
    warehouses covering each lineup product: `core.planning.serving.covering_warehouses`
    over its market's warehouses serving its platform)."""
    at = pd.Timestamp(data.at)
    carriers: dict[str, set[str]] = {}
    for sku, warehouse_id in data.demand:
        carriers.setdefault(sku, set()).add(warehouse_id)
    lineup = data.history.lineup
    skus = set(data.products["sku"])
    for row in _rows(data.sessions[data.sessions["end"] > at]):
        items = lineup[lineup["session_id"] == row.session_id]
        if items.empty:
            continue
        serves = _serves(data, str(row.market))
        platform = str(row.platform) if pd.notna(row.platform) else None
        homes = {str(sku): covering_warehouses(platform=platform, serves=serves,
                                               carriers=carriers.get(str(sku), set()))
                 for sku in items["sku"] if sku in skus}
        yield row, max(0.0, (row.start - at).total_seconds() / 86_400), homes


def session_tiers(data: PlanningData) -> dict[tuple[str, str], Tier]:
    """Per (product, warehouse) the highest tier an open session holds it at: live where
    the session starts within the warehouse's lead time (`core.planning.events.plan_tier`),
    else the session's own tier."""
    tiers: dict[tuple[str, str], Tier] = {}
    for row, day, homes in _open_sessions(data):
        status = session_status(at=data.at, warmup_start=None if pd.isna(row.warmup_start)
                                else row.warmup_start.to_pydatetime(),
                                start=row.start.to_pydatetime(),
                                end=row.end.to_pydatetime()).value
        for sku, warehouses in homes.items():
            for warehouse_id in warehouses:
                tier = plan_tier(status=status, starts_in_days=day,
                                 lead_days=_lead_days(data, sku=sku,
                                                      warehouse_id=warehouse_id),
                                 settings=data.settings)
                key = (sku, warehouse_id)
                if key not in tiers or tier.rank > tiers[key].rank:
                    tiers[key] = tier
    return tiers


def session_plan(data: PlanningData) -> SessionPlan:
    """Every session not yet ended, for the warehouses that must cover it.

    Units: the session's forecast (with the team's `expected_viewers`,
    `core.planning.events.with_team_viewers`; a live one counts only what the nowcast says
    is left), split evenly over the warehouses covering each product (`_open_sessions`).
    Tiers: `session_tiers`.
    """
    demand: dict[tuple[str, str], list[SessionDemand]] = {}
    for row, day, homes in _open_sessions(data):
        for product, units, variance in _session_units(data, row):
            warehouses = homes.get(product, [])
            share = 1.0 / len(warehouses) if warehouses else 0.0
            for warehouse_id in warehouses:
                demand.setdefault((product, warehouse_id), []).append(
                    SessionDemand(day=day, units=units * share, variance=variance * share**2))
    return SessionPlan(demand, session_tiers(data))


def _session_units(data: PlanningData, row: Any) -> list[tuple[str, float, float]]:
    """(sku, expected units, variance) of one open session's lineup: the forecast as known
    at min(at, start) with the team's viewers; a live session's remaining nowcast."""
    forecast = forecast_from(data.history, session_id=str(row.session_id),
                             cutoff=min(data.at, row.start.to_pydatetime()),
                             result=data.replayed)
    forecast = with_team_viewers(forecast, _expected_viewers(data, str(row.session_id)))
    if forecast.viewers_basis == "none":
        return []
    at = pd.Timestamp(data.at)
    minutes = (row.end - row.start).total_seconds() / 60
    elapsed = max(0.0, (at - row.start).total_seconds() / 60)
    sold = data.history.sales[data.history.sales["session_id"] == row.session_id]
    sold_by_sku = dict(zip(sold["sku"], sold["units"].astype(float), strict=True))
    out = []
    for product in forecast.products:
        units = product.expected
        if elapsed > 0:
            units = nowcast(forecast_units=product.expected,
                            sold_units=sold_by_sku.get(product.sku, 0.0),
                            minutes_elapsed=elapsed, session_minutes=minutes,
                            dispersion=forecast.dispersion).remaining_expected
        orders = units / product.units_per_order
        variance = (orders + forecast.dispersion * orders**2) * product.units_per_order**2
        out.append((product.sku, units, variance))
    return out


NO_DEMAND = DailyDemand("", "", 0.0, 0.0, "none", 0.0, None, 0, 0)


def plan_for(data: PlanningData, *, batch_units: int = 1) -> list[PlanLine]:
    """The plan for every (product, warehouse) that holds, sold or expects the product, and
    every warehouse an open session needs it in (`core.planning.plan.plan_of`), ordering
    in multiples of `batch_units` (whole cartons)."""
    sessions = session_plan(data)
    skus = set(data.products["sku"])
    warehouses = set(data.warehouses["warehouse_id"])
    pairs = sorted({*data.demand, *sessions.demand})
    inputs = [plan_inputs(data, sku=sku, warehouse_id=warehouse_id,
                          demand=data.demand.get((sku, warehouse_id), NO_DEMAND),
                          tier=sessions.tiers.get((sku, warehouse_id), Tier.DAILY),
                          sessions=tuple(sessions.demand.get((sku, warehouse_id), [])),
                          batch_units=batch_units)
              for sku, warehouse_id in pairs if sku in skus and warehouse_id in warehouses]
    return plan_of(inputs)


def _terms(data: PlanningData, sku: str) -> tuple[int, int]:
    """(moq, case_pack) of a product; 1 and 1 when the store has none."""
    if data.terms is None or data.terms.empty:
        return 1, 1
    mine = data.terms[data.terms["sku"] == sku]
    if mine.empty:
        return 1, 1
    return max(int(mine["moq"].iloc[0]), 1), max(int(mine["case_pack"].iloc[0]), 1)


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
    moq, case_pack = _terms(data, sku)
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
        batch_units=batch_units, currency=str(warehouse["currency"]),
        receiving_days=_receiving_days(data, warehouse_id),
        transfers_in=_transfers_into(data.lanes, warehouse_id), moq=moq, case_pack=case_pack,
        unit_cost=float(product["unit_cost"]), price=float(product["price"]),
        price_currency=str(product["currency"]),
        slow_mover_days=data.settings.slow_mover_days)


# --------------------------------------------------------------------------- what-if


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
        case_pack=_terms(data, sku)[1], moq=_terms(data, sku)[0],
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
