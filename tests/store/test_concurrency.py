"""Several writers and consoles on one store, on SQLite (a file) and PostgreSQL.

- Three simulated streams (three markets, so their boards are independent) write orders
  while five consoles refresh recorded boards: nothing fails, the store holds exactly the
  orders the simulators report writing, and every board is the board of one moment: the
  same as a replay at its `at` once all is quiet, its units sold those of the orders up
  to `at`.
- A writer killed (SIGKILL) inside its transaction leaves all of its batch or none: a batch
  written in chunks, and `livestock load` of a large orders.csv.

The default run streams for STREAM_SECONDS with a board every BOARD_SECONDS per console;
LIVESTOCK_CONCURRENCY_FULL=1 also runs the 60-second version with a board every 2 s.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlmodel import col

from core.board.model import Board
from core.board.service import board_at
from core.ingest.service import load_directory
from core.simulate.service import TickReport, run_simulation
from core.store.db import make_engine
from core.store.models import LiveSession, OrderLine, Product
from core.store.schema import create_schema, drop_schema

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("LIVESTOCK_TEST_PG")
FULL = os.environ.get("LIVESTOCK_CONCURRENCY_FULL") == "1"
# The last scheduled session of three markets in sample_data/ (the US one has no orders).
STREAMS = ("S261126-TT-US", "S261124-SH-DE", "S261120-TT-GB")
CONSOLES = 5
STREAM_SECONDS, BOARD_SECONDS = 6.0, 0.4
FULL_STREAM_SECONDS, FULL_BOARD_SECONDS = 60.0, 2.0
TICK_SECONDS = 0.25
REPLAYS_PER_SESSION = 12  # boards replayed per session (evenly spread), to keep it quick


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store with the schema that several engines (or processes) can open."""
    if request.param == "sqlite":
        found = f"sqlite:///{tmp_path / 'shared.db'}"
    else:
        if not PG_URL:
            pytest.skip("no PostgreSQL server: set LIVESTOCK_TEST_PG to a URL to run this too")
        found = PG_URL
    engine = make_engine(found)
    drop_schema(engine)
    create_schema(engine)
    engine.dispose()
    yield found


