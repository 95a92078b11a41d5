"""The plan's inputs per (product, warehouse), and the plan from them.

Pure, from the planning data (`core.planning.inputs.data.PlanningData`) and the sessions'
demand and tiers (`core.planning.inputs.sessions`); `core.planning.plan` makes the lines.
"""

from __future__ import annotations

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
    PlanInputs,
    PlanLine,
    SessionDemand,
    WarehouseFees,
)

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


def plan_inputs(data: PlanningData, *, sku: str, warehouse_id: str, demand: DailyDemand,
                tier: Tier, sessions: tuple[SessionDemand, ...], batch_units: int = 1
                ) -> PlanInputs:
    product = row(data.products, "sku", sku)
    warehouse = row(data.warehouses, "warehouse_id", warehouse_id)
    sea, air = pick_lanes(data.lanes, warehouse_id)
    state = data.states.get((sku, warehouse_id), PairState(0.0, ()))
    schedule_days = max((s.day for s in sessions), default=0.0)
    outlook = DemandOutlook(offstream_per_day=demand.mean_per_day,
                            offstream_sd_per_day=demand.sd_per_day, sessions=sessions,
                            stream_units_per_day=demand.session_units_per_day,
                            schedule_days=schedule_days)
    moq, case_pack = terms_of(data, sku)
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
        receiving_days=receiving_days(data, warehouse_id),
        transfers_in=transfers_into(data.lanes, warehouse_id), moq=moq, case_pack=case_pack,
        unit_cost=float(product["unit_cost"]), price=float(product["price"]),
        price_currency=str(product["currency"]),
        slow_mover_days=data.settings.slow_mover_days)
