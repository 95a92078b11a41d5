"""How much one warehouse needs of one product, and by when.

Pure functions over plain inputs (the store is read in `core.planning.service`). The policy
is a periodic review, order-up-to one (R, S):

    target position S = forecast demand over (lead time + review period) + safety stock
    stock position    = on hand - reserved + inbound (ordered, not yet counted)
    need              = max(0, S - position)

with lead time = supplier lead days + the default lane's transit + the warehouse's receiving
days. `pair_need` states one warehouse's need; `core.planning.sourcing` decides where the
units come from (transfers from the seller's own warehouses, air only for the gap sea cannot
reach in time, sea for the rest) and `core.planning.plan` turns that into lines a supplier
and a forwarder accept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from core.planning.replenish.costs import LaneOption, TransferLane, WarehouseFees
from core.planning.replenish.outlook import DemandOutlook
from core.planning.safety import service_level_z

DEFAULT_SLOW_DAYS = 90.0


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
