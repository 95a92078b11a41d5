"""One line of the replenishment plan: a purchase or a transfer, how much, by which lane,
when it must arrive and what it costs (`core.planning.plan` makes them).

Pure value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
