"""Replenishment: how much to send to each warehouse, by sea or air, and what it costs.

Pure functions over plain inputs (the store is read in `core.planning.service`). The policy
is a periodic review, order-up-to one (R, S):

    target position S = forecast demand over (lead time + review period) + safety stock
    stock position    = on hand - reserved + inbound (ordered, not yet counted)
    order_qty         = max(0, S - position), rounded up to whole batches

with lead time = supplier lead days + the lane's transit days. Sea is the default lane; air
carries only the gap sea cannot reach in time: the units that would be short between the
day air could land and the day sea lands. Money is in the warehouse's currency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.planning.safety import service_level_z

DEFAULT_SLOW_DAYS = 90.0
MAX_HOLDING_DAYS = 365.0


@dataclass(frozen=True)
class LaneOption:
    """One freight lane into a warehouse."""

    mode: str
    transit_days: float
    transit_days_sd: float
    cost_unit: float
    cost_shipment: float


@dataclass(frozen=True)
class WarehouseFees:
    storage_fee_unit_day: float
    inbound_fee_unit: float
    outbound_fee_order: float
    return_fee_unit: float


@dataclass(frozen=True)
class SessionDemand:
    """A scheduled stream's expected units for this warehouse, `day` days from now."""

    day: float
    units: float
    variance: float = 0.0


@dataclass(frozen=True)
class DemandOutlook:
    """Expected demand from now on for one product in one warehouse.

    units over the first t days = off-stream rate x t + the scheduled sessions by day t +
    the past stream rate x the days beyond the known schedule (max(0, t - schedule_days)).
    """

    offstream_per_day: float
    offstream_sd_per_day: float = 0.0
    sessions: tuple[SessionDemand, ...] = ()
    stream_units_per_day: float = 0.0
    schedule_days: float = 0.0

    def units(self, days: float) -> float:
        """Expected units over the next `days` days.

        >>> DemandOutlook(10, sessions=(SessionDemand(3, 200),), stream_units_per_day=5,
        ...               schedule_days=7).units(14)  # 140 + 200 + 5 x 7
        375.0
        """
        if days <= 0:
            return 0.0
        scheduled = sum(s.units for s in self.sessions if s.day <= days)
        beyond = max(0.0, days - self.schedule_days) * self.stream_units_per_day
        return float(self.offstream_per_day * days + scheduled + beyond)

    def sd(self, days: float, lead_time_sd_days: float = 0.0) -> float:
        """sd of demand over `days` (uncertain by lead_time_sd_days): off-stream
        sqrt(L sd_d^2 + mean_d^2 sd_L^2) combined with the sessions' own variances."""
        if days <= 0:
            return 0.0
        daily = self.offstream_per_day + self.stream_units_per_day
        offstream = days * self.offstream_sd_per_day**2 + daily**2 * lead_time_sd_days**2
        sessions = sum(s.variance for s in self.sessions if s.day <= days)
        return math.sqrt(offstream + sessions)


@dataclass(frozen=True)
class PlanLine:
    """One line of the plan (the plan JSON of docs/json.md, plus reorder_point and
    stock_position)."""

    sku: str
    warehouse_id: str
    tier: str
    safety_stock: float
    reorder_point: float
    stock_position: float
    order_qty: int
    mode: str | None
    arrive_by: date | None
    cost: float
    currency: str = "USD"

    def to_json(self) -> dict[str, object]:
        return {"sku": self.sku, "warehouse_id": self.warehouse_id, "tier": self.tier,
                "safety_stock": round(self.safety_stock, 1),
                "reorder_point": round(self.reorder_point, 1),
                "stock_position": round(self.stock_position, 1), "order_qty": self.order_qty,
                "mode": self.mode,
                "arrive_by": self.arrive_by.isoformat() if self.arrive_by else None,
                "cost": round(self.cost, 2)}


def round_up_to_batch(units: float, batch_units: int) -> int:
    """Whole batches covering `units`: ceil(units / batch) x batch (0 for nothing).

    >>> round_up_to_batch(101, 50), round_up_to_batch(0.0, 50), round_up_to_batch(7.2, 1)
    (150, 0, 8)
    """
    if batch_units < 1:
        raise ValueError(f"batch_units must be at least 1, got {batch_units!r}")
    if units <= 1e-9:
        return 0
    return math.ceil(units / batch_units - 1e-9) * batch_units


def order_cost(*, qty_units: int, lane: LaneOption, fees: WarehouseFees,
               demand_per_day: float, shipments: int = 1) -> float:
    """Landed logistics cost of an order, in the warehouse's currency.

    cost = qty x (lane cost_unit + inbound_fee_unit) + shipments x cost_shipment
         + storage_fee_unit_day x qty / 2 x days to sell it (qty / demand per day, at most
           365: the average unit waits half the time the batch lasts)

    >>> order_cost(qty_units=300, lane=LaneOption("sea", 35, 5, 0.5, 200),
    ...            fees=WarehouseFees(0.02, 0.3, 3.0, 3.0), demand_per_day=10)
    530.0
    """
    if qty_units <= 0:
        return 0.0
    days = MAX_HOLDING_DAYS if demand_per_day <= 0 else min(qty_units / demand_per_day,
                                                            MAX_HOLDING_DAYS)
    storage = fees.storage_fee_unit_day * qty_units / 2 * days
    return (qty_units * (lane.cost_unit + fees.inbound_fee_unit)
            + shipments * lane.cost_shipment + storage)


