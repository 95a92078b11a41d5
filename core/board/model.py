"""The board's vocabulary: the lights, a `Board` of `BoardRow`s, and the facts it is built from.

Plain frozen values. `SessionFacts` and `ProductFacts` are what `core.board.reads` read and
`core.board.service` assembles; `DemandEstimate` is the seam through which
`core.forecast.nowcast`'s forecast blend replaces the default pace estimate. The rules that
turn facts into a board are in `core.board.lights`, the reason lines' text in
`core.board.reasons`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum
from typing import Any

from core.stock.pools import StockWarehouse
from core.stock.presale import InboundLot, NoPresale, local_date

SALES_WINDOW_DAYS = 30  # turnover days = stock / average daily sales of the last 30 days


class Light(StrEnum):
    PUSH = "push"
    SWAP = "swap"
    PRESALE = "presale"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    WARMUP = "warmup"
    LIVE = "live"
    ENDED = "ended"


@dataclass(frozen=True)
class BoardRow:
    """One product's line on the board. `reason` is English (the CLI and JSON), `reason_zh`
    the same line in Chinese; the dashboard shows the one of the chosen language."""

    sku: str
    name: str
    slot: int
    substitute_group: str | None
    light: Light
    available: int
    units_per_min: float
    remaining_demand: float
    minutes_to_stockout: float | None
    swap_to: str | None
    presale_ship_date: date | None
    reason: str
    reason_zh: str
    inbound_qty: int = 0
    units_sold: int = 0
    # Days the stock lasts at the last 30 days' average daily sales while in stock (inf: no
    # sales at all); exact for slow movers, for the others at most this (ProductFacts).
    turnover_days: float | None = None
    slow_mover: bool = False
    swap_to_available: int | None = None
    presale_allowed: bool = True
    # The swap target's name (a catalogue product outside the lineup too), and why the
    # product may not be presold on this stream (None: it may).
    swap_to_name: str | None = None
    presale_blocked: NoPresale | None = None

    def to_json(self) -> dict[str, Any]:
        """Exactly the fields of the board JSON (docs/json.md), in its order."""
        return {
            "sku": self.sku,
            "light": self.light.value,
            "available": self.available,
            "units_per_min": round(self.units_per_min, 3),
            "remaining_demand": round(self.remaining_demand, 1),
            "minutes_to_stockout": (None if self.minutes_to_stockout is None
                                    else round(self.minutes_to_stockout, 1)),
            "swap_to": self.swap_to,
            "presale_ship_date": (None if self.presale_ship_date is None
                                  else self.presale_ship_date.isoformat()),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Board:
    """The whole board of a session at `at`, products ordered by what to pitch next."""

    session_id: str
    title: str
    market: str
    at: datetime
    status: SessionStatus
    tier: str  # core.board.tiers.Tier value: "daily", "warmup" or "live"
    viewers: int | None
    expected_viewers: float | None
    minutes_live: float
    units_per_min: float
    units_sold: int
    revenue: float
    currency: str
    products: tuple[BoardRow, ...]
    minutes_left: float = 0.0
    platform: str = ""
    pool: tuple[str, ...] = ()  # the warehouses it sells from: its market's serving its platform

    def to_json(self) -> dict[str, Any]:
        """Exactly the fields of the board JSON (docs/json.md)."""
        return {
            "session_id": self.session_id,
            "at": self.at.isoformat(),
            "tier": self.tier,
            "viewers": self.viewers,
            "products": [row.to_json() for row in self.products],
        }


# ---------------------------------------------------------------------------------------
# The facts the board is computed from (read by core.board.reads, assembled by
# core.board.service).


@dataclass(frozen=True)
class WarehouseStock:
    """One pool warehouse's share: on hand - reserved at its latest count, minus the
    orders shipped from or charged to it since (negative when oversold)."""

    warehouse_id: str
    available: int


@dataclass(frozen=True)
class ProductFacts:
    """What is known about one product at the board's moment, in the session's pool (the
    warehouses of its market that serve its platform).

    `slot` is None for a catalogue product outside the lineup: it is only a candidate for
    `swap_to`. `units_per_min` is this session's recent pace, `units_sold` its units so far,
    `units_30d` the market's units of the last 30 days and `in_stock_days_30d` the days of
    those 30 the pool had it (`core.stock.turnover.days_in_stock`; None: not read, taken as
    all 30) (units_30d None when not read:
    core.board.service reads it for lineup products only, as a substitute's light never
    depends on it while it has no demand of its own), `history_units_per_min` the units per
    stream minute in past sessions that had it in their lineup (None: never pitched).
    `available` and `owed_units` are the pool's (`core.stock.available.StockPosition`),
    `inbound` its lots on the way into the pool, `stocked_in` the pool warehouses that
    counted it,
    `window_units` its units sold in each 10 minutes of this session so far.
    """

    sku: str
    name: str
    slot: int | None
    substitute_group: str | None
    presale_allowed: bool
    supplier_lead_days: int
    available: int
    units_per_min: float = 0.0
    units_sold: int = 0
    units_30d: int | None = 0
    in_stock_days_30d: float | None = None
    history_units_per_min: float | None = None
    inbound: tuple[InboundLot, ...] = ()
    warehouses: tuple[WarehouseStock, ...] = ()
    owed_units: int = 0
    stocked_in: frozenset[str] = frozenset()
    # Units this session sold in each 10 minutes since its start, the last window partial
    # (`core.forecast.nowcast.WINDOW_MINUTES`): how the nowcast tells a pitch from the rest.
    window_units: tuple[int, ...] = ()

    @property
    def in_lineup(self) -> bool:
        return self.slot is not None


@dataclass(frozen=True)
class SessionFacts:
    """The session at the board's moment `at`: its times, audience and sales so far; its
    platform and the pool it sells from; `zone` is its market's time zone (dates the host
    promises are that market's dates), `transit_days` per pool warehouse the fastest lane
    from the supplier."""

    session_id: str
    title: str
    market: str
    warmup_start: datetime | None
    start: datetime
    end: datetime
    at: datetime
    viewers: int | None = None
    expected_viewers: float | None = None
    units_per_min: float = 0.0
    units_sold: int = 0
    revenue: float = 0.0
    currency: str = "USD"
    platform: str = ""
    pool: tuple[StockWarehouse, ...] = ()
    transit_days: Mapping[str, float] = field(default_factory=dict)
    zone: tzinfo = UTC
    # Viewers x minutes from the start to `at` (each sample holds until the next): how much
    # of the stream's audience is behind us (`core.forecast.nowcast`). None before the start
    # or without samples.
    viewer_minutes: float | None = None

    @property
    def today(self) -> date:
        """The board's date in the market's time zone."""
        return local_date(self.at, self.zone)

    @property
    def status(self) -> SessionStatus:
        return session_status(at=self.at, warmup_start=self.warmup_start, start=self.start,
                              end=self.end)

    @property
    def minutes_live(self) -> float:
        """Minutes streamed by `at`: min(at, end) - start, never below 0."""
        return max(0.0, (min(self.at, self.end) - self.start).total_seconds() / 60)

    @property
    def minutes_left(self) -> float:
        """Stream minutes still to come: end - max(at, start), never below 0."""
        return max(0.0, (self.end - max(self.at, self.start)).total_seconds() / 60)


def session_status(*, at: datetime, warmup_start: datetime | None, start: datetime,
                   end: datetime) -> SessionStatus:
    """scheduled before the warm-up, warmup from warmup_start to start, live from start
    (inclusive) to end (exclusive), ended after."""
    if at >= end:
        return SessionStatus.ENDED
    if at >= start:
        return SessionStatus.LIVE
    if warmup_start is not None and at >= warmup_start:
        return SessionStatus.WARMUP
    return SessionStatus.SCHEDULED


# ---------------------------------------------------------------------------------------
# Remaining demand: one seam, so core.forecast.nowcast's forecast blend can replace the pace
# estimate.

DemandEstimate = Callable[[SessionFacts, Sequence[ProductFacts]], Mapping[str, float]]
"""Units each product will still sell in the rest of the session, by sku. A structural type:
any function of this shape fits, so the forecast provides one
(`core.forecast.nowcast.nowcast_demand`) without importing the board."""


def pace_remaining_demand(session: SessionFacts,
                          products: Sequence[ProductFacts]) -> dict[str, float]:
    """The default demand estimate: a rate times the stream minutes left.

        remaining_demand = rate x minutes_left
        rate = units_per_min (this session's recent pace)  once the product has sold here,
             = history_units_per_min (past sessions)        before that, in the lineup,
             = 0                                            for catalogue substitutes.

    Worked example: 3 units/min with 40 minutes left -> 120 units. A product not sold yet
    that sold 0.5 units per stream minute in past sessions, 60 minutes before a 120-minute
    stream -> 60 units.
    """
    minutes_left = session.minutes_left
    demand: dict[str, float] = {}
    for product in products:
        if product.units_sold > 0:
            rate = product.units_per_min
        elif product.in_lineup:
            rate = product.history_units_per_min or 0.0
        else:
            rate = 0.0
        demand[product.sku] = rate * minutes_left
    return demand
