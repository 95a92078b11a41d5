"""The lights: for a session at a moment, a light per product (PUSH, SWAP, PRESALE).

Pure: `build_board` takes what `core.board.reads` read (as `SessionFacts` and `ProductFacts`)
and a remaining-demand estimate per product, and returns a `Board`; nothing here touches the
store. The rules are README's "How the board decides" and "Advice that holds up", with
thresholds from `core.common.settings.Settings`:

- PRESALE when nothing is available, or minutes_to_stockout < presale_minutes, and the
  product may be presold on this stream (`core.stock.presale.presale_terms`: presale
  allowed, not only in warehouses that take no back-orders, the ship date within the
  platform's presale limit); else SWAP;
- PUSH when available >= remaining_demand x (1 + push_margin), or the product is a slow
  mover (turnover days > slow_mover_days) that still covers the remaining demand; never
  with less on the shelf than the next `push_cover_minutes` of demand (`demand_soon`);
- SWAP otherwise: it runs out before the stream ends at the current pace.

`swap_to` (`assign_swaps`): a product of the same substitute group (lineup or catalogue)
that is itself PUSH and can take the demand sent to it: its spare (available - its own
remaining demand; 0 demand for a catalogue product outside the lineup) must cover the sum
of the shortfalls (remaining demand - available) of every product swapped to it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from core.board.model import (
    SALES_WINDOW_DAYS,
    Board,
    BoardRow,
    Light,
    ProductFacts,
    SessionFacts,
)
from core.board.reasons import ReasonFacts, reason_line
from core.board.tiers import session_tier
from core.common.settings import Settings
from core.stock.presale import PresaleTerms, presale_terms
from core.stock.turnover import turnover_days, units_per_day


def minutes_to_stockout(*, available: int, units_per_min: float) -> float | None:
    """available / units_per_min; None when nothing sells (it never runs out at this pace)."""
    if units_per_min <= 0:
        return None
    return max(0, available) / units_per_min


def days_of_stock(*, available: int, units_30d: int | None,
                  in_stock_days: float | None = None) -> float | None:
    """Turnover days at the last 30 days' pace while in stock (`core.stock.turnover`):
    available / (units_30d / in_stock_days), `in_stock_days` the days of the 30 the pool had
    it (None: all 30); inf when it has stock and sold nothing while it had some; None when
    it has neither stock nor sales, had no day in stock, or its sales were not read
    (catalogue products outside the lineup).
    Example: 150 units, 30 sold in the 10 days it had stock of the last 30 -> 3 a day ->
    50 days (not 150).
    """
    if units_30d is None:
        return None
    days = SALES_WINDOW_DAYS if in_stock_days is None else in_stock_days
    per_day = units_per_day(units=units_30d, in_stock_days=days)
    return turnover_days(stock_units=max(0, available), units_per_day=per_day)


def demand_soon(*, units_per_min: float, remaining_demand: float, minutes_left: float,
                settings: Settings) -> float:
    """Units wanted over the next `push_cover_minutes` (15), at the faster of the current
    pace and the nowcast's rate for the rest: a product pitched now sells at its pitch pace
    for the next minutes, whatever the rest of the stream holds; with the stream over,
    nothing. Example: 3/min now, 30 left over 100 minutes -> max(3, 0.3) x 15 = 45."""
    if minutes_left <= 0:
        return 0.0
    rest_rate = max(remaining_demand, 0.0) / minutes_left
    return max(units_per_min, rest_rate) * min(settings.push_cover_minutes, minutes_left)


def decide_light(*, available: int, units_per_min: float, remaining_demand: float,
                 units_30d: int | None, settings: Settings, soon_units: float = 0.0,
                 in_stock_days: float | None = None) -> Light:
    """The product's light before presale's terms (module docstring): PRESALE here means
    "nothing or only minutes left"; `build_board` turns it into SWAP where the product may
    not be presold. A product with nothing sellable is never PUSH, nor one with less on the
    shelf than `soon_units` (`demand_soon`: a handful left is never pitched).

    A slow mover is PUSH only while it still covers the remaining demand (without the
    margin): the board's rules define SWAP as "will run out before the stream ends at the current
    pace", and clearing old stock never justifies pitching what is about to run out.
    """
    to_stockout = minutes_to_stockout(available=available, units_per_min=units_per_min)
    if available <= 0 or (to_stockout is not None and to_stockout < settings.presale_minutes):
        return Light.PRESALE
    if available < soon_units:
        return Light.SWAP
    if available >= remaining_demand * (1 + settings.push_margin):
        return Light.PUSH
    if is_slow_mover(available=available, units_30d=units_30d, settings=settings,
                     in_stock_days=in_stock_days) and available >= remaining_demand:
        return Light.PUSH
    return Light.SWAP


def is_slow_mover(*, available: int, units_30d: int | None, settings: Settings,
                  in_stock_days: float | None = None) -> bool:
    """turnover days > slow_mover_days (90 by default), with stock on hand."""
    days = days_of_stock(available=available, units_30d=units_30d,
                         in_stock_days=in_stock_days)
    return days is not None and days > settings.slow_mover_days


def shortfall(*, available: int, remaining_demand: float) -> float:
    """The demand the product's own stock will not meet: max(0, remaining - available)."""
    return max(0.0, remaining_demand - max(0, available))


