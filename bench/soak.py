"""The console over a long stream: server memory, and how fast an order reaches the screen.

    python bench/soak.py [--minutes 60] [--orders-per-second 2] [--sample-seconds 30]
                         [--probe-seconds 60] [--settle-minutes 3]

Starts `streamlit run dashboard/app.py` on a fresh store with one session live (the store of
tests/app/livestore.py), opens the board in headless Chromium (which drives the 2 s
refresh), and while a writer thread inserts orders it:
- samples the server's RSS every `--sample-seconds` and prints the curve, and the growth
  from the sample after `--settle-minutes` to the end (target: < 50 MB over an hour);
- every `--probe-seconds` (plus a random fraction of the refresh, so probes fall at every
  phase of it) commits one order of the PUSH product no one else buys (LED10) and times
  commit -> its tile's count changing in the browser (target: refresh + 0.5 s).
  The baseline, measured in the same run: `board_at` itself (what each refresh computes)
  and the refresh interval; the script prints the latency's ratio to both.
The curve is also written to bench/out/soak.csv.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.board.service import board_at  # noqa: E402
from core.common.timeutil import utc_now  # noqa: E402
from core.store.db import make_engine  # noqa: E402
from core.store.schema import create_schema  # noqa: E402
from core.store.settings_store import load_settings  # noqa: E402
from tests.app.livestore import SESSION_ID, add_orders, build_live_store  # noqa: E402
from tests.browser.harness import chromium, dashboard_server, missing_browser, rss_mb  # noqa: E402

PROBE_SKU = "LED10"
WRITER_SKUS = ("RING", "LED5", "TRIPOD")


def main() -> None:
    args = parse_args()
    reason = missing_browser()
    if reason:
        sys.exit(f"soak: cannot run: {reason}")
    with tempfile.TemporaryDirectory(prefix="livestock-soak-") as folder:
        url = f"sqlite:///{Path(folder) / 'soak.db'}"
        engine = make_engine(url)
        create_schema(engine)
        build_live_store(engine, now=utc_now(), minutes_left=args.minutes + 30)
        refresh_s = load_settings(engine).refresh_seconds
        compute_ms = board_compute_ms(url)
        log = ROOT / "bench" / "out" / "soak_server.log"
        log.parent.mkdir(exist_ok=True)
        with dashboard_server(url, log=log) as (base, server):
            samples, latencies, orders = soak(args, base, server.pid, engine, refresh_s)
        engine.dispose()
    report(args, samples, latencies, orders, refresh_s, compute_ms)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--orders-per-second", type=float, default=2.0)
    parser.add_argument("--sample-seconds", type=float, default=30)
    parser.add_argument("--probe-seconds", type=float, default=60)
    parser.add_argument("--settle-minutes", type=float, default=3)
    return parser.parse_args()


def board_compute_ms(url: str, runs: int = 15) -> float:
    """Median wall time of one board_at on this store: the work inside each refresh."""
    engine = make_engine(url)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        board_at(engine, session_id=SESSION_ID)
        times.append((time.perf_counter() - start) * 1000)
    engine.dispose()
    return statistics.median(times)


def soak(args: argparse.Namespace, base: str, server_pid: int, engine: Engine,
         refresh_s: float) -> tuple[list[tuple[float, float]], list[float], int]:
    stop = threading.Event()
    jitter = random.Random(7)
    written = [0]
    writer = threading.Thread(target=write_orders, args=(engine, args.orders_per_second,
                                                         stop, written), daemon=True)
    samples: list[tuple[float, float]] = []
    latencies: list[float] = []
    with chromium() as page:
        page.goto(f"{base}/?lang=en")
        page.wait_for_selector(f'.ls-tile[data-sku="{PROBE_SKU}"]', timeout=60_000)
        writer.start()
        start = time.monotonic()
        end = start + args.minutes * 60
        next_sample, next_probe = start, start + 20
        while time.monotonic() < end:
            now = time.monotonic()
            if now >= next_sample:
                samples.append(((now - start) / 60, rss_mb(server_pid)))
                print(f"  {samples[-1][0]:6.1f} min  RSS {samples[-1][1]:7.1f} MB  "
                      f"orders {written[0]}", flush=True)
                next_sample += args.sample_seconds
            if now >= next_probe:
                latencies.append(probe(page, engine))
                print(f"  {(now - start) / 60:6.1f} min  order -> screen "
                      f"{latencies[-1]:.2f} s", flush=True)
                # A random phase against the refresh, or every probe lands at the same
                # point of the 2 s cycle and the median measures that point.
                next_probe += args.probe_seconds + jitter.uniform(0, refresh_s)
            page.wait_for_timeout(250)
        errors = page.locator('[data-testid="stException"]').count()
    stop.set()
    writer.join(timeout=5)
    if errors:
        print(f"soak: the page showed {errors} exception(s)")
    return samples, latencies, written[0]


def write_orders(engine: Engine, per_second: float, stop: threading.Event,
                 written: list[int]) -> None:
    """Paid orders of one unit, round-robin over the writer's products, at a steady rate."""
    interval = 1 / per_second
    turn = 0
    while not stop.wait(interval):
        add_orders(engine, sku=WRITER_SKUS[turn % len(WRITER_SKUS)], qty=1, at=utc_now())
        turn += 1
        written[0] += 1


def probe(page: Page, engine: Engine) -> float:
    """Commit one order of PROBE_SKU; seconds until its tile shows the lower count."""
    tile = f'.ls-tile[data-sku="{PROBE_SKU}"] .ls-num'
    shown = page.locator(tile).inner_text()
    expected = f"{int(shown.replace(',', '')) - 1:,}"
    add_orders(engine, sku=PROBE_SKU, qty=1, at=utc_now())
    committed = time.perf_counter()
    page.wait_for_function(
        "([sel, want]) => document.querySelector(sel)?.textContent === want",
        arg=[tile, expected], polling="raf", timeout=15_000)
    return time.perf_counter() - committed


def report(args: argparse.Namespace, samples: list[tuple[float, float]],
           latencies: list[float], orders: int, refresh_s: float, compute_ms: float) -> None:
    out = ROOT / "bench" / "out" / "soak.csv"
    with out.open("w", newline="") as handle:
        csv.writer(handle).writerows([("minute", "rss_mb"), *samples])
    print(f"\nsoak: {args.minutes:g} min, refresh {refresh_s:g} s, "
          f"{orders} orders written ({args.orders_per_second:g}/s); curve in {out}")
    settled = [rss for minute, rss in samples if minute >= args.settle_minutes]
    if settled:
        first, last, peak = settled[0], settled[-1], max(settled)
        print(f"server RSS: start {samples[0][1]:.1f} MB, after {args.settle_minutes:g} min "
              f"{first:.1f} MB, end {last:.1f} MB, peak {peak:.1f} MB")
        print(f"growth after the first {args.settle_minutes:g} min: {last - first:+.1f} MB "
              f"(target < 50 MB; {'ok' if last - first < 50 else 'OVER'})")
    if latencies:
        median = statistics.median(latencies)
        over = sum(latency > refresh_s + 0.5 for latency in latencies)
        print(f"order -> screen: median {median:.2f} s, p90 "
              f"{statistics.quantiles(latencies, n=10)[-1]:.2f} s, max {max(latencies):.2f} s "
              f"over {len(latencies)} probes; {over} above the target {refresh_s + 0.5:g} s")
        print(f"baseline: board_at median {compute_ms:.1f} ms; latency / refresh interval "
              f"{median / refresh_s:.2f}x, latency / board_at {median * 1000 / compute_ms:.0f}x")


if __name__ == "__main__":
    main()
