"""How good the advice is: LiveStock scored against the demand a known world really drew.

    python bench/decisions.py [--quick] [--save FILE] [--before FILE]

The world is the sample generator (sample_data/gen) with each seed of SEEDS: the same
story (catalogue, calendar, the 11.11 mega live), other draws. The generator draws demand
before it looks at stock, so `sample_data.gen.truth` knows what buyers wanted while a
product was out. Each seed's ten files load into a temporary SQLite store twice: as they
are, and with `expected_viewers` for the event (11.11) set to the team's estimate, the true
mean viewers x exp(N(0, 0.25)) (a ~25% error, seeded). Then, as a user of LiveStock would
see it on the anchor day (`--at` = the data's end):

- forecast: each past session's forecast taken at its start (`review --json`'s
  forecast_low/expected/high), against the demand drawn for it (sold + unmet, cancelled
  orders aside): WAPE per product x session, ordinary streams (a second floor: what knowing
  everything but where the flash deals fell scores) and the event, at its start and 35 days
  ahead, without and with expected_viewers (total error; also with the true mean viewers
  as expected_viewers), 80% range coverage, and the bias between products that sold out in
  an earlier stream and those that never did;
- lost sales (`review`'s lost_units) per product that ran out, against the true unmet
  demand: the true demand rate summed over the minutes the shelves were empty;
- the board (`board --at`) replayed every 5 minutes of each live stream: false SWAP (SWAP on
  a product that never runs out in that stream), false PUSH (PUSH on a product that runs
  out within 15 minutes, or whose available is below its true demand over the next 15
  minutes), light flips per product per hour (median over product x stream);
- A/B (`review`'s ab_tests): winners against the truly better arm (orders per click in
  stock at the lineup price), reviews that changed between the stream's end and today;
  the planner's price elasticity (`PlanningData.model.elasticity`, the generator's is -2).

Beside each figure, the floor: what a forecaster (or a board) that knows the true mean
scores on the same draws. `--save` writes the figures as JSON; `--before FILE` prints them
beside a saved run (bench/decisions_before.json holds the run on the code before issue 12).
"""

from __future__ import annotations

import argparse
import csv
import functools
import itertools
import json
import math
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.progress import Progress  # noqa: E402
from rich.table import Table  # noqa: E402
from scipy import stats  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from core.board.service import board_with_forecast  # noqa: E402
from core.common.errors import LiveStockError  # noqa: E402
from core.forecast.service import forecast_demand_for, session_forecast  # noqa: E402
from core.ingest.service import load_directory  # noqa: E402
from core.planning.service import load_planning_data  # noqa: E402
from core.review.service import review_session  # noqa: E402
from core.store.db import make_engine  # noqa: E402
from core.store.schema import create_schema  # noqa: E402
from core.store.settings_store import load_settings  # noqa: E402
from sample_data.gen.csv_files import write  # noqa: E402
from sample_data.gen.draws import MEAN_QTY  # noqa: E402
from sample_data.gen.draws import SEED as DEFAULT_SEED  # noqa: E402
from sample_data.gen.truth import ProductTruth, Truth, generate, lognormal_factor  # noqa: E402

SEEDS = (DEFAULT_SEED, "decisions-2", "decisions-3")  # the first is the committed sample
QUICK_SEEDS = SEEDS[:1]
ESTIMATE_LOG_SD = 0.25  # the team's expected_viewers: true mean x exp(N(0, 0.25))
READING_MINUTES = 5
HANDFUL_MINUTES = 15
PRESALE_MINUTES = 5.0  # the board's default setting, for the oracle
LEAD_AHEAD_DAYS = 35  # the event's forecast a sea lead time ahead, as the plan sees it
TRUE_ELASTICITY = -2.0  # sample_data.gen.audience.PRICE_ELASTICITY, as d log conv / d log p
BEFORE_FILE = ROOT / "bench" / "decisions_before.json"


# --------------------------------------------------------------------------- the worlds


@dataclass
class Raw:
    """Everything measured, pooled over seeds: one row per scored item."""

    forecast: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    lost: list[dict[str, Any]] = field(default_factory=list)
    readings: list[dict[str, Any]] = field(default_factory=list)
    ab: list[dict[str, Any]] = field(default_factory=list)
    changed: list[bool] = field(default_factory=list)
    elasticity: list[dict[str, Any]] = field(default_factory=list)


