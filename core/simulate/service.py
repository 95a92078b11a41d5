"""A live stream played into the store: viewers and orders in simulated time.

`run_simulation` learns the plan from the store (`load_plan`: the facts read by
`core.simulate.reads`, the plan by `core.simulate.stream_plan`: the session's lineup and
warm-up, past sessions of its market), draws it with a seeded `LiveStream`, then plays it
`speed` times faster than real time: one small insert-only transaction per tick (viewer
samples, order lines with source "simulate", the session's `SimClock`;
`core.simulate.writes`), retried when the store is briefly busy, so it runs beside the
dashboard and other writers.
"""

from __future__ import annotations

import contextlib
import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import Connection, Engine

from core.common.timeutil import utc_now
from core.simulate import reads, writes
from core.simulate.live_stream import LiveStream
from core.simulate.sellable_stock import SellableStock, ship_from, take_units
from core.simulate.stream_model import CardFunnel, SimOrder, StreamMinute, StreamPlan
from core.simulate.stream_plan import StreamFacts, plan_stream
from core.store.retries import SimulationError, read_with_retries, with_retries

StartFrom = datetime | Literal["warmup"] | None


@dataclass(frozen=True)
class TickReport:
    """What one tick wrote; `viewers` is the latest sample so far (None before the first)."""

    session_id: str
    sim_now: datetime
    viewers: int | None
    orders: tuple[SimOrder, ...]
    orders_total: int
    units_total: int
    progress: float
    finished: bool


@dataclass(frozen=True)
class SimulationResult:
    session_id: str
    seed: int
    speed: float
    started_at: datetime
    sim_now: datetime
    ticks: int
    orders_total: int
    units_total: int
    finished: bool


def load_plan(engine: Engine, *, session_id: str, seed: int) -> StreamPlan:
    """The plan of a session's stream, learned from the store
    (`core.simulate.stream_plan.plan_stream`). Raises NotFound for an unknown session,
    SimulationError for one without a lineup."""
    facts: StreamFacts = read_with_retries(
        engine, lambda conn: reads.stream_facts(conn=conn, session_id=session_id))
    if not facts.lineup:
        raise SimulationError(f"session {session_id} has no lineup (lineup.csv): nothing to sell")
    return plan_stream(facts, session_id=session_id, seed=seed)


def session_to_play(engine: Engine) -> tuple[str, str, datetime, datetime] | None:
    """(session_id, title, start, end) of the session a demo plays
    (`core.simulate.reads.session_to_play`); None when no session has a lineup."""
    with engine.connect() as conn:
        return reads.session_to_play(conn=conn)


def order_lines_total(engine: Engine) -> int:
    """Every order line in the store (what a demo reports when it stops)."""
    with engine.connect() as conn:
        return reads.order_lines_total(conn=conn)


def _claim(engine: Engine, *, session_id: str, begin: datetime, speed: float,
          tick_seconds: float) -> None:
    """Refuse a session another simulator is playing; clear the last run; start the clock."""
    clock = read_with_retries(
        engine, lambda conn: reads.clock_state(conn=conn, session_id=session_id))
    if clock is not None and not clock.finished and clock.speed > 0:
        idle_seconds = (utc_now() - clock.wall_now).total_seconds()
        if idle_seconds < max(10.0, 5 * tick_seconds):
            raise SimulationError(
                f"session {session_id} is already being simulated (its clock moved "
                f"{idle_seconds:.0f} s ago): stop that simulator first")

    def clear(conn: Connection) -> None:
        writes.clear_last_run(conn=conn, session_id=session_id, begin=begin,
                              simulated_before=clock is not None)
        writes.start_clock(conn=conn, session_id=session_id, begin=begin, speed=speed)

    with_retries(engine, clear, what="clearing the last simulated run")


def _pause(engine: Engine, *, session_id: str) -> None:
    """Leave the clock where it got to, paused (speed 0), so nobody mistakes it for running."""
    with_retries(engine, lambda conn: writes.pause_clock(conn=conn, session_id=session_id),
                 what="pausing the clock", attempts=3)


