"""What-if for the planner: its sliders applied to the store's projection inputs.

A baseline is one product in one warehouse as the store has it (`core.planning.inputs.
projection_defaults`), with the lanes into that warehouse. One product's sliders are
absolute values; a session's lineup has session-wide sliders spread over its products:

    viewers            -> every product's expected viewers
    orders per 1,000   -> each product's rate x (slider / the lineup's summed rate)
    price change       -> each product's lineup price x (1 + change)
    lead-time change   -> each product's supplier lead + lane transit + change
    freight mode       -> each warehouse's lane of that mode (transit and costs)

A product kept in n warehouses of the session's market gets 1/n of the session's orders in
each. A shipment's cost is shared with what else travels on it (`share_with_plan`: the
plan's other products on the same lane). Pure: nothing here reads the store
(`core.planning.service.lineup_baselines` adds the session's forecast).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from core.forecast.model import SessionForecast
from core.planning.inputs import PlanningData, projection_defaults, supplier_lanes
from core.planning.projection import Projection, ProjectionInputs, project_lineup
from core.planning.replenish import LaneOption, PlanLine

SMALL_BATCH_DAYS = 7


@dataclass(frozen=True)
class Baseline:
    """One product in one warehouse as the store has it, and what the sliders may change."""

    inputs: ProjectionInputs
    name: str
    supplier_lead_days: float
    lanes: dict[str, LaneOption]  # mode -> lane, slowest first
    currency: str  # the warehouse's: freight and storage
    price_currency: str  # the product's: prices and lost sales
    history_days: int = 0  # in-stock days of sales history in this warehouse

    @property
    def sku(self) -> str:
        return self.inputs.labels["sku"]

    @property
    def warehouse_id(self) -> str:
        return self.inputs.labels["warehouse_id"]

    @property
    def default_mode(self) -> str | None:
        """The lane `projection_defaults` prices: sea, else the cheapest per unit."""
        if "sea" in self.lanes or not self.lanes:
            return "sea" if self.lanes else None
        return min(self.lanes.values(), key=lambda o: (o.cost_unit, o.transit_days)).mode


def lanes_into(lanes: pd.DataFrame, *, warehouse_id: str) -> dict[str, LaneOption]:
    """The warehouse's lanes from the supplier by mode, slowest (usually cheapest) first."""
    supplied = supplier_lanes(lanes)
    mine = supplied[supplied["warehouse_id"] == warehouse_id].sort_values(
        "transit_days", ascending=False)
    return {str(mode): LaneOption(str(mode), float(days), float(sd), float(unit), float(ship))
            for mode, days, sd, unit, ship in zip(
                mine["mode"], mine["transit_days"], mine["transit_days_sd"],
                mine["cost_unit"], mine["cost_shipment"], strict=True)}


def lead_time_days(*, supplier_lead_days: float, lane: LaneOption | None) -> int:
    """Days from ordering to stock on the shelf: supplier lead + the lane's transit.

    >>> lead_time_days(supplier_lead_days=7, lane=LaneOption("air", 8.4, 1, 4.6, 150))
    15
    """
    return round(supplier_lead_days + (lane.transit_days if lane else 0.0))


def baseline(data: PlanningData, *, sku: str, warehouse_id: str) -> Baseline:
    """One product in one warehouse from the planning data (raises NotFound if unknown)."""
    inputs = projection_defaults(data, sku=sku, warehouse_id=warehouse_id)
    product = data.products[data.products["sku"] == sku].iloc[0]
    warehouse = data.warehouses[data.warehouses["warehouse_id"] == warehouse_id].iloc[0]
    demand = data.demand.get((sku, warehouse_id))
    return Baseline(inputs, str(product["name"]), float(product["supplier_lead_days"]),
                    lanes_into(data.lanes, warehouse_id=warehouse_id),
                    str(warehouse["currency"]), str(product["currency"]),
                    demand.in_stock_days if demand and demand.method != "none" else 0)


