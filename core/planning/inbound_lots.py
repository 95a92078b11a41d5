"""Inbound lots in the plan's stock position: on the way until received.

A lot is in the latest stock count of its product in its warehouse once it was received at
or before that count (inbound.csv `received_at`); a lot not received stays on the way,
however late, so a late lot never vanishes from the position and gets ordered again. For a
store loaded from files without `received_at` (receipts not known), a count at or after its
ETA took it in.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def in_count(lot: Any, counted_at: pd.Timestamp | None) -> bool:
    """Whether `lot` (eta, received_at, received_known) is already in a count taken at
    `counted_at` (None: never counted).

    >>> from types import SimpleNamespace as Lot
    >>> late = Lot(eta=pd.Timestamp("2026-11-10", tz="UTC"), received_at=pd.NaT,
    ...            received_known=True)
    >>> in_count(late, pd.Timestamp("2026-11-20", tz="UTC"))
    False
    """
    if counted_at is None:
        return False
    if lot.received_known:
        return not pd.isna(lot.received_at) and lot.received_at <= counted_at
    return bool(lot.eta <= counted_at)
