"""The ledger's records: shipments, counts, accepted orders, and the designed shipments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .demand import Demand


@dataclass(frozen=True)
class Shipment:
    shipment_id: str
    sku: str
    warehouse_id: str
    qty: int
    mode: str
    shipped_at: datetime
    eta: datetime


@dataclass(frozen=True)
class Count:
    sku: str
    warehouse_id: str
    counted_at: datetime
    on_hand: int
    reserved: int


@dataclass(frozen=True)
class Accepted:
    demand: Demand
    qty: int
    warehouse_id: str


@dataclass(frozen=True)
class Pin:
    """A designed shipment: a fixed qty, or the qty that makes the market's on-hand stock
    equal `target_on_hand` at `target_at` (solved by re-running the ledger)."""

    warehouse_id: str
    mode: str
    eta: datetime
    target_at: datetime | None = None
    target_on_hand: int = 0
    qty: int = 0
    ceiling: bool = False  # the target is a most (a sell-out must happen), not a least


@dataclass(frozen=True)
class Design:
    pins: tuple[Pin, ...] = ()
    freeze_eta: datetime | None = None  # routine replenishment stops arriving after this
    cover_days: int | None = None  # small frequent batches instead of the usual 45 days
    reserve_all_on: date | None = None  # the count that day holds every unit (customer holds)
    initial_on_hand: int | None = None
    # The warehouses a pin's target counts (the stream's platform pool); None = every one.
    pool: tuple[str, ...] | None = None


@dataclass
class Ledger:
    counts: list[Count]
    accepted: list[Accepted]
    shipments: list[Shipment]
    probes: list[int]
    lost: list[tuple[datetime, int, str]]  # demand that met an empty shelf: ts, qty, channel
    # Sellable units in each warehouse after each count and each draw: when the shelves a
    # stream sells from were really empty (sample_data.gen.truth, over the stream's pool).
    levels: list[tuple[datetime, dict[str, int]]] = field(default_factory=list)
