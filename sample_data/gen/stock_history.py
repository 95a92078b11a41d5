"""A product's 90 days played event by event, and the designed shipments solved."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta

from .calendar import HISTORY_DAYS
from .catalogue import ProductSpec
from .clock import local_date, wall_clock
from .demand import Demand
from .draws import ceil10, rng_for
from .ledger import Count, Design, Ledger, Shipment
from .plans import Context
from .replenishment import RatePlan, shipped_at, weekly_review
from .shelves import Event, Shelves, reserved_units, serve_order
from .warehouses import LANE, PREFERENCE, WAREHOUSE


def run_ledger(ctx: Context, spec: ProductSpec, demands: Sequence[Demand], design: Design,
               plan: RatePlan, pin_qty: Sequence[int]) -> Ledger:
    """Play the product's 90 days event by event; see generate.py's docstring, step 4."""
    warehouses = list(spec.stocked)
    shelves = Shelves(dict.fromkeys(warehouses, 0), dict.fromkeys(warehouses, 0),
                      dict.fromkeys(warehouses, 0), {wh: [] for wh in warehouses}, [])
    result = Ledger([], [], [], [0] * len(design.pins), [])
    events: list[tuple[datetime, int, int, Event]] = []
    counted: set[tuple[str, datetime]] = set()

    sequence = itertools.count()

    def push(ts: datetime, priority: int, event: Event) -> None:
        if ts < ctx.demo_at:
            heapq.heappush(events, (ts, priority, next(sequence), event))

    def count_at(wh: str, ts: datetime) -> None:
        if (wh, ts) not in counted:
            counted.add((wh, ts))
            push(ts, 1, Event("count", wh))

    def ship(order: Shipment, *, routine: bool = True) -> None:
        # Designed (campaign) shipments are planned apart: the weekly review doesn't see them.
        if routine:
            shelves.in_transit.append((order.eta, order.warehouse_id, order.qty))
        if order.shipped_at <= ctx.demo_at:
            result.shipments.append(order)
        # Sellable once checked in: the warehouse's receiving days after arriving.
        push(order.eta + timedelta(days=WAREHOUSE[order.warehouse_id].receiving_days), 0,
             Event("arrive", order.warehouse_id, order.qty))

    start_rng = rng_for("initial", spec.sku)
    for wh in spec.stocked:
        zone = WAREHOUSE[wh].zone
        rate = plan.units_per_day(ctx, spec, wh, ctx.window_start)
        low, high = (15, 35) if spec.lean else (40, 70)
        shelves.on_hand[wh] = (design.initial_on_hand if design.initial_on_hand is not None
                               else ceil10(rate * start_rng.uniform(low, high)))
        count_at(wh, wall_clock(ctx.window_start, 7, 0, zone))
        if start_rng.random() < (0.5 if spec.lean else 0.85) and design.initial_on_hand is None:
            eta_rng = rng_for("initial-eta", wh)
            eta = wall_clock(ctx.window_start + timedelta(days=eta_rng.randint(6, 30)),
                             eta_rng.randint(9, 15), 0, zone)
            ship_day = local_date(eta, zone) - timedelta(
                days=round(LANE[(wh, "sea")].transit_days))
            ship(Shipment(f"SEA-{wh}-{ship_day:%y%m%d}", spec.sku, wh,
                          ceil10(rate * start_rng.uniform(20, 40)), "sea", shipped_at(ship_day),
                          eta))
        for offset in range(1, HISTORY_DAYS + 1):
            day = ctx.window_start + timedelta(days=offset)
            if day.weekday() == 0:
                count_at(wh, wall_clock(day, 7, 0, zone))
                push(wall_clock(day, 9, 0, zone), 2, Event("review", wh))
        count_at(wh, wall_clock(ctx.anchor, 7, 0, zone))
    for index, pin in enumerate(design.pins):
        qty = pin.qty if pin.target_at is None else pin_qty[index]
        if qty > 0:
            zone = WAREHOUSE[pin.warehouse_id].zone
            ship_day = local_date(pin.eta, zone) - timedelta(
                days=round(LANE[(pin.warehouse_id, pin.mode)].transit_days))
            ship(Shipment(f"{pin.mode.upper()}-{pin.warehouse_id}-{ship_day:%y%m%d}-{spec.base}",
                          spec.sku, pin.warehouse_id, qty, pin.mode, shipped_at(ship_day),
                          pin.eta), routine=False)
        if pin.target_at is not None:
            push(pin.target_at, 4, Event("probe", index=index))
    for demand in demands:
        push(demand.ts, 3, Event("demand", demand=demand))

    while events:
        ts, _, _, event = heapq.heappop(events)
        wh = event.warehouse_id
        if event.kind == "arrive":
            shelves.pending[wh] += event.qty
            count_at(wh, ts + timedelta(hours=2))
        elif event.kind == "count":
            shelves.on_hand[wh] += shelves.pending[wh]
            shelves.pending[wh] = 0
            reserved = reserved_units(spec, wh, ts, shelves.on_hand[wh], design)
            shelves.sellable[wh] = shelves.on_hand[wh] - reserved
            result.counts.append(Count(spec.sku, wh, ts, shelves.on_hand[wh], reserved))
            result.levels.append((ts, dict(shelves.sellable)))
        elif event.kind == "review":
            for order in weekly_review(ctx, spec, wh, ts, design, plan, shelves):
                ship(order)
        elif event.kind == "probe":
            pool = design.pool or tuple(shelves.on_hand)
            result.probes[event.index] = sum(shelves.on_hand.get(w, 0)
                                             + shelves.pending.get(w, 0) for w in pool)
        elif event.demand is not None:
            serve_order(spec, event.demand, shelves, result)
            result.levels.append((ts, dict(shelves.sellable)))
    return result


def simulate_product(ctx: Context, spec: ProductSpec, demands: Sequence[Demand], design: Design,
                     plan: RatePlan) -> tuple[Ledger, list[str]]:
    """The ledger, with each designed shipment sized to hit its target; and what missed."""
    qty = [0] * len(design.pins)
    ledger = run_ledger(ctx, spec, demands, design, plan, qty)
    misses = []
    for index, pin in enumerate(design.pins):
        if pin.target_at is None:
            continue
        for _ in range(25):
            got = ledger.probes[index]
            # Units the shelf could not serve before the target would have sold too.
            missed = sum(q for ts, q, channel in ledger.lost
                         if pin.eta < ts <= pin.target_at
                         and pin.warehouse_id in PREFERENCE.get((spec.market, channel),
                                                                (pin.warehouse_id,)))
            wanted = max(0, qty[index] + pin.target_on_hand - got + missed)
            if got == pin.target_on_hand or wanted == qty[index]:
                break
            qty[index] = wanted
            ledger = run_ledger(ctx, spec, demands, design, plan, qty)
        if pin.ceiling and ledger.probes[index] > pin.target_on_hand * 1.1 + 5:
            misses.append(f"{spec.sku}: {ledger.probes[index]} on hand at "
                          f"{pin.target_at:%Y-%m-%d %H:%M}Z, wanted {pin.target_on_hand}")
    return ledger, misses
