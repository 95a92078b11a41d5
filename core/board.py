"""The board: for a session at a moment, a light per product (PUSH, SWAP, PRESALE).

Pure: `build_board` takes what `core.queries` read (as `SessionFacts` and `ProductFacts`)
and a remaining-demand estimate per product, and returns a `Board`; nothing here touches the
store. The rules are PRODUCT.md's "The board", with thresholds from `core.settings.Settings`:

- PRESALE when nothing is available, or minutes_to_stockout < presale_minutes;
- PUSH when available >= remaining_demand x (1 + push_margin), or the product is a slow
  mover (turnover days > slow_mover_days) that still covers the remaining demand;
- SWAP otherwise: it runs out before the stream ends at the current pace.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from core.i18n import LANGUAGES, t
from core.safety import Tier, session_tier, tier_days
from core.settings import Settings

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
    # Days the stock lasts at the last 30 days' average daily sales (inf: no sales at all).
    turnover_days: float | None = None
    slow_mover: bool = False
    swap_to_available: int | None = None
    presale_allowed: bool = True

    def to_json(self) -> dict[str, Any]:
        """Exactly the fields of PRODUCT.md's board JSON, in its order."""
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
    tier: str  # core.safety.Tier value: "daily", "warmup" or "live"
    viewers: int | None
    expected_viewers: float | None
    minutes_live: float
    units_per_min: float
    units_sold: int
    revenue: float
    currency: str
    products: tuple[BoardRow, ...]
    minutes_left: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """Exactly the fields of PRODUCT.md's board JSON."""
        return {
            "session_id": self.session_id,
            "at": self.at.isoformat(),
            "tier": self.tier,
            "viewers": self.viewers,
            "products": [row.to_json() for row in self.products],
        }


# ---------------------------------------------------------------------------------------
# The facts the board is computed from (read by core.queries, assembled by core.live).


@dataclass(frozen=True)
class InboundLot:
    """Units on their way to one of the market's warehouses, not yet in a stock count."""

    eta: date
    qty: int


@dataclass(frozen=True)
class WarehouseStock:
    """One market warehouse's share: on hand - reserved at its latest count, minus the
    orders shipped from it since (negative when oversold)."""

    warehouse_id: str
    available: int


@dataclass(frozen=True)
class ProductFacts:
    """What is known about one product at the board's moment, in the session's market.

    `slot` is None for a catalogue product outside the lineup: it is only a candidate for
    `swap_to`. `units_per_min` is this session's recent pace, `units_sold` its units so far,
    `units_30d` the market's units of the last 30 days (None when not read: core.live reads
    it for lineup products only, as a substitute's light never depends on it while it has no
    demand of its own), `history_units_per_min` the units
    per stream minute in past sessions that had it in their lineup (None: never pitched).
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
    history_units_per_min: float | None = None
    inbound: tuple[InboundLot, ...] = ()
    warehouses: tuple[WarehouseStock, ...] = ()

    @property
    def in_lineup(self) -> bool:
        return self.slot is not None


@dataclass(frozen=True)
class SessionFacts:
    """The session at the board's moment `at`: its times, audience and sales so far."""

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
    fastest_transit_days: float | None = None

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
# Remaining demand: one seam, so core.forecast's nowcast can replace the pace estimate.

DemandEstimate = Callable[[SessionFacts, Sequence[ProductFacts]], Mapping[str, float]]
"""Units each product will still sell in the rest of the session, by sku."""


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


# ---------------------------------------------------------------------------------------
# The rules.


def minutes_to_stockout(*, available: int, units_per_min: float) -> float | None:
    """available / units_per_min; None when nothing sells (it never runs out at this pace)."""
    if units_per_min <= 0:
        return None
    return max(0, available) / units_per_min


def turnover_days(*, available: int, units_30d: int | None) -> float | None:
    """Days of stock at the last 30 days' pace: available / (units_30d / 30).

    inf when it has stock and sold nothing in 30 days; None when it has no stock or its
    sales were not read.
    Example: 140 units, 30 sold in 30 days -> 140 days.
    """
    if available <= 0 or units_30d is None:
        return None
    if units_30d <= 0:
        return math.inf
    return available / (units_30d / SALES_WINDOW_DAYS)


