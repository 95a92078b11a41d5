"""The session to forecast: its attributes, lineup prices and warm-up seen so far."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from core.forecast.history import History
from core.forecast.warmup_window import warmup_features


@dataclass(frozen=True)
class Upcoming:
    """The session to forecast: its attributes, lineup (sku -> price) and warm-up so far."""

    session_id: str
    market: str
    platform: str
    traffic: str
    start: datetime
    lineup_prices: Mapping[str, float]
    minutes_before_start: float | None = None  # where the warm-up seen so far ends
    warmup_viewers_mean: float | None = None
    warmup_interactions_per_min: float | None = None
    minutes: float | None = None  # the stream's length (None: a typical one)
    lineup_slots: Mapping[str, int] = field(default_factory=dict)  # sku -> pitch order
    expected_viewers: float | None = None  # the team's own estimate (sessions.csv)

    def position(self, sku: str) -> float:
        """The product's place in the pitch order: 0 first, 1 last (0.5 when unknown)."""
        if sku not in self.lineup_slots or len(self.lineup_slots) < 2:
            return 0.5
        order = sorted(self.lineup_slots, key=lambda s: (self.lineup_slots[s], s))
        return order.index(sku) / (len(order) - 1)


def upcoming_from_history(history: History, session_id: str, *,
                          warmup_until: pd.Timestamp | None = None) -> Upcoming:
    """A past or future session of `history` as a forecast target (warm-up up to a moment)."""
    row = history.sessions[history.sessions["session_id"] == session_id].iloc[0]
    lineup = history.lineup[history.lineup["session_id"] == session_id]
    prices = dict(zip(lineup["sku"], lineup["price"].astype(float), strict=True))
    slots = (dict(zip(lineup["sku"], lineup["slot"].astype(int), strict=True))
             if "slot" in lineup.columns and lineup["slot"].notna().all() else {})
    expected = row.get("expected_viewers")
    before_start, viewers, interactions = None, None, None
    cutoff = warmup_until if warmup_until is not None else row["start"]
    if pd.notna(row["warmup_start"]) and cutoff > row["warmup_start"]:
        left = max(0.0, (row["start"] - cutoff).total_seconds() / 60)
        samples = history.warmup[(history.warmup["session_id"] == session_id)
                                 & (history.warmup["to_start"] >= left)]
        feats = warmup_features(samples, minutes_before_start=left)
        if not feats.empty:
            before_start = left
            viewers = float(feats["warmup_viewers"].iloc[0])
            ipm = feats["interactions_per_min"].iloc[0]
            interactions = None if pd.isna(ipm) else float(ipm)
    return Upcoming(session_id=session_id, market=str(row["market"]),
                    platform=str(row["platform"]), traffic=str(row["traffic"]),
                    start=row["start"].to_pydatetime(), lineup_prices=prices,
                    minutes_before_start=before_start, warmup_viewers_mean=viewers,
                    warmup_interactions_per_min=interactions,
                    minutes=(row["end"] - row["start"]).total_seconds() / 60,
                    lineup_slots=slots,
                    expected_viewers=float(expected) if expected is not None
                    and pd.notna(expected) and float(expected) > 0 else None)
