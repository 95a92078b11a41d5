"""First paint of every console page on the sample store, cold and warm (issue #14).

First paint = the page's main content visible (READINGS #12): the board's tiles, the
prompter's lines, the review's product table, the planner's chart, the warehouses' stock
chart, the settings form. Measured in headless Chromium (Debian's /usr/bin/chromium) from
`page.goto` to that element.

- cold: a fresh console server for each page, started as `livestock demo` starts it
  (`python -m dashboard`: the pages' modules imported and their default views computed
  before the port opens, its HTML page preloading the chart and table code; dashboard/
  console.py), the page opened once as soon as the server answers in a new browser profile;
  "start s" is the server's start, from the process to its health check answering;
- warm: the same server, the page opened again in new browser profiles (median of --warm);
- again: the same server, a new tab of the cold open's browser profile (its cache kept, as a
  director's own browser reopening the page; median of --warm). Shown, not judged.
The store: sample_data/ loaded into a temp file, tonight's stream held 40 minutes in by a
simulation clock (what `livestock demo` shows). Baseline in the same run: a server whose
page only writes one line (Streamlit's own cost). Target: every page <= 3 s, cold and warm.
Also `livestock board` on the same store (target <= 1.5 s), median of --runs processes,
under this Python or `--python` (a user's install: a development venv's test extras load
more at every start: a bare `python -c pass` took 0.17 s in this project's development venv,
stockpyl's sphinx .pth among it, and 0.02 s in a `pip install -e .` one).

The store is built as `livestock load` leaves it: loaded, then what the console's first
opens need kept ahead beside it (`cli.keep_ahead`: the default board session's forecast,
every ended stream's review, the planning). `--bare` skips that step (a store loaded by
code: the first page that needs a forecast, review or planning computes it). `--store FILE`
keeps the store (and what it keeps beside it) for the next run.

    python bench/pages.py [--warm 3] [--runs 3] [--bare] [--store /tmp/pages.db]
                          [--python /path/to/a/users/venv/bin/python]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.harness import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    dashboard_server,
    missing_browser,
)

TARGET_SECONDS = 3.0
BOARD_TARGET_SECONDS = 1.5
TONIGHT = "S261126-TT-US"
PAST = "S261111-TT-US"  # the 11.11 mega live, the heaviest review
# (name, path and query, the element that is the page's main content)
PAGES = [
    ("board", "/?lang=en", ".ls-tile"),
    ("prompter", "/?view=prompter&lang=en", ".ls-p-line"),
    ("review (last ended)", "/review?lang=en", '[data-testid="stDataFrame"]'),
    ("review 11.11", f"/review?lang=en&session={PAST}", '[data-testid="stDataFrame"]'),
    ("review tonight (live)", f"/review?lang=en&session={TONIGHT}",
     '[data-testid="stDataFrame"]'),
    ("planner", "/planner?lang=en", '[data-testid="stPlotlyChart"]'),
    ("warehouses", "/warehouses?lang=en", '[data-testid="stPlotlyChart"]'),
    ("settings", "/settings?lang=en", '[data-testid="stNumberInput"]'),
]
BASELINE_APP = 'import streamlit as st\nst.markdown("<div class=\'ok\'>ok</div>", ' \
               'unsafe_allow_html=True)\n'


def build_store(folder: Path, kept: Path | None = None, *, keep: bool = True) -> str:
    """sample_data/ in a SQLite file, tonight held 40 minutes in, and what `livestock load`
    keeps ahead for the console (`keep`); returns its URL. `kept`: that file instead, built
    only if it does not exist yet."""
    from sqlmodel import Session

    from core.common.timeutil import utc_now
    from core.ingest.service import load_directory
    from core.store.db import make_engine
    from core.store.models import LiveSession, SimClock
    from core.store.schema import create_schema

    url = f"sqlite:///{kept or folder / 'pages.db'}"
    if kept is not None and kept.exists():
        return url
    engine = make_engine(url)
    create_schema(engine)
    load_directory(engine, ROOT / "sample_data")
    with Session(engine) as session:
        tonight = session.get(LiveSession, TONIGHT)
        assert tonight is not None, f"sample_data has no {TONIGHT}"
        session.add(SimClock(session_id=TONIGHT, sim_now=tonight.start + timedelta(minutes=40),
                             wall_now=utc_now(), speed=1.0, finished=False))
        session.commit()
    if keep:
        # What `livestock load` (and `livestock demo`) do after loading: keep ahead what the
        # console's first opens need (cli.keep_ahead), at the store's clock.
        from cli.keep_ahead import keep_ahead

        keep_ahead(engine)
    engine.dispose()
    return url


PAGE_OPTIONS: dict[str, Any] = {"viewport": {"width": 1920, "height": 1080},
                                "timezone_id": "America/New_York"}


def first_paint(context: Any, url: str, selector: str) -> float:
    """Seconds from `goto` to `selector` in a new tab of this browser `context` (a new
    context is an empty profile; a context used before has its cache)."""
    page = context.new_page()
    try:
        began = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(selector, timeout=120_000)
        return time.perf_counter() - began
    finally:
        page.close()


def in_new_profile(browser: Any, url: str, selector: str) -> float:
    """`first_paint` in a browser profile of its own (nothing cached)."""
    context = browser.new_context(**PAGE_OPTIONS)
    try:
        return first_paint(context, url, selector)
    finally:
        context.close()


def measure(browser: Any, url: str, path: str, selector: str, warm: int
            ) -> tuple[float, float, float, float]:
    """(server start, cold, warm, again) in seconds: cold is the first open on a new server
    in a new browser profile; warm the median of `warm` opens in new profiles; again the
    median of `warm` opens in a new tab of the cold open's profile (its cache kept, as a
    director's own browser reopening the page)."""
    began = time.perf_counter()
    with dashboard_server(url) as (base, _process):
        start = time.perf_counter() - began
        context = browser.new_context(**PAGE_OPTIONS)
        try:
            cold = first_paint(context, base + path, selector)
            warm_times = [in_new_profile(browser, base + path, selector) for _ in range(warm)]
            again = [first_paint(context, base + path, selector) for _ in range(warm)]
        finally:
            context.close()
    return start, cold, statistics.median(warm_times), statistics.median(again)


