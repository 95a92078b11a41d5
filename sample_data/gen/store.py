"""The whole store: build every table from the anchor and the scale."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta

from .audience import expected_units
from .calendar import HISTORY_DAYS
from .catalogue import CATALOG, copy_product
from .clock import MARKET_ZONE, NEW_YORK, local_date, wall_clock
from .demand import Demand, Orders
from .ledger import Design, Ledger
from .lineups import session_plans
from .offstream import offstream_demand
from .plans import Context
from .replenishment import rate_plan
from .stock_history import simulate_product
from .streams import StreamSamples, stream_demand
from .tables import Dataset, csv_rows
from .tonight import tonight_design, tonight_notes


def build(*, anchor: date, scale: float) -> Dataset:
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
    for spec in catalog:
        rates = rate_plan(ctx, spec, plans, expected)
        design = designs.get(spec.sku, Design())
        ordered = sorted(demands[spec.sku], key=lambda d: (d.ts, d.order_id))
        ledger, misses = simulate_product(ctx, spec, ordered, design, rates)
        # Stock still too high at a target: stop routine shipments a week earlier, and retry.
        for _ in range(6):
            if not misses or design.freeze_eta is None:
                break
            design = replace(design, freeze_eta=design.freeze_eta - timedelta(days=7))
            ledger, misses = simulate_product(ctx, spec, ordered, design, rates)
        ledgers[spec.sku] = ledger
        notes.extend(misses)
    tables = csv_rows(catalog, plans, samples, ledgers, data_end=ctx.demo_at)
    notes.extend(tonight_notes(plans, expected, ledgers))
    return Dataset(tables, notes)