def store_of(folder: Path, name: str) -> Engine:
    engine = make_engine(f"sqlite:///{folder / f'{name}.db'}")
    create_schema(engine)
    load_directory(engine, folder / name)
    return engine


def write_world(seed: str, folder: Path) -> Truth:
    """The seed's files in folder/plain; with the event's expected_viewers (the team's
    estimate) in folder/events; with the event's true mean viewers in folder/exact."""
    dataset, truth = generate(seed)
    for name, sd in (("plain", None), ("events", ESTIMATE_LOG_SD), ("exact", 0.0)):
        write(dataset, folder / name)
        if sd is None:
            continue
        path = folder / name / "sessions.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        rows[0].append("expected_viewers")
        for row in rows[1:]:
            stream = truth.streams.get(row[0])
            estimate = ""
            if stream is not None and stream.is_event:
                factor = lognormal_factor(sd, seed, row[0]) if sd else 1.0
                estimate = f"{stream.mean_viewers * factor:.0f}"
            row.append(estimate)
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    return truth


def measure_seed(seed: str, raw: Raw, progress: Progress) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        task = progress.add_task(f"{seed}: world", total=None)
        truth = write_world(seed, folder)
        progress.update(task, description=f"{seed}: loading")
        plain, events, exact = (store_of(folder, name) for name in ("plain", "events",
                                                                      "exact"))
        today = truth.data_end
        streams = sorted(truth.streams.values(), key=lambda s: s.start)
        readings_total = sum(_moments_count(s.start, s.end) for s in streams)
        progress.update(task, total=len(streams) * 2 + readings_total, completed=0,
                        description=f"{seed}: reviews")
        for stream in streams:
            _review_rows(events, seed, stream.session_id, truth, today, raw)
            progress.advance(task)
            if stream.is_event:
                _event_rows(plain, events, exact, seed, stream.session_id, truth, raw)
            progress.advance(task)
        progress.update(task, description=f"{seed}: boards")
        settings = load_settings(events)
        for stream in streams:
            _board_rows(events, seed, stream.session_id, truth, settings, raw,
                        lambda: progress.advance(task))
        data = load_planning_data(events, at=today)
        raw.elasticity.append({"seed": seed, "planner": float(data.model.elasticity)})
        progress.update(task, description=f"{seed}: done")
        for engine in (plain, events, exact):
            engine.dispose()


def _moments(start: datetime, end: datetime) -> Iterable[datetime]:
    moment = start
    while moment < end:
        yield moment
        moment += timedelta(minutes=READING_MINUTES)


def _moments_count(start: datetime, end: datetime) -> int:
    return sum(1 for _ in _moments(start, end))


def _review_rows(engine: Engine, seed: str, session_id: str, truth: Truth, today: datetime,
                 raw: Raw) -> None:
    stream = truth.streams[session_id]
    review = review_session(engine, session_id=session_id, at=today)
    at_end = review_session(engine, session_id=session_id, at=stream.end, with_forecast=False)
    raw.changed.append(json.dumps(review.to_json()["ab_tests"], sort_keys=True)
                       != json.dumps(at_end.to_json()["ab_tests"], sort_keys=True))
    earlier = [s for s in truth.streams.values() if s.start < stream.start]
    for line in review.to_json()["products"]:
        product = stream.products[line["sku"]]
        sold_out_before = any(line["sku"] in s.products and s.products[line["sku"]].ran_out
                              for s in earlier)
        if line["forecast_expected"] is not None:
            raw.forecast.append({
                "seed": seed, "session_id": session_id, "sku": line["sku"],
                "event": stream.is_event, "sold_out_before": sold_out_before,
                "demand": product.demand_units, "truth": product.expected_units,
                "no_flash": product.expected_units_without_flash,
                "expected": line["forecast_expected"], "low": line["forecast_low"],
                "high": line["forecast_high"]})
        raw.lost.append({"seed": seed, "session_id": session_id, "sku": line["sku"],
                         "ran_out": product.ran_out, "true": product.lost_expected,
                         "counted": product.unmet_units, "review": line["lost_units"]})
    for test in review.ab_tests:
        skus = sorted({arm.sku for arm in test.arms})
        if len(skus) >= 2:
            better = truth.better_arm(session_id, skus)
            margin = max(skus, key=lambda s: stream.products[s].margin_per_click)
        else:
            better = truth.better_price()
            best = max(truth.price_arms, key=lambda a: a.margin_per_click)
            margin = f"{best.sku}@{best.price:g}"
            if test.elasticity is not None:
                raw.elasticity.append({"seed": seed, "ab": float(test.elasticity)})
        raw.ab.append({"seed": seed, "session_id": session_id, "group": test.group,
                       "winner": test.winner, "better": better, "margin_better": margin})


