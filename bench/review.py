"""How long a post-stream review takes, against one refresh of the live board.

    python bench/review.py [--runs 3] [--session S261111-TT-US] [--data sample_data]

Loads sample_data/ into a temporary SQLite store, then times in the same run (medians of
`--runs`): the baseline, one `board_at` of the session at its end (what one console refresh
costs); the review without and with the forecast; the light timeline replayed every 5
minutes (no LightRecords); the same once the board has recorded the stream live (a refresh
every 2 minutes with record=True, so no replay is needed); the HTML report (size too).
Prints each median and its ratio to the baseline.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.board.service import board_at  # noqa: E402
from core.common.timeutil import utc_now  # noqa: E402
from core.ingest.service import load_directory  # noqa: E402
from core.review.service import (  # noqa: E402
    light_timeline,
    replenishment_now,
    review_session,
    session_alerts,
)
from core.store.db import make_engine  # noqa: E402
from core.store.schema import create_schema  # noqa: E402
from dashboard.report import report_html  # noqa: E402


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--session", default="S261111-TT-US")
    parser.add_argument("--data", type=Path, default=ROOT / "sample_data")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        create_schema(engine)
        load_directory(engine, args.data)
        sid = args.session
        review = review_session(engine, session_id=sid, with_forecast=False)
        minutes = (review.end - review.start).total_seconds() / 60
        print(f"{sid}: {minutes:.0f}-minute stream, {len(review.products)} products, "
              f"{review.items_sold:,} items sold; medians of {args.runs} runs")

        rows: list[tuple[str, float]] = []
        base = median_seconds(lambda: board_at(engine, session_id=sid, at=review.end),
                              args.runs)
        rows.append(("baseline: one board_at refresh", base))
        rows.append(("review without the forecast", median_seconds(
            lambda: review_session(engine, session_id=sid, with_forecast=False), args.runs)))
        rows.append(("review with the forecast", median_seconds(
            lambda: review_session(engine, session_id=sid), args.runs)))
        replayed = median_seconds(lambda: light_timeline(engine, session_id=sid), args.runs)
        rows.append((f"lights replayed every 5 min ({int(minutes // 5)} boards)", replayed))

        moment = review.start
        while moment < review.end:  # a console open all stream, refreshing every 2 minutes
            board_at(engine, session_id=sid, at=moment, record=True)
            moment += timedelta(minutes=2)
        lights = light_timeline(engine, session_id=sid)
        assert set(lights["source"]) == {"recorded"}, "the records should cover the stream"
        rows.append(("lights from the board's records", median_seconds(
            lambda: light_timeline(engine, session_id=sid), args.runs)))

        full = review_session(engine, session_id=sid)
        alerts = session_alerts(engine, session_id=sid)
        plan = replenishment_now(engine, session_id=sid)
        html: list[str] = []
        rows.append(("HTML report from a computed review", median_seconds(
            lambda: html.append(report_html(full, lights=lights, alerts=alerts, plan=plan,
                                            lang="en", tz=ZoneInfo("Asia/Shanghai"),
                                            made_at=utc_now())), args.runs)))
        engine.dispose()

    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"  {name:<{width}}  {seconds * 1000:9.1f} ms  {seconds / base:7.1f}x baseline")
    print(f"  report size: {len(html[-1].encode()) / 1e6:.1f} MB (plotly.js inlined)")


if __name__ == "__main__":
    main()