def air_gap_units(outlook: DemandOutlook, *, available_units: float,
                  inbound: tuple[tuple[float, float], ...], air_days: float,
                  sea_days: float) -> float:
    """Units needed between the day air could land and the day sea lands that stock and
    inbound cannot cover when they are needed (what is short before air lands is lost
    either way, so it is not flown).

    left(air)  = max(0, available + inbound landed by air_days - demand by air_days)
    deficit(t) = demand(air_days..t) - left(air) - inbound landed in (air_days, t)
    gap        = max(0, max of deficit(t) over each day and each landing in between)

    >>> air_gap_units(DemandOutlook(10), available_units=100, inbound=((30.0, 300.0),),
    ...               air_days=13, sea_days=35)  # days 13-30 uncovered: 170 units
    170.0
    """
    if sea_days <= air_days:
        return 0.0
    landed_by_air = sum(q for eta, q in inbound if eta <= air_days)
    left = max(0.0, available_units + landed_by_air - outlook.units(air_days))
    moments = {float(sea_days)}
    day = math.floor(air_days) + 1.0
    while day < sea_days:
        moments.add(day)
        day += 1.0
    moments.update(eta for eta, _q in inbound if air_days < eta <= sea_days)
    gap = 0.0
    for moment in moments:
        # Just before `moment`: inbound landing exactly then has not helped yet.
        landed = sum(q for eta, q in inbound if air_days < eta < moment)
        demand = outlook.units(moment) - outlook.units(air_days)
        gap = max(gap, demand - left - landed)
    return gap


@dataclass(frozen=True)
class PlanInputs:
    """Everything one (product, warehouse) line needs."""

    sku: str
    warehouse_id: str
    at: datetime
    tier: str
    tier_days: float
    avg_daily_sales: float
    outlook: DemandOutlook
    available_units: float
    inbound: tuple[tuple[float, float], ...]  # (days from now to the ETA, units)
    supplier_lead_days: float
    sea: LaneOption | None
    air: LaneOption | None
    fees: WarehouseFees
    review_period_days: float
    safety_mode: str = "tier"
    service_level: float = 0.95
    batch_units: int = 1
    currency: str = "USD"


def plan_lines(inputs: PlanInputs) -> list[PlanLine]:
    """The sea line (always) and an air line (only for the gap) for one product and warehouse.

    L_sea = supplier lead + sea transit; safety = tier days x average daily sales, or in the
    service-level mode z x sd of demand over L_sea (lane sd included);
    reorder point = demand over L_sea + safety; target = demand over (L_sea + review) +
    safety; air = `air_gap_units` between L_air and L_sea (the units short after air could
    land and before sea lands); sea = target - position - air, both in whole batches.

    Worked example: 10/day off-stream, daily tier 4 days (safety 40), sea 30 + 5 days,
    review 7 days, 100 on hand, nothing inbound: target = 10 x 42 + 40 = 460; air lane
    8 + 5 days: the 100 on hand are gone by day 10, days 13-35 need 220 -> air 220, sea
    460 - 100 - 220 = 140.
    """
    lane = inputs.sea or inputs.air
    if inputs.review_period_days < 0 or inputs.supplier_lead_days < 0:
        raise ValueError("review_period_days and supplier_lead_days must be >= 0")
    if lane is None:
        lead_days, lead_sd = inputs.supplier_lead_days, 0.0
    else:
        lead_days, lead_sd = inputs.supplier_lead_days + lane.transit_days, lane.transit_days_sd
    outlook = inputs.outlook
    if inputs.safety_mode == "service_level":
        safety = service_level_z(inputs.service_level) * outlook.sd(lead_days, lead_sd)
    else:
        safety = inputs.tier_days * max(inputs.avg_daily_sales, 0.0)
    reorder = outlook.units(lead_days) + safety
    position = inputs.available_units + sum(qty for _eta, qty in inputs.inbound)
    target = outlook.units(lead_days + inputs.review_period_days) + safety
    air_units = 0.0
    air = inputs.air if inputs.sea is not None else None
    if air is not None:
        air_lead = inputs.supplier_lead_days + air.transit_days
        if air_lead < lead_days:
            air_units = air_gap_units(outlook, available_units=inputs.available_units,
                                      inbound=inputs.inbound, air_days=air_lead,
                                      sea_days=lead_days)
    air_qty = round_up_to_batch(air_units, inputs.batch_units)
    sea_qty = round_up_to_batch(max(0.0, target - position - air_qty), inputs.batch_units)
    daily = outlook.units(30.0) / 30.0
    lines = [PlanLine(
        sku=inputs.sku, warehouse_id=inputs.warehouse_id, tier=inputs.tier,
        safety_stock=safety, reorder_point=reorder, stock_position=position,
        order_qty=sea_qty, mode=lane.mode if lane else None,
        arrive_by=(inputs.at + timedelta(days=lead_days)).date() if lane else None,
        cost=order_cost(qty_units=sea_qty, lane=lane, fees=inputs.fees, demand_per_day=daily)
        if lane else 0.0, currency=inputs.currency)]
    if air is not None and air_qty > 0:
        lines.append(PlanLine(
            sku=inputs.sku, warehouse_id=inputs.warehouse_id, tier=inputs.tier,
            safety_stock=safety, reorder_point=reorder, stock_position=position,
            order_qty=air_qty, mode=air.mode,
            arrive_by=(inputs.at + timedelta(days=inputs.supplier_lead_days
                                             + air.transit_days)).date(),
            cost=order_cost(qty_units=air_qty, lane=air, fees=inputs.fees,
                            demand_per_day=daily), currency=inputs.currency))
    return lines