def _event_rows(plain: Engine, events: Engine, exact: Engine, seed: str, session_id: str,
                truth: Truth, raw: Raw) -> None:
    """The event's forecast at its start and a lead time ahead (what the plan buys on),
    without and with the team's expected_viewers (and with the true mean viewers, to tell
    the estimate's error from the forecast's)."""
    stream = truth.streams[session_id]
    for when, at in (("start", stream.start),
                     ("ahead", stream.start - timedelta(days=LEAD_AHEAD_DAYS))):
        for label, engine in (("without", plain), ("with", events), ("exact", exact)):
            try:
                forecast = session_forecast(engine, session_id=session_id, at=at).forecast
            except LiveStockError:
                continue
            for product in forecast.products:
                if product.sku in stream.products:
                    t = stream.products[product.sku]
                    raw.events.append({"seed": seed, "session_id": session_id,
                                       "kind": f"{label}_{when}", "sku": product.sku,
                                       "expected": product.expected,
                                       "demand": t.demand_units, "truth": t.expected_units})


def _board_rows(engine: Engine, seed: str, session_id: str, truth: Truth, settings: Any,
                raw: Raw, tick: Callable[[], None]) -> None:
    stream = truth.streams[session_id]
    demand_for = functools.cache(
        lambda moment: forecast_demand_for(engine, session_id=session_id, at=moment))
    for moment in _moments(stream.start, stream.end):
        board = board_with_forecast(engine, session_id=session_id, at=moment,
                                    settings=settings, demand_for=demand_for)
        for rank, row in enumerate(board.products):
            product = stream.products[row.sku]
            raw.readings.append({
                "seed": seed, "session_id": session_id, "sku": row.sku, "at": moment,
                "rank": rank, "light": row.light.value, "available": row.available,
                "remaining": row.remaining_demand,
                "true_remaining": product.demand_between(moment, stream.end),
                "oracle": _oracle_light(product, moment, row.available, stream.end),
                "ran_out": product.ran_out,
                "handful": (product.runs_out_within(moment, HANDFUL_MINUTES)
                            or row.available < product.demand_between(
                                moment, moment + timedelta(minutes=HANDFUL_MINUTES))),
                "hours": (stream.end - stream.start).total_seconds() / 3600})
        tick()


