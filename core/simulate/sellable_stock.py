"""Stock for the simulated stream: what it may still sell per warehouse, and which ships.

The simulator sells what the board shows as available (`core.stock.available`): per
warehouse of the session's pool (its market's warehouses that serve its platform),
`StockPosition.sellable_by_warehouse`, so a stream never sells more than the host sees, and
never from a warehouse that cannot ship its platform's orders. Each drawn order ships from
the warehouse the rule picks for an order without one (`ship_from`,
`core.stock.pools.shipping_order`: with stock, the platform's own warehouse first, then the
fullest), and `take_units` keeps the running tally.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from core.stock.available import NOTHING_COUNTED, StockPosition
from core.stock.pools import StockWarehouse, shipping_order


@dataclass(frozen=True)
class SellableStock:
    """Per product, what each pool warehouse can still sell; and the pool."""

    units: dict[str, dict[str, int]]
    pool: tuple[StockWarehouse, ...]


def sellable_units(positions: Mapping[str, StockPosition], skus: Sequence[str], *,
                   pool: Collection[str] | None = None) -> dict[str, dict[str, int]]:
    """Per product of `skus`, the units each pool warehouse can still sell (never below 0,
    adding up to the product's available in the pool; {} when it was counted nowhere)."""
    return {sku: positions.get(sku, NOTHING_COUNTED).sellable_by_warehouse(pool)
            for sku in skus}


def ship_from(pool: Sequence[StockWarehouse], units_by_warehouse: Mapping[str, int]
              ) -> str | None:
    """The warehouse that ships the next order of a product: the first by the rule among
    the pool warehouses that counted it; None when none did.

    >>> fbt = StockWarehouse("FBT", "US", frozenset({"tiktok"}))
    >>> ship_from([fbt, StockWarehouse("3PL", "US")], {"FBT": 0, "3PL": 9})
    '3PL'
    """
    order = shipping_order(pool, units_by_warehouse)
    return order[0] if order else None


def take_units(units_by_warehouse: dict[str, int], warehouse_id: str | None, qty: int) -> None:
    """Take `qty` units from the warehouse that ships them: the simulator's running tally of
    what it drew but has not written yet (updated in place)."""
    if warehouse_id is not None and warehouse_id in units_by_warehouse:
        units_by_warehouse[warehouse_id] -= qty
