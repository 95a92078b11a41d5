"""The plan's inputs per (product, warehouse), and the plan from them.

Pure, from the planning data (`core.planning.inputs.data.PlanningData`) and the sessions'
demand and tiers (`core.planning.inputs.sessions`); `core.planning.plan` makes the lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.board.tiers import Tier, tier_days
from core.planning.demand import DailyDemand
from core.planning.inputs.data import (
    PairState,
    PlanningData,
    pick_lanes,
    receiving_days,
    row,
    terms_of,
    transfers_into,
)
from core.planning.inputs.sessions import session_plan
from core.planning.plan import plan_of
from core.planning.replenish import (
    DemandOutlook,
    LaneOption,
    PlanInputs,
    PlanLine,
    SessionDemand,
    TransferLane,
    WarehouseFees,
)

NO_DEMAND = DailyDemand("", "", 0.0, 0.0, "none", 0.0, None, 0, 0)


@dataclass(frozen=True)
class Catalogue:
    """The facts of each product and warehouse that every pair's inputs look up, found
    once per plan: looked up in the frames again for each of the sample store's 67 pairs,
    they took most of a second."""

    products: dict[str, dict[str, Any]]
    warehouses: dict[str, dict[str, Any]]
    lanes: dict[str, tuple[LaneOption | None, LaneOption | None]]
    transfers: dict[str, tuple[TransferLane, ...]]
    receiving_days: dict[str, float]
    terms: dict[str, tuple[int, int]]


def catalogue_of(data: PlanningData, *, skus: set[str], warehouse_ids: set[str]
                 ) -> Catalogue:
    """The lookups of `core.planning.inputs.data` for these products and warehouses."""
    return Catalogue(
        products={sku: row(data.products, "sku", sku) for sku in skus},
        warehouses={w: row(data.warehouses, "warehouse_id", w) for w in warehouse_ids},
        lanes={w: pick_lanes(data.lanes, w) for w in warehouse_ids},
        transfers={w: transfers_into(data.lanes, w) for w in warehouse_ids},
        receiving_days={w: receiving_days(data, w) for w in warehouse_ids},
        terms={sku: terms_of(data, sku) for sku in skus})


def plan_for(data: PlanningData, *, batch_units: int = 1) -> list[PlanLine]:
    """The plan for every (product, warehouse) that holds, sold or expects the product, and
    every warehouse an open session needs it in (`core.planning.plan.plan_of`), ordering
    in multiples of `batch_units` (whole cartons)."""
    sessions = session_plan(data)
    skus = set(data.products["sku"])
    warehouses = set(data.warehouses["warehouse_id"])
    pairs = [(sku, warehouse_id) for sku, warehouse_id in sorted({*data.demand, *sessions.demand})
             if sku in skus and warehouse_id in warehouses]
    catalogue = catalogue_of(data, skus={sku for sku, _ in pairs},
                             warehouse_ids={warehouse_id for _, warehouse_id in pairs})
    inputs = [plan_inputs(data, sku=sku, warehouse_id=warehouse_id,
                          demand=data.demand.get((sku, warehouse_id), NO_DEMAND),
                          tier=sessions.tiers.get((sku, warehouse_id), Tier.DAILY),
                          sessions=tuple(sessions.demand.get((sku, warehouse_id), [])),
                          batch_units=batch_units, catalogue=catalogue)
              for sku, warehouse_id in pairs]
    return plan_of(inputs)


def plan_inputs(data: PlanningData, *, sku: str, warehouse_id: str, demand: DailyDemand,
                tier: Tier, sessions: tuple[SessionDemand, ...], catalogue: Catalogue,
                batch_units: int = 1) -> PlanInputs:
    """One pair's inputs of the plan, its product's and warehouse's facts from
    `catalogue`."""
    product = catalogue.products[sku]
    warehouse = catalogue.warehouses[warehouse_id]
    sea, air = catalogue.lanes[warehouse_id]
    state = data.states.get((sku, warehouse_id), PairState(0.0, ()))
    schedule_days = max((s.day for s in sessions), default=0.0)
    outlook = DemandOutlook(offstream_per_day=demand.mean_per_day,
                            offstream_sd_per_day=demand.sd_per_day, sessions=sessions,
                            stream_units_per_day=demand.session_units_per_day,
                            schedule_days=schedule_days)
    moq, case_pack = catalogue.terms[sku]
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
        receiving_days=catalogue.receiving_days[warehouse_id],
        transfers_in=catalogue.transfers[warehouse_id], moq=moq, case_pack=case_pack,
        unit_cost=float(product["unit_cost"]), price=float(product["price"]),
        price_currency=str(product["currency"]),
        slow_mover_days=data.settings.slow_mover_days)
