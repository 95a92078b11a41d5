"""What-if: one product's stock day by day over the coming weeks, for the planner's sliders.

`project_stock` is pure and fast (a loop over days, well under a millisecond for 8 weeks),
so a page can call it on every slider move. Defaults for the sliders come from the store
(`core.planning.inputs.projection_defaults`).

Each day d (0 = today):
    arriving   = inbound landing on d + orders placed on d - lead time
    demand     = off-stream units per day x price effect + stream units on stream days
    stream     = viewers x orders per 1,000 viewers / 1000 x units per order x price effect
    price effect = (price / usual price) ^ elasticity
    sold       = min(on hand, demand); lost = demand - sold
    every review period (day 0 included): order up to
        target = mean daily demand x (lead time + review period) + safety stock,
    in whole cartons of `case_pack` in steps of at least `batch_units`, at least the `moq`
    (`core.planning.supplier_terms`), one shipment per order (so the review period is the
    batch frequency: 7 = small weekly batches, 28 = one large monthly one); freight =
    units x cost per unit + the order's share of its shipment, cost per shipment x units
    / (units + `co_loaded_units`, what other products put on the same shipment: the plan's
    units on that lane, `core.planning.whatif.share_with_plan`); safety = tier days x mean
    daily demand, or z(service level) x sd of daily demand x price effect x sqrt(lead time).
    storage cost += on hand x storage fee; stock-out on a day with lost sales; overstock
    when on hand > 90 days of mean demand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from core.planning.replenish import round_up_to_batch
from core.planning.safety import service_level_z
from core.planning.supplier_terms import carton_step, moq_top_up


@dataclass(frozen=True)
class ProjectionInputs:
    """The sliders and the facts behind them (units per day, money per unit)."""

    on_hand_units: float
    baseline_units_per_day: float = 0.0
    demand_sd_per_day: float = 0.0  # all demand, streams included (service-level mode)
    stream_days: tuple[int, ...] = ()
    expected_viewers: float = 0.0
    orders_per_1000_viewers: float = 0.0
    units_per_order: float = 1.0
    price: float = 1.0
    usual_price: float = 1.0
    elasticity: float = -1.0
    lead_time_days: int = 35
    review_period_days: int = 7
    batch_units: int = 1
    freight_cost_unit: float = 0.0
    freight_cost_shipment: float = 0.0
    storage_fee_unit_day: float = 0.0
    safety_mode: str = "tier"
    tier_days: float = 4.0
    service_level: float = 0.95
    overstock_days: float = 90.0
    days: int = 56
    inbound: tuple[tuple[int, float], ...] = ()  # (day it lands, units)
    labels: dict[str, str] = field(default_factory=dict)  # e.g. sku, warehouse_id
    freight_mode: str = ""  # the lane the freight costs are of
    co_loaded_units: float = 0.0  # other products' units on each of its shipments
    case_pack: int = 1  # units per carton
    moq: int = 1  # the supplier's minimum order

    def with_changes(self, **changes: object) -> ProjectionInputs:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ProjectionTotals:
    lost_units: float
    freight_cost: float
    storage_cost: float
    recommended_order_units: int  # what to order today
    ordered_units: int  # all orders the policy placed in the horizon
    stockout_days: int
    overstock_days: int


@dataclass(frozen=True)
class Projection:
    """frame columns: day, on_hand, inbound, demand, sold, lost_sales, ordered, stockout,
    overstock."""

    frame: pd.DataFrame
    totals: ProjectionTotals


def _check(inputs: ProjectionInputs) -> None:
    for name in ("on_hand_units", "baseline_units_per_day", "demand_sd_per_day",
                 "expected_viewers", "orders_per_1000_viewers", "freight_cost_unit",
                 "freight_cost_shipment", "storage_fee_unit_day", "tier_days", "price"):
        value = getattr(inputs, name)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    if inputs.units_per_order <= 0 or inputs.usual_price <= 0:
        raise ValueError("units_per_order and usual_price must be positive")
    if inputs.lead_time_days < 0 or inputs.review_period_days < 1 or inputs.days < 1:
        raise ValueError("lead_time_days must be >= 0, review_period_days and days >= 1")
    if inputs.safety_mode not in ("tier", "service_level"):
        raise ValueError("safety_mode must be 'tier' or 'service_level'")


def stream_units(inputs: ProjectionInputs) -> float:
    """Units one stream sells: viewers x orders per 1,000 / 1000 x units per order x price
    effect.

    >>> round(stream_units(ProjectionInputs(0, expected_viewers=5000,
    ...                                     orders_per_1000_viewers=10, units_per_order=1.2,
    ...                                     price=8, usual_price=10, elasticity=-2)), 2)
    93.75
    """
    return (inputs.expected_viewers * inputs.orders_per_1000_viewers / 1000
            * inputs.units_per_order * _price_effect(inputs))


def supplier_order(units: float, inputs: ProjectionInputs) -> int:
    """`units` as an order the supplier accepts: whole steps of cartons, at least the MOQ.

    >>> supplier_order(30, ProjectionInputs(0, case_pack=24, moq=100))
    120
    """
    step = carton_step(case_pack=inputs.case_pack, batch_units=inputs.batch_units)
    ordered = round_up_to_batch(units, step)
    extra = moq_top_up(ordered_units=ordered, moq=inputs.moq, step=step)
    return ordered + extra


def shipment_share(cost_shipment: float, *, units: float, co_loaded_units: float) -> float:
    """An order's part of its shipment's cost: cost x units / (units + the others' units).

    >>> shipment_share(450, units=100, co_loaded_units=200)
    150.0
    """
    total = units + max(co_loaded_units, 0.0)
    return cost_shipment * units / total if total > 0 else 0.0


def _price_effect(inputs: ProjectionInputs) -> float:
    return (inputs.price / inputs.usual_price) ** inputs.elasticity if inputs.price > 0 else 0.0


def project_stock(inputs: ProjectionInputs) -> Projection:
    """Day-by-day stock, demand, lost sales and orders under the sliders' policy."""
    _check(inputs)
    effect = _price_effect(inputs)
    per_stream = stream_units(inputs)
    stream_days = set(inputs.stream_days)
    in_horizon = sum(1 for d in stream_days if 0 <= d < inputs.days)
    mean_daily = (inputs.baseline_units_per_day * effect
                  + per_stream * in_horizon / inputs.days)
    if inputs.safety_mode == "service_level":
        safety = (service_level_z(inputs.service_level) * inputs.demand_sd_per_day * effect
                  * math.sqrt(inputs.lead_time_days))
    else:
        safety = inputs.tier_days * mean_daily
    target = mean_daily * (inputs.lead_time_days + inputs.review_period_days) + safety
    arrivals: dict[int, float] = {}
    for day, qty in inputs.inbound:
        arrivals[day] = arrivals.get(day, 0.0) + qty
    on_hand = inputs.on_hand_units
    pipeline = sum(qty for day, qty in inputs.inbound if day >= 0)
    rows = []
    freight = storage = lost_total = 0.0
    ordered_total = 0
    first_order = 0
    for day in range(inputs.days):
        landing = arrivals.pop(day, 0.0)
        on_hand += landing
        pipeline -= landing
        demand = inputs.baseline_units_per_day * effect + (per_stream if day in stream_days
                                                           else 0.0)
        sold = min(on_hand, demand)
        lost = demand - sold
        on_hand -= sold
        ordered = 0
        if day % inputs.review_period_days == 0:
            ordered = supplier_order(target - on_hand - pipeline, inputs)
            if ordered:
                land = day + inputs.lead_time_days
                if land == day:
                    on_hand += ordered
                else:
                    arrivals[land] = arrivals.get(land, 0.0) + ordered
                    pipeline += ordered
                freight += ordered * inputs.freight_cost_unit + shipment_share(
                    inputs.freight_cost_shipment, units=ordered,
                    co_loaded_units=inputs.co_loaded_units)
                ordered_total += ordered
                if day == 0:
                    first_order = ordered
        storage += on_hand * inputs.storage_fee_unit_day
        lost_total += lost
        rows.append((day, on_hand, landing, demand, sold, lost, ordered,
                     lost > 1e-9,
                     (mean_daily > 0 and on_hand > inputs.overstock_days * mean_daily)
                     or (mean_daily == 0 and on_hand > 0)))
    frame = pd.DataFrame(rows, columns=["day", "on_hand", "inbound", "demand", "sold",
                                        "lost_sales", "ordered", "stockout", "overstock"])
    totals = ProjectionTotals(
        lost_units=lost_total, freight_cost=freight, storage_cost=storage,
        recommended_order_units=first_order, ordered_units=ordered_total,
        stockout_days=int(frame["stockout"].sum()),
        overstock_days=int(frame["overstock"].sum()))
    return Projection(frame, totals)


def project_lineup(inputs: list[ProjectionInputs]) -> Projection:
    """`project_stock` for several products, stacked (labels become columns), totals summed;
    items on the same lane (warehouse and freight mode) ordering the same day share one
    shipment, so its cost is counted once (`lineup_freight`)."""
    parts = []
    totals = []
    for item in inputs:
        projection = project_stock(item)
        parts.append(projection.frame.assign(**item.labels))
        totals.append(projection.totals)
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return Projection(frame, ProjectionTotals(
        lost_units=sum(t.lost_units for t in totals),
        freight_cost=lineup_freight(inputs, parts),
        storage_cost=sum(t.storage_cost for t in totals),
        recommended_order_units=sum(t.recommended_order_units for t in totals),
        ordered_units=sum(t.ordered_units for t in totals),
        stockout_days=sum(t.stockout_days for t in totals),
        overstock_days=sum(t.overstock_days for t in totals)))


def lineup_freight(inputs: Sequence[ProjectionInputs], frames: Sequence[pd.DataFrame]
                   ) -> float:
    """Freight of several items' orders: each unit's cost per unit, and per lane (warehouse,
    freight mode) and day one shipment shared with the lane's other products:
    cost_shipment x Q / (Q + co-loaded units), Q = the items' units on it that day.

    >>> a = ProjectionInputs(0, freight_cost_unit=1, freight_cost_shipment=300,
    ...                      freight_mode="sea", labels={"warehouse_id": "W"})
    >>> day0 = pd.DataFrame({"day": [0], "ordered": [100]})
    >>> lineup_freight([a, a], [day0, day0])  # 200 x 1 + one shipment of 300
    500.0
    """
    freight = 0.0
    lanes: dict[tuple[str, str, int], tuple[float, float, float]] = {}
    for item, frame in zip(inputs, frames, strict=True):
        orders = frame[frame["ordered"] > 0]
        freight += float(orders["ordered"].sum()) * item.freight_cost_unit
        for day, units in zip(orders["day"], orders["ordered"], strict=True):
            key = (item.labels.get("warehouse_id", ""), item.freight_mode, int(day))
            if not item.freight_mode:  # no lane to share: a shipment of its own
                key = (str(id(item)), "", int(day))
            total, cost, co = lanes.get(key, (0.0, item.freight_cost_shipment,
                                              item.co_loaded_units))
            lanes[key] = (total + float(units), cost, co)
    return freight + sum(shipment_share(cost, units=total, co_loaded_units=co)
                         for total, cost, co in lanes.values())