@dataclass
class Run:
    """What the threads saw: orders each simulator reported, boards, errors."""

    reported: dict[str, list[tuple[str, str, int]]] = field(
        default_factory=lambda: {sid: [] for sid in STREAMS})
    boards: list[Board] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    finished: dict[str, bool] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def guard(self, work: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                work()
            except BaseException as error:  # reported by the test, not lost in a thread
                with self.lock:
                    self.errors.append(error)
        return run


def stream_seconds_of(engine: Engine, session_id: str) -> float:
    with engine.connect() as conn:
        start, end = conn.execute(select(col(LiveSession.start), col(LiveSession.end))
                                  .where(col(LiveSession.session_id) == session_id)).one()
    return float((end - start).total_seconds())


def play_streams_under_consoles(url: str, *, stream_seconds: float,
                                board_seconds: float) -> Run:
    run = Run()
    ticking: set[str] = set()
    all_started, streams_done = threading.Event(), threading.Event()

    def stream(session_id: str, seed: int) -> None:
        engine = make_engine(url)

        def on_tick(report: TickReport) -> None:
            with run.lock:
                run.reported[session_id] += [(o.order_id, o.sku, o.qty) for o in report.orders]
                ticking.add(session_id)
                if len(ticking) == len(STREAMS):
                    all_started.set()

        try:
            speed = stream_seconds_of(engine, session_id) / stream_seconds
            result = run_simulation(engine, session_id=session_id, speed=speed,
                                    tick_seconds=TICK_SECONDS, seed=seed, on_tick=on_tick)
            run.finished[session_id] = result.finished
        finally:
            engine.dispose()

    def console(index: int) -> None:
        engine = make_engine(url)
        try:
            # Boards from when every stream's clock runs: before, a session's board would be
            # at the wall clock, which later simulated orders may precede.
            if not all_started.wait(timeout=60):
                return
            n = index
            while not streams_done.is_set():
                board = board_at(engine, session_id=STREAMS[n % len(STREAMS)], record=True)
                with run.lock:
                    run.boards.append(board)
                n += 1
                streams_done.wait(board_seconds)
        finally:
            engine.dispose()

    streams = [threading.Thread(target=run.guard(partial(stream, sid, 7 + i)))
               for i, sid in enumerate(STREAMS)]
    consoles = [threading.Thread(target=run.guard(partial(console, i)))
                for i in range(CONSOLES)]
    for thread in streams + consoles:
        thread.start()
    for thread in streams:
        thread.join(timeout=stream_seconds * 4 + 60)
    streams_done.set()
    for thread in consoles:
        thread.join(timeout=60)
    return run


def store_orders(engine: Engine, session_id: str) -> list[tuple[str, str, int]]:
    with engine.connect() as conn:
        rows = conn.execute(select(col(OrderLine.order_id), col(OrderLine.sku),
                                   col(OrderLine.qty))
                            .where(col(OrderLine.session_id) == session_id,
                                   col(OrderLine.source) == "simulate"))
        return sorted((r.order_id, r.sku, r.qty) for r in rows)


def units_sold_up_to(engine: Engine, session_id: str, at: datetime) -> int:
    with engine.connect() as conn:
        return int(conn.execute(
            select(func.coalesce(func.sum(col(OrderLine.qty)), 0))
            .where(col(OrderLine.session_id) == session_id, col(OrderLine.ts) <= at,
                   col(OrderLine.status) != "cancelled")).scalar_one())


def spread(boards: list[Board], count: int) -> list[Board]:
    if len(boards) <= count:
        return boards
    step = (len(boards) - 1) / (count - 1)
    return [boards[round(i * step)] for i in range(count)]


def check_streams_under_consoles(url: str, *, stream_seconds: float,
                                 board_seconds: float) -> None:
    engine = make_engine(url)
    load_directory(engine, ROOT / "sample_data")

    run = play_streams_under_consoles(url, stream_seconds=stream_seconds,
                                      board_seconds=board_seconds)

    assert run.errors == [], run.errors
    assert run.finished == dict.fromkeys(STREAMS, True)
    for session_id in STREAMS:
        reported = sorted(run.reported[session_id])
        assert len(reported) > 50, session_id  # the streams really sold
        assert store_orders(engine, session_id) == reported, session_id
        boards = [b for b in run.boards if b.session_id == session_id]
        assert len({b.at for b in boards}) >= 3, session_id  # refreshed while it played
        assert len({b.units_sold for b in boards}) >= 2, session_id  # and saw it sell
        for board in spread(boards, REPLAYS_PER_SESSION):
            replay = board_at(engine, session_id=session_id, at=board.at)
            assert replay == board, (session_id, board.at)
            assert board.units_sold == units_sold_up_to(engine, session_id, board.at)
            assert board.units_sold == sum(row.units_sold for row in board.products)
    engine.dispose()


def test_three_streams_and_five_consoles_lose_nothing_and_see_single_moments(url: str) -> None:
    check_streams_under_consoles(url, stream_seconds=STREAM_SECONDS,
                                 board_seconds=BOARD_SECONDS)


@pytest.mark.slow
@pytest.mark.skipif(not FULL, reason="the 60 s version: set LIVESTOCK_CONCURRENCY_FULL=1")
def test_a_full_minute_of_three_streams_and_five_consoles_refreshing_every_2_s(
        url: str) -> None:
    check_streams_under_consoles(url, stream_seconds=FULL_STREAM_SECONDS,
                                 board_seconds=FULL_BOARD_SECONDS)


# ---------------------------------------------------------------------------------------
# A writer killed inside its transaction.

BATCH_ROWS, CHUNK_ROWS = 4_000, 200
BATCH_WRITER = f"""
import sys, time
from datetime import UTC, datetime, timedelta
from functools import partial
from sqlalchemy import insert
from core.store.db import make_engine
from core.store.models import OrderLine

url, prefix, pause = sys.argv[1], sys.argv[2], float(sys.argv[3])
engine = make_engine(url)
t0 = datetime(2026, 11, 26, tzinfo=UTC)
with engine.begin() as conn:
    for chunk in range({BATCH_ROWS} // {CHUNK_ROWS}):
        conn.execute(insert(OrderLine), [
            dict(order_id=f"{{prefix}}-{{chunk}}-{{n}}", sku="SKU-1",
                 ts=t0 + timedelta(seconds=n), qty=1, unit_price=9.5, currency="USD",
                 status="paid", source="batch") for n in range({CHUNK_ROWS})])
        if chunk == 0:
            print("inside", flush=True)
        time.sleep(pause)
print("committed", flush=True)
"""


def with_a_product(url: str) -> Engine:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(Product.__table__.insert(), [dict(  # type: ignore[attr-defined]
            sku="SKU-1", name="Ring Light 补光灯", category="lighting", unit_cost=6.5,
            price=24.99, currency="USD", presale_allowed=True, supplier_lead_days=7)])
    return engine


def batch_rows(engine: Engine, prefix: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(OrderLine)
                                .where(col(OrderLine.order_id).like(f"{prefix}-%")))
                   .scalar_one())


