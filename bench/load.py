"""How fast `livestock load`'s loader takes orders.csv, against plain sqlite3 executemany of the
same rows, in the same run.

    python bench/load.py [--rows 1000000] [--repeat 3]

Writes N order lines (plus the warehouses, products and sessions they refer to) as CSV in a
temporary folder, then, each in its own process so peak memory is its own:
- livestock: `core.ingest.service.load_directory` into a fresh SQLite store (schema by
  `create_schema`: checks, foreign keys, both indexes), then the same folder again (the
  idempotent reload: every row is compared, nothing is rewritten);
- baseline (READINGS #11): `csv.reader` + the minimum conversions (UTC text timestamps, int,
  float) + `sqlite3.executemany` of tuples into a table with the orders' columns, their
  primary key (order_id, sku) and the two indexes the board reads by (ix_order_session_ts,
  ix_order_sku_ts), nothing else; one transaction, the same pragmas (WAL, synchronous=NORMAL).
Prints the median seconds and rows/s of each over `--repeat` runs, their ratio (target:
within 3x, goal 1.5x), and the peak RSS of each process (target: under 1 GB).
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SKUS = 60
SESSIONS = 12
ORDER_COLUMNS = ("order_id", "sku", "ts", "qty", "unit_price", "currency", "session_id",
                 "warehouse_id", "customer_id", "status")


def write_dataset(folder: Path, rows: int, seed: int = 7) -> None:
    """N order lines, two per order, over 60 products, 12 sessions and 3 warehouses."""
    rng = np.random.default_rng(seed)
    pd.DataFrame({
        "warehouse_id": ["US-FBA", "US-3PL", "DE-SELF"], "name": ["FBA", "LA 3PL", "Hamburg"],
        "country": ["US", "US", "DE"], "mode": ["platform", "3pl", "self"],
        "currency": ["USD", "USD", "EUR"], "storage_fee_unit_day": [0.026, 0.02, 0.015],
        "inbound_fee_unit": [0, 0.3, 0.25], "outbound_fee_order": [4.6, 2.5, 2.1],
        "return_fee_unit": [2.9, 4.0, 3.5],
    }).to_csv(folder / "warehouses.csv", index=False)
    skus = [f"SKU-{100 + i}" for i in range(SKUS)]
    prices = np.round(rng.uniform(5, 60, SKUS), 2)
    pd.DataFrame({
        "sku": skus, "name": [f"商品 Product {i}" for i in range(SKUS)], "category": "misc",
        "substitute_group": [f"g{i // 3}" for i in range(SKUS)],
        "unit_cost": np.round(prices / 3, 2), "price": prices, "currency": "USD",
        "presale_allowed": "true", "supplier_lead_days": 7,
    }).to_csv(folder / "products.csv", index=False)
    starts = pd.date_range("2026-11-01T20:00:00+08:00", periods=SESSIONS, freq="2D")
    pd.DataFrame({
        "session_id": [f"S-{i:02d}" for i in range(SESSIONS)], "title": "live",
        "platform": "tiktok", "market": "US", "warmup_start": "",
        "start": [t.isoformat() for t in starts],
        "end": [(t + pd.Timedelta(hours=3)).isoformat() for t in starts], "traffic": "paid",
    }).to_csv(folder / "sessions.csv", index=False)
    line = np.arange(rows)
    order = line // 2
    session = order % SESSIONS
    seconds = (order * 3) % (3 * 3600)
    instants = (starts.tz_convert("UTC")[session] + pd.to_timedelta(seconds, unit="s"))
    sku_index = (order * 7 + line % 2) % SKUS
    on_stream = rng.random(rows) < 0.8
    pd.DataFrame({
        "order_id": pd.Series(order).map("TT-{:09d}".format),
        "sku": np.array(skus)[sku_index],
        "ts": instants.tz_convert("Asia/Shanghai").strftime("%Y-%m-%dT%H:%M:%S+08:00"),
        "qty": rng.integers(1, 4, rows),
        "unit_price": prices[sku_index],
        "currency": "USD",
        "session_id": np.where(on_stream, pd.Series(session).map("S-{:02d}".format), ""),
        "warehouse_id": np.where(rng.random(rows) < 0.7, "US-FBA", ""),
        "customer_id": pd.Series(rng.integers(0, rows // 3 + 1, rows)).map("C-{}".format),
        "status": rng.choice(["paid", "paid", "paid", "cancelled", "returned", ""], rows),
    }, columns=list(ORDER_COLUMNS)).to_csv(folder / "orders.csv", index=False)


def run_livestock(folder: Path, db_file: Path) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from core.ingest.service import load_directory
    from core.store.db import make_engine
    from core.store.schema import create_schema

    engine = make_engine(f"sqlite:///{db_file}")
    create_schema(engine)
    started = time.perf_counter()
    first = load_directory(engine, folder)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = load_directory(engine, folder)
    reload_seconds = time.perf_counter() - started
    engine.dispose()
    orders = next(f for f in first.files if f.file == "orders.csv")
    unchanged = next(f for f in again.files if f.file == "orders.csv").unchanged
    return {"seconds": seconds, "reload_seconds": reload_seconds, "rows": orders.inserted,
            "reload_unchanged": unchanged}


def utc_text(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


# The baseline's table: the orders' columns, primary key and the two indexes the board reads
# by (core/store/models.py OrderLine), nothing else: no checks, no foreign keys.
BASELINE_SCHEMA = (
    "CREATE TABLE order_line (order_id VARCHAR(64) NOT NULL, sku VARCHAR NOT NULL, "
    "ts DATETIME NOT NULL, qty INTEGER NOT NULL, unit_price NUMERIC(14, 4) NOT NULL, "
    "currency VARCHAR(3) NOT NULL, session_id VARCHAR, warehouse_id VARCHAR, "
    "customer_id VARCHAR, status VARCHAR(16) NOT NULL, source VARCHAR(128), "
    "PRIMARY KEY (order_id, sku))",
    "CREATE INDEX ix_order_session_ts ON order_line (session_id, ts, sku, qty, status)",
    "CREATE INDEX ix_order_sku_ts ON order_line (sku, ts, qty, status, warehouse_id)",
)


def run_baseline(folder: Path, db_file: Path) -> dict[str, float]:
    started = time.perf_counter()
    conn = sqlite3.connect(db_file, isolation_level=None)
    for pragma in ("busy_timeout = 10000", "journal_mode = WAL", "synchronous = NORMAL"):
        conn.execute(f"PRAGMA {pragma}")
    for statement in BASELINE_SCHEMA:
        conn.execute(statement)
    conn.execute("BEGIN IMMEDIATE")
    columns = ", ".join(ORDER_COLUMNS)
    insert = f"INSERT INTO order_line ({columns}, source) VALUES ({', '.join('?' * 11)})"
    with (folder / "orders.csv").open(encoding="utf-8", newline="") as text:
        reader = csv.reader(text)
        next(reader)
        conn.executemany(insert, (
            (r[0], r[1], utc_text(r[2]), int(r[3]), float(r[4]), r[5], r[6] or None,
             r[7] or None, r[8] or None, r[9] or "paid", "load:orders.csv") for r in reader))
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    rows = conn.execute("SELECT COUNT(*) FROM order_line").fetchone()[0]
    conn.close()
    return {"seconds": seconds, "rows": rows}


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB.

    Not getrusage's ru_maxrss: Linux carries that over fork and exec, so a child would
    report the bench parent's peak (the generated DataFrame) instead of its own.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def measure(kind: str, folder: Path, db_file: Path) -> dict[str, float]:
    """Run one load in a child process: its result, with its own peak RSS."""
    output = subprocess.run([sys.executable, __file__, "--worker", kind, str(folder),
                             str(db_file)], stdout=subprocess.PIPE, text=True, check=True)
    result: dict[str, float] = json.loads(output.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worker", nargs=3, metavar=("KIND", "FOLDER", "DB"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, folder, db_file = args.worker
        runner = run_livestock if kind == "livestock" else run_baseline
        result = runner(Path(folder), Path(db_file))
        print(json.dumps({**result, "peak_rss_mb": peak_rss_mb()}))
        return
    with tempfile.TemporaryDirectory(prefix="livestock-bench-") as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        started = time.perf_counter()
        write_dataset(folder, args.rows)
        size_mb = (folder / "orders.csv").stat().st_size / 1e6
        print(f"orders.csv: {args.rows:,} rows, {size_mb:.0f} MB "
              f"(written in {time.perf_counter() - started:.1f} s)")
        runs: dict[str, list[dict[str, float]]] = {"livestock": [], "baseline": []}
        for attempt in range(args.repeat):
            for kind in runs:
                db_file = Path(tmp) / f"{kind}-{attempt}.db"
                runs[kind].append(measure(kind, folder, db_file))
                for leftover in Path(tmp).glob(f"{kind}-{attempt}.db*"):
                    leftover.unlink()
        for kind, results in runs.items():
            assert all(r["rows"] == args.rows for r in results), f"{kind} lost rows"
        report(args.rows, runs)


def report(rows: int, runs: dict[str, list[dict[str, float]]]) -> None:
    def median(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[kind])

    ours, base = median("livestock", "seconds"), median("baseline", "seconds")
    print(f"runs per side: {len(runs['livestock'])} (medians below)")
    print(f"baseline sqlite3 executemany: {rows / base:>10,.0f} rows/s  ({base:.2f} s)  "
          f"peak RSS {median('baseline', 'peak_rss_mb'):.0f} MB")
    print(f"livestock load_directory:     {rows / ours:>10,.0f} rows/s  ({ours:.2f} s)  "
          f"peak RSS {median('livestock', 'peak_rss_mb'):.0f} MB")
    reload = median("livestock", "reload_seconds")
    print(f"livestock reload (unchanged): {rows / reload:>10,.0f} rows/s  ({reload:.2f} s)  "
          f"unchanged rows {median('livestock', 'reload_unchanged'):,.0f}")
    print(f"ratio livestock / baseline time: {ours / base:.2f}x (target: within 3x, goal 1.5x; "
          f"peak RSS under 1 GB)")


if __name__ == "__main__":
    main()