def decide_light(*, available: int, units_per_min: float, remaining_demand: float,
                 units_30d: int | None, settings: Settings) -> Light:
    """The product's light (module docstring). A product with nothing sellable is never PUSH.

    A slow mover is PUSH only while it still covers the remaining demand (without the
    margin): PRODUCT.md defines SWAP as "will run out before the stream ends at the current
    pace", and clearing old stock never justifies pitching what is about to run out.
    """
    to_stockout = minutes_to_stockout(available=available, units_per_min=units_per_min)
    if available <= 0 or (to_stockout is not None and to_stockout < settings.presale_minutes):
        return Light.PRESALE
    if available >= remaining_demand * (1 + settings.push_margin):
        return Light.PUSH
    if is_slow_mover(available=available, units_30d=units_30d, settings=settings) and (
            available >= remaining_demand):
        return Light.PUSH
    return Light.SWAP


def is_slow_mover(*, available: int, units_30d: int | None, settings: Settings) -> bool:
    """turnover days > slow_mover_days (90 by default), with stock on hand."""
    days = turnover_days(available=available, units_30d=units_30d)
    return days is not None and days > settings.slow_mover_days


def presale_ship_date(*, product: ProductFacts, shortfall_units: float, today: date,
                      fastest_transit_days: float | None) -> date | None:
    """The earliest date presale units can ship.

    The inbound lots, by ETA: the first ETA whose cumulative qty covers the shortfall (at
    least 1 unit), else the last ETA; an ETA already past (arrived, not yet counted) ships
    today. Without inbound: today + supplier_lead_days + the fastest lane's transit days
    (rounded up); None when no lane serves the market.
    Example: shortfall 120, lots (Dec 2, 100) and (Dec 9, 500) -> Dec 9.
    """
    need = max(1.0, shortfall_units)
    lots = sorted(product.inbound, key=lambda lot: lot.eta)
    if lots:
        cumulative = 0
        for lot in lots:
            cumulative += lot.qty
            if cumulative >= need:
                return max(lot.eta, today)
        return max(lots[-1].eta, today)
    if fastest_transit_days is None:
        return None
    return today + timedelta(days=product.supplier_lead_days + math.ceil(fastest_transit_days))


@dataclass(frozen=True)
class _Judged:
    facts: ProductFacts
    light: Light
    demand: float

    @property
    def spare_units(self) -> float:
        return self.facts.available - self.demand


def choose_swap(product: ProductFacts, judged: Mapping[str, _Judged]) -> _Judged | None:
    """The substitute to steer viewers to: same substitute_group, in stock, itself PUSH,
    with the most spare units (available - its own remaining demand); ties by sku."""
    if product.substitute_group is None:
        return None
    candidates = [
        other for other in judged.values()
        if other.facts.sku != product.sku
        and other.facts.substitute_group == product.substitute_group
        and other.facts.available > 0 and other.light is Light.PUSH
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda other: (-other.spare_units, other.facts.sku))


def build_board(session: SessionFacts, products: Sequence[ProductFacts],
                remaining_demand: Mapping[str, float], settings: Settings) -> Board:
    """The board of `session` at `session.at`: one row per lineup product, ordered by what to
    pitch next (PUSH: slow movers first, then most cover, then slot; then SWAP, then PRESALE,
    each by slot). Catalogue products in `products` only serve as `swap_to` candidates."""
    judged = {
        p.sku: _Judged(p, decide_light(available=p.available, units_per_min=p.units_per_min,
                                       remaining_demand=remaining_demand.get(p.sku, 0.0),
                                       units_30d=p.units_30d, settings=settings),
                       remaining_demand.get(p.sku, 0.0))
        for p in products
    }
    today = session.at.date()
    rows = [_row(j, judged, session, settings, today)
            for j in judged.values() if j.facts.in_lineup]
    rows.sort(key=_pitch_order)
    status = session.status
    tier = session_tier(status=status.value, viewers=session.viewers,
                        expected_viewers=session.expected_viewers, settings=settings)
    return Board(
        session_id=session.session_id, title=session.title, market=session.market,
        at=session.at, status=status, tier=tier.value, viewers=session.viewers,
        expected_viewers=session.expected_viewers, minutes_live=session.minutes_live,
        units_per_min=session.units_per_min, units_sold=session.units_sold,
        revenue=session.revenue, currency=session.currency, products=tuple(rows),
        minutes_left=session.minutes_left,
    )