def start_batch_writer(url: str, prefix: str, pause: float) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", BATCH_WRITER, url, prefix, str(pause)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)


def test_a_writer_killed_inside_its_batch_leaves_none_of_it(url: str) -> None:
    engine = with_a_product(url)
    writer = start_batch_writer(url, "KILLED", pause=0.1)  # 20 chunks: 2 s inside at least
    assert writer.stdout is not None

    assert writer.stdout.readline().strip() == "inside"
    time.sleep(0.3)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)

    assert writer.returncode == -signal.SIGKILL
    assert batch_rows(engine, "KILLED") == 0
    finished = start_batch_writer(url, "WHOLE", pause=0.0)
    out, _ = finished.communicate(timeout=120)
    assert out.split() == ["inside", "committed"]
    assert batch_rows(engine, "WHOLE") == BATCH_ROWS
    engine.dispose()


LOAD_ORDERS = 30_000


def write_big_orders(folder: Path) -> None:
    """products.csv, warehouses.csv and sessions.csv, and LOAD_ORDERS order lines."""
    folder.mkdir()
    (folder / "warehouses.csv").write_text(
        "warehouse_id,name,country,mode,currency,storage_fee_unit_day,inbound_fee_unit,"
        "outbound_fee_order,return_fee_unit\nUS-3PL,LA 3PL,US,3pl,USD,0.02,0.25,2.5,3.0\n")
    (folder / "products.csv").write_text(
        "sku,name,category,substitute_group,unit_cost,price,currency,presale_allowed,"
        "supplier_lead_days\n" + "".join(f"SKU-{i},Lamp {i},lighting,,4,19.99,USD,true,12\n"
                                         for i in range(20)))
    (folder / "sessions.csv").write_text(
        "session_id,title,platform,market,warmup_start,start,end,traffic\n"
        "S1,Big night,tiktok,US,,2026-11-26T20:00:00-05:00,2026-11-26T23:00:00-05:00,paid\n")
    start = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    with (folder / "orders.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["order_id", "sku", "ts", "qty", "unit_price", "currency",
                         "session_id", "warehouse_id"])
        for n in range(LOAD_ORDERS):
            ts = (start + timedelta(seconds=n * 0.15)).isoformat()
            writer.writerow([f"TT-{n}", f"SKU-{n % 20}", ts, 1 + n % 3, "19.99", "USD", "S1",
                             "US-3PL"])


def wait_until_inserting(url: str, child: subprocess.Popen[bytes], marker: str) -> None:
    """Until the loader is inside its transaction, writing order lines: on PostgreSQL its
    INSERT shows in pg_stat_activity; on SQLite the uncommitted pages spill into the WAL."""
    deadline = time.monotonic() + 120
    engine = make_engine(url) if url.startswith("postgresql") else None
    wal = Path(url.removeprefix("sqlite:///") + "-wal")
    try:
        while time.monotonic() < deadline:
            assert child.poll() is None, "the loader finished before it could be killed"
            if engine is not None:
                with engine.connect() as conn:
                    busy = conn.execute(text(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name "
                        "AND query LIKE 'INSERT INTO order_line%' AND xact_start IS NOT NULL"),
                        {"name": marker}).scalar_one()
                if busy:
                    return
            elif wal.exists() and wal.stat().st_size > 2_000_000:
                return
            time.sleep(0.01)
        raise AssertionError("the loader never started writing order lines")
    finally:
        if engine is not None:
            engine.dispose()


def test_livestock_load_killed_while_writing_loads_nothing_and_a_rerun_loads_everything(
        url: str, tmp_path: Path) -> None:
    folder = tmp_path / "big"
    write_big_orders(folder)
    marker = f"livestock-kill-{os.getpid()}"
    child_url = f"{url}?application_name={marker}" if url.startswith("postgresql") else url
    command = [sys.executable, "-m", "cli", "load", str(folder), "--db", child_url]

    loader = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    wait_until_inserting(url, loader, marker)
    loader.send_signal(signal.SIGKILL)
    loader.wait(timeout=30)

    engine = make_engine(url)
    counts = {model.__name__: count_rows(engine, model) for model in (Product, OrderLine)}
    assert counts == {"Product": 0, "OrderLine": 0}
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert (count_rows(engine, Product), count_rows(engine, OrderLine)) == (20, LOAD_ORDERS)
    engine.dispose()


def count_rows(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())
