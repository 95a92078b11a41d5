"""The whole store: build every table from the anchor and the scale."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .audience import expected_units
from .calendar import HISTORY_DAYS
from .catalogue import CATALOG, ProductSpec, copy_product
from .clock import MARKET_ZONE, NEW_YORK, local_date, wall_clock
from .demand import Demand, Orders
from .ledger import Design, Ledger
from .lineups import session_plans
from .offstream import offstream_demand
from .plans import Context, SessionPlan
from .replenishment import rate_plan
from .stock_history import simulate_product
from .streams import StreamSamples, stream_demand
from .tables import Dataset, csv_rows
from .tonight import tonight_design, tonight_notes


@dataclass(frozen=True)
class World:
    """Everything a run drew, before it became CSV rows: what `sample_data.gen.truth` reads
    to say what buyers really wanted (demand drawn before any stock was looked at)."""

    ctx: Context
    products: dict[str, ProductSpec]
    plans: list[SessionPlan]
    samples: dict[str, StreamSamples]
    demands: dict[str, list[Demand]]  # by sku, in time order
    ledgers: dict[str, Ledger]
    notes: list[str]


def build(*, anchor: date, scale: float) -> Dataset:
    world = simulate(anchor=anchor, scale=scale)
    catalog = list(world.products.values())
    tables = csv_rows(catalog, world.plans, world.samples, world.ledgers,
                      data_end=world.ctx.demo_at)
    expected = {plan.session_id: expected_units(plan, world.products) for plan in world.plans}
    return Dataset(tables, [*world.notes, *tonight_notes(world.plans, expected, world.ledgers)])


def simulate(*, anchor: date, scale: float) -> World:
    """Draw the run: plans, demand, and each product's ledger (generate.py, steps 1-5)."""
    if not scale > 0:
        raise ValueError(f"--scale must be positive, got {scale}")
    copies = max(1, round(scale))
    ctx = Context(anchor, anchor - timedelta(days=HISTORY_DAYS),
                  wall_clock(anchor, 18, 0, NEW_YORK), min(1.0, scale), copies)
    catalog = [copy_product(spec, copy) for copy in range(1, copies + 1) for spec in CATALOG]
    products = {p.sku: p for p in catalog}
    plans = session_plans(ctx, products)
    expected = {plan.session_id: expected_units(plan, products) for plan in plans}
    designs = tonight_design(ctx, plans, expected)

    ids = Orders()
    demands: dict[str, list[Demand]] = defaultdict(list)
    samples: dict[str, StreamSamples] = {}
    for plan in plans:
        stream_orders, samples[plan.session_id] = stream_demand(plan, products, ids)
        for demand in stream_orders:
            demands[demand.sku].append(demand)
    halo: dict[str, set[date]] = defaultdict(set)
    for plan in plans:
        day = local_date(plan.start, MARKET_ZONE[plan.market])
        for entry in plan.lineup:
            halo[entry.sku].update(day + timedelta(days=d) for d in (1, 2))
    for spec in catalog:
        for demand in offstream_demand(ctx, spec, catalog, halo[spec.sku], ids):
            demands[demand.sku].append(demand)

    ledgers: dict[str, Ledger] = {}
    notes: list[str] = []
    ordered_demands: dict[str, list[Demand]] = {}
    for spec in catalog:
        rates = rate_plan(ctx, spec, plans, expected)
        design = designs.get(spec.sku, Design())
        ordered = sorted(demands[spec.sku], key=lambda d: (d.ts, d.order_id))
        ordered_demands[spec.sku] = ordered
        ledger, misses = simulate_product(ctx, spec, ordered, design, rates)
        # Stock still too high at a target: stop routine shipments a week earlier, and retry.
        for _ in range(6):
            if not misses or design.freeze_eta is None:
                break
            design = replace(design, freeze_eta=design.freeze_eta - timedelta(days=7))
            ledger, misses = simulate_product(ctx, spec, ordered, design, rates)
        ledgers[spec.sku] = ledger
        notes.extend(misses)
    return World(ctx, products, plans, samples, ordered_demands, ledgers, notes)
