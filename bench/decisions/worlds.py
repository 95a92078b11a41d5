"""The worlds: each seed's sample files written three ways (as they are, with the event's
expected_viewers the team's estimate, with its true mean), loaded into temporary SQLite
stores, and LiveStock's advice on them measured row by row (Raw) beside the truth."""

from __future__ import annotations

import csv
import functools
import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from rich.progress import Progress
from sqlalchemy import Engine

from core.board.service import board_with_forecast
from core.common.errors import LiveStockError
from core.forecast.service import forecast_demand_for, session_forecast
from core.ingest.service import load_directory
from core.planning.service import load_planning_data
from core.review.service import review_session
from core.store.db import make_engine
from core.store.schema import create_schema
from core.store.settings_store import load_settings
from sample_data.gen.csv_files import write
from sample_data.gen.draws import SEED as DEFAULT_SEED
from sample_data.gen.truth import ProductTruth, Truth, generate, lognormal_factor

SEEDS = (DEFAULT_SEED, "decisions-2", "decisions-3")  # the first is the committed sample
QUICK_SEEDS = SEEDS[:1]
ESTIMATE_LOG_SD = 0.25  # the team's expected_viewers: true mean x exp(N(0, 0.25))
READING_MINUTES = 5
HANDFUL_MINUTES = 15
PRESALE_MINUTES = 5.0  # the board's default setting, for the oracle
LEAD_AHEAD_DAYS = 35  # the event's forecast a sea lead time ahead, as the plan sees it


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
        path = folder / name / "sessions.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        # The generated files carry the sample team's own estimate: each variant sets its
        # own (none in plain).
        if "expected_viewers" not in rows[0]:
            rows[0].append("expected_viewers")
            for row in rows[1:]:
                row.append("")
        column = rows[0].index("expected_viewers")
        for row in rows[1:]:
            stream = truth.streams.get(row[0])
            estimate = ""
            if sd is not None and stream is not None and stream.is_event:
                factor = lognormal_factor(sd, seed, row[0]) if sd else 1.0
                estimate = f"{stream.mean_viewers * factor:.0f}"
            row[column] = estimate
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
    # What the sessions.csv of each store says over the true mean viewers (the team's error).
    factors = {"without": None, "with": lognormal_factor(ESTIMATE_LOG_SD, seed, session_id),
               "exact": 1.0}
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
                                       "demand": t.demand_units, "truth": t.expected_units,
                                       "viewers_factor": factors[label]})


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

