"""How long a planner slider move takes, against reading the store again for each move.

    python bench/planner.py [--data sample_data] [--at T] [--runs 20] [--no-apptest]

Loads the sample store into a temp SQLite file, then times in the same run (medians):
- reload: what a move would cost without the cache: `load_planning_data` + the product's
  defaults (`core.planning.whatif.baseline`), i.e. reading and fitting the store again;
- product move: a slider value -> `apply_sliders` + the projection (`outcome`) + weekly vs
  one batch (`compare_batching`) + the figure + the numbers, for the best-selling product in
  its warehouse;
- lineup move: the same for tonight's whole lineup (every product in every warehouse of its
  market);
- page move: the planner page rerun headless (AppTest) after moving the viewers slider, the
  planning data already cached (Streamlit's own script and widget work included).
Prints each median, and each move's ratio to the reload.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.common.timeutil import parse_instant  # noqa: E402
from core.forecast.service import session_forecast  # noqa: E402
from core.ingest.service import load_directory  # noqa: E402
from core.planning.service import load_planning_data  # noqa: E402
from core.planning.whatif import (  # noqa: E402
    apply_lineup_sliders,
    apply_sliders,
    baseline,
    common_modes,
    compare_batching,
    default_lineup_sliders,
    default_sliders,
    outcome,
    session_lineup,
)
from core.store.db import make_engine  # noqa: E402
from core.store.schema import create_schema  # noqa: E402
from dashboard import planner_charts as charts  # noqa: E402


def median_ms(work: Callable[[int], object], runs: int) -> float:
    times = []
    for run in range(runs):
        started = time.perf_counter()
        work(run)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "sample_data")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-apptest", action="store_true")
    parser.add_argument("--at", default="2026-11-26T17:00:00-05:00",
                        help="the moment planned (the sample's Black Friday by default, so the "
                             "lineup has an upcoming session whatever today is)")
    args = parser.parse_args()
    at = parse_instant(args.at)
    folder = Path(tempfile.mkdtemp(prefix="livestock-bench-"))
    url = f"sqlite:///{folder / 'plan.db'}"
    engine = make_engine(url)
    create_schema(engine)
    load_directory(engine, args.data)

    data = load_planning_data(engine, at=at)
    worst = max(data.demand, key=lambda pair: data.demand[pair].avg_daily_sales or 0)
    base = baseline(data, sku=worst[0], warehouse_id=worst[1])
    start = data.at.date()
    upcoming = data.sessions[data.sessions["end"] > data.at].sort_values("start")
    session_id = str(upcoming["session_id"].iloc[0])
    bases = session_lineup(data, session_id=session_id,
                           forecast=session_forecast(engine, session_id=session_id,
                                                     at=at).forecast)
    modes = common_modes(bases)
    print(f"store: {args.data.name}, {len(data.demand)} product-warehouse pairs; product "
          f"{base.sku}@{base.warehouse_id}; lineup of {session_id}: {len(bases)} items")

    reload_ms = median_ms(lambda _: baseline(load_planning_data(engine, at=at), sku=base.sku,
                                             warehouse_id=base.warehouse_id),
                          max(3, args.runs // 5))

    def product_move(run: int) -> None:
        sliders = default_sliders(base)
        sliders = replace(sliders, expected_viewers=sliders.expected_viewers * (1 + run % 5))
        inputs = [apply_sliders(base, sliders)]
        result = outcome(inputs)
        compare_batching(inputs)
        charts.projection_figure(result, start=start, lang="en")
        charts.planner_kpis(result, start=start, mode="sea", lineup=False, currency="USD",
                            price_currency="USD", lang="en")

    def lineup_move(run: int) -> None:
        sliders = default_lineup_sliders(bases, freight_mode=modes[0])
        sliders = replace(sliders, expected_viewers=sliders.expected_viewers * (1 + run % 5))
        inputs = apply_lineup_sliders(bases, sliders)
        result = outcome(inputs)
        compare_batching(inputs)
        charts.lineup_figure(result, start=start, names={}, lang="en")
        charts.planner_kpis(result, start=start, mode=modes[0], lineup=True, currency="USD",
                            price_currency="USD", lang="en")

    rows = [("reload (no cache)", reload_ms),
            ("product move", median_ms(product_move, args.runs)),
            ("lineup move", median_ms(lineup_move, args.runs))]
    if not args.no_apptest:
        rows.append(("page move (AppTest)", page_move_ms(url, base.sku, base.warehouse_id,
                                                         args.runs, args.at)))
    print(f"{'':24}{'median ms':>12}{'x reload':>10}")
    for name, ms in rows:
        print(f"{name:24}{ms:12.1f}{ms / reload_ms:10.3f}")


def page_move_ms(url: str, sku: str, warehouse_id: str, runs: int, at: str) -> float:
    """The planner page's rerun after a viewers slider move, its data already cached."""
    from streamlit.testing.v1 import AppTest

    os.environ["LIVESTOCK_DB"] = url
    app = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300)
    app.query_params["lang"] = "en"
    app.query_params["at"] = at
    app.switch_page("views/planner.py")
    app.run()
    app.selectbox(key="plan.sku").set_value(sku).run()
    app.selectbox(key=f"plan.wh.{sku}").set_value(warehouse_id).run()
    slider = app.slider(key=f"viewers:{sku}@{warehouse_id}")
    top = slider.max

    def move(run: int) -> None:
        app.slider(key=f"viewers:{sku}@{warehouse_id}").set_value(top * (run % 9 + 1) // 10)
        app.run()
        if app.exception:
            raise RuntimeError(app.exception[0].message)

    return median_ms(move, runs)


if __name__ == "__main__":
    main()
