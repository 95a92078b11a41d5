"""What moving and keeping stock costs: the freight lanes (from the supplier, or between the
seller's own warehouses), a warehouse's fees, and the formulas over them: an order's landed
logistics cost, small frequent batches against one large batch, the cost per unit sold.

Pure. Money is in the warehouse's currency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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
class TransferLane:
    """A lane between two of the seller's warehouses (lanes.csv `from_warehouse_id`)."""

    from_warehouse_id: str
    lane: LaneOption


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