def _row(judged: _Judged, everyone: Mapping[str, _Judged], session: SessionFacts,
         settings: Settings, today: date) -> BoardRow:
    p, light, demand = judged.facts, judged.light, judged.demand
    swap = choose_swap(p, everyone) if light is not Light.PUSH else None
    ship_date = None
    if light is not Light.PUSH and p.presale_allowed:
        ship_date = presale_ship_date(product=p, shortfall_units=demand - max(0, p.available),
                                      today=today,
                                      fastest_transit_days=session.fastest_transit_days)
    available = max(0, p.available)
    facts = _ReasonFacts(
        light=light, available=available, units_per_min=p.units_per_min, demand=demand,
        to_stockout=minutes_to_stockout(available=available, units_per_min=p.units_per_min),
        units_sold=p.units_sold,
        turnover=turnover_days(available=available, units_30d=p.units_30d),
        slow=is_slow_mover(available=available, units_30d=p.units_30d, settings=settings),
        swap_to=None if swap is None else swap.facts.sku,
        swap_available=None if swap is None else swap.facts.available,
        presale_allowed=p.presale_allowed, ship_date=ship_date,
        has_substitute_group=p.substitute_group is not None,
    )
    return BoardRow(
        sku=p.sku, name=p.name, slot=p.slot if p.slot is not None else 0,
        substitute_group=p.substitute_group, light=light, available=available,
        units_per_min=p.units_per_min, remaining_demand=demand,
        minutes_to_stockout=facts.to_stockout, swap_to=facts.swap_to,
        presale_ship_date=ship_date, reason=reason_line(facts, "en"),
        reason_zh=reason_line(facts, "zh"), inbound_qty=sum(lot.qty for lot in p.inbound),
        units_sold=p.units_sold, turnover_days=facts.turnover, slow_mover=facts.slow,
        swap_to_available=facts.swap_available, presale_allowed=p.presale_allowed,
    )


_LIGHT_RANK = {Light.PUSH: 0, Light.SWAP: 1, Light.PRESALE: 2}


def _pitch_order(row: BoardRow) -> tuple[int, int, float, int, str]:
    if row.light is Light.PUSH:
        cover = math.inf if row.remaining_demand <= 0 else row.available / row.remaining_demand
        slow_first = 0 if row.slow_mover else 1
        # Slow movers by days of stock, others by cover ratio: most first.
        weight = (row.turnover_days or 0.0) if row.slow_mover else cover
        return (0, slow_first, -weight, row.slot, row.sku)
    return (_LIGHT_RANK[row.light], 0, 0.0, row.slot, row.sku)


# ---------------------------------------------------------------------------------------
# Safety stock, for the board's alerts.


@dataclass(frozen=True)
class SafetyBreach:
    """A market warehouse holding less of a lineup product than the tier's safety stock."""

    sku: str
    warehouse_id: str
    available: int
    safety_stock: float


def safety_candidates(board: Board, products: Sequence[ProductFacts],
                      settings: Settings) -> list[str]:
    """Lineup products with a warehouse that may be below safety stock: one holding less
    than the tier's days of the product's whole market sales (a warehouse never sells more
    than its market), so only these need their per-warehouse sales read."""
    days = tier_days(Tier(board.tier), settings)
    return [p.sku for p in products if p.in_lineup and any(
        stock.available < days * (p.units_30d or 0) / SALES_WINDOW_DAYS
        for stock in p.warehouses)]


def safety_breaches(board: Board, products: Sequence[ProductFacts],
                    warehouse_units_30d: Mapping[tuple[str, str], int],
                    settings: Settings) -> list[SafetyBreach]:
    """Warehouses below safety stock, per lineup product.

        safety_stock = tier_days(board tier) x units_30d / 30   (that warehouse's sales,
                                                                 by (sku, warehouse_id))

    A warehouse that sold none of it in 30 days has no safety stock to fall below.
    Example: live tier (15 days), 60 units in 30 days -> 30 units; 12 available -> breach.
    """
    days = tier_days(Tier(board.tier), settings)
    breaches = []
    for product in products:
        if not product.in_lineup:
            continue
        for stock in product.warehouses:
            sold = warehouse_units_30d.get((product.sku, stock.warehouse_id), 0)
            safety = days * sold / SALES_WINDOW_DAYS
            if sold > 0 and stock.available < safety:
                breaches.append(SafetyBreach(product.sku, stock.warehouse_id,
                                             max(0, stock.available), safety))
    return breaches


