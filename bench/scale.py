"""The load path and the board on PostgreSQL beside SQLite: same data, same run.

    python bench/scale.py [--orders 200000] [--runs 15] [--load-runs 3] [--pg URL]

Writes one dataset as the data files (bench/load.py's orders, products, warehouses and 12
three-hour US sessions, plus a 20-product lineup per session, weekly stock counts and a
viewer sample a minute), then on each store, a fresh SQLite file and the PostgreSQL at
--pg (default LIVESTOCK_BENCH_PG, else LIVESTOCK_TEST_PG; EMPTIED first):
- load: `load_directory` of the folder into an empty store (median of --load-runs), and
  the reload that changes nothing;
- board: `board_at` of the last session an hour in (median of --runs), recorded
  (record=True, as the dashboard does), and again while another thread writes 1,000
  order lines a second into the store (as a live stream and webhooks do);
- baseline: `SELECT sku, SUM(qty) FROM order_line GROUP BY sku` on the same store, the
  plain aggregate every board query is a variant of.
Prints medians, and PostgreSQL / SQLite ratios of each.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, func, insert, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.board.service import board_at  # noqa: E402
from core.ingest.service import load_directory  # noqa: E402
from core.store.db import make_engine  # noqa: E402
from core.store.models import OrderLine  # noqa: E402
from core.store.schema import create_schema, drop_schema  # noqa: E402

SESSION = "S-11"  # the last of bench/load.py's sessions
SESSION_START = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # 20:00+08:00, 11 x 2 days on
AT = SESSION_START + timedelta(minutes=60)
LINEUP = 20
WRITER_ROWS_PER_SECOND, WRITER_BATCH = 1_000, 20


def write_dataset(folder: Path, orders: int) -> None:
    """bench/load.py's files, and the lineup, stock counts and viewers a board needs."""
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    assert spec is not None and spec.loader is not None
    bench_load = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_load)
    bench_load.write_dataset(folder, orders)
    products = pd.read_csv(folder / "products.csv")
    sessions = pd.read_csv(folder / "sessions.csv")
    skus = products["sku"].tolist()
    pd.DataFrame([
        {"session_id": sid, "sku": skus[(n * 7 + slot) % len(skus)], "slot": slot + 1,
         "price": 19.99, "variant": ""}
        for n, sid in enumerate(sessions["session_id"]) for slot in range(LINEUP)
    ]).to_csv(folder / "lineup.csv", index=False)
    counted = pd.date_range("2026-10-25T00:00:00Z", periods=5, freq="7D")
    pd.DataFrame([
        {"sku": sku, "warehouse_id": wh, "counted_at": at.isoformat(),
         "on_hand": 3_000 + 97 * i, "reserved": 5}
        for at in counted for i, sku in enumerate(skus) for wh in ("US-FBA", "US-3PL")
    ]).to_csv(folder / "stock.csv", index=False)
    pd.DataFrame([
        {"session_id": sid, "ts": (pd.Timestamp(start) + pd.Timedelta(minutes=m)).isoformat(),
         "viewers": 2_000 + 15 * m}
        for sid, start in zip(sessions["session_id"], sessions["start"], strict=True)
        for m in range(180)
    ]).to_csv(folder / "viewers.csv", index=False)


def empty_store(url: str) -> Engine:
    engine = make_engine(url)
    drop_schema(engine)
    create_schema(engine)
    return engine


def timed(work: Callable[[], object], runs: int) -> float:
    """Median seconds of `runs` calls, after one untimed call (caches, plans)."""
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def group_by(engine: Engine) -> None:
    o = OrderLine.__table__.c  # type: ignore[attr-defined]
    with engine.connect() as conn:
        conn.execute(select(o.sku, func.sum(o.qty)).group_by(o.sku)).all()


def board_under_writer(engine: Engine, runs: int) -> tuple[float, int]:
    """Median board time while a thread writes order lines; and how many it wrote."""
    stop, written = threading.Event(), [0]

    def writer() -> None:
        n = 0
        while not stop.is_set():
            rows = [{"order_id": f"W-{n + i}", "sku": "SKU-100", "ts": AT - timedelta(days=30),
                     "qty": 1, "unit_price": 9.9, "currency": "USD", "status": "paid",
                     "source": "bench"} for i in range(WRITER_BATCH)]
            with engine.begin() as conn:
                conn.execute(insert(OrderLine), rows)
            n += WRITER_BATCH
            written[0] = n
            stop.wait(WRITER_BATCH / WRITER_ROWS_PER_SECOND)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        seconds = timed(lambda: board_at(engine, session_id=SESSION, at=AT), runs)
    finally:
        stop.set()
        thread.join()
    return seconds, written[0]


