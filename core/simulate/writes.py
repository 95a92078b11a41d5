"""What the simulator writes into the store: clearing a session's last run, starting its
`SimClock`, one insert-only tick, pausing the clock. Each takes the open `Connection` of a
transaction `core.simulate.service` runs (and retries when the store is busy)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col

from core.common.timeutil import utc_now
from core.simulate.stream_model import SOURCE, CardFunnel, SimOrder, StreamMinute
from core.store.models import Alert, FunnelSample, LightRecord, OrderLine, SimClock, ViewerSample


def clear_last_run(*, conn: Connection, session_id: str, begin: datetime,
                   simulated_before: bool) -> None:
    """Remove what an earlier simulation of the session wrote: its order lines and viewer
    samples, the alerts and light records from `begin` on (they were read off them), its
    card funnels after `begin` (when it was simulated before: only a simulation writes
    them), and its clock."""
    if simulated_before:
        conn.execute(delete(FunnelSample).where(col(FunnelSample.session_id) == session_id,
                                                col(FunnelSample.ts) > begin))
    conn.execute(delete(OrderLine).where(col(OrderLine.session_id) == session_id,
                                         col(OrderLine.source) == SOURCE))
    conn.execute(delete(ViewerSample).where(col(ViewerSample.session_id) == session_id,
                                            col(ViewerSample.source) == SOURCE))
    conn.execute(delete(Alert).where(col(Alert.session_id) == session_id,
                                     col(Alert.ts) >= begin))
    conn.execute(delete(LightRecord).where(col(LightRecord.session_id) == session_id,
                                           col(LightRecord.ts) >= begin))
    conn.execute(delete(SimClock).where(col(SimClock.session_id) == session_id))


def start_clock(*, conn: Connection, session_id: str, begin: datetime, speed: float) -> None:
    """The session's SimClock at `begin`, running at `speed` (after `clear_last_run`)."""
    conn.execute(insert(SimClock).values(session_id=session_id, sim_now=begin,
                                         wall_now=utc_now(), speed=speed, finished=False))


def pause_clock(*, conn: Connection, session_id: str) -> None:
    """Leave the clock where it got to, paused (speed 0), so nobody mistakes it for running."""
    conn.execute(update(SimClock).where(col(SimClock.session_id) == session_id)
                 .values(wall_now=utc_now(), speed=0.0))


def write_tick(*, conn: Connection, session_id: str, minutes: Sequence[StreamMinute],
               orders: Sequence[tuple[SimOrder, str | None]], sim_now: datetime,
               speed: float, finished: bool, funnel: Sequence[CardFunnel] = ()) -> None:
    """One tick, insert-only apart from the clock: samples, order lines, card funnels,
    then the clock."""
    if minutes:
        conn.execute(_insert_keeping_existing(conn), [
            {"session_id": session_id, "ts": m.start, "viewers": m.viewers,
             "interactions": m.interactions, "source": SOURCE} for m in minutes])
    if orders:
        conn.execute(insert(OrderLine), [
            {"order_id": o.order_id, "sku": o.sku, "ts": o.ts, "qty": o.qty,
             "unit_price": o.unit_price, "currency": o.currency, "session_id": session_id,
             "warehouse_id": warehouse_id, "customer_id": None, "status": "paid",
             "source": SOURCE} for o, warehouse_id in orders])
    if funnel:
        conn.execute(_insert_keeping_existing(conn, FunnelSample), [
            {"session_id": session_id, "sku": f.sku, "ts": f.ts, "impressions": f.impressions,
             "clicks": f.clicks} for f in funnel])
    conn.execute(update(SimClock).where(col(SimClock.session_id) == session_id)
                 .values(sim_now=sim_now, wall_now=utc_now(), speed=speed, finished=finished))


def _insert_keeping_existing(conn: Connection, model: Any = ViewerSample) -> Any:
    """INSERT samples (viewers, card funnels), leaving one already recorded at that moment
    alone: a simulation played over a session with real samples never overwrites them."""
    if conn.dialect.name == "sqlite":
        return sqlite.insert(model).on_conflict_do_nothing()
    if conn.dialect.name == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing()
    return insert(model)