def carrying_warehouses(data: PlanningData, *, sku: str, market: str | None = None
                        ) -> list[str]:
    """Warehouses (of `market`, if given) that hold or sold the product, by id."""
    countries = dict(zip(data.warehouses["warehouse_id"], data.warehouses["country"],
                         strict=True))
    return sorted(w for s, w in data.demand if s == sku
                  and (market is None or countries.get(w) == market))


@dataclass(frozen=True)
class Sliders:
    """One product's sliders, in absolute values."""

    expected_viewers: float
    orders_per_1000_viewers: float
    price: float
    lead_time_days: int
    freight_mode: str | None
    batch_units: int
    tier_days: float
    service_level: float


def default_sliders(base: Baseline) -> Sliders:
    inputs = base.inputs
    return Sliders(inputs.expected_viewers, inputs.orders_per_1000_viewers, inputs.price,
                   inputs.lead_time_days, base.default_mode, inputs.batch_units,
                   inputs.tier_days, inputs.service_level)


def apply_sliders(base: Baseline, sliders: Sliders) -> ProjectionInputs:
    """The baseline's inputs with the sliders' values; the freight mode picks the lane's
    costs (the lead time is the slider's: the page moves it when the mode changes)."""
    lane = base.lanes.get(sliders.freight_mode or "")
    inputs = base.inputs
    return inputs.with_changes(
        expected_viewers=sliders.expected_viewers,
        orders_per_1000_viewers=sliders.orders_per_1000_viewers, price=sliders.price,
        lead_time_days=max(sliders.lead_time_days, 0), batch_units=sliders.batch_units,
        freight_cost_unit=lane.cost_unit if lane else inputs.freight_cost_unit,
        freight_cost_shipment=lane.cost_shipment if lane else inputs.freight_cost_shipment,
        freight_mode=lane.mode if lane else inputs.freight_mode,
        tier_days=sliders.tier_days, service_level=sliders.service_level)


# --------------------------------------------------------------------------- lineup


@dataclass(frozen=True)
class LineupSliders:
    """A session's sliders, shared by every product of its lineup."""

    expected_viewers: float
    orders_per_1000_viewers: float  # the whole lineup's
    price_change: float  # -0.2 = 20% below the lineup price
    lead_time_change_days: int
    freight_mode: str
    batch_units: int
    tier_days: float
    service_level: float


def session_lineup(data: PlanningData, *, session_id: str,
                   forecast: SessionForecast | None) -> list[Baseline]:
    """Each lineup product in each warehouse of the session's market that carries it, at
    the session's lineup price, with the session forecast's viewers and each product's
    orders per 1,000 viewers (split over its warehouses) when there is a forecast."""
    sessions = data.sessions[data.sessions["session_id"] == session_id]
    if sessions.empty:
        return []
    market = str(sessions["market"].iloc[0])
    lineup = data.history.lineup
    lineup = lineup[lineup["session_id"] == session_id]
    out: list[Baseline] = []
    for sku, price in zip(lineup["sku"], lineup["price"], strict=True):
        homes = carrying_warehouses(data, sku=str(sku), market=market)
        product = forecast.product(str(sku)) if forecast else None
        for warehouse_id in homes:
            base = baseline(data, sku=str(sku), warehouse_id=warehouse_id)
            changes: dict[str, object] = {"price": float(price)}
            if forecast is not None and forecast.expected_viewers > 0:
                changes["expected_viewers"] = forecast.expected_viewers
            if product is not None:
                changes["orders_per_1000_viewers"] = product.orders_per_1000_viewers / len(homes)
                changes["units_per_order"] = product.units_per_order
            else:
                changes["orders_per_1000_viewers"] = (base.inputs.orders_per_1000_viewers
                                                      / len(homes))
            out.append(replace(base, inputs=base.inputs.with_changes(**changes)))
    return out


def common_modes(bases: list[Baseline]) -> list[str]:
    """Freight modes every warehouse of the lineup has, slowest first (by the first's)."""
    if not bases:
        return []
    shared = set(bases[0].lanes)
    for base in bases[1:]:
        shared &= set(base.lanes)
    return [mode for mode in bases[0].lanes if mode in shared]


