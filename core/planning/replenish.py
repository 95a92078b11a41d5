"""Replenishment: how much each warehouse needs, by when, and what a line costs.

Pure functions over plain inputs (the store is read in `core.planning.service`). The policy
is a periodic review, order-up-to one (R, S):

    target position S = forecast demand over (lead time + review period) + safety stock
    stock position    = on hand - reserved + inbound (ordered, not yet counted)
    need              = max(0, S - position)

with lead time = supplier lead days + the default lane's transit + the warehouse's receiving
days. `pair_need` states one warehouse's need; `core.planning.sourcing` decides where the
units come from (transfers from the seller's own warehouses, air only for the gap sea cannot
reach in time, sea for the rest) and `core.planning.plan` turns that into lines a supplier
and a forwarder accept. Money is in the warehouse's currency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

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
    """One line of the plan (the plan JSON of docs/json.md).

    A purchase (`from_warehouse_id` None) or a transfer from another of the seller's
    warehouses. `need_qty` is what the sourcing gave this line before whole cartons and the
    MOQ; `shipment_share` its part of the lane's cost_shipment (shared with every line on
    the same shipment, `shipment_units` in all); `landed_cost_unit` = (freight + shipment
    share + inbound fee) per unit, without the unit cost; `margin_unit` = price - unit cost
    (None when the product is priced in another currency than the warehouse's); `flags`:
    "moq" (raised to the supplier's minimum), "moq_held" (the minimum would overstock: not
    bought), "margin" (the landed cost per unit exceeds the margin).
    """

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
    from_warehouse_id: str | None = None
    need_qty: float = 0.0
    shipment_share: float = 0.0
    shipment_units: int = 0
    landed_cost_unit: float | None = None
    margin_unit: float | None = None
    flags: tuple[str, ...] = ()

    @property
    def is_transfer(self) -> bool:
        return self.from_warehouse_id is not None

    def to_json(self) -> dict[str, object]:
        return {"sku": self.sku, "warehouse_id": self.warehouse_id, "tier": self.tier,
                "safety_stock": round(self.safety_stock, 1),
                "reorder_point": round(self.reorder_point, 1),
                "stock_position": round(self.stock_position, 1), "order_qty": self.order_qty,
                "mode": self.mode,
                "arrive_by": self.arrive_by.isoformat() if self.arrive_by else None,
                "cost": round(self.cost, 2), "currency": self.currency,
                "from_warehouse_id": self.from_warehouse_id,
                "need_qty": round(float(self.need_qty), 1),
                "shipment_share": round(float(self.shipment_share), 2),
                "shipment_units": self.shipment_units,
                "landed_cost_unit": None if self.landed_cost_unit is None
                else round(self.landed_cost_unit, 4),
                "margin_unit": None if self.margin_unit is None else round(self.margin_unit, 2),
                "flags": list(self.flags)}


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
               demand_per_day: float, shipments: int = 1,
               shipment_cost: float | None = None) -> float:
    """Landed logistics cost of an order, in the warehouse's currency.

    cost = qty x (lane cost_unit + inbound_fee_unit) + shipment cost
         + storage_fee_unit_day x qty / 2 x days to sell it (qty / demand per day, at most
           365: the average unit waits half the time the batch lasts)

    The shipment cost is `shipment_cost` when given (the line's share of a shipment other
    lines ride on too), else shipments x the lane's cost_shipment.

    >>> order_cost(qty_units=300, lane=LaneOption("sea", 35, 5, 0.5, 200),
    ...            fees=WarehouseFees(0.02, 0.3, 3.0, 3.0), demand_per_day=10)
    530.0
    """
    if qty_units <= 0:
        return 0.0
    days = MAX_HOLDING_DAYS if demand_per_day <= 0 else min(qty_units / demand_per_day,
                                                            MAX_HOLDING_DAYS)
    storage = fees.storage_fee_unit_day * qty_units / 2 * days
    shipping = shipments * lane.cost_shipment if shipment_cost is None else shipment_cost
    return qty_units * (lane.cost_unit + fees.inbound_fee_unit) + shipping + storage


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
class TransferLane:
    """A lane between two of the seller's warehouses (lanes.csv `from_warehouse_id`)."""

    from_warehouse_id: str
    lane: LaneOption


@dataclass(frozen=True)
class PlanInputs:
    """Everything one (product, warehouse) pair needs."""

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
    receiving_days: float = 0.0  # arrival to sellable, for every lot landing here
    transfers_in: tuple[TransferLane, ...] = ()
    moq: int = 1
    case_pack: int = 1
    unit_cost: float = 0.0
    price: float = 0.0
    price_currency: str | None = None  # None: the warehouse's currency
    slow_mover_days: float = DEFAULT_SLOW_DAYS

    @property
    def margin_unit(self) -> float | None:
        """price - unit cost, when priced in the warehouse's currency (else not comparable
        with its freight)."""
        if (self.price_currency or self.currency) != self.currency:
            return None
        return self.price - self.unit_cost


@dataclass(frozen=True)
class PairNeed:
    """What one warehouse needs for one product (`pair_need`)."""

    inputs: PlanInputs
    lead_days: float  # supplier lead + default lane transit + receiving days
    fast_lead_days: float | None  # the same by the fast lane, when it is faster
    safety_stock: float
    reorder_point: float
    target: float
    position: float
    inbound_sellable: tuple[tuple[float, float], ...]  # (days until sellable, units)

    @property
    def horizon_days(self) -> float:
        return self.lead_days + self.inputs.review_period_days

    @property
    def need_units(self) -> float:
        """max(0, target - position): what the order-up-to policy orders in all."""
        return max(0.0, self.target - self.position)

    @property
    def demand_per_day(self) -> float:
        """Forward demand per day (the next 30 days' mean), for storage and cover."""
        return self.inputs.outlook.units(30.0) / 30.0

    def shortfall(self, days: float) -> float:
        """Units demanded by `days` that stock and the inbound sellable before then do not
        cover (0 when covered)."""
        landed = sum(q for eta, q in self.inbound_sellable if eta < days)
        return max(0.0, self.inputs.outlook.units(days) - self.inputs.available_units - landed)

    def spare(self, days: float) -> float:
        """Units on the shelf at `days` beyond the demand until then and the safety stock,
        counting inbound sellable by then (negative: short)."""
        landed = sum(q for eta, q in self.inbound_sellable if eta <= days)
        return (self.inputs.available_units + landed - self.inputs.outlook.units(days)
                - self.safety_stock)


def pair_need(inputs: PlanInputs) -> PairNeed:
    """One product in one warehouse: safety stock, reorder point, target and position.

    L = supplier lead + default lane transit + receiving days (no lane: supplier lead +
    receiving); safety = tier days x average daily sales, or in the service-level mode
    z x sd of demand over L (lane sd included); reorder point = demand over L + safety;
    target = demand over (L + review) + safety; position = available + inbound.

    Worked example: 10/day off-stream, daily tier 4 days (safety 40), sea 30 + 5 days,
    review 7 days, 100 on hand, nothing inbound: target = 10 x 42 + 40 = 460, need 360.
    """
    lane = inputs.sea or inputs.air
    if inputs.review_period_days < 0 or inputs.supplier_lead_days < 0:
        raise ValueError("review_period_days and supplier_lead_days must be >= 0")
    if inputs.receiving_days < 0:
        raise ValueError("receiving_days must be >= 0")
    base = inputs.supplier_lead_days + inputs.receiving_days
    lead_days = base + (lane.transit_days if lane else 0.0)
    lead_sd = lane.transit_days_sd if lane else 0.0
    fast = None
    if inputs.sea is not None and inputs.air is not None:
        fast = base + inputs.air.transit_days
        fast = fast if fast < lead_days else None
    outlook = inputs.outlook
    if inputs.safety_mode == "service_level":
        safety = service_level_z(inputs.service_level) * outlook.sd(lead_days, lead_sd)
    else:
        safety = inputs.tier_days * max(inputs.avg_daily_sales, 0.0)
    position = inputs.available_units + sum(qty for _eta, qty in inputs.inbound)
    return PairNeed(
        inputs=inputs, lead_days=lead_days, fast_lead_days=fast, safety_stock=safety,
        reorder_point=outlook.units(lead_days) + safety,
        target=outlook.units(lead_days + inputs.review_period_days) + safety,
        position=position,
        inbound_sellable=tuple((eta + inputs.receiving_days, qty)
                               for eta, qty in inputs.inbound))


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