def measure(url: str, folder: Path, *, orders: int, runs: int, load_runs: int
            ) -> dict[str, float]:
    loads = []
    for _ in range(load_runs):
        engine = empty_store(url)
        started = time.perf_counter()
        load_directory(engine, folder)
        loads.append(time.perf_counter() - started)
        engine.dispose()
    engine = make_engine(url)
    started = time.perf_counter()
    again = load_directory(engine, folder)
    reload_seconds = time.perf_counter() - started
    unchanged = next(f for f in again.files if f.file == "orders.csv").unchanged
    assert unchanged == orders, f"the reload changed {orders - unchanged} order lines"
    board = board_at(engine, session_id=SESSION, at=AT)
    assert board.products and board.units_sold > 0, "the board shows nothing: check the data"
    result = {
        "load_s": statistics.median(loads),
        "reload_s": reload_seconds,
        "board_ms": 1000 * timed(lambda: board_at(engine, session_id=SESSION, at=AT), runs),
        "board_recorded_ms": 1000 * timed(
            lambda: board_at(engine, session_id=SESSION, at=AT, record=True), runs),
        "group_by_ms": 1000 * timed(lambda: group_by(engine), runs),
    }
    under, written = board_under_writer(engine, runs)
    result["board_under_writer_ms"], result["writer_rows"] = 1000 * under, written
    result["board_units_sold"] = board.units_sold
    engine.dispose()
    return result


ROWS = (("load_directory, s", "load_s"), ("reload (unchanged), s", "reload_s"),
        ("board_at, ms", "board_ms"), ("board_at recorded, ms", "board_recorded_ms"),
        ("board_at under 1,000 rows/s, ms", "board_under_writer_ms"),
        ("baseline GROUP BY sku, ms", "group_by_ms"))


def report(orders: int, sqlite: dict[str, float], pg: dict[str, float]) -> None:
    print(f"{'median':<34}{'SQLite':>10}{'PostgreSQL':>12}{'PG/SQLite':>11}")
    for label, key in ROWS:
        print(f"{label:<34}{sqlite[key]:>10.2f}{pg[key]:>12.2f}{pg[key] / sqlite[key]:>10.2f}x")
    print(f"{'load rate, rows/s':<34}{orders / sqlite['load_s']:>10,.0f}"
          f"{orders / pg['load_s']:>12,.0f}")
    for name, found in (("SQLite", sqlite), ("PostgreSQL", pg)):
        print(f"{name}: board / GROUP BY = {found['board_ms'] / found['group_by_ms']:.1f}x; "
              f"the writer wrote {found['writer_rows']:,.0f} rows during the board runs")
    assert sqlite["board_units_sold"] == pg["board_units_sold"], "the two boards differ"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--load-runs", type=int, default=3)
    parser.add_argument("--pg", default=os.environ.get("LIVESTOCK_BENCH_PG")
                        or os.environ.get("LIVESTOCK_TEST_PG"),
                        help="A PostgreSQL URL whose LiveStock tables may be dropped.")
    args = parser.parse_args()
    if not args.pg:
        parser.error("give --pg URL (or set LIVESTOCK_BENCH_PG): its tables are dropped")
    with tempfile.TemporaryDirectory(prefix="livestock-scale-") as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        write_dataset(folder, args.orders)
        print(f"{args.orders:,} order lines, 60 products, 12 sessions; board of {SESSION} "
              f"at {AT:%Y-%m-%d %H:%M} UTC; {args.runs} board runs, {args.load_runs} loads")
        found = {}
        for name, url in (("sqlite", f"sqlite:///{Path(tmp) / 'scale.db'}"), ("pg", args.pg)):
            found[name] = measure(url, folder, orders=args.orders, runs=args.runs,
                                  load_runs=args.load_runs)
        report(args.orders, found["sqlite"], found["pg"])


if __name__ == "__main__":
    main()
