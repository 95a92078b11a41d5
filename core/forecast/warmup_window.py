"""A session's warm-up at a moment before its start: viewers and interactions in a window."""

from __future__ import annotations

import pandas as pd

WARMUP_WINDOW_MINUTES = 30.0


def warmup_features(warmup: pd.DataFrame, *, minutes_before_start: float) -> pd.DataFrame:
    """Per session: mean warm-up viewers and interactions per minute over the
    `WARMUP_WINDOW_MINUTES` of warm-up that end `minutes_before_start` before the start.

    Warm-ups are aligned by the time left to the start, not by their own length: a warm-up
    fills up toward the start (traffic videos run in its last half hour), and one announced
    three days ahead is no more comparable minute for minute with a two-hour one.
    """
    low, high = minutes_before_start, minutes_before_start + WARMUP_WINDOW_MINUTES
    window = warmup[(warmup["to_start"] >= low) & (warmup["to_start"] <= high)]
    if window.empty:
        return pd.DataFrame(columns=["session_id", "warmup_viewers", "interactions_per_min"])
    grouped = window.groupby("session_id")
    return pd.DataFrame({
        "warmup_viewers": grouped["viewers"].mean(),
        "interactions_per_min": grouped["interactions"].sum(min_count=1)
        / WARMUP_WINDOW_MINUTES,
    }).reset_index()
