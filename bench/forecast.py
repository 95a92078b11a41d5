"""How long planning takes: the what-if projection per slider move, the forecast, the plan.

    python bench/forecast.py [--db sqlite:////tmp/x.db] [--runs 7]

Medians of, in the same run:
- `project_stock` (one product, 8 weeks) and `project_lineup` (12 products), against the
  baseline of building the same-sized DataFrame from ready rows (what any page pays to show
  a table): the ratio is the projection's own cost;
- `session_forecast` (replay of up to 30 past sessions + the fit) and `replenishment_plan`
  on a store (default: a fresh one from sample_data/), against reading the forecast's
  history from the store (`forecast_history`): the ratio is the modelling's cost over the
  read.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.common.timeutil import utc_now  # noqa: E402
from core.forecast import reads as h  # noqa: E402
from core.forecast.service import session_forecast  # noqa: E402
from core.planning.projection import ProjectionInputs, project_lineup, project_stock  # noqa: E402
from core.planning.service import replenishment_plan  # noqa: E402
from core.store.db import make_engine  # noqa: E402
from core.store.schema import create_schema  # noqa: E402


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def sliders(sku: str) -> ProjectionInputs:
    return ProjectionInputs(on_hand_units=400, baseline_units_per_day=8, demand_sd_per_day=4,
                            stream_days=(2, 9, 16, 23, 30, 37, 44, 51),
                            expected_viewers=1200, orders_per_1000_viewers=40, price=19.99,
                            usual_price=24.99, elasticity=-1.4, lead_time_days=40,
                            batch_units=50, freight_cost_unit=0.6, freight_cost_shipment=300,
                            storage_fee_unit_day=0.03, inbound=((10, 300.0),),
                            labels={"sku": sku})


def bench_projection(runs: int) -> None:
    one = sliders("A")
    lineup = [sliders(f"SKU-{i}") for i in range(12)]
    rows = project_stock(one).frame.to_dict("records")
    baseline = median_ms(lambda: pd.DataFrame(rows), runs * 5)
    single = median_ms(lambda: project_stock(one), runs * 5)
    many = median_ms(lambda: project_lineup(lineup), runs)
    print(f"DataFrame of 56 ready rows (baseline): {baseline:8.2f} ms")
    print(f"project_stock, 1 product x 56 days:    {single:8.2f} ms  "
          f"({single / baseline:.1f}x baseline)")
    print(f"project_lineup, 12 products x 56 days: {many:8.2f} ms  "
          f"({many / baseline:.1f}x baseline; budget per slider move 1,000 ms)")


def bench_store(url: str, runs: int) -> None:
    engine = make_engine(url)
    at = utc_now()
    with engine.connect() as conn:
        sessions = h.sessions_frame(conn=conn)
    ended = sessions[sessions["end"] <= pd.Timestamp(at)]
    if ended.empty:
        print("no ended session in the store: skipping the forecast and plan timings")
        return
    target = str(ended.iloc[-1]["session_id"])

    def read() -> object:
        with engine.connect() as conn:
            return h.forecast_history(conn=conn, until=at)

    baseline = median_ms(read, runs)
    forecast = median_ms(lambda: session_forecast(engine, session_id=target, at=at), runs)
    plan = median_ms(lambda: replenishment_plan(engine, at=at), max(runs // 2, 1))
    print(f"forecast_history read (baseline):      {baseline:8.1f} ms")
    print(f"session_forecast {target}: {forecast:8.1f} ms  ({forecast / baseline:.1f}x)")
    print(f"replenishment_plan, whole store:       {plan:8.1f} ms  ({plan / baseline:.1f}x)")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a store to time (default: sample_data/ loaded fresh)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bench_projection(args.runs)
    if args.db:
        bench_store(args.db, args.runs)
        return
    from core.ingest.service import load_directory

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        create_schema(engine)
        load_directory(engine, ROOT / "sample_data")
        engine.dispose()
        bench_store(url, args.runs)


if __name__ == "__main__":
    main()
