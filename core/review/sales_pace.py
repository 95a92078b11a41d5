"""The pace of a stream's sales: units sold per stream minute, per product."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from core.review.stream_minutes import MINUTE, in_minutes


def units_per_minute(orders: pd.DataFrame, *, begin: datetime, until: datetime) -> pd.DataFrame:
    """Units sold per whole stream minute, per product. Columns: minute (0 = the first
    minute after `begin`), ts (that minute's start), sku, units. Minutes without sales of a
    product are absent."""
    live = orders[(orders["ts"] >= begin) & (orders["ts"] <= until)]
    if live.empty:
        return pd.DataFrame({"minute": pd.Series(dtype=int), "ts": pd.Series(dtype=object),
                             "sku": pd.Series(dtype=str), "units": pd.Series(dtype=int)})
    minute = [int(in_minutes(ts - begin)) for ts in live["ts"]]
    frame = live.assign(minute=minute).groupby(["minute", "sku"], as_index=False).agg(
        units=("qty", "sum"))
    frame.insert(1, "ts", [begin + m * MINUTE for m in frame["minute"]])
    return frame.astype({"units": int})
