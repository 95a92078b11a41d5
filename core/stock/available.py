"""Available stock: the one rule the board, the review, planning and the simulator share.

README "How the board decides": for one product, over a set of warehouses (the board's: its
market's), at a moment `at`,

    per warehouse w:  units_w = (on_hand - reserved) at w's latest count at or before `at`
                                - units of orders shipped from w after that count
    available         = max(0, sum_w units_w - unassigned_units)

where `unassigned_units` are the units of the session's orders without a warehouse placed
after the product's latest count in any of these warehouses (a count takes in the orders
before it). Orders count up to `at` inclusive; cancelled ones never count (returned ones do:
they sold, and came back through a later count). An order stamped with a count's own time
is in that count. A warehouse never counted has nothing to take from (its orders are
ignored), and a product counted nowhere has nothing available. `units_w` is negative when
the warehouse shipped more than its count held (oversold); the other warehouses cover it
in the total.

Worked example: W1 counted 10 (on hand 12, reserved 2) at 19:00 and W2 counted 5 at 19:30;
W1 ships 4 at 20:05; the session sells 3 without a warehouse at 20:10 and 1 at 19:20 (before
W2's count: in it). At 20:30: W1 = 10 - 4 = 6, W2 = 5, unassigned = 3, available =
max(0, 6 + 5 - 3) = 8.

The rule is the two steps of `StockPosition` (`after_count`, `after_order`), applied in time
order with orders before counts at equal times. `positions_at` applies them to what
`core.stock.reads.latest_positions` reads (each warehouse's latest count and the units
ordered since, summed in SQL); `available_path` applies them to every count and order of
a stream (`core.stock.reads.stock_counts` and `stock_draws`), for the review. Which
warehouses count and whose orders without a warehouse are charged are the caller's choice
(the reads take `warehouse_ids` and `session_id`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class StockPosition:
    """One product's stock over a set of warehouses, as the counts and orders so far have it.

    `units_by_warehouse`: per counted warehouse, its latest count (on hand - reserved) minus
    the units shipped from it since (negative when oversold), in the order first counted;
    `unassigned_units`: the units of orders without a warehouse since the latest count.
    """

    units_by_warehouse: Mapping[str, int] = field(default_factory=dict)
    unassigned_units: int = 0

    @property
    def available(self) -> int:
        """max(0, sum of units_by_warehouse - unassigned_units); 0 when nothing was counted.

        >>> StockPosition({"W1": 6, "W2": 5}, unassigned_units=3).available
        8
        >>> StockPosition({"W1": -5, "W2": 3}).available
        0
        """
        return max(0, sum(self.units_by_warehouse.values()) - self.unassigned_units)

    def after_count(self, *, warehouse_id: str, units: int) -> StockPosition:
        """A count of `units` (on hand - reserved) in `warehouse_id`: it replaces what the
        warehouse had, and the orders without a warehouse before it are in it."""
        return StockPosition({**self.units_by_warehouse, warehouse_id: units}, 0)

    def after_order(self, *, warehouse_id: str | None, units: int) -> StockPosition:
        """An order (not cancelled) of `units`, shipped from `warehouse_id` (None: no
        warehouse yet). It takes stock only once something was counted: from its warehouse
        when that one was counted, else (no warehouse) from the product as a whole."""
        if warehouse_id is None:
            if not self.units_by_warehouse:
                return self
            return StockPosition(self.units_by_warehouse, self.unassigned_units + units)
        if warehouse_id not in self.units_by_warehouse:
            return self
        return StockPosition(
            {**self.units_by_warehouse,
             warehouse_id: self.units_by_warehouse[warehouse_id] - units},
            self.unassigned_units)

    def sellable_by_warehouse(self) -> dict[str, int]:
        """What each warehouse can still sell, adding up to `available`: what the position
        owes (the unassigned units, and every oversold warehouse's shortfall) is taken from
        the fullest warehouses first (`take_from_fullest`), the rest never below 0.

        >>> StockPosition({"W1": -5, "W2": 10, "W3": 4}, unassigned_units=2
        ...               ).sellable_by_warehouse()
        {'W1': 0, 'W2': 3, 'W3': 4}
        """
        owed = self.unassigned_units + sum(-units for units in self.units_by_warehouse.values()
                                           if units < 0)
        return take_from_fullest({wh: max(units, 0)
                                  for wh, units in self.units_by_warehouse.items()}, owed)


NOTHING_COUNTED = StockPosition()


def pick_warehouse(units_by_warehouse: Mapping[str, int]) -> str | None:
    """The warehouse that ships an order: the one with the most left (ties: the first id);
    None when there is no warehouse.

    >>> pick_warehouse({"W2": 7, "W1": 7, "W3": 2})
    'W1'
    """
    if not units_by_warehouse:
        return None
    return max(sorted(units_by_warehouse), key=lambda wh: units_by_warehouse[wh])


def take_from_fullest(units_by_warehouse: Mapping[str, int], units: int) -> dict[str, int]:
    """`units_by_warehouse` after taking `units` from the fullest warehouses first, as
    `pick_warehouse` ships them, one warehouse's stock at a time; what none of them holds is
    not taken (nothing goes below 0 that was not already).

    >>> take_from_fullest({"W1": 5, "W2": 3}, 6)
    {'W1': 0, 'W2': 2}
    """
    left = dict(units_by_warehouse)
    while units > 0 and left:
        fullest = pick_warehouse(left)
        assert fullest is not None
        taken = min(units, left[fullest])
        if taken <= 0:
            break
        left[fullest] -= taken
        units -= taken
    return left


def positions_at(latest: pd.DataFrame) -> dict[str, StockPosition]:
    """Each product's position from `core.stock.reads.latest_positions`: per counted
    warehouse (in row order) its latest count, then the units shipped from it since; then
    the product's orders without a warehouse since its latest count (the rows whose
    warehouse_id is None). Products counted nowhere are left out (`NOTHING_COUNTED`).

    `latest`: sku, warehouse_id, counted_units, ordered_units.
    """
    positions: dict[str, StockPosition] = {}
    unassigned: list[tuple[str, int]] = []
    for sku, warehouse_id, counted, ordered in _values(latest, "sku", "warehouse_id",
                                                       "counted_units", "ordered_units"):
        if warehouse_id is None:
            unassigned.append((sku, int(ordered)))
            continue
        position = positions.get(sku, NOTHING_COUNTED)
        positions[sku] = (position.after_count(warehouse_id=warehouse_id, units=int(counted))
                          .after_order(warehouse_id=warehouse_id, units=int(ordered)))
    for sku, units in unassigned:
        position = positions.get(sku, NOTHING_COUNTED)
        positions[sku] = position.after_order(warehouse_id=None, units=units)
    return positions


def available_path(*, counts: pd.DataFrame, draws: pd.DataFrame, begin: datetime,
                   until: datetime) -> pd.DataFrame:
    """One product's available units from `begin` to `until`, as a step function.

    `counts`: warehouse_id, counted_at, units (on hand - reserved); `draws`: ts,
    warehouse_id (None: one of the session's orders without a warehouse), qty. Every count
    and order up to `until` is applied in time order (orders before counts at equal times).
    Returns ts, available: the value at `begin`, then one row per count or order after it.

    Example: 10 counted at 19:00, orders of 4 at 20:05 and 6 at 20:20, begin 20:00 ->
    (20:00, 10), (20:05, 6), (20:20, 0).
    """
    if until < begin:
        raise ValueError(f"until {until.isoformat()} is before begin {begin.isoformat()}")
    events: list[tuple[datetime, int, str | None, int]] = []
    for wh, counted_at, units in counts[["warehouse_id", "counted_at", "units"]].itertuples(
            index=False):
        if counted_at <= until:
            events.append((counted_at, 1, wh, int(units)))
    for ts, wh, qty in draws[["ts", "warehouse_id", "qty"]].itertuples(index=False):
        if ts <= until:
            events.append((ts, 0, None if pd.isna(wh) else wh, int(qty)))
    events.sort(key=lambda e: (e[0], e[1]))

    position = NOTHING_COUNTED
    rows: list[tuple[datetime, int]] = []
    for ts, is_count, wh, units in events:
        if ts > begin and not rows:
            rows.append((begin, position.available))
        if is_count:
            assert wh is not None
            position = position.after_count(warehouse_id=wh, units=units)
        else:
            position = position.after_order(warehouse_id=wh, units=units)
        if ts > begin:
            rows.append((ts, position.available))
    if not rows:
        rows.append((begin, position.available))
    return pd.DataFrame(rows, columns=["ts", "available"])


def orders_matter_since(counts: pd.DataFrame, begin: datetime) -> datetime:
    """The earliest moment an order can change `available_path` from `begin` on: each
    (product, warehouse)'s latest count at or before `begin` (or its first count, when it
    was first counted later), and never after `begin`. Orders before it are in a count.

    `counts`: sku, warehouse_id, counted_at (as `core.stock.reads.stock_counts`).
    """
    if counts.empty:
        return begin
    firsts = []
    for _, pair in counts.groupby(["sku", "warehouse_id"]):
        before = pair[pair["counted_at"] <= begin]
        firsts.append(before["counted_at"].max() if len(before) else pair["counted_at"].min())
    return min(min(firsts), begin)


def _values(frame: pd.DataFrame, *names: str) -> Iterator[tuple[Any, ...]]:
    """The rows of `frame` as plain tuples of Python values, None for missing."""
    def column(name: str) -> list[Any]:
        values = frame[name].astype(object)
        return values.where(values.notna(), None).tolist()

    return zip(*(column(name) for name in names), strict=True)