def baseline(browser: Any, folder: Path, warm: int) -> tuple[float, float, float]:
    """Streamlit's own first paint: a page that writes one line."""
    import os

    app = folder / "baseline.py"
    app.write_text(BASELINE_APP)
    port_env = dict(os.environ)
    from tests.browser.harness import _wait_healthy, free_port

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"], env=port_env,
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        began = time.perf_counter()
        _wait_healthy(base, process)
        start = time.perf_counter() - began
        cold = in_new_profile(browser, base, ".ok")
        warm_times = [in_new_profile(browser, base, ".ok") for _ in range(warm)]
    finally:
        process.terminate()
        process.wait(timeout=10)
    return start, cold, statistics.median(warm_times)


def board_command(url: str, runs: int, python: str = sys.executable) -> float:
    """Median wall time of `livestock board --session tonight` (a new process each) under
    `python` (default: this one)."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([python, "-c", "from cli import app; app()", "board",
                        "--session", TONIGHT, "--db", url], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warm", type=int, default=3, help="warm opens per page")
    parser.add_argument("--runs", type=int, default=3, help="`livestock board` runs")
    parser.add_argument("--bare", action="store_true",
                        help="don't keep ahead what `livestock load` keeps for the console "
                             "(a store loaded by hand: its first opens compute everything)")
    parser.add_argument("--store", type=Path, default=None,
                        help="keep the store in this file for the next run (default: a "
                             "fresh one each run)")
    parser.add_argument("--python", default=sys.executable,
                        help="time `livestock board` under this interpreter, e.g. a user's "
                             "install's (`pip install -e .`, no test extras: a development "
                             "venv's extras add to every Python start)")
    args = parser.parse_args()
    if missing_browser():
        print(f"cannot run: {missing_browser()}")
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = Path(tmp)
        url = build_store(folder, args.store, keep=not args.bare)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        base_start, base_cold, base_warm = baseline(browser, folder, args.warm)
        print(f"{'page':24} {'start s':>7} {'cold s':>7} {'warm s':>7} {'again s':>7} "
              f"{'cold/base':>9} {'warm/base':>9}")
        print(f"{'baseline (one line)':24} {base_start:7.2f} {base_cold:7.2f} {base_warm:7.2f}")
        worst = 0.0
        for name, path, selector in PAGES:
            start, cold, warm, again = measure(browser, url, path, selector, args.warm)
            worst = max(worst, cold, warm)
            flag = "" if max(cold, warm) <= TARGET_SECONDS else "  over 3 s"
            print(f"{name:24} {start:7.2f} {cold:7.2f} {warm:7.2f} {again:7.2f} "
                  f"{cold / base_cold:9.1f} {warm / base_warm:9.1f}{flag}")
        browser.close()
        board = board_command(url, args.runs, args.python)
    print(f"slowest first paint {worst:.2f} s (target <= {TARGET_SECONDS:g} s)")
    print(f"livestock board: {board:.2f} s median of {args.runs} "
          f"(target <= {BOARD_TARGET_SECONDS:g} s; {args.python})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