def default_lineup_sliders(bases: list[Baseline], *, freight_mode: str) -> LineupSliders:
    first = bases[0].inputs
    return LineupSliders(
        expected_viewers=max((b.inputs.expected_viewers for b in bases), default=0.0),
        orders_per_1000_viewers=sum(b.inputs.orders_per_1000_viewers for b in bases),
        price_change=0.0, lead_time_change_days=0, freight_mode=freight_mode,
        batch_units=first.batch_units, tier_days=first.tier_days,
        service_level=first.service_level)


def apply_lineup_sliders(bases: list[Baseline], sliders: LineupSliders
                         ) -> list[ProjectionInputs]:
    """Every product's inputs under the session-wide sliders.

    rate_i = base rate_i x slider rate / sum of base rates (an even split when the lineup
    has no rate to scale: a session of new products); lead time_i = supplier lead_i +
    transit of the mode's lane into warehouse_i + the change.

    >>> from core.planning.projection import ProjectionInputs as P
    >>> a = Baseline(P(0, orders_per_1000_viewers=6, labels={"sku": "A", "warehouse_id": "W"}),
    ...              "A", 5, {"sea": LaneOption("sea", 30, 4, 0.5, 300)}, "USD", "USD")
    >>> b = Baseline(P(0, orders_per_1000_viewers=2, labels={"sku": "B", "warehouse_id": "W"}),
    ...              "B", 5, {"sea": LaneOption("sea", 30, 4, 0.5, 300)}, "USD", "USD")
    >>> s = LineupSliders(1000, 16, 0.0, 0, "sea", 1, 4.0, 0.95)
    >>> [(i.orders_per_1000_viewers, i.lead_time_days) for i in apply_lineup_sliders([a, b], s)]
    [(12.0, 35), (4.0, 35)]
    """
    total = sum(b.inputs.orders_per_1000_viewers for b in bases)
    out = []
    for base in bases:
        rate = (base.inputs.orders_per_1000_viewers * sliders.orders_per_1000_viewers / total
                if total > 0 else sliders.orders_per_1000_viewers / len(bases))
        # A warehouse without the chosen mode keeps its own default lane.
        lane = base.lanes.get(sliders.freight_mode) or base.lanes.get(base.default_mode or "")
        lead = lead_time_days(supplier_lead_days=base.supplier_lead_days, lane=lane)
        single = Sliders(sliders.expected_viewers, rate,
                         base.inputs.price * (1 + sliders.price_change),
                         lead + sliders.lead_time_change_days, lane.mode if lane else None,
                         sliders.batch_units, sliders.tier_days, sliders.service_level)
        out.append(apply_sliders(base, single))
    return out


def share_with_plan(inputs: list[ProjectionInputs], plan: Sequence[PlanLine]
                    ) -> list[ProjectionInputs]:
    """Each item with the units other products put on its shipments: the plan's purchases
    on the same lane (warehouse and freight mode) of products not among `inputs` (the plan
    is one review period's batch, so they ride on each of its shipments).

    >>> from core.planning.projection import ProjectionInputs as P
    >>> item = P(0, freight_mode="sea", labels={"sku": "A", "warehouse_id": "W"})
    >>> other = PlanLine("B", "W", "daily", 0, 0, 0, 250, "sea", None, 0.0)
    >>> share_with_plan([item], [other])[0].co_loaded_units
    250.0
    """
    skus = {item.labels.get("sku") for item in inputs}
    loads: dict[tuple[str, str], float] = {}
    for line in plan:
        if line.order_qty > 0 and line.mode and not line.is_transfer and line.sku not in skus:
            key = (line.warehouse_id, line.mode)
            loads[key] = loads.get(key, 0.0) + line.order_qty
    return [item.with_changes(co_loaded_units=loads.get(
        (item.labels.get("warehouse_id", ""), item.freight_mode), 0.0)) for item in inputs]


# --------------------------------------------------------------------------- outcome


