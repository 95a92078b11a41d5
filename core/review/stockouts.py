"""One product's available units over a stream, and the stretches it was out of stock.

- available(t), per product, is the board's (PRODUCT.md "The board"): over the market's
  warehouses, on hand - reserved at each warehouse's latest count at or before t, minus the
  units shipped from it after that count, minus this session's orders without a warehouse
  placed after the product's latest count; never below 0 in total.
- ran_out_at: the first moment in the session when available(t) reached 0 (the session's
  start when it was 0 from the first minute); None if never.
- minutes_out_of_stock: the stream minutes with available(t) = 0, until the stream ended (or
  the review's moment) or a stock count restocked it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from core.review.stream_minutes import in_minutes


def availability_path(*, counts: pd.DataFrame, draws: pd.DataFrame, begin: datetime,
                      until: datetime) -> pd.DataFrame:
    """One product's available units from `begin` to `until`, as a step function.

    `counts`: warehouse_id, counted_at, units (on hand - reserved); `draws`: ts,
    warehouse_id (None: one of this session's orders without a warehouse), qty. Returns
    ts, available: the value at `begin`, then one row per count or order after it. At equal
    times orders come before counts: an order stamped with a count's time is in that count,
    as `core.board.reads.stock_positions` has it.

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

    level: dict[str, int] = {}
    unassigned = 0

    def available() -> int:
        return max(0, sum(level.values()) - unassigned) if level else 0

    rows: list[tuple[datetime, int]] = []
    for ts, is_count, wh, units in events:
        if ts > begin and not rows:
            rows.append((begin, available()))
        if is_count:
            assert wh is not None
            level[wh] = units
            unassigned = 0  # orders before the latest count are in it
        elif wh is None:
            if level:
                unassigned += units
        elif wh in level:
            level[wh] -= units
        if ts > begin:
            rows.append((ts, available()))
    if not rows:
        rows.append((begin, available()))
    return pd.DataFrame(rows, columns=["ts", "available"])


@dataclass(frozen=True)
class StockOut:
    """A stretch of the stream with nothing available; `restocked` when a count ended it."""

    begin: datetime
    end: datetime
    restocked: bool

    @property
    def minutes(self) -> float:
        return in_minutes(self.end - self.begin)


def stock_outs(path: pd.DataFrame, *, until: datetime) -> tuple[StockOut, ...]:
    """The stretches of `path` (from `availability_path`) with available 0, up to `until`."""
    outs: list[StockOut] = []
    began: datetime | None = None
    for ts, units in path[["ts", "available"]].itertuples(index=False):
        if units <= 0 and began is None:
            began = ts
        elif units > 0 and began is not None:
            outs.append(StockOut(began, ts, restocked=True))
            began = None
    if began is not None:
        outs.append(StockOut(began, max(began, until), restocked=False))
    return tuple(outs)
