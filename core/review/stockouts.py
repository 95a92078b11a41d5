"""The stretches of a stream a product was out of stock.

- available(t), per product, is the board's: `core.stock.available.available_path` over the
  market's warehouses (README "How the board decides").
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
    """The stretches of `path` (`core.stock.available.available_path`) with available 0, up
    to `until`."""
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
