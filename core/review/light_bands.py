"""Each product's board light over a stream, as bands: recorded where it was, else replayed."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

LIGHT_COLUMNS = ["sku", "begin", "end", "light", "available", "reason", "source"]


def light_bands(*, replayed: pd.DataFrame, recorded: pd.DataFrame, begin: datetime,
                until: datetime) -> pd.DataFrame:
    """Each product's light over the stream, as bands [begin, end).

    `replayed`: the board recomputed at fixed steps (sku, ts, light, available, reason);
    `recorded`: the LightRecords the board wrote live (same columns), one per change. A
    product the board recorded follows its records from the last one at or before the
    start (or its first record) on, and the replays before that; any other product follows
    the replays. A band lasts until the product's next row, or `until`.
    Columns: sku, begin, end, light, available, reason, source ("recorded" / "replayed").
    """
    pieces = []
    skus = list(dict.fromkeys([*replayed["sku"], *recorded["sku"]]))
    for sku in skus:
        mine = recorded[recorded["sku"] == sku].sort_values("ts")
        played = replayed[replayed["sku"] == sku].sort_values("ts")
        if len(mine):
            before = mine[mine["ts"] <= begin]
            first = begin if len(before) else mine["ts"].iloc[0]
            kept = pd.concat([before.tail(1), mine[mine["ts"] > begin]])
            rows = pd.concat([played[played["ts"] < first].assign(source="replayed"),
                              kept.assign(source="recorded")])
        else:
            rows = played.assign(source="replayed")
        rows = rows.assign(ts=[max(ts, begin) for ts in rows["ts"]])
        ends = [*rows["ts"].iloc[1:], until]
        band = rows.rename(columns={"ts": "begin"}).assign(sku=sku, end=ends)
        pieces.append(band[band["end"] > band["begin"]])
    if not pieces:
        return pd.DataFrame(columns=LIGHT_COLUMNS)
    return pd.concat(pieces, ignore_index=True)[LIGHT_COLUMNS]
