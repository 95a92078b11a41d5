"""Recording what changed on the board, and reading it back: the light records and alerts
(`core.board.alerts` decides them, `core.board.writes` writes them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine

from core.board import reads as queries
from core.board import writes
from core.board.alerts import AlertView, alert_view, changes_since
from core.board.model import Board
from core.board.safety_breaches import SafetyBreach
from core.common.errors import LiveStockError


def record_changes(engine: Engine, *, board: Board, breaches: Sequence[SafetyBreach]) -> int:
    """Write what changed on `board` since the last records (`core.board.alerts.
    changes_since`: light records, and "light", "tier" and "safety" alerts), in one short
    transaction that holds the session's write lock, so two consoles refreshing together
    write each alert once. Returns the number of alerts written."""
    at = board.at
    with engine.begin() as conn:
        writes.lock_session(conn=conn, session_id=board.session_id)
        tiers = queries.alert_values(conn=conn, session_id=board.session_id, kind="tier", at=at)
        done = queries.alert_values(conn=conn, session_id=board.session_id, kind="safety",
                                    at=at)
        swapped = queries.alert_values(conn=conn, session_id=board.session_id,
                                       kind="swap_to", at=at)
        changes = changes_since(
            board, last_lights=queries.last_lights(conn=conn, session_id=board.session_id,
                                                   at=at),
            tiers_reached=tiers["new_value"],
            safety_flagged=zip(done["sku"], done["warehouse_id"], strict=True),
            breaches=breaches,
            last_targets=dict(zip(swapped["sku"], swapped["new_value"], strict=True)))
        writes.write_lights(conn=conn, session_id=board.session_id, at=at,
                            lights=changes.lights)
        writes.write_alerts(conn=conn, alerts=changes.alerts)
    return len(changes.alerts)


def recent_alerts(engine: Engine, *, session_id: str, until: datetime | None = None,
                  limit: int = 20) -> list[AlertView]:
    """The session's latest `limit` alerts at or before `until`, newest first."""
    if limit <= 0:
        raise LiveStockError("limit must be a positive number of alerts")
    with engine.connect() as conn:
        frame = queries.recent_alert_rows(conn=conn, session_id=session_id, until=until,
                                          limit=limit)
        swaps = frame[frame["kind"] == "swap_to"]
        names = queries.product_names(conn=conn, skus=sorted(
            {str(v) for v in (*swaps["sku"], *swaps["new_value"]) if not pd.isna(v)}))
    views = []
    for ts, kind, sku, wh, old, new, message in frame.itertuples(index=False):
        sku, wh, old, new = (None if pd.isna(v) else str(v) for v in (sku, wh, old, new))
        views.append(alert_view(ts=ts, kind=kind, sku=sku, warehouse_id=wh, old=old, new=new,
                                message=message, names=names))
    return views
