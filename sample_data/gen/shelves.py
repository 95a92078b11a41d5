"""The stock on a product's shelves, and how an order draws on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .catalogue import ProductSpec
from .clock import local_date
from .demand import Demand
from .draws import rng_for
from .ledger import Accepted, Design, Ledger
from .warehouses import WAREHOUSE, ships_from


@dataclass(frozen=True)
class Event:
    kind: str  # arrive, count, review, demand, probe
    warehouse_id: str = ""
    qty: int = 0
    demand: Demand | None = None
    index: int = 0


@dataclass
class Shelves:
    """Stock of one product per warehouse while the ledger runs."""

    on_hand: dict[str, int]
    sellable: dict[str, int]  # on hand - reserved at the last count - drawn since
    pending: dict[str, int]  # arrived, not yet counted
    drawn: dict[str, list[tuple[datetime, int]]]
    in_transit: list[tuple[datetime, str, int]]

    @property
    def total_sellable(self) -> int:
        return sum(max(0, units) for units in self.sellable.values())

    def sellable_now(self) -> dict[str, int]:
        """What each warehouse can still sell (at least 0), as a snapshot."""
        return {wh: max(0, units) for wh, units in self.sellable.items()}


def reserved_units(spec: ProductSpec, wh: str, ts: datetime, units: int, design: Design) -> int:
    """A few units held (customer-service replacements, damaged, FC transfers)."""
    if design.reserve_all_on == local_date(ts, WAREHOUSE[wh].zone):
        return units
    if units < 40:
        return 0
    return round(units * rng_for("reserved", spec.sku, wh, ts).uniform(0.0, 0.025))


def serve_order(spec: ProductSpec, demand: Demand, shelves: Shelves, result: Ledger) -> None:
    """Ship from the first warehouse that has it all, else sell what is left, else lose it.

    A cancelled order needs stock to be placed but never draws it (docs/data-files.md: cancelled
    orders don't count)."""
    sellable = shelves.sellable
    order = ships_from(spec.market, demand.channel, tuple(sellable))
    # Only warehouses that can ship this platform's orders: none, and the order is lost.
    candidates = [wh for wh in order if wh in sellable]
    chosen = next((wh for wh in candidates if sellable[wh] >= demand.qty), None)
    qty = demand.qty
    if chosen is None:
        best = max(candidates, key=lambda wh: sellable[wh], default=None)
        if best is None or sellable[best] <= 0:
            result.lost.append((demand.ts, demand.qty, demand.channel))
            return
        chosen, qty = best, sellable[best]
    result.accepted.append(Accepted(demand, qty, chosen))
    if demand.status != "cancelled":
        sellable[chosen] -= qty
        shelves.on_hand[chosen] -= qty
        shelves.drawn[chosen].append((demand.ts, qty))
