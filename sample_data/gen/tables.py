"""The store as CSV rows, file by file, and the notes on how the run went."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .audience import stream_viewers
from .catalogue import ProductSpec
from .clock import MARKET_ZONE, SHENZHEN, iso
from .ledger import Ledger, Shipment
from .money import decimal, money
from .plans import SessionPlan
from .streams import StreamSamples
from .warehouses import CURRENCY, LANES, WAREHOUSE, WAREHOUSES


@dataclass
class Dataset:
    tables: dict[str, list[list[str]]]
    notes: list[str]


# The supplier's minimum order and carton size by category (estimates: small goods from
# Shenzhen factories come 20-100 to a carton, with MOQs of a few cartons).
ORDER_UNITS = {"lighting": (200, 20), "tripods": (100, 10), "audio": (100, 20),
               "studio": (50, 5), "phone cases": (300, 100), "phone accessories": (300, 100),
               "beauty": (200, 50), "kitchen": (100, 24), "pets": (120, 24),
               "seasonal": (200, 40)}
# Streams the team announced as events, with its own estimate of average viewers.
EVENTS = ("1111", "today")


def order_units(spec: ProductSpec) -> tuple[int, int]:
    """(moq, case_pack) of a product."""
    return ORDER_UNITS.get(spec.category, (100, 10))


def received_at(shipment: Shipment, data_end: datetime) -> str:
    """When the warehouse took the lot in (arrival + its receiving days); empty while the lot
    is still on the way when the data ends."""
    warehouse = WAREHOUSE[shipment.warehouse_id]
    done = shipment.eta + timedelta(days=warehouse.receiving_days)
    return iso(done, warehouse.zone) if done < data_end else ""


def expected_viewers(plan: SessionPlan) -> str:
    """The team's estimate of average concurrent viewers, for its event streams only: the
    planned audience curve's mean, to the hundred (the stream may beat or miss it)."""
    if plan.special not in EVENTS:
        return ""
    curve = stream_viewers(plan, noisy=False)
    return str(round(sum(curve) / len(curve), -2).__int__())


def csv_rows(catalog: Sequence[ProductSpec], plans: Sequence[SessionPlan],
             samples: dict[str, StreamSamples], ledgers: dict[str, Ledger], *,
             data_end: datetime) -> dict[str, list[list[str]]]:
    tables: dict[str, list[list[str]]] = {}
    tables["warehouses.csv"] = [
        [w.warehouse_id, w.name, w.country, w.mode, w.currency, decimal(w.storage_fee_unit_day),
         decimal(w.inbound_fee_unit), decimal(w.outbound_fee_order), decimal(w.return_fee_unit),
         w.serves, str(w.receiving_days)]
        for w in WAREHOUSES]
    tables["products.csv"] = [
        [p.sku, p.name, p.category, p.group, money(p.unit_cost, p.currency),
         money(p.price, p.currency), p.currency, "true" if p.presale_allowed else "false",
         str(p.lead_days), *(str(units) for units in order_units(p))] for p in catalog]
    tables["lanes.csv"] = [
        [lane.warehouse_id, lane.mode, f"{lane.transit_days:g}", f"{lane.transit_days_sd:g}",
         decimal(lane.cost_unit), decimal(lane.cost_shipment), lane.from_warehouse_id]
        for lane in LANES]
    counts = sorted((c for ledger in ledgers.values() for c in ledger.counts),
                    key=lambda c: (c.counted_at, c.warehouse_id, c.sku))
    tables["stock.csv"] = [
        [c.sku, c.warehouse_id, iso(c.counted_at, WAREHOUSE[c.warehouse_id].zone),
         str(c.on_hand), str(c.reserved)] for c in counts]
    shipments = sorted((s for ledger in ledgers.values() for s in ledger.shipments),
                       key=lambda s: (s.shipped_at, s.shipment_id, s.sku))
    tables["inbound.csv"] = [
        [s.shipment_id, s.sku, s.warehouse_id, str(s.qty), s.mode, iso(s.shipped_at, SHENZHEN),
         iso(s.eta, WAREHOUSE[s.warehouse_id].zone), received_at(s, data_end)]
        for s in shipments]
    plans = sorted(plans, key=lambda p: (p.start, p.session_id))
    tables["sessions.csv"] = [
        [p.session_id, p.title, p.platform, p.market, iso(p.warmup_start, MARKET_ZONE[p.market]),
         iso(p.start, MARKET_ZONE[p.market]), iso(p.end, MARKET_ZONE[p.market]), p.traffic,
         expected_viewers(p)]
        for p in plans]
    tables["lineup.csv"] = [[p.session_id, e.sku, str(e.slot), money(e.price, CURRENCY[p.market]),
                             e.variant] for p in plans for e in p.lineup]
    tables["viewers.csv"] = [[p.session_id, iso(ts, MARKET_ZONE[p.market]), str(v), str(i)]
                             for p in plans for ts, v, i in samples[p.session_id].viewers]
    accepted = sorted((a for ledger in ledgers.values() for a in ledger.accepted),
                      key=lambda a: (a.demand.ts, a.demand.order_id, a.demand.sku))
    in_bin: dict[tuple[str, str, int], int] = defaultdict(int)
    by_session = {p.session_id: p for p in plans}
    for a in accepted:
        if a.demand.session_id:
            plan = by_session[a.demand.session_id]
            minute = int((a.demand.ts - plan.start).total_seconds() // 60)
            in_bin[(plan.session_id, a.demand.sku, minute // 5)] += 1
    funnel = []
    for p in plans:
        slots = {e.sku: e.slot for e in p.lineup}
        for (sku, bin_index), (impressions, clicks) in sorted(
                samples[p.session_id].funnel.items(), key=lambda kv: (kv[0][1], slots[kv[0][0]])):
            clicks = max(int(clicks), in_bin[(p.session_id, sku, bin_index)])
            bin_end = p.start + timedelta(minutes=5 * (bin_index + 1))
            funnel.append([p.session_id, sku, iso(bin_end, MARKET_ZONE[p.market]),
                           str(max(int(impressions), clicks)), str(clicks)])
    tables["funnel.csv"] = funnel
    currency = {p.sku: p.currency for p in catalog}
    market = {p.sku: p.market for p in catalog}
    tables["orders.csv"] = [
        [a.demand.order_id, a.demand.sku, iso(a.demand.ts, MARKET_ZONE[market[a.demand.sku]]),
         str(a.qty), money(a.demand.unit_price, currency[a.demand.sku]), currency[a.demand.sku],
         a.demand.session_id, a.warehouse_id, a.demand.customer_id, a.demand.status]
        for a in accepted]
    return tables
