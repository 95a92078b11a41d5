"""What one simulator tick costs, alone and beside a board refreshing every 50 ms.

    python bench/simulate.py [--history 100000] [--products 12] [--runs 3]

Builds a file SQLite store: one US session of 3 hours with `--products` lineup products in
three US warehouses, a past session to learn from, and `--history` older order lines (so
the availability query runs over a real order table). Then, in the same run, times:
- baseline: one INSERT of one row + COMMIT (the cheapest write transaction there is);
- model: drawing one simulated minute of the stream (no store);
- tick: one simulator tick of one simulated minute (read availability, draw, write viewers,
  orders and the SimClock in one transaction), alone, then with a thread calling
  `core.board.service.board_at(record=True)` every 50 ms, as the dashboard does;
and prints medians, 95th percentiles and the ratios to the baseline.
"""

from __future__ import annotations

import argparse
import itertools
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, text  # noqa: E402

from core.board.service import board_at  # noqa: E402
from core.common.timeutil import sqlite_text  # noqa: E402
from core.simulate.live_stream import LiveStream  # noqa: E402
from core.simulate.service import TickReport, load_plan, run_simulation  # noqa: E402
from core.store.db import make_engine  # noqa: E402
from core.store.schema import create_schema  # noqa: E402

START = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
WAREHOUSES = ("US-FBA", "US-3PL", "US-SELF")


def build(path: Path, *, products: int, history: int) -> None:
    """The store, written with raw sqlite3 in the store's text forms."""
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    engine.dispose()
    skus = [f"SKU-{n:03d}" for n in range(products)]
    past = START - timedelta(days=7)
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO warehouse VALUES (?, ?, 'US', '3pl', 'USD', 0.02, 0.3, 2.5, 4)",
                       [(w, w) for w in WAREHOUSES])
        db.executemany("INSERT INTO product VALUES (?, ?, 'beauty', NULL, 5, ?, 'USD', 1, 10)",
                       [(s, s, 10 + n) for n, s in enumerate(skus)])
        db.executemany('INSERT INTO live_session (session_id, title, platform, market, '
                       'warmup_start, start, "end", traffic) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
                           ("S-PAST", "past", "tiktok", "US", None, sqlite_text(past),
                            sqlite_text(past + timedelta(hours=3)), "paid"),
                           ("S-LIVE", "live", "tiktok", "US",
                            sqlite_text(START - timedelta(hours=2)), sqlite_text(START),
                            sqlite_text(START + timedelta(hours=3)), "paid")])
        db.executemany("INSERT INTO lineup VALUES (?, ?, ?, ?, NULL)",
                       [(s, sku, n + 1, 10 + n) for s in ("S-PAST", "S-LIVE")
                        for n, sku in enumerate(skus)])
        db.executemany("INSERT INTO viewer_sample VALUES ('S-PAST', ?, ?, NULL, NULL)",
                       [(sqlite_text(past + timedelta(minutes=m)), 3000 - 8 * m)
                        for m in range(180)])
        db.executemany("INSERT INTO viewer_sample VALUES ('S-LIVE', ?, 900, NULL, NULL)",
                       [(sqlite_text(START - timedelta(minutes=10)),)])
        counted = sqlite_text(START - timedelta(hours=6))
        db.executemany("INSERT INTO stock_count VALUES (?, ?, ?, 400, 0)",
                       [(sku, w, counted) for sku in skus for w in WAREHOUSES])
        db.executemany(
            "INSERT INTO order_line VALUES (?, ?, ?, 1, 10, 'USD', ?, ?, NULL, 'paid', NULL)",
            [(f"H-{n}", skus[n % products],
              sqlite_text(past - timedelta(days=60) + timedelta(seconds=30 * n)),
              "S-PAST" if n < 2000 else None, WAREHOUSES[n % 3]) for n in range(history)])


def baseline_ms(engine: Engine, runs: int = 300) -> list[float]:
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS bench_scratch (n INTEGER)"))
    times = []
    for n in range(runs):
        began = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO bench_scratch VALUES (:n)"), {"n": n})
        times.append((time.perf_counter() - began) * 1000)
    return times


def model_ms(engine: Engine) -> list[float]:
    plan = load_plan(engine, session_id="S-LIVE", seed=1)
    stream = LiveStream(plan, seed=1)
    plenty = {p.sku: 10**9 for p in plan.products}
    times = []
    while not stream.finished:
        began = time.perf_counter()
        stream.next_minute(plenty)
        times.append((time.perf_counter() - began) * 1000)
    return times


def tick_ms(engine: Engine, *, with_board: bool) -> tuple[list[float], list[float], int]:
    """Per-tick wall times of one run (each tick one simulated minute, no pause between),
    the board's read times, and the run's order count."""
    stamps: list[float] = []
    board_times: list[float] = []
    done = threading.Event()

    def dashboard() -> None:
        while not done.is_set():
            began = time.perf_counter()
            board_at(engine, session_id="S-LIVE", record=True)
            board_times.append((time.perf_counter() - began) * 1000)
            done.wait(0.05)

    reader = threading.Thread(target=dashboard)
    if with_board:
        reader.start()
    stamps.append(time.perf_counter())

    def stamp(_: TickReport) -> None:
        stamps.append(time.perf_counter())

    result = run_simulation(engine, session_id="S-LIVE", speed=60_000.0, tick_seconds=0.001,
                            seed=1, on_tick=stamp)
    done.set()
    if with_board:
        reader.join()
    ticks = [(b - a) * 1000 for a, b in itertools.pairwise(stamps)]
    return ticks, board_times, result.orders_total


def summary(name: str, values: list[float], base: float) -> str:
    med = statistics.median(values)
    p95 = statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)
    return (f"{name:<32} median {med:8.2f} ms   p95 {p95:8.2f} ms   "
            f"x{med / base:6.1f} baseline   (n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        build(path, products=args.products, history=args.history)
        engine = make_engine(f"sqlite:///{path}")
        base = baseline_ms(engine)
        model = model_ms(engine)
        alone: list[float] = []
        beside: list[float] = []
        boards: list[float] = []
        orders = 0
        for _ in range(args.runs):
            ticks, _, orders = tick_ms(engine, with_board=False)
            alone += ticks
            ticks, board_times, _ = tick_ms(engine, with_board=True)
            beside += ticks
            boards += board_times
        engine.dispose()
    median_base = statistics.median(base)
    print(f"store: {args.products} lineup products x {len(WAREHOUSES)} warehouses, "
          f"{args.history:,} older order lines; a 3-hour stream of ~{orders:,} orders, "
          f"{args.runs} runs")
    print(summary("baseline: 1-row insert + commit", base, median_base))
    print(summary("model: one simulated minute", model, median_base))
    print(summary("tick (1 sim minute), alone", alone, median_base))
    print(summary("tick, board every 50 ms", beside, median_base))
    print(summary("board_at(record=True) meanwhile", boards, median_base))
    print(f"max tick beside the board: {max(beside):.1f} ms; a demo tick comes every 1,000 ms")


if __name__ == "__main__":
    main()
