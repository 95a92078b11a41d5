"""Stock for the simulated stream: what it may still sell per warehouse, and which ships.

The simulator sells what the board shows as available (`core.stock.available`): per
warehouse, `StockPosition.sellable_by_warehouse`, so a stream never sells more than the
host sees; each drawn order ships from the warehouse with the most left
(`core.stock.available.pick_warehouse`), and `take_units` keeps the running tally.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.stock.available import NOTHING_COUNTED, StockPosition, take_from_fullest


def sellable_units(positions: Mapping[str, StockPosition],
                   skus: Sequence[str]) -> dict[str, dict[str, int]]:
    """Per product of `skus`, the units each warehouse can still sell (never below 0, adding
    up to the product's available; {} when it was counted nowhere)."""
    return {sku: positions.get(sku, NOTHING_COUNTED).sellable_by_warehouse() for sku in skus}


def take_units(units_by_warehouse: dict[str, int], qty: int) -> None:
    """Take `qty` units from the fullest warehouses first, as orders ship: the simulator's
    running tally of what it drew but has not written yet (updated in place)."""
    units_by_warehouse.update(take_from_fullest(units_by_warehouse, qty))
