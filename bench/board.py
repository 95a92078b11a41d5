"""How long the live board takes, against a plain indexed GROUP BY over the same orders.

    python bench/board.py [--orders 1000000] [--scale 10] [--runs 7] [--keep DIR]

Builds a SQLite store (raw sqlite3 bulk inserts, indexes created after the load): one live
session selling 200 lineup products (plus 200 catalogue substitutes) out of 20 warehouses of
its market (three of them platform warehouses that serve only some platforms), past sessions
every 3 days, weekly stock counts of every product in every warehouse, and N order lines over
the history (the live session's own 20,000 of them in its first hour, half without a
warehouse; 2% of the off-stream ones without a warehouse too, charged by the rule). Then
times, in the same run, the median of `board_at` (an hour into the stream) and of
`SELECT sku, SUM(qty) FROM order_line GROUP BY sku`, and prints both and their ratio.
Repeats with `--scale` times the history (the live session unchanged: more days of orders,
counts and past sessions at the same daily volume) and prints how each time grew.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.board.service import board_at  # noqa: E402
from core.common.timeutil import sqlite_text  # noqa: E402
from core.store.db import make_engine  # noqa: E402
from core.store.models import OrderLine  # noqa: E402
from core.store.schema import create_schema  # noqa: E402

WAREHOUSES = 20
LINEUP = 200
CATALOGUE = 200
LIVE_ORDERS = 20_000
DAYS_PER_MILLION = 90  # a million order lines cover 90 days: ~11,000 a day
START = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
AT = START + timedelta(minutes=60)
CHUNK = 500_000


def text_times(epoch_us: np.ndarray) -> list[str]:
    """Microseconds since the epoch -> the store's UTC text form."""
    iso = np.datetime_as_string(epoch_us.astype("datetime64[us]"), unit="us")
    return [s.replace("T", " ") for s in iso.tolist()]


