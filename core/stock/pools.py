"""Stock pools: which warehouses a stream sells from, and which one ships an order.

README "Advice that holds up", stock that can ship:
- a warehouse ships the orders of the platforms it `serves` (None: every platform), so a
  board of platform P in market M counts only M's warehouses that serve P (`pool_of`);
- an order without a warehouse is charged to the one that would ship it
  (`shipping_order`): among its market's warehouses that serve its platform, those with
  stock first, then the one serving the fewest platforms (the platform's own warehouse),
  then the one with the most available, then the lowest id. An order of unknown platform
  (off-stream, none given) can only be shipped by a warehouse that serves every platform.
  "With stock first" is how we read "the one that would ship it": a platform warehouse
  that is out does not ship, a 3PL with units does; only when every candidate is out does
  the order oversell the first by the rule (its units are then presale orders);
- a warehouse whose platform forbids back-orders (Amazon FBA: the platform's own warehouse,
  mode "platform") can never back a presale (`forbids_backorders`).

Worked example (US): FBA serves amazon and holds 0, TikTok's warehouse serves tiktok and
holds 5, a 3PL serves everything and holds 40. A TikTok order of 8 takes 5 from TikTok's
warehouse and 3 from the 3PL; an Amazon order of 8 takes 8 from the 3PL (FBA is out); the
TikTok board counts TikTok's warehouse and the 3PL, the Amazon board FBA and the 3PL.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from core.common.choices import platform_id

PLATFORM_MODE = "platform"  # warehouses.csv mode of a platform's own warehouse


@dataclass(frozen=True)
class StockWarehouse:
    """A warehouse as the stock rule sees it: where it is, whose orders it ships
    (`serves`: platform ids, None = every platform), and its check-in days."""

    warehouse_id: str
    country: str
    serves: frozenset[str] | None = None
    receiving_days: int = 0
    mode: str = "3pl"

    def ships_for(self, platform: str | None) -> bool:
        """True when it can ship an order of `platform` (None: a platform not known, which
        only a warehouse serving every platform ships)."""
        if self.serves is None:
            return True
        return platform is not None and platform in self.serves

    @property
    def platforms_served(self) -> float:
        """How many platforms it serves; inf when it serves every one."""
        return math.inf if self.serves is None else len(self.serves)

    def forbids_backorders(self, no_backorder_platforms: Collection[str]) -> bool:
        """True for a platform's own warehouse (mode "platform") serving a platform that
        takes no back-orders (`Settings.no_backorder_platforms`: Amazon FBA, MCF or not)."""
        return (self.mode == PLATFORM_MODE and self.serves is not None
                and any(p in self.serves for p in no_backorder_platforms))


def pool_of(warehouses: Sequence[StockWarehouse], *, market: str,
            platform: str) -> tuple[StockWarehouse, ...]:
    """The warehouses a stream of `platform` (an id, or a name such as "TikTok Shop") in
    `market` sells from."""
    wanted = platform_id(platform)
    return tuple(w for w in warehouses if w.country == market and w.ships_for(wanted))


def platforms_shipped(pool: Sequence[StockWarehouse]) -> frozenset[str] | None:
    """The platforms some warehouse of `pool` ships orders of; None when one of them
    ships every platform (and orders of a platform not known).

    >>> fbt = StockWarehouse("FBT", "US", frozenset({"tiktok"}))
    >>> sorted(platforms_shipped([fbt, StockWarehouse("FBA", "US", frozenset({"amazon"}))]))
    ['amazon', 'tiktok']
    >>> platforms_shipped([fbt, StockWarehouse("3PL", "US")]) is None
    True
    """
    shipped: set[str] = set()
    for warehouse in pool:
        if warehouse.serves is None:
            return None
        shipped |= warehouse.serves
    return frozenset(shipped)


def candidates_for(warehouses: Sequence[StockWarehouse], *, market: str | None,
                   platform: str | None) -> tuple[StockWarehouse, ...]:
    """The warehouses that could ship an order of `platform` to `market` (none when the
    market is not known)."""
    if market is None:
        return ()
    wanted = None if platform is None else platform_id(platform)
    return tuple(w for w in warehouses if w.country == market and w.ships_for(wanted))


def shipping_order(candidates: Sequence[StockWarehouse],
                   units_by_warehouse: Mapping[str, int]) -> list[str]:
    """The counted candidates in the order they ship (module docstring): with stock first,
    fewest platforms served, most units, lowest id.

    >>> fba = StockWarehouse("FBA", "US", frozenset({"amazon"}))
    >>> fbt = StockWarehouse("FBT", "US", frozenset({"tiktok"}))
    >>> tpl = StockWarehouse("3PL", "US")
    >>> shipping_order([fba, fbt, tpl], {"FBA": 0, "FBT": 5, "3PL": 40})
    ['FBT', '3PL', 'FBA']
    """
    counted = [w for w in candidates if w.warehouse_id in units_by_warehouse]
    return [w.warehouse_id for w in sorted(counted, key=lambda w: (
        units_by_warehouse[w.warehouse_id] <= 0, w.platforms_served,
        -units_by_warehouse[w.warehouse_id], w.warehouse_id))]


def charge(units_by_warehouse: Mapping[str, int], candidates: Sequence[StockWarehouse],
           units: int) -> dict[str, int]:
    """`units_by_warehouse` after an order of `units` without a warehouse ships: from the
    first warehouse by `shipping_order` as far as its stock goes, the rest from the next;
    what no candidate holds oversells the first by the rule (it goes below 0: presale
    orders). Counted candidates only: with none, nothing is taken.

    >>> fbt = StockWarehouse("FBT", "US", frozenset({"tiktok"}))
    >>> tpl = StockWarehouse("3PL", "US")
    >>> charge({"FBT": 5, "3PL": 40}, [fbt, tpl], 8)
    {'FBT': 0, '3PL': 37}
    >>> charge({"FBT": 0, "3PL": 0}, [fbt, tpl], 4)
    {'FBT': -4, '3PL': 0}
    """
    left = dict(units_by_warehouse)
    order = shipping_order(candidates, left)
    if not order or units <= 0:
        return left
    for warehouse_id in order:
        taken = min(units, max(0, left[warehouse_id]))
        left[warehouse_id] -= taken
        units -= taken
        if units == 0:
            return left
    first = min((w for w in candidates if w.warehouse_id in left),
                key=lambda w: (w.platforms_served, -left[w.warehouse_id], w.warehouse_id))
    left[first.warehouse_id] -= units
    return left