def product_presale_terms(product: ProductFacts, *, session: SessionFacts, demand: float,
                          settings: Settings) -> PresaleTerms:
    """`core.stock.presale.presale_terms` for one product on this stream."""
    return presale_terms(
        presale_allowed=product.presale_allowed, owed_units=product.owed_units,
        shortfall_units=shortfall(available=product.available, remaining_demand=demand),
        lots=product.inbound, stocked_in=product.stocked_in, pool=session.pool,
        transit_days=session.transit_days, supplier_lead_days=product.supplier_lead_days,
        today=session.today, limit_days=settings.presale_limit(session.platform),
        no_backorder_platforms=settings.no_backorder_platforms)


@dataclass(frozen=True)
class SwapNeed:
    """A product to steer viewers away from: its group, and the demand it sends on."""

    sku: str
    substitute_group: str | None
    shortfall_units: float
    presale: bool = False  # PRESALE products are served after SWAP ones


@dataclass(frozen=True)
class SwapTarget:
    """A product that may take others' demand: PUSH, in stock, with `spare_units` =
    available - its own remaining demand."""

    sku: str
    substitute_group: str | None
    spare_units: float


def assign_swaps(needs: Sequence[SwapNeed], targets: Sequence[SwapTarget]) -> dict[str, str]:
    """sku -> swap target, greedily: SWAP products before PRESALE ones, each by the biggest
    shortfall first (ties: sku); each takes the target of its group with the most spare
    left that still covers its shortfall (ties: sku), and uses that much of it. A product
    no target can take is left out (swap_to null).

    Example: RL-12 short 390 and RL-10 short 60; RL-18 spare 83, RL-14 spare 420 ->
    RL-12 -> RL-14 (30 left), RL-10 -> RL-18 (23 left).
    >>> assign_swaps([SwapNeed("RL-10", "rl", 60), SwapNeed("RL-12", "rl", 390)],
    ...              [SwapTarget("RL-18", "rl", 83), SwapTarget("RL-14", "rl", 420)])
    {'RL-12': 'RL-14', 'RL-10': 'RL-18'}
    """
    spare = {t.sku: t.spare_units for t in targets}
    chosen: dict[str, str] = {}
    for need in sorted(needs, key=lambda n: (n.presale, -n.shortfall_units, n.sku)):
        if need.substitute_group is None:
            continue
        fits = [t for t in targets if t.sku != need.sku
                and t.substitute_group == need.substitute_group
                and spare[t.sku] >= need.shortfall_units]
        if not fits:
            continue
        best = min(fits, key=lambda t: (-spare[t.sku], t.sku))
        spare[best.sku] -= need.shortfall_units
        chosen[need.sku] = best.sku
    return chosen


@dataclass(frozen=True)
class _Judged:
    facts: ProductFacts
    light: Light
    demand: float
    terms: PresaleTerms | None = None
    presale_refused: bool = False  # nothing or minutes left, but it may not be presold


def raw_lights(session: SessionFacts, products: Sequence[ProductFacts],
               remaining_demand: Mapping[str, float], settings: Settings) -> dict[str, Light]:
    """Each product's light by the rules at `session.at` alone (no hysteresis)."""
    return {p.sku: decide_light(
        available=p.available, units_per_min=p.units_per_min,
        remaining_demand=remaining_demand.get(p.sku, 0.0), units_30d=p.units_30d,
        in_stock_days=p.in_stock_days_30d, settings=settings,
        soon_units=demand_soon(units_per_min=p.units_per_min,
                               remaining_demand=remaining_demand.get(p.sku, 0.0),
                               minutes_left=session.minutes_left, settings=settings)
        if p.in_lineup else 0.0)
        for p in products}