def run_simulation(engine: Engine, *, session_id: str, speed: float, tick_seconds: float = 1.0,
                   seed: int | None = None, start_from: StartFrom = None,
                   stop_event: threading.Event | None = None,
                   on_tick: Callable[[TickReport], None] | None = None) -> SimulationResult:
    """Play a session's stream into the store, `speed` times faster than real time.

    First removes what an earlier simulation of the session wrote (order lines and viewer
    samples with source "simulate", and the alerts and light records from `start_from`
    on, which were read off them). Then every `tick_seconds` of wall time advances the
    simulated clock by tick_seconds x speed and writes, in one transaction, the viewer
    samples, orders and product-card funnels (impressions, clicks) of that stretch and the
    session's SimClock. Returns when the
    stream ends (SimClock.finished) or `stop_event` is set (the clock stays where it got
    to, paused: speed 0). Safe to run in a thread; it installs no signal handler.
    """
    if not (speed > 0 and math.isfinite(speed)):
        raise SimulationError(f"--speed must be a positive number, got {speed}")
    if not tick_seconds > 0:
        raise SimulationError(f"tick_seconds must be positive, got {tick_seconds}")
    seed = random.SystemRandom().randrange(2**31) if seed is None else seed
    stop = stop_event or threading.Event()
    plan = load_plan(engine, session_id=session_id, seed=seed)
    begin = _resolve_start(plan, start_from)
    stream = LiveStream(plan, seed=seed, start_from=begin)
    _claim(engine, session_id=session_id, begin=begin, speed=speed, tick_seconds=tick_seconds)
    player = _Player(engine=engine, plan=plan, stream=stream, speed=speed)
    step = timedelta(seconds=tick_seconds * speed)
    wall_start = time.monotonic()
    try:
        while not stop.is_set():
            report = player.tick(until=min(player.sim_now + step, plan.end))
            if on_tick is not None:
                on_tick(report)
            if report.finished:
                break
            stop.wait(max(0.0, wall_start + player.ticks * tick_seconds - time.monotonic()))
    except BaseException:
        # Interrupted or failed: try to leave the clock paused, but report the first error.
        with contextlib.suppress(Exception):
            _pause(engine, session_id=session_id)
        raise
    if not player.finished:
        _pause(engine, session_id=session_id)
    return SimulationResult(session_id=session_id, seed=seed, speed=speed, started_at=begin,
                            sim_now=player.sim_now, ticks=player.ticks,
                            orders_total=player.orders_total, units_total=player.units_total,
                            finished=player.finished)


class _Player:
    """Turns the stream's minutes into ticks: what is due by the tick's end gets written."""

    def __init__(self, *, engine: Engine, plan: StreamPlan, stream: LiveStream,
                 speed: float) -> None:
        self.engine, self.plan, self.stream, self.speed = engine, plan, stream, speed
        self.begin = self.sim_now = stream.now
        self.ticks = self.orders_total = self.units_total = 0
        self.finished = False
        self._viewers: int | None = None
        self._minutes: list[StreamMinute] = []  # drawn, sample not yet written
        self._orders: list[tuple[SimOrder, str | None]] = []  # drawn, not yet written
        self._funnel: list[CardFunnel] = []  # drawn, not yet written

    def tick(self, *, until: datetime) -> TickReport:
        sellable = self._stock()
        stock = sellable.units
        # Up to and including `until`: the clock then says `until`, and a board at that
        # moment counts what is stamped at it (ts <= at), so it must be written now.
        while not self.stream.finished and self.stream.now <= until:
            minute = self.stream.next_minute({sku: sum(by_wh.values())
                                              for sku, by_wh in stock.items()})
            assert minute is not None
            self._minutes.append(minute)
            self._funnel.extend(minute.funnel)
            for order in minute.orders:
                warehouse_id = ship_from(sellable.pool, stock[order.sku])
                self._orders.append((order, warehouse_id))
                take_units(stock[order.sku], warehouse_id, order.qty)
        finished = until >= self.plan.end
        minutes = [m for m in self._minutes if finished or m.start <= until]
        orders = [o for o in self._orders if finished or o[0].ts <= until]
        funnel = [f for f in self._funnel if finished or f.ts <= until]
        self._minutes = self._minutes[len(minutes):]
        self._orders = self._orders[len(orders):]
        self._funnel = self._funnel[len(funnel):]
        with_retries(self.engine, lambda conn: writes.write_tick(
            conn=conn, session_id=self.plan.session_id, minutes=minutes, orders=orders,
            funnel=funnel, sim_now=until, speed=self.speed, finished=finished),
            what="writing a tick")
        self.sim_now, self.finished = until, finished
        self.ticks += 1
        self.orders_total += len(orders)
        self.units_total += sum(order.qty for order, _ in orders)
        self._viewers = minutes[-1].viewers if minutes else self._viewers
        return TickReport(
            session_id=self.plan.session_id, sim_now=until, viewers=self._viewers,
            orders=tuple(order for order, _ in orders), orders_total=self.orders_total,
            units_total=self.units_total, finished=finished,
            progress=(until - self.begin) / (self.plan.end - self.begin))

    def _stock(self) -> SellableStock:
        """Stock the store shows at sim_now in the session's pool, less what was drawn but
        not yet written."""
        skus = [p.sku for p in self.plan.products]
        stock: SellableStock = read_with_retries(
            self.engine, lambda conn: reads.available_units(
                conn, session_id=self.plan.session_id, skus=skus, market=self.plan.market,
                at=self.sim_now))
        for order, warehouse_id in self._orders:
            take_units(stock.units[order.sku], warehouse_id, order.qty)
        return stock


def _resolve_start(plan: StreamPlan, start_from: StartFrom) -> datetime:
    if start_from is None:
        return plan.start
    if start_from == "warmup":
        return plan.warmup_start or plan.start - timedelta(minutes=30)
    if not isinstance(start_from, datetime):
        raise SimulationError(f"--from must be 'warmup' or a moment, got {start_from!r}")
    earliest = plan.warmup_start or plan.start - timedelta(minutes=30)
    if not earliest <= start_from < plan.end:
        raise SimulationError(
            f"--from {start_from.isoformat()} is outside session {plan.session_id}: "
            f"use a moment from {earliest.isoformat()} (warm-up) to before {plan.end.isoformat()}")
    return start_from