@dataclass(frozen=True)
class Outcome:
    """The projection of one product or a lineup under the sliders, and what it means."""

    inputs: tuple[ProjectionInputs, ...]
    projection: Projection  # stacked: frame has sku and warehouse_id columns
    lost_value: float  # lost units x each product's price

    def first_orders(self, start: date) -> pd.DataFrame:
        """What to order today per product and warehouse: sku, warehouse_id, order_qty,
        lead_time_days, arrive_by, lost_units, stockout_days."""
        frame = self.projection.frame
        rows = []
        for item in self.inputs:
            mine = frame[(frame["sku"] == item.labels["sku"])
                         & (frame["warehouse_id"] == item.labels["warehouse_id"])]
            rows.append({"sku": item.labels["sku"], "warehouse_id": item.labels["warehouse_id"],
                         "order_qty": int(mine.loc[mine["day"] == 0, "ordered"].sum()),
                         "lead_time_days": item.lead_time_days,
                         "arrive_by": start + timedelta(days=item.lead_time_days),
                         "lost_units": float(mine["lost_sales"].sum()),
                         "stockout_days": int(mine["stockout"].sum())})
        return pd.DataFrame(rows, columns=["sku", "warehouse_id", "order_qty",
                                           "lead_time_days", "arrive_by", "lost_units",
                                           "stockout_days"])


def outcome(inputs: list[ProjectionInputs]) -> Outcome:
    """Project every item; lost sales valued at each item's (slider) price."""
    projection = project_lineup(inputs)
    value = 0.0
    for item in inputs:
        if projection.frame.empty:
            break
        mine = projection.frame[(projection.frame["sku"] == item.labels["sku"])
                                & (projection.frame["warehouse_id"]
                                   == item.labels["warehouse_id"])]
        value += float(mine["lost_sales"].sum()) * item.price
    return Outcome(tuple(inputs), projection, value)


@dataclass(frozen=True)
class BatchingCost:
    """One way to send the same demand: its shipments and what they cost."""

    name: str  # "weekly" or "one batch"
    shipments: int
    ordered_units: int
    freight_cost: float
    storage_cost: float
    lost_units: float

    @property
    def total_cost(self) -> float:
        """Freight + storage (lost sales are shown apart: they are not a bill)."""
        return self.freight_cost + self.storage_cost


def compare_batching(inputs: list[ProjectionInputs], *,
                     small_batch_days: int = SMALL_BATCH_DAYS
                     ) -> tuple[BatchingCost, BatchingCost]:
    """Small batches (an order every `small_batch_days`) against one large batch ordered
    today for the whole horizon, each run through the projection with the sliders'
    demand and lanes: one shipment per lane per order day, shared by the items ordering
    then and the plan's other products on it (`core.planning.projection.lineup_freight`).

    one batch = review period equal to the horizon, so the day-0 order targets the demand
    over lead time + horizon + safety stock.
    """
    results = []
    for name, period in (("weekly", small_batch_days), ("one batch", None)):
        run = project_lineup([i.with_changes(review_period_days=period or i.days)
                              for i in inputs])
        frame = run.frame
        orders = (frame[frame["ordered"] > 0] if not frame.empty else frame)
        lanes = [(w, m) for w, m in zip(
            [i.labels.get("warehouse_id", "") for i in inputs],
            [i.freight_mode for i in inputs], strict=True)]
        results.append(BatchingCost(
            name=name, shipments=_shipments(orders, inputs, lanes),
            ordered_units=run.totals.ordered_units, freight_cost=run.totals.freight_cost,
            storage_cost=run.totals.storage_cost, lost_units=run.totals.lost_units))
    return results[0], results[1]


def _shipments(orders: pd.DataFrame, inputs: list[ProjectionInputs],
               lanes: list[tuple[str, str]]) -> int:
    """Shipments the orders make: one per lane and order day (an item without a freight
    mode ships on its own)."""
    if orders.empty:
        return 0
    lane_of = {(i.labels.get("sku", ""), i.labels.get("warehouse_id", "")):
               lane if lane[1] else (str(n), "") for n, (i, lane) in
               enumerate(zip(inputs, lanes, strict=True))}
    keys = {(lane_of.get((sku, wh), (wh, "")), int(day)) for sku, wh, day in
            zip(orders.get("sku", [""] * len(orders)),
                orders.get("warehouse_id", [""] * len(orders)), orders["day"], strict=True)}
    return len(keys)