# ---------------------------------------------------------------------------------------
# The reason line, in both languages.


@dataclass(frozen=True)
class _ReasonFacts:
    light: Light
    available: int
    units_per_min: float
    demand: float
    to_stockout: float | None
    units_sold: int
    turnover: float | None
    slow: bool
    swap_to: str | None
    swap_available: int | None
    presale_allowed: bool
    ship_date: date | None
    has_substitute_group: bool


def reason_line(facts: _ReasonFacts, lang: str) -> str:
    """One short line a host understands, e.g. "18 left · 3/min · out in 6 min · swap to
    SKU-204 (1,240 left)", "sold out · presale, ships Dec 2", "no sales yet · 820 left"."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    parts: list[str]
    if facts.light is Light.PUSH:
        parts = _push_parts(facts, lang)
    elif facts.light is Light.SWAP:
        parts = [*_stock_parts(facts, lang), _swap_part(facts, lang)]
    else:
        parts = _presale_parts(facts, lang)
    return " · ".join(part for part in parts if part)


def _push_parts(facts: _ReasonFacts, lang: str) -> list[str]:
    if facts.slow:
        days = facts.turnover
        head = (t("reason.no_sales_30d", lang) if days is None or math.isinf(days)
                else t("reason.slow_mover", lang, days=_count(days)))
        return [head, _left(facts.available, lang), t("reason.push_it", lang)]
    if facts.units_sold == 0:
        return [t("reason.no_sales_yet", lang), _left(facts.available, lang)]
    pace = _pace(facts.units_per_min, lang) if facts.units_per_min > 0 else ""
    return [_left(facts.available, lang), pace, t("reason.covers", lang)]


def _stock_parts(facts: _ReasonFacts, lang: str) -> list[str]:
    parts = [_left(facts.available, lang)]
    if facts.units_per_min > 0:
        parts.append(_pace(facts.units_per_min, lang))
    if facts.to_stockout is not None and facts.available > 0:
        minutes = ("<1" if facts.to_stockout < 1 else _count(facts.to_stockout))
        parts.append(t("reason.out_in", lang, minutes=minutes))
    elif facts.demand > 0:
        parts.append(t("reason.expected", lang, n=_count(facts.demand)))
    return parts


def _swap_part(facts: _ReasonFacts, lang: str) -> str:
    if facts.swap_to is not None:
        return t("reason.swap_to", lang, sku=facts.swap_to, n=_count(facts.swap_available or 0))
    return t("reason.no_substitute", lang)


def _presale_parts(facts: _ReasonFacts, lang: str) -> list[str]:
    if facts.available > 0:
        parts = _stock_parts(facts, lang)
    else:
        parts = [t("reason.sold_out" if facts.units_sold > 0 else "reason.out_of_stock", lang)]
    if not facts.presale_allowed:
        parts.append(t("reason.presale_not_allowed", lang))
    elif facts.ship_date is None:
        parts.append(t("reason.presale_no_date", lang))
    else:
        parts.append(t("reason.presale_ships", lang, date=_day(facts.ship_date, lang)))
    if facts.swap_to is not None:
        parts.append(_swap_part(facts, lang))
    return parts


def _left(units: int, lang: str) -> str:
    return t("reason.left", lang, n=_count(units))


def _pace(units_per_min: float, lang: str) -> str:
    if units_per_min >= 10:
        rate = _count(units_per_min)
    elif units_per_min >= 0.05:
        rate = f"{units_per_min:.1f}".removesuffix(".0")
    else:
        rate = "<0.1"
    return t("reason.pace", lang, rate=rate)


def _count(value: float) -> str:
    """Whole units with thousands separators: 1240.4 -> "1,240"."""
    return f"{round(value):,}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(day: date, lang: str) -> str:
    return t("reason.date", lang, mon=_MONTHS[day.month - 1], month=day.month, day=day.day)