def us(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


def build(db_file: Path, orders: int, days: int, *, analyze: bool, seed: int = 11) -> float:
    """Write the store; returns the build time in seconds."""
    started = time.perf_counter()
    engine = make_engine(f"sqlite:///{db_file}")
    create_schema(engine)
    engine.dispose()
    rng = np.random.default_rng(seed)
    conn = sqlite3.connect(db_file, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    order_indexes = [index for index in OrderLine.__table__.indexes]  # type: ignore[attr-defined]
    for index in order_indexes:
        conn.execute(f"DROP INDEX {index.name}")
    conn.execute("BEGIN")
    warehouses = [f"US-W{i:02d}" for i in range(WAREHOUSES)]
    # The platforms' own warehouses (FBA with Multi-Channel Fulfillment, FBA, TikTok's) and
    # 3PLs that ship every platform: the live TikTok board counts all but the FBA-only one.
    serves = {0: "amazon", 1: "tiktok", 2: "amazon;tiktok;shopify"}
    conn.executemany(
        "INSERT INTO warehouse (warehouse_id, name, country, mode, currency, "
        "storage_fee_unit_day, inbound_fee_unit, outbound_fee_order, return_fee_unit, serves,"
        " receiving_days) VALUES (?, ?, 'US', '3pl', 'USD', 0.02, 0.3, 2.5, 4, ?, ?)",
        [(w, w, serves.get(i), 3 if i in serves else 1) for i, w in enumerate(warehouses)])
    conn.executemany("INSERT INTO lane (warehouse_id, mode, from_warehouse_id, transit_days, "
                     "transit_days_sd, cost_unit, cost_shipment) VALUES (?, ?, '', ?, 2, 1, 100)",
                     [(w, mode, days_) for w in warehouses
                      for mode, days_ in (("sea", 35), ("air", 8))])
    skus = [f"SKU-{i:04d}" for i in range(LINEUP + CATALOGUE)]
    conn.executemany("INSERT INTO product (sku, name, category, substitute_group, unit_cost, "
                     "price, currency, presale_allowed, supplier_lead_days, moq, case_pack) "
                     "VALUES (?, ?, 'beauty', ?, 5, 20, 'USD', 1, 10, 1, 1)",
                     [(sku, f"Product {sku}", f"g{i % 100}") for i, sku in enumerate(skus)])

    # Sessions: the live one, and one every 3 days of history, 2 hours each, at 12:00 UTC.
    history_start = START - timedelta(days=days)
    past = [START - timedelta(days=3 * k) for k in range(1, days // 3 + 1)]
    sessions = [("S-LIVE", START), *((f"S-{k:04d}", s) for k, s in enumerate(past))]
    conn.executemany(
        "INSERT INTO live_session (session_id, title, platform, market, warmup_start, start,"
        " \"end\", traffic) VALUES (?, ?, 'tiktok', 'US', ?, ?, ?, 'paid')",
        [(sid, sid, sqlite_text(s - timedelta(hours=3)), sqlite_text(s),
          sqlite_text(s + timedelta(hours=2))) for sid, s in sessions])
    lineup_rows = [("S-LIVE", sku, i, 20, None) for i, sku in enumerate(skus[:LINEUP])]
    for sid, _ in sessions[1:]:
        picked = rng.choice(LINEUP, 50, replace=False)
        lineup_rows.extend((sid, skus[i], n, 20, None) for n, i in enumerate(picked))
    conn.executemany("INSERT INTO lineup VALUES (?, ?, ?, ?, ?)", lineup_rows)
    conn.executemany("INSERT INTO viewer_sample (session_id, ts, viewers) VALUES (?, ?, ?)",
                     [(sid, sqlite_text(s + timedelta(minutes=m)), 5000 + 10 * m)
                      for sid, s in sessions for m in range(0, 120)
                      if s + timedelta(minutes=m) <= AT])

    # Stock: a count of every product in every warehouse each week, and one before the stream.
    count_times = [history_start + timedelta(days=7 * k) for k in range(days // 7 + 1)]
    count_times.append(START - timedelta(hours=2))
    conn.executemany("INSERT INTO stock_count VALUES (?, ?, ?, ?, ?)",
                     ((sku, w, sqlite_text(c), int(rng.integers(0, 400)), 0)
                      for c in count_times for sku in skus for w in warehouses))
    conn.executemany("INSERT INTO inbound (shipment_id, sku, warehouse_id, qty, mode, "
                     "shipped_at, eta, received_known) VALUES (?, ?, ?, 500, 'sea', ?, ?, 1)",
                     [(f"SH-{i}", sku, warehouses[i % WAREHOUSES],
                       sqlite_text(START - timedelta(days=20)),
                       sqlite_text(START + timedelta(days=5 + i % 20)))
                      for i, sku in enumerate(skus)])

    # Orders: the live hour, then the history (30% in past sessions, the rest off-stream).
    history = orders - LIVE_ORDERS
    live_ts = rng.integers(us(START), us(AT), LIVE_ORDERS)
    in_session = rng.random(history) < 0.3
    session_pick = rng.integers(0, len(past), history)
    past_us = np.array([us(s) for s in past], dtype=np.int64)
    hist_ts = np.where(
        in_session,
        past_us[session_pick] + rng.integers(0, 2 * 3600 * 1_000_000, history),
        rng.integers(us(history_start), us(START), history))
    ts = np.concatenate([live_ts, hist_ts])
    session_col = np.concatenate([
        np.full(LIVE_ORDERS, "S-LIVE", dtype=object),
        np.where(in_session, np.array([f"S-{k:04d}" for k in range(len(past))],
                                      dtype=object)[session_pick],
                 np.full(history, None, dtype=object))])
    sku_pick = rng.integers(0, LINEUP + CATALOGUE, orders)
    sku_pick[:LIVE_ORDERS] = rng.integers(0, LINEUP, LIVE_ORDERS)
    wh_pick = np.array(warehouses, dtype=object)[rng.integers(0, WAREHOUSES, orders)]
    wh_pick[:LIVE_ORDERS // 2] = None  # half the live orders come without a warehouse
    # and 2% of the off-stream ones: Amazon orders shipping in the US, charged by the rule.
    off_stream_unshipped = np.flatnonzero(~in_session & (rng.random(history) < 0.02))
    wh_pick[LIVE_ORDERS + off_stream_unshipped] = None
    platform_col = np.full(orders, None, dtype=object)
    market_col = np.full(orders, None, dtype=object)
    platform_col[LIVE_ORDERS + off_stream_unshipped] = "amazon"
    market_col[LIVE_ORDERS + off_stream_unshipped] = "US"
    status = np.where(rng.random(orders) < 0.05, "cancelled", "paid")
    qty = rng.integers(1, 4, orders)
    sku_arr = np.array(skus, dtype=object)
    for lo in range(0, orders, CHUNK):
        hi = min(orders, lo + CHUNK)
        conn.executemany(
            "INSERT INTO order_line (order_id, sku, ts, qty, unit_price, currency, session_id,"
            " warehouse_id, status, platform, market) VALUES (?, ?, ?, ?, 19.9, 'USD', ?, ?, ?,"
            " ?, ?)",
            zip([f"O{i:09d}" for i in range(lo, hi)], sku_arr[sku_pick[lo:hi]].tolist(),
                text_times(ts[lo:hi]), qty[lo:hi].tolist(), session_col[lo:hi].tolist(),
                wh_pick[lo:hi].tolist(), status[lo:hi].tolist(),
                platform_col[lo:hi].tolist(), market_col[lo:hi].tolist(), strict=True))
    conn.execute("COMMIT")
    for index in order_indexes:
        columns = ", ".join(c.name for c in index.columns)
        conn.execute(f"CREATE INDEX {index.name} ON order_line ({columns})")
    if analyze:  # planner statistics, as `PRAGMA optimize` would gather them
        conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - started


def measure(db_file: Path, runs: int) -> tuple[float, float, int]:
    """Median seconds of board_at and of the plain GROUP BY, their runs interleaved so a
    busy machine slows both alike; one warm-up run of each first."""
    engine = make_engine(f"sqlite:///{db_file}")
    raw = sqlite3.connect(db_file)
    actions: dict[str, Callable[[], object]] = {
        "board": lambda: board_at(engine, session_id="S-LIVE", at=AT),
        "group_by": lambda: raw.execute(
            "SELECT sku, SUM(qty) FROM order_line GROUP BY sku").fetchall(),
    }
    board = board_at(engine, session_id="S-LIVE", at=AT)
    assert len(board.products) == LINEUP, "the board lost lineup products"
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for run in range(runs + 1):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            if run > 0:
                samples[name].append(time.perf_counter() - started)
    raw.close()
    engine.dispose()
    return (statistics.median(samples["board"]), statistics.median(samples["group_by"]),
            len(board.products))


def stores(folder: Path, sizes: list[int], *,
           analyze: bool) -> Iterator[tuple[int, Path, float | None]]:
    for orders in sizes:
        db_file = folder / f"board-{orders}.db"
        days = max(30, round(DAYS_PER_MILLION * orders / 1_000_000))
        if db_file.exists():  # kept from an earlier run with --keep: measure it again
            yield orders, db_file, None
            continue
        try:
            seconds = build(db_file, orders, days, analyze=analyze)
        except BaseException:
            for leftover in folder.glob(f"{db_file.name}*"):
                leftover.unlink()  # never leave a half-built store to be reused
            raise
        yield orders, db_file, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="build the stores in DIR and keep them; "
                        "a store already there is measured again, not rebuilt")
    parser.add_argument("--analyze", action="store_true",
                        help="run ANALYZE after the build (planner statistics)")
    args = parser.parse_args()
    sizes = [args.orders, args.orders * args.scale]
    with tempfile.TemporaryDirectory(prefix="livestock-board-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        results = []
        for orders, db_file, build_s in stores(folder, sizes, analyze=args.analyze):
            board_s, group_s, rows = measure(db_file, args.runs)
            results.append((board_s, group_s))
            built = "reused" if build_s is None else f"built in {build_s:.0f} s"
            print(f"{orders:>11,} order lines ({built}): board_at "
                  f"{board_s * 1000:8.1f} ms ({rows} products) | GROUP BY sku "
                  f"{group_s * 1000:8.1f} ms | board / GROUP BY {board_s / group_s:5.2f}x",
                  flush=True)
            if args.keep is None:
                for leftover in folder.glob(f"{db_file.name}*"):
                    leftover.unlink()
    (board_1, group_1), (board_n, group_n) = results
    print(f"{args.scale}x the history: board_at x{board_n / board_1:.2f} "
          f"(target <= 1.5), GROUP BY x{group_n / group_1:.2f}")


if __name__ == "__main__":
    main()