@dataclass(frozen=True)
class BatchOption:
    name: str
    shipments: int
    units_per_shipment: float
    freight_cost: float
    storage_cost: float

    @property
    def total_cost(self) -> float:
        return self.freight_cost + self.storage_cost


def compare_batching(*, qty_units: float, demand_per_day: float, lane: LaneOption,
                     storage_fee_unit_day: float, batch_days: float = 7.0
                     ) -> tuple[BatchOption, BatchOption]:
    """Small frequent batches (one per `batch_days`) against one large batch, same units.

    The units last D = qty / demand per day days; n = ceil(D / batch_days) batches.
    freight = qty x cost_unit + shipments x cost_shipment
    storage = storage fee x (units per shipment / 2) x D   (average stock held x days)

    Worked example: 700 units at 25/day (28 days), sea 0.5/unit + 300 per shipment, storage
    0.02/unit-day: weekly (4 x 175) = 350 + 1,200 freight + 49 storage = 1,599; one batch
    = 350 + 300 freight + 196 storage = 846.
    """
    if qty_units < 0 or demand_per_day < 0 or batch_days <= 0:
        raise ValueError("qty_units and demand_per_day must be >= 0, batch_days positive")
    days = qty_units / demand_per_day if demand_per_day > 0 else MAX_HOLDING_DAYS
    days = min(days, MAX_HOLDING_DAYS)
    options = []
    for name, shipments in (("weekly", max(1, math.ceil(days / batch_days - 1e-9))),
                            ("one batch", 1)):
        per = qty_units / shipments
        options.append(BatchOption(
            name=name, shipments=shipments, units_per_shipment=per,
            freight_cost=qty_units * lane.cost_unit + shipments * lane.cost_shipment,
            storage_cost=storage_fee_unit_day * per / 2 * days))
    return options[0], options[1]


def cost_per_unit_sold(*, lane: LaneOption, fees: WarehouseFees, units_per_shipment: float,
                       days_held: float, units_per_order: float = 1.0,
                       return_rate: float = 0.0) -> float:
    """What one sold unit costs to bring in, keep and ship from this warehouse by this lane.

    cost = cost_unit + cost_shipment / units per shipment + inbound_fee_unit
         + storage_fee_unit_day x days held + outbound_fee_order / units per order
         + return rate x return_fee_unit

    >>> cost_per_unit_sold(lane=LaneOption("air", 8, 1, 4.0, 150), units_per_shipment=300,
    ...                    fees=WarehouseFees(0.03, 0.3, 3.2, 3.0), days_held=20,
    ...                    units_per_order=1.6, return_rate=0.05)
    7.55
    """
    if units_per_shipment <= 0 or units_per_order <= 0:
        raise ValueError("units_per_shipment and units_per_order must be positive")
    if days_held < 0 or not 0 <= return_rate <= 1:
        raise ValueError("days_held must be >= 0 and return_rate within 0..1")
    return round(lane.cost_unit + lane.cost_shipment / units_per_shipment
                 + fees.inbound_fee_unit + fees.storage_fee_unit_day * days_held
                 + fees.outbound_fee_order / units_per_order
                 + return_rate * fees.return_fee_unit, 10)


def suggest_home(*, turnover_days: float | None, category: str, price: float,
                 unit_cost: float, fast_below_days: float = 30.0,
                 high_margin: float = 0.6) -> str:
    """Where a product belongs: a warehouse mode (self, 3pl, platform).

    custom products or a gross margin (price - cost) / price >= 60% -> "self" (the seller's
    own); hot sellers (turnover under 30 days) -> "platform"; the rest -> "3pl".

    >>> suggest_home(turnover_days=12, category="tops", price=20, unit_cost=9)
    'platform'
    >>> suggest_home(turnover_days=12, category="custom prints", price=20, unit_cost=9)
    'self'
    """
    margin = (price - unit_cost) / price if price > 0 else 0.0
    if "custom" in category.lower() or margin >= high_margin:
        return "self"
    if turnover_days is not None and turnover_days < fast_below_days:
        return "platform"
    return "3pl"