def build_board(session: SessionFacts, products: Sequence[ProductFacts],
                remaining_demand: Mapping[str, float], settings: Settings,
                lights: Mapping[str, Light] | None = None) -> Board:
    """The board of `session` at `session.at`: one row per lineup product, ordered by what to
    pitch next (PUSH: slow movers first, then the cover band (`cover_band`), then slot; then
    SWAP, then PRESALE, each by slot). Catalogue products in `products` only serve as
    `swap_to` candidates. `lights`, when given, are the calm lights (`core.board.calm`) that
    replace the rules' own for the products they name; presale's terms apply after them."""
    raw = raw_lights(session, products, remaining_demand, settings)
    judged: dict[str, _Judged] = {}
    for p in products:
        demand = remaining_demand.get(p.sku, 0.0) if p.in_lineup else 0.0
        light = (lights or {}).get(p.sku, raw[p.sku])
        terms, refused = None, False
        if p.in_lineup and light is not Light.PUSH:
            terms = product_presale_terms(p, session=session, demand=demand,
                                          settings=settings)
            if light is Light.PRESALE and not terms.possible:
                light, refused = Light.SWAP, True
        judged[p.sku] = _Judged(p, light, demand, terms, refused)
    swaps = assign_swaps(
        [SwapNeed(j.facts.sku, j.facts.substitute_group,
                  shortfall(available=j.facts.available, remaining_demand=j.demand),
                  presale=j.light is Light.PRESALE)
         for j in judged.values() if j.facts.in_lineup and j.light is not Light.PUSH],
        [SwapTarget(j.facts.sku, j.facts.substitute_group, j.facts.available - j.demand)
         for j in judged.values() if j.light is Light.PUSH and j.facts.available > 0])
    rows = [_row(j, judged.get(swaps.get(sku, "")), session, settings)
            for sku, j in judged.items() if j.facts.in_lineup]
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
        minutes_left=session.minutes_left, platform=session.platform,
        pool=tuple(w.warehouse_id for w in session.pool),
    )


def _row(judged: _Judged, swap: _Judged | None, session: SessionFacts,
         settings: Settings) -> BoardRow:
    p, light, demand, terms = judged.facts, judged.light, judged.demand, judged.terms
    ship_date: date | None = None
    if terms is not None and terms.possible:
        ship_date = terms.ship_date
    available = max(0, p.available)
    blocked = None if terms is None or light is Light.PUSH else terms.blocked
    facts = ReasonFacts(
        light=light, available=available, units_per_min=p.units_per_min, demand=demand,
        to_stockout=minutes_to_stockout(available=available, units_per_min=p.units_per_min),
        units_sold=p.units_sold,
        turnover=days_of_stock(available=available, units_30d=p.units_30d,
                               in_stock_days=p.in_stock_days_30d),
        slow=is_slow_mover(available=available, units_30d=p.units_30d, settings=settings,
                           in_stock_days=p.in_stock_days_30d),
        swap_to=None if swap is None else swap.facts.name,
        swap_available=None if swap is None else swap.facts.available,
        presale_allowed=p.presale_allowed, ship_date=ship_date,
        has_substitute_group=p.substitute_group is not None,
        presale_blocked=blocked if judged.presale_refused else None,
        blocked_ship_date=None if terms is None else terms.ship_date,
        platform=session.platform,
        presale_limit_days=settings.presale_limit(session.platform),
        no_backorder_platforms=settings.no_backorder_platforms,
    )
    return BoardRow(
        sku=p.sku, name=p.name, slot=p.slot if p.slot is not None else 0,
        substitute_group=p.substitute_group, light=light, available=available,
        units_per_min=p.units_per_min, remaining_demand=demand,
        minutes_to_stockout=facts.to_stockout,
        swap_to=None if swap is None else swap.facts.sku,
        presale_ship_date=ship_date, reason=reason_line(facts, "en"),
        reason_zh=reason_line(facts, "zh"), inbound_qty=sum(lot.qty for lot in p.inbound),
        units_sold=p.units_sold, turnover_days=facts.turnover, slow_mover=facts.slow,
        swap_to_available=facts.swap_available, presale_allowed=p.presale_allowed,
        swap_to_name=facts.swap_to, presale_blocked=blocked,
    )


_LIGHT_RANK = {Light.PUSH: 0, Light.SWAP: 1, Light.PRESALE: 2}


def cover_band(cover: float) -> int:
    """Cover (available / remaining demand) in bands that double: 0 below 2x, 1 from 2x,
    2 from 4x, 3 from 8x. The PUSH tiles keep their order while cover drifts inside a band.

    >>> [cover_band(c) for c in (1.3, 2.5, 5.0, 40.0)]
    [0, 1, 2, 3]
    """
    if not cover > 1:
        return 0
    return 3 if math.isinf(cover) else min(3, math.floor(math.log2(cover)))


def _pitch_order(row: BoardRow) -> tuple[int, int, float, int, str]:
    if row.light is Light.PUSH:
        cover = math.inf if row.remaining_demand <= 0 else row.available / row.remaining_demand
        slow_first = 0 if row.slow_mover else 1
        # Slow movers by days of stock, others by cover band: most first, then by slot.
        weight = (row.turnover_days or 0.0) if row.slow_mover else float(cover_band(cover))
        return (0, slow_first, -weight, row.slot, row.sku)
    return (_LIGHT_RANK[row.light], 0, 0.0, row.slot, row.sku)
