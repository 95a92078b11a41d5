"""Presale as a promise: when presold units can ship, and whether a stream may presell.

README "Advice that holds up", presale is a promise:
- units sold beyond what was available are presale orders (`owed_units`,
  `core.stock.available.StockPosition.owed_in`); they take the earliest inbound lots first;
- the ship date of the next presale units is the ready date of the lot that covers the
  owed units plus the shortfall (remaining demand - available): its ETA + its warehouse's
  receiving days, as a date in the market's time zone. A lot whose ETA passed but that was
  not received is still on the way: it can be ready no earlier than today + receiving days;
  a lot received but not yet counted in ships today. Lots go by ready date (then ETA,
  warehouse). Units no lot covers come from a new buy: today + the supplier's lead days +
  the fastest supplier lane's transit days (rounded up) + that warehouse's receiving days;
- a stream may presell only where the product's `presale_allowed`, through a warehouse that
  takes back-orders (not Amazon FBA: `core.stock.pools.StockWarehouse.forbids_backorders`),
  and when the ship date is within the platform's presale limit counted from the board's
  day. Only lots into, and new buys through, the product's warehouses of the pool that take
  back-orders count (its warehouses: counted there, or a lot on the way; none yet: every
  pool warehouse that takes back-orders); a product whose pool warehouses all forbid
  back-orders cannot be presold.

Worked example: 800 units owed, a shortfall of 150, lots of 800 (ETA Dec 1) and 1,000 (ETA
Dec 9) into a 3PL with 2 receiving days: the 800 owed take the Dec 1 lot, the next 150 need
the Dec 9 lot -> ships Dec 11; with a 30-day limit from Nov 26 that is a presale.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

from core.stock.pools import StockWarehouse


class NoPresale(StrEnum):
    """Why a product may not be presold on this stream."""

    NOT_ALLOWED = "not_allowed"  # the product's presale_allowed is false
    BACKORDERS = "backorders"  # only in warehouses that take no back-orders (Amazon FBA)
    NO_DATE = "no_date"  # no lot covers it and no lane brings more
    BEYOND_LIMIT = "beyond_limit"  # it would ship after the platform's presale limit


@dataclass(frozen=True)
class InboundLot:
    """Units on their way to a warehouse (not yet taken in by a stock count).

    `eta`: the arrival date in the market's time zone; `received`: taken in by the
    warehouse, waiting for a count."""

    warehouse_id: str
    qty: int
    eta: date
    received: bool = False

    def ready(self, *, today: date, receiving_days: int) -> date:
        """The first date its units can ship: today when received; else
        max(eta, today) + receiving days (a late lot is still on the way)."""
        if self.received:
            return today
        return max(self.eta, today) + timedelta(days=receiving_days)


@dataclass(frozen=True)
class PresaleTerms:
    """What the board may promise: `ship_date` (None when unknown) and, when the product
    may not be presold, why (`blocked`)."""

    ship_date: date | None
    blocked: NoPresale | None = None

    @property
    def possible(self) -> bool:
        return self.blocked is None


def local_date(moment: datetime, zone: tzinfo) -> date:
    """The date of `moment` in `zone`: a stream in New York keeps its date past 19:00
    (midnight UTC in winter)."""
    return moment.astimezone(zone).date()


def presale_ship_date(*, lots: Sequence[tuple[date, int]], owed_units: int,
                      shortfall_units: float, new_buy_ready: date | None) -> date | None:
    """The ship date of the next presale units (module docstring).

        need = owed_units + max(1, shortfall_units)
        -> the ready date of the first lot (by ready date) whose cumulative qty >= need;
        -> else max(the last lot's ready date, new_buy_ready); None without a new buy.

    `lots`: (ready date, qty). Example: owed 800, shortfall 150, lots (Dec 3, 800) and
    (Dec 11, 1000) -> Dec 11; owed 0 -> Dec 3.

    >>> presale_ship_date(lots=[(date(2026, 12, 3), 800), (date(2026, 12, 11), 1000)],
    ...                   owed_units=800, shortfall_units=150, new_buy_ready=None)
    datetime.date(2026, 12, 11)
    """
    need = max(0, owed_units) + max(1.0, shortfall_units)
    cumulative = 0
    last: date | None = None
    for ready, qty in sorted(lots):
        cumulative += qty
        last = ready
        if cumulative >= need:
            return ready
    if new_buy_ready is None:
        return None
    return new_buy_ready if last is None else max(last, new_buy_ready)


def presale_terms(*, presale_allowed: bool, owed_units: int, shortfall_units: float,
                  lots: Sequence[InboundLot], stocked_in: Collection[str],
                  pool: Sequence[StockWarehouse], transit_days: Mapping[str, float],
                  supplier_lead_days: int, today: date, limit_days: float,
                  no_backorder_platforms: Collection[str]) -> PresaleTerms:
    """Whether and when one product may be presold on a stream selling from `pool`
    (module docstring). `lots`: its lots on the way into the pool; `stocked_in`: the pool
    warehouses that counted it; `transit_days`: per warehouse, the fastest supplier lane.
    """
    if not presale_allowed:
        return PresaleTerms(None, NoPresale.NOT_ALLOWED)
    holding = set(stocked_in) | {lot.warehouse_id for lot in lots}
    takes_backorders = [w for w in pool if not w.forbids_backorders(no_backorder_platforms)]
    eligible = {w.warehouse_id: w for w in takes_backorders
                if not holding or w.warehouse_id in holding}
    if not eligible:
        return PresaleTerms(None, NoPresale.BACKORDERS)
    ready = [(lot.ready(today=today, receiving_days=eligible[lot.warehouse_id].receiving_days),
              lot.qty) for lot in lots if lot.warehouse_id in eligible]
    buys = [math.ceil(transit_days[wid]) + w.receiving_days
            for wid, w in eligible.items() if wid in transit_days]
    new_buy = (today + timedelta(days=supplier_lead_days + min(buys))) if buys else None
    ship = presale_ship_date(lots=ready, owed_units=owed_units,
                             shortfall_units=shortfall_units, new_buy_ready=new_buy)
    if ship is None:
        return PresaleTerms(None, NoPresale.NO_DATE)
    if (ship - today).days > limit_days:
        return PresaleTerms(ship, NoPresale.BEYOND_LIMIT)
    return PresaleTerms(ship)
