"""The replenishment plan from every (product, warehouse) pair's inputs.

For each product: each warehouse's need (`core.planning.replenish.pair_need`), where the
units come from (`core.planning.sourcing`: transfers from the seller's spare stock, air for
the gap, sea for the rest), orders its supplier accepts (`core.planning.supplier_terms`:
whole cartons, the MOQ), then across products one shipment per lane per batch with its
cost shared (`core.planning.shipments`). Each line's cost = freight + its shipment share +
inbound fee + storage while it sells (`core.planning.replenish.order_cost`); a line whose
landed cost per unit (freight + share + inbound fee, without the unit cost) exceeds the
product's margin (price - unit cost) is flagged.

Lines: per pair the default-lane purchase (even for 0 units), then the fast lane's when it
carries a gap, then transfers in; sorted by sku, warehouse.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from core.planning.replenish import PairNeed, PlanInputs, PlanLine, order_cost, pair_need
from core.planning.shipments import Leg, share_shipments
from core.planning.sourcing import Route, Sourced, purchase_routes, source_product
from core.planning.supplier_terms import (
    carton_step,
    moq_top_up,
    overstocked,
    whole_cartons,
)


@dataclass(frozen=True)
class _Draft:
    """A line before shipments are shared: its route (None: no lane), units asked and
    ordered."""

    need: PairNeed
    route: Route | None
    departure_days: float
    need_qty: float
    order_qty: int
    flags: tuple[str, ...] = ()

    @property
    def is_purchase(self) -> bool:
        return self.route is not None and self.route.from_warehouse_id is None

    @property
    def rank(self) -> tuple[str, str, int, str, float]:
        kind = 2 if self.route and self.route.from_warehouse_id else int(
            bool(self.route and self.route.gap_only))
        return (self.need.inputs.sku, self.need.inputs.warehouse_id, kind,
                (self.route.from_warehouse_id or "") if self.route else "", self.departure_days)


def _pair_drafts(need: PairNeed, sourced: Sequence[Sourced]) -> list[_Draft]:
    """The pair's default line (always), its fast line, its transfers in, in whole units
    (purchases in whole cartons; units the fast line rounds up come off the default's)."""
    inputs = need.inputs
    step = carton_step(case_pack=inputs.case_pack, batch_units=inputs.batch_units)
    mine = [s for s in sourced if s.warehouse_id == inputs.warehouse_id]
    routes = purchase_routes(need, unit_cost=None)
    default = next((r for r in routes if not r.gap_only), None)
    fast_units = sum(s.units for s in mine if s.route.gap_only)
    fast_qty = whole_cartons(fast_units, case_pack=step)
    default_units = sum(s.units for s in mine
                        if s.route.from_warehouse_id is None and not s.route.gap_only)
    drafts = [_Draft(need, default, 0.0, default_units, whole_cartons(
        max(0.0, default_units - (fast_qty - fast_units)), case_pack=step))]
    fast = next((r for r in routes if r.gap_only), None)
    if fast is not None and fast_qty > 0:
        drafts.append(_Draft(need, fast, 0.0, fast_units, fast_qty))
    drafts += [_Draft(need, s.route, s.departure_days, s.units, math.ceil(s.units - 1e-6))
               for s in mine if s.route.from_warehouse_id is not None]
    return drafts


def _meet_moq(drafts: list[_Draft]) -> list[_Draft]:
    """One product's drafts with its purchases raised to the MOQ, or held when that would
    overstock (`core.planning.supplier_terms`)."""
    buys = [d for d in drafts if d.is_purchase]
    if not buys:
        return drafts
    inputs = buys[0].need.inputs
    ordered = sum(d.order_qty for d in buys)
    step = carton_step(case_pack=inputs.case_pack, batch_units=inputs.batch_units)
    extra = moq_top_up(ordered_units=ordered, moq=inputs.moq, step=step)
    if extra == 0:
        return drafts
    defaults = [d for d in buys if d.route is not None and not d.route.gap_only]
    chosen = max(defaults or buys, key=lambda d: (d.order_qty, d.need.demand_per_day))
    need = chosen.need
    arriving = sum(d.order_qty for d in drafts if d.need is need)
    after = need.position + arriving + extra - need.inputs.outlook.units(need.lead_days)
    if overstocked(stock_after_units=after, demand_per_day=need.demand_per_day,
                   slow_mover_days=inputs.slow_mover_days):
        return [replace(d, order_qty=0, flags=(*d.flags, "moq_held"))
                if d.is_purchase and d.order_qty > 0 else d for d in drafts]
    return [replace(d, order_qty=d.order_qty + extra, flags=(*d.flags, "moq"))
            if d is chosen else d for d in drafts]


def _leg(index: int, draft: _Draft) -> Leg:
    route = draft.route
    assert route is not None
    return Leg(index, (route.from_warehouse_id or "", draft.need.inputs.warehouse_id,
                       route.mode), draft.order_qty, route.lane.cost_shipment,
               draft.departure_days if route.from_warehouse_id else None)


def _line(draft: _Draft, *, share: float, shipment_units: int) -> PlanLine:
    need, route, qty = draft.need, draft.route, draft.order_qty
    inputs = need.inputs
    flags = draft.flags
    cost, landed, arrive_by = 0.0, None, None
    if route is not None:
        arrival = draft.departure_days + route.sellable_after_days - inputs.receiving_days
        arrive_by = (inputs.at + timedelta(days=arrival)).date()
        cost = order_cost(qty_units=qty, lane=route.lane, fees=inputs.fees,
                          demand_per_day=need.demand_per_day, shipment_cost=share)
        if qty > 0:
            landed = route.lane.cost_unit + inputs.fees.inbound_fee_unit + share / qty
            margin = inputs.margin_unit
            if margin is not None and landed > margin + 1e-9:
                flags = (*flags, "margin")
    return PlanLine(
        sku=inputs.sku, warehouse_id=inputs.warehouse_id, tier=inputs.tier,
        safety_stock=need.safety_stock, reorder_point=need.reorder_point,
        stock_position=need.position, order_qty=qty,
        mode=route.mode if route else None, arrive_by=arrive_by, cost=cost,
        currency=inputs.currency, from_warehouse_id=route.from_warehouse_id if route else None,
        need_qty=draft.need_qty, shipment_share=share if qty > 0 else 0.0,
        shipment_units=shipment_units if qty > 0 else 0, landed_cost_unit=landed,
        margin_unit=inputs.margin_unit, flags=flags)


def plan_of(pairs: Sequence[PlanInputs]) -> list[PlanLine]:
    """The plan for these pairs (at most one per (sku, warehouse)), one batch: every lane's
    shipment shared by its lines (`core.planning.shipments`)."""
    by_sku: dict[str, dict[str, PairNeed]] = {}
    for inputs in pairs:
        by_sku.setdefault(inputs.sku, {})[inputs.warehouse_id] = pair_need(inputs)
    drafts: list[_Draft] = []
    for _sku, needs in sorted(by_sku.items()):
        sourced = source_product(needs)
        mine = [d for wh in sorted(needs) for d in _pair_drafts(needs[wh], sourced)]
        drafts += _meet_moq(mine)
    drafts.sort(key=lambda d: d.rank)
    shares = share_shipments([_leg(i, d) for i, d in enumerate(drafts) if d.route])
    lines = []
    for i, draft in enumerate(drafts):
        share = shares.get(i)
        lines.append(_line(draft, share=share.cost if share else 0.0,
                           shipment_units=share.shipment_units if share else 0))
    return lines


def plan_lines(inputs: PlanInputs) -> list[PlanLine]:
    """The plan of one product in one warehouse alone (every shipment its own)."""
    return plan_of([inputs])