def _oracle_light(product: ProductTruth, moment: datetime, available: int,
                  end: datetime) -> str:
    """What a board that knows the true mean demand shows: PRESALE with minutes of stock
    left, PUSH when the stock covers the rest of the stream, else SWAP (it needs no margin
    for its own error)."""
    minute = int((moment - product.start).total_seconds() // 60)
    rate = product.units_per_min[minute] if 0 <= minute < len(product.units_per_min) else 0.0
    if available <= 0 or (rate > 0 and available / rate < PRESALE_MINUTES):
        return "presale"
    if available >= product.demand_between(moment, end):
        return "push"
    return "swap"


# --------------------------------------------------------------------------- the figures


def wape(rows: Sequence[dict[str, Any]], column: str) -> float | None:
    total = sum(r["demand"] for r in rows)
    if total <= 0:
        return None
    return sum(abs(r["demand"] - r[column]) for r in rows) / total


def true_range(mean_units: float) -> tuple[float, float]:
    """The 80% range of the true draw: Poisson orders x units per order."""
    orders = mean_units / MEAN_QTY
    low, high = stats.poisson.ppf([0.1, 0.9], max(orders, 1e-9))
    return float(low) * MEAN_QTY, float(high) * MEAN_QTY


def _ratio(rows: Sequence[dict[str, Any]], column: str) -> float | None:
    demand = sum(r["demand"] for r in rows)
    return sum(r[column] for r in rows) / demand if demand > 0 else None


def _readings_figures(readings: Sequence[dict[str, Any]], column: str) -> dict[str, float]:
    swaps = [r for r in readings if r[column] == "swap"]
    pushes = [r for r in readings if r[column] == "push"]
    flips: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    hours: dict[tuple[str, str, str], float] = {}
    for r in sorted(readings, key=lambda r: r["at"]):
        key = (r["seed"], r["session_id"], r["sku"])
        flips[key].append(r[column])
        hours[key] = r["hours"]
    per_hour = [sum(a != b for a, b in itertools.pairwise(lights)) / hours[key]
                for key, lights in flips.items()]
    tops = [r for r in readings if r["rank"] == 0 and r[column] == "push"]
    boards: dict[tuple[str, str, datetime], list[tuple[int, str, str]]] = defaultdict(list)
    for r in readings:
        boards[(r["seed"], r["session_id"], r["at"])].append((r["rank"], r["sku"], r[column]))
    reordered = pairs = 0
    previous: dict[tuple[str, str], list[str]] = {}
    for (seed, session_id, _), rows in sorted(boards.items()):
        order = [sku for _, sku, light in sorted(rows) if light == "push"]
        last = previous.get((seed, session_id))
        if last is not None:
            both = set(order) & set(last)
            if len(both) >= 2:
                pairs += 1
                reordered += [s for s in order if s in both] != [s for s in last if s in both]
        previous[(seed, session_id)] = order
    return {
        "false_swap": (sum(not r["ran_out"] for r in swaps) / len(swaps)) if swaps else 0.0,
        "false_push": (sum(r["handful"] for r in pushes) / len(pushes)) if pushes else 0.0,
        "handful_top": float(sum(r["handful"] for r in tops)),
        "flips_median": statistics.median(per_hour) if per_hour else 0.0,
        "flips_p90": (statistics.quantiles(per_hour, n=10)[-1] if len(per_hour) > 1
                      else 0.0),
        "swap_readings": float(len(swaps)), "push_readings": float(len(pushes)),
        "push_reordered": reordered / pairs if pairs else 0.0,
    }


def figures(raw: Raw) -> dict[str, dict[str, Any]]:
    """Each figure with its floor (None where no floor applies)."""
    out: dict[str, dict[str, Any]] = {}
    ordinary = [r for r in raw.forecast if not r["event"]]
    out["wape_ordinary"] = {"value": wape(ordinary, "expected"), "floor": wape(ordinary, "truth"),
                            "n": len(ordinary)}
    out["wape_no_flash"] = {"value": None, "floor": wape(ordinary, "no_flash")}
    for kind in ("without_start", "with_start", "exact_start", "without_ahead", "with_ahead",
                 "exact_ahead"):
        rows = [r for r in raw.events if r["kind"] == kind]
        by_session: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            by_session[(r["seed"], r["session_id"])].append(r)
        errors = [(_ratio(v, "expected") or 0.0) - 1 for v in by_session.values()]
        floors = [(_ratio(v, "truth") or 0.0) - 1 for v in by_session.values()]
        out[f"event_error_{kind}"] = {
            "value": max(errors, key=abs) if errors else None,
            "floor": max(floors, key=abs) if floors else None, "each": errors}
        out[f"event_wape_{kind}"] = {"value": wape(rows, "expected"),
                                     "floor": wape(rows, "truth")}
    covered = [r["low"] <= r["demand"] <= r["high"] for r in raw.forecast]
    floor_covered = []
    for r in raw.forecast:
        low, high = true_range(r["truth"])
        floor_covered.append(low <= r["demand"] <= high)
    out["coverage"] = {"value": sum(covered) / len(covered) if covered else None,
                       "floor": sum(floor_covered) / len(floor_covered) if covered else None}
    bias = {}
    for column in ("expected", "truth"):
        sold_out = _ratio([r for r in ordinary if r["sold_out_before"]], column)
        never = _ratio([r for r in ordinary if not r["sold_out_before"]], column)
        bias[column] = sold_out / never if sold_out and never else None
    out["sold_out_bias"] = {"value": bias["expected"], "floor": bias["truth"]}

    ran_out = [r for r in raw.lost if r["ran_out"]]
    true_total = sum(r["true"] for r in ran_out)
    review_total = sum(r["review"] or 0.0 for r in ran_out)
    counted_total = sum(r["counted"] for r in ran_out)
    per_product = [abs((r["review"] or 0.0) / r["true"] - 1) for r in ran_out if r["true"] > 1]
    floor_per_product = [abs(r["counted"] / r["true"] - 1) for r in ran_out if r["true"] > 1]
    out["lost_total"] = {"value": review_total / true_total - 1 if true_total else None,
                         "floor": counted_total / true_total - 1 if true_total else None,
                         "n": len(ran_out)}
    out["lost_median"] = {"value": statistics.median(per_product) if per_product else None,
                          "floor": statistics.median(floor_per_product)
                          if floor_per_product else None}
    phantom = sum(r["review"] or 0.0 for r in raw.lost if not r["ran_out"])
    out["lost_phantom"] = {"value": phantom / true_total if true_total else None, "floor": 0.0}

    ours, oracle = (_readings_figures(raw.readings, c) for c in ("light", "oracle"))
    for key in ("false_swap", "false_push", "handful_top", "flips_median", "flips_p90"):
        out[key] = {"value": ours[key], "floor": oracle[key]}
    out["push_reordered"] = {"value": ours["push_reordered"], "floor": None}
    out["false_swap"]["n"] = ours["swap_readings"]
    out["false_push"]["n"] = ours["push_readings"]

    named = [r for r in raw.ab if r["winner"] is not None]
    out["ab_reversed"] = {"value": float(sum(r["better"] is not None and r["winner"] != r["better"]
                                             for r in named)), "floor": 0.0}
    out["ab_tie_winner"] = {"value": float(sum(r["better"] is None for r in named)),
                            "floor": 0.0}
    out["ab_correct"] = {"value": float(sum(r["winner"] == r["better"] for r in named)),
                         "floor": float(sum(r["better"] is not None for r in raw.ab)),
                         "n": len(raw.ab)}
    out["reviews_changed"] = {"value": float(sum(raw.changed)), "floor": 0.0,
                              "n": len(raw.changed)}
    planner = [e["planner"] for e in raw.elasticity if "planner" in e]
    ab = [e["ab"] for e in raw.elasticity if "ab" in e]
    out["planner_elasticity"] = {"value": max(planner) if planner else None,
                                 "floor": TRUE_ELASTICITY}
    out["ab_elasticity"] = {"value": statistics.median(ab) if ab else None,
                            "floor": TRUE_ELASTICITY}
    return out


# --------------------------------------------------------------------------- the table

# key, label, target, format
ROWS = (
    ("wape_ordinary", "forecast WAPE, ordinary streams", "<= 0.25", "{:.3f}"),
    ("wape_no_flash", "  floor if flash deals can't be known ahead", "", "{:.3f}"),
    ("event_error_without_start", "event at its start: total vs demand, no expected_viewers",
     "", "{:+.0%}"),
    ("event_error_with_start", "event at its start: total vs demand, with expected_viewers",
     "within ±25%", "{:+.0%}"),
    ("event_error_exact_start", "  ... with expected_viewers = the true mean", "",
     "{:+.0%}"),
    ("event_wape_without_start", "event at its start: WAPE, no expected_viewers", "",
     "{:.3f}"),
    ("event_wape_with_start", "event at its start: WAPE, with expected_viewers", "", "{:.3f}"),
    ("event_error_without_ahead", "event 35 days ahead: total vs demand, no expected_viewers",
     "", "{:+.0%}"),
    ("event_error_with_ahead", "event 35 days ahead: total vs demand, with expected_viewers",
     "within ±25%", "{:+.0%}"),
    ("event_error_exact_ahead", "  ... with expected_viewers = the true mean", "",
     "{:+.0%}"),
    ("coverage", "80% range coverage", "~0.80", "{:.2f}"),
    ("sold_out_bias", "forecast/demand, sold out before ÷ never", "~1.00", "{:.2f}"),
    ("lost_total", "lost sales, total vs true unmet", "within ±25%", "{:+.0%}"),
    ("lost_median", "lost sales, median |error| per product", "<= 0.25", "{:.2f}"),
    ("lost_phantom", "lost units on products that never ran out ÷ true", "", "{:.0%}"),
    ("false_swap", "false SWAP (never runs out)", "<= 15%", "{:.1%}"),
    ("false_push", "false PUSH (out or short within 15 min)", "<= 2%", "{:.1%}"),
    ("handful_top", "PUSH at the top with a handful left (readings)", "0", "{:.0f}"),
    ("flips_median", "light flips per product per hour, median", "<= 1", "{:.2f}"),
    ("flips_p90", "light flips per product per hour, p90", "", "{:.2f}"),
    ("push_reordered", "PUSH tiles reordered between readings", "", "{:.0%}"),
    ("ab_correct", "A/B winners right (floor: tests with a better arm)", "", "{:.0f}"),
    ("ab_reversed", "A/B winners reversed", "0", "{:.0f}"),
    ("ab_tie_winner", "A/B winners on a true tie", "0", "{:.0f}"),
    ("reviews_changed", "reviews whose A/B changed after the stream", "0", "{:.0f}"),
    ("planner_elasticity", "planner price elasticity (highest; truth -2)", "<= 0", "{:+.2f}"),
    ("ab_elasticity", "A/B price elasticity, median (truth -2)", "", "{:+.2f}"),
)


def _cell(value: Any, fmt: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return fmt.format(value)


def render(after: dict[str, Any], before: dict[str, Any] | None, console: Console) -> None:
    table = Table(title=f"How good the advice is: seeds {', '.join(after['seeds'])}")
    table.add_column("figure", no_wrap=True)
    table.add_column("target")
    if before is not None:
        table.add_column(f"before ({before.get('commit', '?')[:7]})", justify="right")
    table.add_column(f"now ({after.get('commit', '?')[:7]})", justify="right")
    table.add_column("floor (knows the truth)", justify="right")
    for key, label, target, fmt in ROWS:
        now = after["figures"].get(key, {})
        cells = [label, target]
        if before is not None:
            cells.append(_cell(before["figures"].get(key, {}).get("value"), fmt))
        cells += [_cell(now.get("value"), fmt), _cell(now.get("floor"), fmt)]
        table.add_row(*cells)
    console.print(table)
    for kind in ("without_start", "with_start", "exact_start", "without_ahead", "with_ahead",
                 "exact_ahead"):
        each = after["figures"].get(f"event_error_{kind}", {}).get("each", [])
        console.print(f"event total vs demand ({kind.replace('_', ' expected_viewers, ')}), "
                      "per seed: " + ", ".join(f"{e:+.0%}" for e in each))


def _commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], check=True,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "core"],
                               check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help=f"one seed ({QUICK_SEEDS[0]})")
    parser.add_argument("--save", type=Path, help="write the figures as JSON")
    parser.add_argument("--before", type=Path, default=BEFORE_FILE,
                        help="a saved run to print beside (default: %(default)s)")
    args = parser.parse_args(argv)
    console = Console(stderr=True)
    seeds = QUICK_SEEDS if args.quick else SEEDS
    raw = Raw()
    with Progress(console=console, transient=False) as progress:
        for seed in seeds:
            measure_seed(seed, raw, progress)
    result = {"commit": _commit(), "seeds": list(seeds), "quick": args.quick,
              "figures": figures(raw)}
    if args.save:
        args.save.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n",
                             encoding="utf-8")
    before = None
    if args.before and args.before.is_file() and args.before.resolve() != (
            args.save.resolve() if args.save else None):
        before = json.loads(args.before.read_text(encoding="utf-8"))
        if before.get("quick") != args.quick:
            console.print(f"note: {args.before} was measured with quick={before.get('quick')}")
    render(result, before, Console(width=150))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
