"""The simulator writing into a real store: exact orders, the clock, replays, concurrency,
product-card funnels."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select, text
from sqlmodel import Session, col

from core.simulate.reads import available_units
from core.simulate.service import TickReport, run_simulation
from core.store.db import make_engine
from core.store.models import OrderLine, SimClock, ViewerSample
from core.store.retries import SimulationError
from core.store.schema import create_schema
from tests.store.simulate_builders import (
    FAST,
    START,
    build_store,
    card_funnel,
    clock_of,
    simulated_orders,
)


@pytest.fixture
def file_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    create_schema(engine)
    yield engine
    engine.dispose()


def test_every_order_the_model_drew_is_in_the_store_exactly_once(engine: Engine) -> None:
    build_store(engine)
    ticks: list[TickReport] = []

    result = run_simulation(engine, session_id="S-TODAY", seed=1, on_tick=ticks.append, **FAST)

    drawn = sorted((o.order_id, o.sku, o.ts, o.qty, o.unit_price)
                   for tick in ticks for o in tick.orders)
    assert len(drawn) > 50
    assert simulated_orders(engine) == drawn
    assert result.orders_total == len(drawn)
    assert result.ticks == len(ticks) == 6  # 60 simulated minutes, 10 per tick


def test_the_clock_moves_on_every_tick_and_finishes_at_the_end(engine: Engine) -> None:
    build_store(engine)
    seen: list[tuple[datetime, datetime, bool]] = []

    def look(tick: TickReport) -> None:
        sim_now, _, finished = clock_of(engine)
        seen.append((tick.sim_now, sim_now, finished))

    run_simulation(engine, session_id="S-TODAY", seed=1, on_tick=look, **FAST)

    assert [stored for _, stored, _ in seen] == [START + timedelta(minutes=10 * k)
                                                 for k in range(1, 7)]
    assert all(reported == stored for reported, stored, _ in seen)
    assert [finished for _, _, finished in seen] == [False] * 5 + [True]


def test_viewer_samples_come_every_simulated_minute_with_the_source(engine: Engine) -> None:
    build_store(engine)
    run_simulation(engine, session_id="S-TODAY", seed=1, **FAST)
    with engine.connect() as conn:
        stamps = conn.execute(select(col(ViewerSample.ts)).where(
            col(ViewerSample.session_id) == "S-TODAY", col(ViewerSample.source) == "simulate")
            .order_by(col(ViewerSample.ts))).scalars().all()
    assert stamps == [START + timedelta(minutes=m) for m in range(60)]


def test_a_replay_removes_the_last_simulated_run_and_nothing_else(engine: Engine) -> None:
    build_store(engine)
    with Session(engine) as db:
        db.add(OrderLine(order_id="SHOP-1", sku="SKU-A", ts=START + timedelta(minutes=3),
                         qty=1, unit_price=17.99, currency="USD", session_id="S-TODAY",
                         warehouse_id="US-FBA"))
        db.commit()
    first = run_simulation(engine, session_id="S-TODAY", seed=1, **FAST)
    ticks: list[TickReport] = []

    second = run_simulation(engine, session_id="S-TODAY", seed=2, on_tick=ticks.append, **FAST)

    assert first.orders_total != second.orders_total
    assert [row[0] for row in simulated_orders(engine)] == sorted(
        o.order_id for tick in ticks for o in tick.orders)
    with engine.connect() as conn:
        kept = conn.execute(select(col(OrderLine.order_id))
                            .where(col(OrderLine.source).is_(None))).scalars().all()
        warmup = conn.execute(select(func.count()).select_from(ViewerSample).where(
            col(ViewerSample.session_id) == "S-TODAY", col(ViewerSample.source).is_(None))
        ).scalar_one()
    assert "SHOP-1" in kept and len(kept) == 101
    assert warmup == 3


def test_the_same_seed_plays_the_same_stream_at_any_speed(engine: Engine) -> None:
    build_store(engine)
    run_simulation(engine, session_id="S-TODAY", seed=3, **FAST)
    fast = simulated_orders(engine)

    run_simulation(engine, session_id="S-TODAY", seed=3, speed=7_000.0, tick_seconds=0.01)

    assert simulated_orders(engine) == fast


def test_orders_stop_when_the_market_runs_out_and_never_touch_other_markets(
        engine: Engine) -> None:
    build_store(engine, stock=30)
    with engine.connect() as conn:
        before = available_units(conn, session_id="S-TODAY", skus=["SKU-A", "SKU-B", "SKU-C"],
                                 market="US", at=START)

    run_simulation(engine, session_id="S-TODAY", seed=4, **FAST)

    with engine.connect() as conn:
        sold = dict(conn.execute(
            select(col(OrderLine.sku), func.sum(OrderLine.qty))
            .where(col(OrderLine.source) == "simulate").group_by(col(OrderLine.sku))).all())
        warehouses = set(conn.execute(select(col(OrderLine.warehouse_id)).where(
            col(OrderLine.source) == "simulate")).scalars())
        after = available_units(conn, session_id="S-TODAY", skus=["SKU-A", "SKU-B", "SKU-C"],
                                market="US", at=START + timedelta(hours=1))
    assert before.units["SKU-A"] == {"US-FBA": 15, "US-3PL": 15}
    assert sold["SKU-A"] == 30  # demand far above 30: it sells out, and no further
    assert all(units <= 30 for units in sold.values())
    assert warehouses == {"US-FBA", "US-3PL"}
    assert after.units["SKU-A"] == {"US-FBA": 0, "US-3PL": 0}


def test_a_tiktok_stream_sells_only_from_warehouses_that_ship_tiktok_orders(
        engine: Engine) -> None:
    build_store(engine, stock=30, fba_serves="amazon")  # 15 of each in FBA, 15 in the 3PL

    run_simulation(engine, session_id="S-TODAY", seed=4, **FAST)

    with engine.connect() as conn:
        shipped = conn.execute(
            select(col(OrderLine.warehouse_id), func.sum(OrderLine.qty))
            .where(col(OrderLine.source) == "simulate", col(OrderLine.sku) == "SKU-A")
            .group_by(col(OrderLine.warehouse_id))).all()
        after = available_units(conn, session_id="S-TODAY", skus=["SKU-A"], market="US",
                                at=START + timedelta(hours=1))
    assert dict(shipped) == {"US-3PL": 15}  # FBA's 15 are Amazon's
    assert after.units["SKU-A"] == {"US-3PL": 0}
    assert [w.warehouse_id for w in after.pool] == ["US-3PL"]


def test_a_stopped_simulation_leaves_a_paused_clock_and_no_orders_past_it(
        engine: Engine) -> None:
    build_store(engine)
    stop = threading.Event()

    def stop_after_two(tick: TickReport) -> None:
        if tick.sim_now >= START + timedelta(minutes=20):
            stop.set()

    result = run_simulation(engine, session_id="S-TODAY", seed=1, stop_event=stop,
                            on_tick=stop_after_two, **FAST)

    sim_now, speed, finished = clock_of(engine)
    assert (result.finished, finished, speed) == (False, False, 0.0)
    assert sim_now == result.sim_now == START + timedelta(minutes=20)
    assert simulated_orders(engine)
    assert max(row[2] for row in simulated_orders(engine)) < sim_now


def test_a_session_already_playing_is_refused_but_a_paused_one_replays(engine: Engine) -> None:
    build_store(engine)
    with Session(engine) as db:
        db.add(SimClock(session_id="S-TODAY", sim_now=START, wall_now=datetime.now(UTC),
                        speed=60.0, finished=False))
        db.commit()

    with pytest.raises(SimulationError, match="already being simulated"):
        run_simulation(engine, session_id="S-TODAY", seed=1, **FAST)

    with Session(engine) as db:
        clock = db.get(SimClock, "S-TODAY")
        assert clock is not None
        clock.speed = 0.0
        db.add(clock)
        db.commit()
    assert run_simulation(engine, session_id="S-TODAY", seed=1, **FAST).finished


def test_a_briefly_locked_store_loses_no_order_and_doubles_none(sqlite_engine: Engine) -> None:
    engine = sqlite_engine
    build_store(engine)
    refusals = Counter[str]()

    @event.listens_for(engine, "before_cursor_execute")
    def locked_now_and_then(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("INSERT INTO order_line") and refusals["orders"] < 3:
            refusals["orders"] += 1
            raise sqlite3.OperationalError("database is locked")

    ticks: list[TickReport] = []
    run_simulation(engine, session_id="S-TODAY", seed=1, on_tick=ticks.append, **FAST)

    assert refusals["orders"] == 3
    assert [row[0] for row in simulated_orders(engine)] == sorted(
        o.order_id for tick in ticks for o in tick.orders)


def test_a_store_without_the_tables_fails_at_once_with_a_clear_error(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    started = time.monotonic()
    with pytest.raises(Exception, match="no such table"):
        run_simulation(engine, session_id="S-TODAY", seed=1, **FAST)
    assert time.monotonic() - started < 2  # no retrying what cannot succeed
    engine.dispose()


def test_the_board_keeps_reading_every_50_ms_without_an_error_while_it_plays(
        file_engine: Engine) -> None:
    from core.board.service import board_at

    build_store(file_engine)
    reader_engine = make_engine(str(file_engine.url))
    errors: list[BaseException] = []
    boards = Counter[str]()
    board_read = threading.Event()
    done = threading.Event()

    def dashboard() -> None:
        while not done.is_set():
            try:
                with reader_engine.connect() as conn:
                    conn.execute(text("SELECT sku, SUM(qty) FROM order_line "
                                      "WHERE session_id = :s GROUP BY sku"), {"s": "S-TODAY"})
                board_at(reader_engine, session_id="S-TODAY", record=True)
                boards["read"] += 1
                board_read.set()
            except BaseException as error:  # every error counts, whatever its kind
                errors.append(error)
            done.wait(0.05)

    def interleave(_: TickReport) -> None:
        # However loaded the machine, every tick meets at least one board read.
        board_read.wait(5)
        board_read.clear()

    reader = threading.Thread(target=dashboard)
    reader.start()
    try:
        result = run_simulation(file_engine, session_id="S-TODAY", seed=1, speed=3_600.0,
                                tick_seconds=0.05, on_tick=interleave)
    finally:
        done.set()
        reader.join()
        reader_engine.dispose()

    assert errors == []
    assert result.finished and result.ticks == 20
    assert boards["read"] >= result.ticks
    assert len(simulated_orders(file_engine)) == result.orders_total


def test_two_simulators_on_two_sessions_share_a_file_store(file_engine: Engine) -> None:
    build_store(file_engine, sessions=("S-ONE", "S-TWO"))
    results: dict[str, Any] = {}

    def play(session_id: str) -> None:
        results[session_id] = run_simulation(file_engine, session_id=session_id, seed=1,
                                             speed=6_000.0, tick_seconds=0.02)

    players = [threading.Thread(target=play, args=(s,)) for s in ("S-ONE", "S-TWO")]
    for player in players:
        player.start()
    for player in players:
        player.join()

    one, two = simulated_orders(file_engine, "S-ONE"), simulated_orders(file_engine, "S-TWO")
    assert results["S-ONE"].finished and results["S-TWO"].finished
    assert len(one) == results["S-ONE"].orders_total and len(two) == results["S-TWO"].orders_total
    assert not {row[0] for row in one} & {row[0] for row in two}


def test_each_product_card_gets_a_funnel_a_minute_with_realistic_ctr_and_conversion(
        engine: Engine) -> None:
    build_store(engine)

    run_simulation(engine, session_id="S-TODAY", seed=3, **FAST)

    funnel = card_funnel(engine)
    assert set(funnel) == {"SKU-A", "SKU-B", "SKU-C"}
    orders = Counter(sku for _, sku, *_ in simulated_orders(engine))
    for sku, (rows, impressions, clicks) in funnel.items():
        assert rows == 60  # one per stream minute
        assert clicks >= orders[sku]  # every order came through a click
        assert 0.05 <= clicks / impressions <= 0.15  # CTR, docs/figures.md
        if orders[sku] >= 30:
            assert 0.05 <= orders[sku] / clicks <= 0.25  # click-to-order


def test_a_replay_replaces_the_funnel_it_wrote_instead_of_adding_to_it(engine: Engine) -> None:
    build_store(engine)
    run_simulation(engine, session_id="S-TODAY", seed=3, **FAST)
    first = card_funnel(engine)

    run_simulation(engine, session_id="S-TODAY", seed=3, **FAST)

    assert card_funnel(engine) == first
