"""Available stock: the one rule the board, the review, planning and the simulator share.

README "How the board decides" and "Advice that holds up": for one product, over the
warehouses a stream sells from (its pool, `core.stock.pools.pool_of`), at a moment `at`,

    per warehouse w:  units_w = (on_hand - reserved) at w's latest count at or before `at`
                                - units of orders shipped from w after that count
                                - units of orders without a warehouse charged to w after it
    available         = max(0, sum over the pool of units_w)
    owed              = max(0, -sum over the pool of units_w)   (presale orders)

Every sale takes stock: orders of any session or none. An order without a warehouse is
charged to the warehouse that would ship it (`core.stock.pools.charge`: among its market's
warehouses that serve its platform and were counted before it), so a TikTok order never
takes Amazon FBA's stock unless FBA ships TikTok's orders (Multi-Channel Fulfillment).
Orders count up to `at` inclusive; cancelled ones never count (returned ones do: they sold,
and came back through a later count). An order stamped with a count's own time is in that
count. A warehouse never counted has nothing to take from (its orders are ignored), and a
product counted nowhere has nothing available. `units_w` is negative when the warehouse
shipped more than its count held (oversold); the pool's other warehouses cover it in the
total, and what they cannot cover is owed: units sold beyond stock, presale orders that
take the earliest inbound lots (`core.stock.presale`).

Worked example: W1 counted 10 (on hand 12, reserved 2) at 19:00 and W2 counted 5 at 19:30,
both serving every platform; W1 ships 4 at 20:05; the session sells 3 without a warehouse
at 19:20 (only W1 was counted then: charged to it) and 3 at 20:10 (W1 and W2 both hold 5:
the lower id, W1). At 20:30: W1 = 10 - 1 - 4 - 3 = 2, W2 = 5, available = 7.

The rule is the steps of `StockPosition` (`after_count`, `after_order`,
`after_unshipped_order`), applied in time order with orders before counts at equal times.
`positions_at` applies them to what `core.stock.reads.latest_positions` reads (each
warehouse's latest count and the units ordered since, summed in SQL; orders without a
warehouse summed per platform, market and the counts they follow); `available_path` applies
them to every count and order of a stream (`core.stock.reads.stock_counts` and
`stock_draws`), for the review.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from core.stock.pools import StockWarehouse, candidates_for, charge


@dataclass(frozen=True)
class StockPosition:
    """One product's stock over the counted warehouses, as the counts and orders so far
    have it: per counted warehouse its latest count (on hand - reserved) minus the units
    shipped from or charged to it since (negative when oversold), in the order first
    counted. `pool` arguments name the warehouses a stream sells from (None: all)."""

    units_by_warehouse: Mapping[str, int] = field(default_factory=dict)

    def units_in(self, pool: Collection[str] | None = None) -> int:
        """Sum of units_by_warehouse over the pool (negative when it oversold)."""
        return sum(units for wh, units in self.units_by_warehouse.items()
                   if pool is None or wh in pool)

    def available_in(self, pool: Collection[str] | None = None) -> int:
        """max(0, units_in(pool)); 0 when nothing was counted.

        >>> StockPosition({"W1": 6, "W2": 5, "FBA": 40}).available_in({"W1", "W2"})
        11
        >>> StockPosition({"W1": -5, "W2": 3}).available_in()
        0
        """
        return max(0, self.units_in(pool))

    def owed_in(self, pool: Collection[str] | None = None) -> int:
        """Units the pool sold beyond its stock: max(0, -units_in(pool)), presale orders.

        >>> StockPosition({"W1": -5, "W2": 3}).owed_in()
        2
        """
        return max(0, -self.units_in(pool))

    @property
    def available(self) -> int:
        """Available over every counted warehouse (`available_in(None)`)."""
        return self.available_in(None)

    def after_count(self, *, warehouse_id: str, units: int) -> StockPosition:
        """A count of `units` (on hand - reserved) in `warehouse_id`: it replaces what the
        warehouse had (the orders before it are in it)."""
        return StockPosition({**self.units_by_warehouse, warehouse_id: units})

    def after_order(self, *, warehouse_id: str, units: int) -> StockPosition:
        """An order (not cancelled) of `units` shipped from `warehouse_id`: it takes stock
        there once that warehouse was counted."""
        if warehouse_id not in self.units_by_warehouse:
            return self
        return StockPosition({**self.units_by_warehouse,
                              warehouse_id: self.units_by_warehouse[warehouse_id] - units})

    def after_unshipped_order(self, *, units: int,
                              candidates: Sequence[StockWarehouse]) -> StockPosition:
        """An order (not cancelled) of `units` without a warehouse, that `candidates` could
        ship (`core.stock.pools.candidates_for`): charged by `core.stock.pools.charge` to
        the counted ones."""
        return StockPosition(charge(self.units_by_warehouse, candidates, units))

    def sellable_by_warehouse(self, pool: Collection[str] | None = None) -> dict[str, int]:
        """What each pool warehouse can still sell, adding up to `available_in(pool)`: what
        the pool owes (every oversold warehouse's shortfall) is taken from the fullest
        warehouses first (`take_from_fullest`), the rest never below 0.

        >>> StockPosition({"W1": -5, "W2": 10, "W3": 4}).sellable_by_warehouse()
        {'W1': 0, 'W2': 5, 'W3': 4}
        """
        mine = {wh: units for wh, units in self.units_by_warehouse.items()
                if pool is None or wh in pool}
        owed = sum(-units for units in mine.values() if units < 0)
        return take_from_fullest({wh: max(units, 0) for wh, units in mine.items()}, owed)


NOTHING_COUNTED = StockPosition()


def fullest(units_by_warehouse: Mapping[str, int]) -> str | None:
    """The warehouse with the most left (ties: the first id); None when there is none.

    >>> fullest({"W2": 7, "W1": 7, "W3": 2})
    'W1'
    """
    if not units_by_warehouse:
        return None
    return max(sorted(units_by_warehouse), key=lambda wh: units_by_warehouse[wh])


def take_from_fullest(units_by_warehouse: Mapping[str, int], units: int) -> dict[str, int]:
    """`units_by_warehouse` after taking `units` from the fullest warehouses first, one
    warehouse's stock at a time; what none of them holds is not taken (nothing goes below
    0 that was not already).

    >>> take_from_fullest({"W1": 5, "W2": 3}, 6)
    {'W1': 0, 'W2': 2}
    """
    left = dict(units_by_warehouse)
    while units > 0 and left:
        most = fullest(left)
        assert most is not None
        taken = min(units, left[most])
        if taken <= 0:
            break
        left[most] -= taken
        units -= taken
    return left


def positions_at(latest: pd.DataFrame,
                 warehouses: Sequence[StockWarehouse] = ()) -> dict[str, StockPosition]:
    """Each product's position from `core.stock.reads.latest_positions`.

    `latest`: sku, warehouse_id, counted_at, counted_units, ordered_units, platform, market.
    Rows with a warehouse: its latest count, then the units shipped from it since. Rows
    without one: orders without a warehouse of (platform, market) placed after `counted_at`
    (one of the product's count moments), `ordered_units` in all. They are charged in time
    order, a stretch between two count moments at a time (within it, by platform and
    market), each stretch among the candidates `warehouses` (`candidates_for`) counted
    at or before its start. Products counted nowhere are left out (`NOTHING_COUNTED`).
    """
    units: dict[str, dict[str, int]] = defaultdict(dict)
    counted_at: dict[str, dict[str, int]] = defaultdict(dict)  # ns since the epoch
    after: dict[str, dict[tuple[str | None, str | None], dict[int, int]]] = \
        defaultdict(lambda: defaultdict(dict))
    moments_ns = pd.to_datetime(latest["counted_at"], utc=True).astype("int64").tolist()
    for (sku, warehouse_id, counted, ordered, platform, market), moment in zip(_values(
            latest, "sku", "warehouse_id", "counted_units", "ordered_units", "platform",
            "market"), moments_ns, strict=True):
        if warehouse_id is None:
            after[sku][(platform, market)][moment] = int(ordered)
        else:  # its latest count (after_count), less what it shipped since (after_order)
            units[sku][warehouse_id] = int(counted) - int(ordered)
            counted_at[sku][warehouse_id] = moment
    positions = {sku: StockPosition(by_warehouse) for sku, by_warehouse in units.items()}
    for sku, groups in after.items():
        if sku not in positions:
            continue
        position = positions[sku]
        counted = counted_at[sku]
        moments = sorted(set(counted.values()))
        for index, begin in enumerate(moments):
            later = moments[index + 1] if index + 1 < len(moments) else None
            for (platform, market), units_after in sorted(groups.items(), key=_group_order):
                charged = units_after.get(begin, 0) - (units_after.get(later, 0)
                                                        if later is not None else 0)
                if charged <= 0:
                    continue
                ready = [w for w in candidates_for(warehouses, market=market, platform=platform)
                         if w.warehouse_id in counted and counted[w.warehouse_id] <= begin]
                position = position.after_unshipped_order(units=charged, candidates=ready)
        positions[sku] = position
    return positions


def _group_order(item: tuple[tuple[str | None, str | None], Any]) -> tuple[str, str]:
    (platform, market), _ = item
    return (platform or "~", market or "~")


def available_path(*, counts: pd.DataFrame, draws: pd.DataFrame, begin: datetime,
                   until: datetime, warehouses: Sequence[StockWarehouse] = (),
                   pool: Collection[str] | None = None) -> pd.DataFrame:
    """One product's available units over the pool from `begin` to `until`, a step function.

    `counts`: warehouse_id, counted_at, units (on hand - reserved); `draws`: ts,
    warehouse_id (None: an order without a warehouse, charged among `warehouses` by its
    platform and market columns), qty. Every count and order up to `until` is applied in
    time order (orders before counts at equal times). Returns ts, available: the value at
    `begin`, then one row per count or order after it.

    Example: 10 counted at 19:00, orders of 4 at 20:05 and 6 at 20:20, begin 20:00 ->
    (20:00, 10), (20:05, 6), (20:20, 0).
    """
    if until < begin:
        raise ValueError(f"until {until.isoformat()} is before begin {begin.isoformat()}")
    events: list[tuple[datetime, int, str | None, int, str | None, str | None]] = []
    for wh, counted_at, units in _values(counts, "warehouse_id", "counted_at", "units"):
        if counted_at <= until:
            events.append((counted_at, 1, wh, int(units), None, None))
    platforms = "platform" if "platform" in draws.columns else None
    markets = "market" if "market" in draws.columns else None
    for ts, wh, qty, platform, market in zip(
            *(_column(draws, name) for name in ("ts", "warehouse_id", "qty")),
            _column(draws, platforms), _column(draws, markets), strict=True):
        if ts <= until:
            events.append((ts, 0, wh, int(qty), platform, market))
    events.sort(key=lambda e: (e[0], e[1]))

    position = NOTHING_COUNTED
    rows: list[tuple[datetime, int]] = []
    for ts, is_count, wh, units, platform, market in events:
        if ts > begin and not rows:
            rows.append((begin, position.available_in(pool)))
        if is_count:
            assert wh is not None
            position = position.after_count(warehouse_id=wh, units=units)
        elif wh is not None:
            position = position.after_order(warehouse_id=wh, units=units)
        else:
            position = position.after_unshipped_order(
                units=units, candidates=candidates_for(warehouses, market=market,
                                                       platform=platform))
        if ts > begin:
            rows.append((ts, position.available_in(pool)))
    if not rows:
        rows.append((begin, position.available_in(pool)))
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


def _column(frame: pd.DataFrame, name: str | None) -> list[Any]:
    """A column as plain Python values, None for missing; all None when `name` is None."""
    if name is None:
        return [None] * len(frame)
    values = frame[name].astype(object)
    return values.where(values.notna(), None).tolist()


def _values(frame: pd.DataFrame, *names: str) -> Iterator[tuple[Any, ...]]:
    """The rows of `frame` as plain tuples of Python values, None for missing."""
    return zip(*(_column(frame, name) for name in names), strict=True)
