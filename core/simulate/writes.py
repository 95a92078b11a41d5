"""What the simulator writes into the store: claiming a session (clearing its last run,
starting its `SimClock`), one insert-only transaction per tick, and pausing the clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col

from core.common.timeutil import utc_now
from core.simulate.stream_model import CardFunnel, SimOrder, StreamMinute
from core.store.models import Alert, FunnelSample, LightRecord, OrderLine, SimClock, ViewerSample
from core.store.retries import SimulationError, read_with_retries, with_retries

SOURCE = "simulate"


def claim(engine: Engine, *, session_id: str, begin: datetime, speed: float,
          tick_seconds: float) -> None:
    """Refuse a session another simulator is playing; clear the last run; start the clock."""
    clock = read_with_retries(engine, lambda conn: conn.execute(
        select(col(SimClock.wall_now), col(SimClock.speed), col(SimClock.finished))
        .where(col(SimClock.session_id) == session_id)).first())
    if clock is not None and not clock.finished and clock.speed > 0:
        idle_seconds = (utc_now() - clock.wall_now).total_seconds()
        if idle_seconds < max(10.0, 5 * tick_seconds):
            raise SimulationError(
                f"session {session_id} is already being simulated (its clock moved "
                f"{idle_seconds:.0f} s ago): stop that simulator first")

    def clear(conn: Connection) -> None:
        if clock is not None:  # an earlier simulation wrote funnel samples from here on
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
        conn.execute(insert(SimClock).values(session_id=session_id, sim_now=begin,
                                             wall_now=utc_now(), speed=speed, finished=False))

    with_retries(engine, clear, what="clearing the last simulated run")


def pause(engine: Engine, *, session_id: str) -> None:
    """Leave the clock where it got to, paused (speed 0), so nobody mistakes it for running."""
    with_retries(engine, lambda conn: conn.execute(
        update(SimClock).where(col(SimClock.session_id) == session_id)
        .values(wall_now=utc_now(), speed=0.0)), what="pausing the clock", attempts=3)


def write_tick(conn: Connection, *, session_id: str, minutes: Sequence[StreamMinute],
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
